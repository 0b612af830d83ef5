package io.wally.bench.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wally.hal.Robot;
import io.wally.runtime.WallyRuntime;
import io.wally.runtime.agent.NodeLocator;
import io.wally.runtime.agent.RuntimeMap;
import io.wally.runtime.command.TelemetrySink;
import io.wally.runtime.config.WallyConfig;
import io.wally.runtime.hardware.RobotHardware;
import io.wally.runtime.mqtt.BridgeSettings;
import io.wally.runtime.mqtt.MqttBridge;
import io.wally.runtime.mqtt.MqttClientSettings;
import io.wally.runtime.mqtt.MqttCounters;
import io.wally.runtime.mqtt.PahoMqttTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * One burst of requests through a broker to the whole runtime on the simulated robot: {@code status}
 * and A* {@code plan} requests (three to one) published at QoS 1 as fast as a Paho client can, and a
 * {@code stop} from a second client once half of them are out. Counts the replies by request id (every
 * request must have exactly one, {@code ok} or {@code busy}) and times the stop's round trip.
 */
public final class BurstBench {

    private static final String ROBOT = "bench-burst";
    private static final String STOP_REPLY = "wally/" + ROBOT + "/reply/safety";

    private BurstBench() {
    }

    /** Runs one burst of {@code burst} requests through {@code brokerUrl} on a {@code side x side} grid. */
    public static Map<String, Object> run(String brokerUrl, WallyConfig simConfig, int side, int burst, long seed)
            throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, Integer> repliesById = new ConcurrentHashMap<>();
        Map<String, Integer> codes = new ConcurrentHashMap<>();
        AtomicLong lastReplyNanos = new AtomicLong(System.nanoTime());
        BlockingQueue<byte[]> stopReplies = new ArrayBlockingQueue<>(4);
        try (GridCommands grid = new GridCommands(side); Robot robot = RobotHardware.open(simConfig)) {
            MqttBridge bridge = MqttBridge.start(new PahoMqttTransport(MqttClientSettings.plain(brokerUrl, ROBOT + "-robot")),
                    BridgeSettings.defaults(ROBOT), null, System::nanoTime);
            try (WallyRuntime runtime = WallyRuntime.builder(simConfig, robot)
                    .map(RuntimeMap.of(r -> GridCommands.grid(side), NodeLocator.none(), new int[0]))
                    .telemetry(TelemetrySink.NONE)
                    .start()) {
                bridge.attach(runtime);
                MqttAsyncClient operator = client(brokerUrl, "operator", "wally/" + ROBOT + "/reply", payload -> {
                    try {
                        JsonNode reply = json.readTree(payload);
                        repliesById.merge(reply.path("id").asText(), 1, Integer::sum);
                        codes.merge(reply.path("ok").asBoolean() ? "ok" : reply.at("/error/code").asText(), 1, Integer::sum);
                        lastReplyNanos.set(System.nanoTime());
                    } catch (IOException e) {
                        codes.merge("unreadable", 1, Integer::sum);
                    }
                });
                MqttAsyncClient safety = client(brokerUrl, "safety", STOP_REPLY, stopReplies::add);
                MqttAsyncClient sender = client(brokerUrl, "sender", null, payload -> { });
                try {
                    awaitAnswering(bridge, operator, repliesById);
                    repliesById.clear();
                    codes.clear();
                    long received0 = bridge.counters().received();
                    SplittableRandom random = new SplittableRandom(seed);
                    AtomicLong stopNanos = new AtomicLong(-1);
                    Thread stopper = Thread.ofPlatform().name("bench-stop").unstarted(() -> {
                        try {
                            long s0 = System.nanoTime();
                            safety.publish("wally/" + ROBOT + "/cmd/stop",
                                    ("{\"id\":\"halt\",\"replyTo\":\"" + STOP_REPLY + "\"}").getBytes(StandardCharsets.UTF_8), 1, false);
                            if (stopReplies.poll(30, TimeUnit.SECONDS) != null) {
                                stopNanos.set(System.nanoTime() - s0);
                            }
                        } catch (MqttException | InterruptedException e) {
                            throw new IllegalStateException("the stop could not be sent", e);
                        }
                    });
                    long t0 = System.nanoTime();
                    for (int i = 0; i < burst; i++) {
                        String id = "b" + i;
                        byte[] request;
                        String command;
                        if (i % 4 == 3) {
                            command = "plan";
                            request = json.writeValueAsBytes(Map.of("id", id, "from", passable(grid, random, side),
                                    "to", passable(grid, random, side), "algorithm", "astar"));
                        } else {
                            command = "status";
                            request = json.writeValueAsBytes(Map.of("id", id));
                        }
                        publishNoWait(sender, "wally/" + ROBOT + "/cmd/" + command, request);
                        if (i == burst / 2) {
                            stopper.start(); // the burst goes on while the stop is timed
                        }
                    }
                    long publishedNanos = System.nanoTime() - t0;
                    // every reply, or 10 s without one
                    while (repliesById.size() < burst && System.nanoTime() - lastReplyNanos.get() < TimeUnit.SECONDS.toNanos(10)) {
                        Thread.sleep(20);
                    }
                    long answeredNanos = System.nanoTime() - t0;
                    stopper.join();
                    if (stopNanos.get() < 0) {
                        throw new IllegalStateException("no reply to the stop within 30 s");
                    }
                    MqttCounters counters = bridge.counters();
                    long duplicates = repliesById.values().stream().filter(n -> n > 1).count();
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("burst_requests", burst);
                    result.put("burst_publish_s", round(publishedNanos / 1e9));
                    result.put("burst_all_answered_s", round(answeredNanos / 1e9));
                    result.put("burst_received_by_robot", counters.received() - received0 - 1); // less the stop
                    result.put("burst_answered", repliesById.size());
                    result.put("burst_ok", codes.getOrDefault("ok", 0));
                    result.put("burst_busy", codes.getOrDefault("busy", 0));
                    result.put("burst_other_errors", repliesById.size() == 0 ? 0 : codes.entrySet().stream()
                            .filter(e -> !e.getKey().equals("ok") && !e.getKey().equals("busy")).mapToInt(Map.Entry::getValue).sum());
                    result.put("burst_lost", burst - repliesById.size());
                    result.put("burst_duplicate_replies", duplicates);
                    result.put("burst_stop_roundtrip_ms", round(stopNanos.get() / 1e6));
                    return result;
                } finally {
                    for (MqttAsyncClient c : new MqttAsyncClient[] {sender, safety, operator}) {
                        if (c.isConnected()) {
                            c.disconnect(1_000).waitForCompletion(3_000);
                        }
                        c.close(true);
                    }
                }
            } finally {
                bridge.close();
            }
        }
    }

    private static String passable(GridCommands grid, SplittableRandom random, int side) {
        int node;
        do {
            node = random.nextInt(side * side);
        } while (!grid.passable(node));
        return Integer.toString(node);
    }

    /** A connected client; when {@code filter} is not null, subscribed at QoS 0 (read as fast as the broker sends). */
    private static MqttAsyncClient client(String brokerUrl, String role, String filter, Consumer<byte[]> onMessage)
            throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(brokerUrl, ROBOT + "-" + role, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                onMessage.accept(message.getPayload());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMaxInflight(1_000);
        client.connect(options).waitForCompletion(10_000);
        if (filter != null) {
            client.subscribe(filter, 0).waitForCompletion(10_000);
        }
        return client;
    }

    private static void publishNoWait(MqttAsyncClient client, String topic, byte[] payload) throws Exception {
        while (true) {
            try {
                client.publish(topic, payload, 1, false);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) {
                    throw e;
                }
                Thread.sleep(1);
            }
        }
    }

    /** Sends status requests until one is answered: the robot is subscribed and the runtime attached. */
    private static void awaitAnswering(MqttBridge bridge, MqttAsyncClient operator, Map<String, Integer> replies) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!replies.containsKey("ready")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the robot did not answer within 20 s (connected: " + bridge.isConnected() + ")");
            }
            if (bridge.isConnected()) {
                operator.publish("wally/" + ROBOT + "/cmd/status", "{\"id\":\"ready\"}".getBytes(StandardCharsets.UTF_8), 1, false);
            }
            Thread.sleep(200);
        }
        Thread.sleep(500); // late answers to repeated probes
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
