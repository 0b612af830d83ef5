package io.wally.runtime.vda5050;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A test's master control: one Paho client that reads every message under {@code uagv/v2/#}, checks each
 * one a robot sends against its VDA 5050 schema (violations collected for the test to assert empty), and
 * sends orders and instant actions, checking those against the schema too unless told they are meant to be bad.
 */
final class MasterControl implements AutoCloseable {

    /** One message as received. */
    record Received(String topic, String text, boolean retained, long atNanos) {
        JsonNode json() {
            try {
                return JSON.readTree(text);
            } catch (java.io.IOException e) {
                throw new AssertionError("not JSON on " + topic + ": " + text, e);
            }
        }
    }

    /** A node of an order: a named place ({@code x} null) or a position. */
    record N(String id, boolean released, Double x, Double y, Double deviation) {
        static N named(String id) {
            return new N(id, true, null, null, null);
        }

        N horizon() {
            return new N(id, false, x, y, deviation);
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger IDS = new AtomicInteger();

    private final MqttClient client;
    private final List<Received> all = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final AtomicLong headerIds = new AtomicLong();

    MasterControl(String url) throws MqttException {
        client = new MqttClient(url, "mc-" + IDS.incrementAndGet() + "-" + ProcessHandle.current().pid(), new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                String text = new String(message.getPayload(), StandardCharsets.UTF_8);
                Vda5050Schemas.Message kind = Vda5050Schemas.Message.ofTopic(topic);
                boolean fromRobot = kind != null && kind != Vda5050Schemas.Message.ORDER && kind != Vda5050Schemas.Message.INSTANT_ACTIONS;
                List<String> problems = fromRobot ? Vda5050Schemas.problems(kind, text) : List.of();
                synchronized (MasterControl.this) {
                    all.add(new Received(topic, text, message.isRetained(), System.nanoTime()));
                    problems.forEach(p -> violations.add(topic + ": " + p + " in " + text));
                    MasterControl.this.notifyAll();
                }
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMaxInflight(20_000);
        client.connect(options);
        client.subscribe("uagv/v2/#", 1);
    }

    /** Schema violations in what robots sent so far. */
    synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    /** How many messages so far (a mark for {@link #await}). */
    synchronized int mark() {
        return all.size();
    }

    /** Messages on {@code topic} so far. */
    synchronized List<Received> on(String topic) {
        return all.stream().filter(r -> r.topic().equals(topic)).toList();
    }

    /** Messages on {@code topic} since {@code mark}. */
    synchronized List<Received> since(int mark, String topic) {
        return all.subList(mark, all.size()).stream().filter(r -> r.topic().equals(topic)).toList();
    }

    /** The latest message on {@code topic}, or null. */
    synchronized Received latest(String topic) {
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).topic().equals(topic)) {
                return all.get(i);
            }
        }
        return null;
    }

    /** Waits for a message on {@code topic} after {@code from} whose JSON passes {@code test}; null on timeout. */
    synchronized Received await(int from, String topic, Predicate<JsonNode> test, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        int seen = from;
        while (true) {
            for (; seen < all.size(); seen++) {
                Received r = all.get(seen);
                if (r.topic().equals(topic) && test.test(r.json())) {
                    return r;
                }
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** A header for a message to {@code serial}. */
    Map<String, Object> header(String serial) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("headerId", headerIds.incrementAndGet());
        m.put("timestamp", Instant.now().toString());
        m.put("version", "2.1.0");
        m.put("manufacturer", "wally");
        m.put("serialNumber", serial);
        return m;
    }

    /** An order through {@code nodes} (sequence ids 0, 2, 4…; edges between them, released with their end node). */
    Map<String, Object> order(String serial, String orderId, long updateId, long firstSequenceId, List<N> nodes) {
        Map<String, Object> m = header(serial);
        m.put("orderId", orderId);
        m.put("orderUpdateId", updateId);
        List<Object> ns = new ArrayList<>();
        List<Object> es = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            N n = nodes.get(i);
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("nodeId", n.id());
            node.put("sequenceId", firstSequenceId + 2L * i);
            node.put("released", n.released());
            if (n.x() != null) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("x", n.x());
                p.put("y", n.y());
                p.put("mapId", "house");
                if (n.deviation() != null) {
                    p.put("allowedDeviationXY", n.deviation());
                }
                node.put("nodePosition", p);
            }
            node.put("actions", List.of());
            ns.add(node);
            if (i > 0) {
                es.add(Map.of("edgeId", nodes.get(i - 1).id() + "->" + n.id(), "sequenceId", firstSequenceId + 2L * i - 1,
                        "released", n.released(), "startNodeId", nodes.get(i - 1).id(), "endNodeId", n.id(), "actions", List.of()));
            }
        }
        m.put("nodes", ns);
        m.put("edges", es);
        return m;
    }

    /** Instant actions of {@code types}, ids {@code <type>-<n>}. */
    Map<String, Object> instantActions(String serial, String... types) {
        Map<String, Object> m = header(serial);
        List<Object> actions = new ArrayList<>();
        for (String type : types) {
            actions.add(Map.of("actionId", type + "-" + headerIds.get(), "actionType", type, "blockingType", "HARD"));
        }
        m.put("actions", actions);
        return m;
    }

    /** Sends a valid {@code message} (asserted against its schema first) on {@code topic}. */
    void send(String topic, Map<String, Object> message) throws Exception {
        String text = JSON.writeValueAsString(message);
        List<String> problems = Vda5050Schemas.problems(Vda5050Schemas.Message.ofTopic(topic), text);
        if (!problems.isEmpty()) {
            throw new AssertionError("the test's own " + topic + " message is not valid: " + problems + " in " + text);
        }
        sendRaw(topic, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends {@code payload} as it is (QoS 0, as the standard says for orders and instant actions). */
    void sendRaw(String topic, byte[] payload) throws MqttException {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(0);
        client.publish(topic, m);
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
