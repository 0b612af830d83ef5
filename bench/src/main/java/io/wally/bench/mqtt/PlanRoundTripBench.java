package io.wally.bench.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wally.maps.plan.Path;
import io.wally.runtime.mqtt.BridgeSettings;
import io.wally.runtime.mqtt.MqttBridge;
import io.wally.runtime.mqtt.MqttClientSettings;
import io.wally.runtime.mqtt.NoDelaySocketFactory;
import io.wally.runtime.mqtt.PahoMqttTransport;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Plan request to reply through a broker, one request at a time (closed loop), against the same plans
 * called directly on the planner: the difference is what MQTT, JSON and the hand-offs cost.
 */
public final class PlanRoundTripBench {

    private static final String ROBOT = "bench";

    private PlanRoundTripBench() {
    }

    /** Runs {@code warmup + requests} plan requests on a {@code side x side} grid through {@code brokerUrl}. */
    public static Map<String, Object> run(String brokerUrl, int side, int warmup, int requests, long seed) throws Exception {
        ObjectMapper json = new ObjectMapper();
        try (GridCommands robot = new GridCommands(side)) {
            int[][] pairs = pairs(robot, side, warmup + requests, seed);
            MqttBridge bridge = MqttBridge.start(
                    new PahoMqttTransport(MqttClientSettings.plain(brokerUrl, "wally-bench-robot")),
                    BridgeSettings.defaults(ROBOT), robot, System::nanoTime);
            BlockingQueue<byte[]> replies = new ArrayBlockingQueue<>(16);
            MqttAsyncClient operator = new MqttAsyncClient(brokerUrl, "wally-bench-operator", new MemoryPersistence());
            long[] roundTrip = new long[requests];
            long[] direct = new long[requests];
            long[] overhead = new long[requests];
            try {
                operator.setCallback(new MqttCallback() {
                    @Override
                    public void connectionLost(Throwable cause) {
                    }

                    @Override
                    public void messageArrived(String topic, MqttMessage message) {
                        replies.add(message.getPayload());
                    }

                    @Override
                    public void deliveryComplete(IMqttDeliveryToken token) {
                    }
                });
                MqttConnectOptions options = new MqttConnectOptions();
                options.setCleanSession(true);
                options.setSocketFactory(NoDelaySocketFactory.plain());
                operator.connect(options).waitForCompletion(10_000);
                operator.subscribe("wally/" + ROBOT + "/reply", 1).waitForCompletion(10_000);
                awaitConnected(bridge);
                for (int i = 0; i < warmup + requests; i++) {
                    // the direct call first, then the same plan through the broker: both see the same machine load
                    long d0 = System.nanoTime();
                    Path path = robot.planDirect(pairs[i][0], pairs[i][1]);
                    long directElapsed = System.nanoTime() - d0;
                    if (!path.found()) {
                        throw new IllegalStateException("direct plan " + i + " found no path");
                    }
                    String id = Integer.toString(i);
                    byte[] request = json.writeValueAsBytes(Map.of("id", id, "from", Integer.toString(pairs[i][0]),
                            "to", Integer.toString(pairs[i][1]), "algorithm", "astar"));
                    long t0 = System.nanoTime();
                    operator.publish("wally/" + ROBOT + "/cmd/plan", request, 1, false);
                    byte[] reply = replies.poll(30, TimeUnit.SECONDS);
                    long elapsed = System.nanoTime() - t0;
                    if (reply == null) {
                        throw new IllegalStateException("no reply to plan request " + id + " within 30 s");
                    }
                    JsonNode body = json.readTree(reply);
                    if (!body.path("ok").asBoolean() || !id.equals(body.path("id").asText())) {
                        throw new IllegalStateException("unexpected reply to " + id + ": " + new String(reply, StandardCharsets.UTF_8));
                    }
                    if (i >= warmup) {
                        roundTrip[i - warmup] = elapsed;
                        direct[i - warmup] = directElapsed;
                        overhead[i - warmup] = elapsed - directElapsed;
                    }
                }
            } finally {
                if (operator.isConnected()) {
                    operator.disconnect(1_000).waitForCompletion(3_000);
                }
                operator.close(true);
                bridge.close();
            }
            Arrays.sort(roundTrip);
            Arrays.sort(direct);
            Arrays.sort(overhead);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("benchmark", "mqtt");
            result.put("broker", brokerUrl);
            result.put("nodes", robot.nodeCount());
            result.put("requests", requests);
            result.put("warmup", warmup);
            result.put("plan_roundtrip_p50_ms", ms(percentile(roundTrip, 0.50)));
            result.put("plan_roundtrip_p99_ms", ms(percentile(roundTrip, 0.99)));
            result.put("plan_direct_p50_ms", ms(percentile(direct, 0.50)));
            result.put("plan_direct_p99_ms", ms(percentile(direct, 0.99)));
            result.put("mqtt_overhead_p50_ms", ms(percentile(overhead, 0.50)));
            result.put("mqtt_overhead_p99_ms", ms(percentile(overhead, 0.99)));
            result.put("roundtrip_to_direct_p50_ratio", round(percentile(roundTrip, 0.50) / (double) percentile(direct, 0.50)));
            return result;
        }
    }

    private static void awaitConnected(MqttBridge bridge) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!bridge.isConnected() || bridge.counters().connects() == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the robot's bridge did not connect within 10 s");
            }
            Thread.sleep(10);
        }
    }

    /** Random passable start/goal pairs, the same for a given seed. */
    private static int[][] pairs(GridCommands robot, int side, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[][] pairs = new int[count][];
        for (int i = 0; i < count; i++) {
            int a;
            int b;
            do {
                a = random.nextInt(side * side);
                b = random.nextInt(side * side);
            } while (!robot.passable(a) || !robot.passable(b) || a == b);
            pairs[i] = new int[] {a, b};
        }
        return pairs;
    }

    private static long percentile(long[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double ms(long nanos) {
        return round(nanos / 1e6);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
