package io.wally.bench.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wally.hal.sim.SimRobot;
import io.wally.runtime.WallyRuntime;
import io.wally.runtime.command.TelemetrySink;
import io.wally.runtime.config.WallyConfig;
import io.wally.runtime.sim.LockstepLoop;
import io.wally.runtime.sim.SimRobotFactory;
import io.wally.runtime.vda5050.Vda5050Adapter;
import io.wally.runtime.vda5050.Vda5050Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * One fleet size of {@link BenchFleetCommand}: N robots on the simulated house in real time (lock-step, speed 1),
 * each with its own runtime, store directory, serial number and VDA 5050 adapter; a master control (Paho)
 * sends each robot an order, times it from publication to the first state saying {@code driving}, cancels it,
 * and sends the next, for the measured seconds. Each robot's control period is wall time over the control
 * cycles its runtime counted meanwhile.
 */
final class FleetRun {

    /** What one fleet size measured. */
    record Figures(double stateMessagesPerSecond, double visualizationMessagesPerSecond, double orderToDrivingP50Millis,
            double orderToDrivingP99Millis, int orders, double nominalPeriodMillis, double worstPeriodMillis) {

        boolean withinTenPercent() {
            return worstPeriodMillis <= nominalPeriodMillis * 1.1;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] TARGETS = {"living room door", "dock"};

    /** One robot and where its master control stands with it. */
    private static final class Robot implements AutoCloseable {
        final SimRobot sim;
        final WallyRuntime runtime;
        final LockstepLoop loop;
        final Vda5050Adapter adapter;
        final Vda5050Topics topics;
        volatile JsonNode lastState;
        int orderNumber;
        String awaiting; // orderId sent, not yet seen driving
        long sentNanos;
        boolean cancelling;

        Robot(WallyConfig config, String brokerUrl) throws Exception {
            sim = SimRobotFactory.create(config, Path.of(config.map().file()));
            runtime = WallyRuntime.builder(config, sim).telemetry(TelemetrySink.NONE).manualStepping().start();
            loop = new LockstepLoop(sim, runtime, 1.0);
            adapter = Vda5050Adapter.startFor(config, brokerUrl, runtime, sim).orElseThrow();
            topics = adapter.topics();
            loop.start();
        }

        @Override
        public void close() throws Exception {
            for (AutoCloseable c : new AutoCloseable[] {adapter, loop, runtime, sim}) {
                c.close();
            }
        }
    }

    private FleetRun() {
    }

    static Figures run(String brokerUrl, WallyConfig sim, int n, int seconds) throws Exception {
        Path dir = Files.createTempDirectory("wally-bench-fleet-");
        List<Robot> robots = new ArrayList<>();
        Map<String, Robot> byState = new ConcurrentHashMap<>();
        AtomicLong states = new AtomicLong();
        AtomicLong visualizations = new AtomicLong();
        MqttClient mc = new MqttClient(brokerUrl, "bench-mc-" + ProcessHandle.current().pid(), new MemoryPersistence());
        try {
            for (int i = 0; i < n; i++) {
                robots.add(new Robot(robotConfig(sim, brokerUrl, "fleet-" + i, dir.resolve("store-" + i)), brokerUrl));
            }
            robots.forEach(r -> byState.put(r.topics.state(), r));
            mc.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) throws Exception {
                    if (topic.endsWith("/visualization")) {
                        visualizations.incrementAndGet();
                        return;
                    }
                    Robot r = byState.get(topic);
                    if (r != null) {
                        states.incrementAndGet();
                        r.lastState = JSON.readTree(message.getPayload());
                    }
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            MqttConnectOptions options = new MqttConnectOptions();
            options.setMaxInflight(10_000);
            mc.connect(options);
            mc.subscribe("uagv/v2/+/+/state", 0);
            mc.subscribe("uagv/v2/+/+/visualization", 0);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (robots.stream().anyMatch(r -> !r.adapter.isConnected() || r.lastState == null)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("not every robot came online within 60 s");
                }
                Thread.sleep(20);
            }
            Thread.sleep(1_000); // start-up settles (JIT, first plans)
            long[] cycles0 = new long[n];
            for (int i = 0; i < n; i++) {
                cycles0[i] = robots.get(i).runtime.counters().controlCycles.get();
            }
            long states0 = states.get();
            long vis0 = visualizations.get();
            long t0 = System.nanoTime();
            long end = t0 + seconds * 1_000_000_000L;
            List<Double> latencies = new ArrayList<>();
            while (System.nanoTime() < end) {
                for (Robot r : robots) {
                    step(mc, r, latencies);
                }
                Thread.sleep(2);
            }
            long wall = System.nanoTime() - t0;
            double nominal = 1000.0 / sim.control().loopHz();
            double worst = 0;
            for (int i = 0; i < n; i++) {
                long c = robots.get(i).runtime.counters().controlCycles.get() - cycles0[i];
                worst = Math.max(worst, c == 0 ? Double.POSITIVE_INFINITY : wall / 1e6 / c);
            }
            double secondsMeasured = wall / 1e9;
            double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return new Figures(round((states.get() - states0) / secondsMeasured), round((visualizations.get() - vis0) / secondsMeasured),
                    round(percentile(sorted, 50)), round(percentile(sorted, 99)), sorted.length, nominal, round(worst));
        } finally {
            if (mc.isConnected()) {
                mc.disconnect();
            }
            mc.close();
            for (Robot r : robots) {
                r.close();
            }
            deleteRecursively(dir);
        }
    }

