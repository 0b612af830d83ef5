package io.wally.bench.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wally.hal.Robot;
import io.wally.maps.plan.Path;
import io.wally.runtime.WallyRuntime;
import io.wally.runtime.agent.NodeLocator;
import io.wally.runtime.agent.RuntimeMap;
import io.wally.runtime.command.RobotCommands;
import io.wally.runtime.command.TelemetrySink;
import io.wally.runtime.config.WallyConfig;
import io.wally.runtime.hardware.RobotHardware;
import io.wally.runtime.mqtt.BridgeSettings;
import io.wally.runtime.mqtt.MqttBridge;
import io.wally.runtime.mqtt.MqttClientSettings;
import io.wally.runtime.mqtt.PlainSocketFactory;
import io.wally.runtime.mqtt.PahoMqttTransport;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.internal.wire.MqttPublish;
import org.eclipse.paho.client.mqttv3.internal.wire.MqttWireMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Plan request to reply through a broker, one request at a time (closed loop), in one run:
 *
 * <ol>
 *   <li><b>runtime</b>: the robot as deployed: MQTT bridge, {@link WallyRuntime} (command ring, the
 *       planner agent on its replica of the graph) on the simulated robot, the grid as its map;</li>
 *   <li><b>bare</b>: the same bridge with one plain planner thread behind it (no pipeline), a short reply;</li>
 *   <li><b>bare route</b>: the bare leg again, its replies carrying the route (node ids and points) as the
 *       runtime's do: what the reply's size costs, apart from the pipeline;</li>
 *   <li><b>direct</b>: the same A* called on the caller's thread, before each request of both legs;</li>
 *   <li><b>lean client</b>: the runtime, bare and bare route legs again with {@link LeanMqttClient} sending the
 *       requests instead of Paho: Paho parses a large reply a byte at a time, which the other legs count;</li>
 *   <li><b>nagle</b> (optional): the bare leg with default sockets (Nagle's algorithm on) on both clients
 *       and the broker: what {@code TCP_NODELAY} buys.</li>
 * </ol>
 *
 * Per request the direct call and the request see the same machine load; the overhead is their difference.
 */
public final class PlanRoundTripBench {

    private PlanRoundTripBench() {
    }

    /** Latencies of one leg, nanoseconds, sorted. */
    private record Leg(long[] roundTrip, long[] direct, long[] overhead, double expansionsRatio, long replyBytes) {
    }

    /**
     * Runs both legs through {@code brokerUrl} on a {@code side x side} grid; {@code simConfig} supplies
     * the simulated robot the runtime leg drives (its own map is replaced by the grid).
     */
    public static Map<String, Object> run(String brokerUrl, WallyConfig simConfig, int side, int warmup, int requests,
            long seed) throws Exception {
        return run(brokerUrl, null, simConfig, side, warmup, requests, seed);
    }

    /**
     * As {@link #run(String, WallyConfig, int, int, int, long)}, plus, when {@code nagleBrokerUrl} is not
     * null, the bare leg again without {@code TCP_NODELAY} on our sockets, through a broker that does not
     * set it either (at most 300 requests: each can wait for delayed ACKs).
     */
    public static Map<String, Object> run(String brokerUrl, String nagleBrokerUrl, WallyConfig simConfig, int side,
            int warmup, int requests, long seed) throws Exception {
        try (GridCommands bare = new GridCommands(side)) {
            int[][] pairs = pairs(bare, side, warmup + requests, seed);
            Leg runtimeLeg;
            Leg leanRuntimeLeg;
            try (Robot robot = RobotHardware.open(simConfig)) {
                MqttBridge bridge = bridge(brokerUrl, "bench-rt", true);
                try (WallyRuntime runtime = WallyRuntime.builder(simConfig, robot)
                        .map(RuntimeMap.of(r -> GridCommands.grid(side), NodeLocator.none(), new int[0]))
                        .telemetry(TelemetrySink.NONE)
                        .start()) {
                    bridge.attach(runtime);
                    runtimeLeg = measure(brokerUrl, bridge, "bench-rt", bare, pairs, warmup, requests, true);
                    leanRuntimeLeg = measure(brokerUrl, bridge, "bench-rt", bare, pairs, warmup, requests, true, Client.LEAN);
                } finally {
                    bridge.close();
                }
            }
            MqttBridge bridge = bridge(brokerUrl, "bench-bare", true);
            Leg bareLeg;
            try {
                bridge.attach(bare);
                bareLeg = measure(brokerUrl, bridge, "bench-bare", bare, pairs, warmup, requests, true);
            } finally {
                bridge.close();
            }
            // The bare bridge again with the runtime's reply (the route's nodes and points): what the reply's size costs.
            MqttBridge routeBridge = bridge(brokerUrl, "bench-bare-route", true);
            Leg bareRouteLeg;
            Leg leanBareRouteLeg;
            try {
                bare.routeInReply(true);
                routeBridge.attach(bare);
                bareRouteLeg = measure(brokerUrl, routeBridge, "bench-bare-route", bare, pairs, warmup, requests, true);
                leanBareRouteLeg = measure(brokerUrl, routeBridge, "bench-bare-route", bare, pairs, warmup, requests, true, Client.LEAN);
            } finally {
                routeBridge.close();
                bare.routeInReply(false);
            }
            Leg leanBareLeg;
            MqttBridge leanBridge = bridge(brokerUrl, "bench-bare-lean", true);
            try {
                leanBridge.attach(bare);
                leanBareLeg = measure(brokerUrl, leanBridge, "bench-bare-lean", bare, pairs, warmup, requests, true, Client.LEAN);
            } finally {
                leanBridge.close();
            }
            Leg nagleLeg = null;
            if (nagleBrokerUrl != null) {
                MqttBridge nagle = bridge(nagleBrokerUrl, "bench-nagle", false);
                try {
                    nagle.attach(bare);
                    nagleLeg = measure(nagleBrokerUrl, nagle, "bench-nagle", bare, pairs, Math.min(warmup, 50),
                            Math.min(requests, 300), false);
                } finally {
                    nagle.close();
                }
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("benchmark", "mqtt");
            result.put("broker", brokerUrl);
            result.put("nodes", bare.nodeCount());
            result.put("requests", requests);
            result.put("warmup", warmup);
            result.put("plan_roundtrip_p50_ms", ms(p(runtimeLeg.roundTrip(), 0.50)));
            result.put("plan_roundtrip_p99_ms", ms(p(runtimeLeg.roundTrip(), 0.99)));
            result.put("plan_direct_p50_ms", ms(p(runtimeLeg.direct(), 0.50)));
            result.put("plan_direct_p99_ms", ms(p(runtimeLeg.direct(), 0.99)));
            result.put("roundtrip_overhead_p50_ms", ms(p(runtimeLeg.overhead(), 0.50)));
            result.put("roundtrip_overhead_p99_ms", ms(p(runtimeLeg.overhead(), 0.99)));
            result.put("roundtrip_to_direct_p50_ratio", round(p(runtimeLeg.roundTrip(), 0.50) / (double) p(runtimeLeg.direct(), 0.50)));
            result.put("plan_expansions_to_direct_ratio", round(runtimeLeg.expansionsRatio()));
            result.put("plan_reply_bytes_mean", runtimeLeg.replyBytes());
            result.put("bare_plan_reply_bytes_mean", bareLeg.replyBytes());
            result.put("bare_plan_roundtrip_p50_ms", ms(p(bareLeg.roundTrip(), 0.50)));
            result.put("bare_plan_roundtrip_p99_ms", ms(p(bareLeg.roundTrip(), 0.99)));
            result.put("bare_plan_direct_p50_ms", ms(p(bareLeg.direct(), 0.50)));
            result.put("bare_roundtrip_overhead_p50_ms", ms(p(bareLeg.overhead(), 0.50)));
            result.put("bare_roundtrip_overhead_p99_ms", ms(p(bareLeg.overhead(), 0.99)));
            result.put("bare_route_reply_bytes_mean", bareRouteLeg.replyBytes());
            result.put("bare_route_roundtrip_overhead_p50_ms", ms(p(bareRouteLeg.overhead(), 0.50)));
            result.put("bare_route_roundtrip_overhead_p99_ms", ms(p(bareRouteLeg.overhead(), 0.99)));
            // The same legs with a client that reads a reply in one array (LeanMqttClient): Paho's own parsing left out.
            result.put("paho_parse_reply_us", round(pahoParseMicros((int) runtimeLeg.replyBytes())));
            result.put("lean_client_roundtrip_overhead_p50_ms", ms(p(leanRuntimeLeg.overhead(), 0.50)));
            result.put("lean_client_roundtrip_overhead_p99_ms", ms(p(leanRuntimeLeg.overhead(), 0.99)));
            result.put("lean_client_bare_roundtrip_overhead_p50_ms", ms(p(leanBareLeg.overhead(), 0.50)));
            result.put("lean_client_bare_roundtrip_overhead_p99_ms", ms(p(leanBareLeg.overhead(), 0.99)));
            result.put("lean_client_bare_route_roundtrip_overhead_p50_ms", ms(p(leanBareRouteLeg.overhead(), 0.50)));
            result.put("lean_client_bare_route_roundtrip_overhead_p99_ms", ms(p(leanBareRouteLeg.overhead(), 0.99)));
            if (nagleLeg != null) {
                result.put("nagle_requests", nagleLeg.roundTrip().length);
                result.put("nagle_bare_plan_roundtrip_p50_ms", ms(p(nagleLeg.roundTrip(), 0.50)));
                result.put("nagle_bare_plan_roundtrip_p99_ms", ms(p(nagleLeg.roundTrip(), 0.99)));
                result.put("nagle_bare_roundtrip_overhead_p50_ms", ms(p(nagleLeg.overhead(), 0.50)));
                result.put("nagle_to_nodelay_roundtrip_p50_ratio",
                        round(p(nagleLeg.roundTrip(), 0.50) / (double) p(bareLeg.roundTrip(), 0.50)));
            }
            return result;
        }
    }

    /** The robot side of a leg: an MQTT bridge for {@code robotId} through {@code brokerUrl} (also used by {@code wally bench query}). */
    public static MqttBridge bridge(String brokerUrl, String robotId, boolean tcpNoDelay) throws Exception {
        return MqttBridge.start(new PahoMqttTransport(MqttClientSettings.plain(brokerUrl, robotId + "-robot")
                        .withTcpNoDelay(tcpNoDelay)),
                BridgeSettings.defaults(robotId), null, System::nanoTime);
    }

    /** The client that sends the requests and receives the replies. */
    private enum Client { PAHO, LEAN }

    /** Publishes a request at QoS 1 (Paho's or the lean client's). */
    private interface Operator extends AutoCloseable {
        void publish(String topic, byte[] payload) throws Exception;
    }

    private static Operator operator(Client client, String brokerUrl, String clientId, String replyTopic,
            Consumer<byte[]> onReply, boolean tcpNoDelay) throws Exception {
        if (client == Client.LEAN) {
            LeanMqttClient lean = LeanMqttClient.connect(brokerUrl, clientId, replyTopic, onReply);
            return new Operator() {
                @Override
                public void publish(String topic, byte[] payload) throws Exception {
                    lean.publish(topic, payload);
                }

                @Override
                public void close() throws Exception {
                    lean.close();
                }
            };
        }
        MqttAsyncClient paho = operator(brokerUrl, clientId, replyTopic, onReply, tcpNoDelay);
        return new Operator() {
            @Override
            public void publish(String topic, byte[] payload) throws Exception {
                paho.publish(topic, payload, 1, false);
            }

            @Override
            public void close() throws Exception {
                if (paho.isConnected()) {
                    paho.disconnect(1_000).waitForCompletion(3_000);
                }
                paho.close(true);
            }
        };
    }

    private static Leg measure(String brokerUrl, MqttBridge bridge, String robotId, GridCommands direct, int[][] pairs,
            int warmup, int requests, boolean tcpNoDelay) throws Exception {
        return measure(brokerUrl, bridge, robotId, direct, pairs, warmup, requests, tcpNoDelay, Client.PAHO);
    }

    private static Leg measure(String brokerUrl, MqttBridge bridge, String robotId, GridCommands direct, int[][] pairs,
            int warmup, int requests, boolean tcpNoDelay, Client client) throws Exception {
        ObjectMapper json = new ObjectMapper();
        long[] roundTrip = new long[requests];
        long[] directNanos = new long[requests];
        long[] overhead = new long[requests];
        long replyExpansions = 0;
        long directExpansions = 0;
        long replyBytes = 0;
        BlockingQueue<byte[]> replies = new ArrayBlockingQueue<>(16);
        Operator operator = operator(client, brokerUrl, robotId + "-operator-" + client.name().toLowerCase(Locale.ROOT),
                "wally/" + robotId + "/reply", replies::add, tcpNoDelay);
        try {
            awaitConnected(bridge);
            for (int i = 0; i < warmup + requests; i++) {
                long d0 = System.nanoTime();
                Path path = direct.planDirect(pairs[i][0], pairs[i][1]);
                long directElapsed = System.nanoTime() - d0;
                if (!path.found()) {
                    throw new IllegalStateException("direct plan " + i + " found no path");
                }
                String id = Integer.toString(i);
                byte[] request = json.writeValueAsBytes(Map.of("id", id, "from", Integer.toString(pairs[i][0]),
                        "to", Integer.toString(pairs[i][1]), "algorithm", "astar"));
                long t0 = System.nanoTime();
                operator.publish("wally/" + robotId + "/cmd/plan", request);
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
                    directNanos[i - warmup] = directElapsed;
                    overhead[i - warmup] = elapsed - directElapsed;
                    replyExpansions += body.path("result").path("expansions").asLong();
                    directExpansions += path.expansions();
                    replyBytes += reply.length;
                }
            }
        } finally {
            operator.close();
        }
        Arrays.sort(roundTrip);
        Arrays.sort(directNanos);
        Arrays.sort(overhead);
        return new Leg(roundTrip, directNanos, overhead, replyExpansions / (double) Math.max(1, directExpansions), replyBytes / Math.max(1, requests));
    }

    /**
     * Microseconds Paho 1.2.5 takes to parse one incoming QoS 1 PUBLISH of {@code payloadBytes} (best of 20
     * rounds of 200, warm): what a Paho client adds to every reply of that size.
     */
    static double pahoParseMicros(int payloadBytes) throws MqttException {
        MqttMessage message = new MqttMessage(new byte[payloadBytes]);
        message.setQos(1);
        MqttPublish publish = new MqttPublish("wally/bench-rt/reply", message);
        publish.setMessageId(1);
        byte[] header = publish.getHeader();
        byte[] packet = Arrays.copyOf(header, header.length + payloadBytes);
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 20; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 200; i++) {
                MqttWireMessage.createWireMessage(packet);
            }
            best = Math.min(best, (System.nanoTime() - t0) / 200);
        }
        return best / 1_000.0;
    }

    /**
     * The client that sends requests: connected with a clean session ({@code TCP_NODELAY} when asked: no 40 ms
     * delayed-ACK stalls) and subscribed at QoS 1 to {@code replyTopic}, each reply's payload handed to {@code onReply}.
     */
    public static MqttAsyncClient operator(String brokerUrl, String clientId, String replyTopic, Consumer<byte[]> onReply,
            boolean tcpNoDelay) throws MqttException {
        MqttAsyncClient operator = new MqttAsyncClient(brokerUrl, clientId, new MemoryPersistence());
        operator.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                onReply.accept(message.getPayload());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setSocketFactory(PlainSocketFactory.create(tcpNoDelay));
        try {
            operator.connect(options).waitForCompletion(10_000);
            operator.subscribe(replyTopic, 1).waitForCompletion(10_000);
        } catch (MqttException e) {
            operator.close(true);
            throw e;
        }
        return operator;
    }

    /** Waits (at most 10 s) until {@code bridge} is connected and subscribed. */
    public static void awaitConnected(MqttBridge bridge) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!bridge.isConnected() || bridge.counters().connects() == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the robot's bridge did not connect within 10 s");
            }
            Thread.sleep(10);
        }
        Thread.sleep(100); // the subscription follows the connect on the bridge's connector thread
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

    private static long p(long[] sorted, double q) {
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
