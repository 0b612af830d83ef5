package io.wally.bench.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wally.bench.mqtt.BrokerProcess;
import io.wally.bench.mqtt.PlanRoundTripBench;
import io.wally.hal.Robot;
import io.wally.runtime.WallyRuntime;
import io.wally.runtime.command.TelemetrySink;
import io.wally.runtime.config.WallyConfig;
import io.wally.runtime.hardware.RobotHardware;
import io.wally.runtime.mqtt.MqttBridge;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;

/**
 * {@code cmd/query} round trips through a real broker on the sample house: a Mosquitto started on a
 * free loopback port, the simulated robot's {@link WallyRuntime} (its map from the simulator
 * configuration, the sample house) behind an MQTT bridge, and an operator client sending one query at
 * a time (closed loop) and timing until its reply arrives. The queries are the robot questions of
 * docs/queries.md, in turn, so that each runs compiled after its first runs.
 *
 * <p>Single-threaded caller; starts and stops everything it uses.
 */
final class QueryRoundTripBench {

    /** Robot questions on the house, run in turn (with their parameters). */
    static final List<Map<String, Object>> QUERIES = List.of(
            Map.of("query", "MATCH (r:room) RETURN name(r) AS room ORDER BY room"),
            Map.of("query", "MATCH (d:dock), (r:room) WHERE dist(d, r) < $m RETURN name(r) AS room, dist(d, r) AS metres ORDER BY metres",
                    "params", Map.of("m", 6)),
            Map.of("query", "MATCH (r:room)-[*1..2]-(c) WHERE name(r) STARTS WITH 'b' AND NOT blocked(c) RETURN DISTINCT name(r) AS room, kind(c) AS kind"
                    + " ORDER BY room, kind"),
            Map.of("query", "MATCH (p) WHERE NOT blocked(p) RETURN kind(p) AS kind, count(*) AS places ORDER BY places DESC"));

    private QueryRoundTripBench() {
    }

    /** Runs {@code warmup} unmeasured and {@code requests} measured round trips; returns the figures (keys {@code query_*}). */
    static Map<String, Object> run(WallyConfig sim, int warmup, int requests) throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(); Robot robot = RobotHardware.open(sim)) {
            MqttBridge bridge = PlanRoundTripBench.bridge(broker.url(), "bench-query", true);
            try (WallyRuntime runtime = WallyRuntime.builder(sim, robot).telemetry(TelemetrySink.NONE).start()) {
                bridge.attach(runtime);
                return measure(broker.url(), bridge, warmup, requests);
            } finally {
                bridge.close();
            }
        }
    }

    private static Map<String, Object> measure(String url, MqttBridge bridge, int warmup, int requests) throws Exception {
        ObjectMapper json = new ObjectMapper();
        BlockingQueue<byte[]> replies = new ArrayBlockingQueue<>(16);
        long[] roundTrip = new long[requests];
        int compiled = 0;
        double serverMs = 0;
        // TCP_NODELAY: no 40 ms delayed-ACK stalls, as in wally bench mqtt
        MqttAsyncClient operator = PlanRoundTripBench.operator(url, "bench-query-operator", "wally/bench-query/reply", replies::add, true);
        try {
            PlanRoundTripBench.awaitConnected(bridge);
            for (int i = 0; i < warmup + requests; i++) {
                String id = "q" + i;
                Map<String, Object> request = new LinkedHashMap<>(QUERIES.get(i % QUERIES.size()));
                request.put("id", id);
                byte[] payload = json.writeValueAsBytes(request);
                long t0 = System.nanoTime();
                operator.publish("wally/bench-query/cmd/query", payload, 1, false);
                byte[] reply = replies.poll(30, TimeUnit.SECONDS);
                long elapsed = System.nanoTime() - t0;
                if (reply == null) {
                    throw new IllegalStateException("no reply to query " + id + " within 30 s");
                }
                JsonNode body = json.readTree(reply);
                if (!body.path("ok").asBoolean() || !id.equals(body.path("id").asText()) || body.path("result").path("rows").isEmpty()) {
                    throw new IllegalStateException("unexpected reply to " + id + ": " + new String(reply, StandardCharsets.UTF_8));
                }
                if (i >= warmup) {
                    roundTrip[i - warmup] = elapsed;
                    compiled += body.path("result").path("runtime").asText().equals("compiled") ? 1 : 0;
                    serverMs += body.path("result").path("elapsedMs").asDouble();
                }
            }
        } finally {
            if (operator.isConnected()) {
                operator.disconnect(1_000).waitForCompletion(3_000);
            }
            operator.close(true);
        }
        Arrays.sort(roundTrip);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("query_requests_house", requests);
        out.put("query_p50_ms_house", ms(roundTrip[(int) Math.ceil(0.50 * requests) - 1]));
        out.put("query_p99_ms_house", ms(roundTrip[(int) Math.ceil(0.99 * requests) - 1]));
        out.put("query_max_ms_house", ms(roundTrip[requests - 1]));
        out.put("query_engine_mean_ms_house", Math.round(serverMs / requests * 1000) / 1000.0);
        out.put("query_compiled_share_house", (double) compiled / requests);
        return out;
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1e3) / 1e3;
    }
}