    /** The master control's next move for one robot: order, wait for driving, cancel, wait for the stop. */
    private static void step(MqttClient mc, Robot r, List<Double> latencies) throws MqttException {
        JsonNode s = r.lastState;
        if (r.awaiting == null && !r.cancelling) {
            r.orderNumber++;
            r.awaiting = "order-" + r.orderNumber;
            r.sentNanos = System.nanoTime();
            publish(mc, r.topics.order(), order(r, r.awaiting, TARGETS[r.orderNumber % 2]));
        } else if (r.awaiting != null && s.get("orderId").asText().equals(r.awaiting) && s.get("driving").asBoolean()) {
            latencies.add((System.nanoTime() - r.sentNanos) / 1e6);
            r.awaiting = null;
            r.cancelling = true;
            Map<String, Object> cancel = header(r);
            cancel.put("actions", List.of(Map.of("actionId", "cancel-" + r.orderNumber, "actionType", "cancelOrder",
                    "blockingType", "HARD")));
            publish(mc, r.topics.instantActions(), cancel);
        } else if (r.cancelling && !s.get("driving").asBoolean() && s.get("nodeStates").isEmpty()) {
            r.cancelling = false;
        } else if (r.awaiting != null && s.get("orderId").asText().equals(r.awaiting) && s.get("nodeStates").isEmpty()) {
            r.awaiting = null; // already there: nothing to drive, no latency to take
        }
    }

    private static Map<String, Object> header(Robot r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("headerId", r.orderNumber);
        m.put("timestamp", Instant.now().toString());
        m.put("version", "2.1.0");
        m.put("manufacturer", r.topics.manufacturer());
        m.put("serialNumber", r.topics.serialNumber());
        return m;
    }

    private static Map<String, Object> order(Robot r, String orderId, String place) {
        Map<String, Object> m = header(r);
        m.put("orderId", orderId);
        m.put("orderUpdateId", 0);
        m.put("nodes", List.of(Map.of("nodeId", place, "sequenceId", 0, "released", true, "actions", List.of())));
        m.put("edges", List.of());
        return m;
    }

    private static void publish(MqttClient mc, String topic, Object message) throws MqttException {
        try {
            MqttMessage m = new MqttMessage(JSON.writeValueAsString(message).getBytes(StandardCharsets.UTF_8));
            m.setQos(0);
            mc.publish(topic, m);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static WallyConfig robotConfig(WallyConfig c, String brokerUrl, String serial, Path store) {
        WallyConfig.Mqtt m = c.mqtt();
        return new WallyConfig(new WallyConfig.Robot(serial, c.robot().kind()), c.map(),
                new WallyConfig.Store(store.toString(), c.store().durability(), c.store().groupCommitMillis(), false),
                c.control(), c.drive(), c.motors(), c.sensors(), c.sim(),
                new WallyConfig.Mqtt(brokerUrl, m.embeddedPort(), null, null, m.tls(), m.telemetry(), m.maxPayloadBytes(),
                        m.replyPrefix(), null, m.embedded()),
                WallyConfig.HomeAssistant.OFF).withVda5050(new WallyConfig.Vda5050(true, "uagv", "wally", null, c.vda5050().version()));
    }

    private static double percentile(double[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
