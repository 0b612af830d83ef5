package io.wally.runtime.homeassistant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** Home Assistant's side in tests: a Paho client that keeps every message (bytes, retained flag) per topic. */
final class HaObserver implements AutoCloseable {

    record Message(String topic, byte[] payload, boolean retained) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return JSON.readTree(payload);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON on " + topic + ": " + text(), e);
            }
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger IDS = new AtomicInteger();

    private final MqttAsyncClient client;
    private final List<Message> all = new ArrayList<>();

    HaObserver(String url, String... filters) throws MqttException {
        client = new MqttAsyncClient(url, "ha-test-" + IDS.incrementAndGet(), new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                synchronized (all) {
                    all.add(new Message(topic, message.getPayload(), message.isRetained()));
                    all.notifyAll();
                }
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMaxInflight(1000);
        client.connect(options).waitForCompletion(30_000);
        for (String f : filters) {
            client.subscribe(f, 1).waitForCompletion(30_000);
        }
    }

    void publish(String topic, String payload) throws MqttException {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8), false);
    }

    void publish(String topic, byte[] payload, boolean retained) throws MqttException {
        client.publish(topic, payload, 1, retained).waitForCompletion(30_000);
    }

    /** How many messages arrived so far (a cursor for {@link #await}). */
    int mark() {
        synchronized (all) {
            return all.size();
        }
    }

    /** Messages on {@code topic} from index {@code from} on. */
    List<Message> since(int from, String topic) {
        synchronized (all) {
            return all.subList(from, all.size()).stream().filter(m -> m.topic().equals(topic)).toList();
        }
    }

    /** The latest message of every topic matching {@code topicTest}. */
    Map<String, Message> latest(Predicate<String> topicTest) {
        Map<String, Message> out = new ConcurrentHashMap<>();
        synchronized (all) {
            for (Message m : all) {
                if (topicTest.test(m.topic())) {
                    out.put(m.topic(), m);
                }
            }
        }
        return out;
    }

    /** The first message on {@code topic} at or after {@code from} that satisfies {@code test}; null after {@code timeout}. */
    Message await(int from, String topic, Predicate<Message> test, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (all) {
            int i = from;
            while (true) {
                for (; i < all.size(); i++) {
                    Message m = all.get(i);
                    if (m.topic().equals(topic) && test.test(m)) {
                        return m;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                all.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** Waits until {@code condition} over the latest messages holds; false after {@code timeout}. */
    boolean awaitLatest(Predicate<HaObserver> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (all) {
            while (!condition.test(this)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                all.wait(Math.max(1, Math.min(100, left / 1_000_000)));
            }
            return true;
        }
    }

    @Override
    public void close() throws MqttException {
        try {
            if (client.isConnected()) {
                client.disconnect(1_000).waitForCompletion(3_000);
            }
        } finally {
            client.close(true);
        }
    }
}
