package io.wally.runtime.mqtt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** The operator's side in tests: a plain Paho client that publishes requests and collects what it receives. */
public final class TestMqttClient implements AutoCloseable {

    public record Received(String topic, String payload, boolean retained) {
    }

    private static final AtomicInteger IDS = new AtomicInteger();
    /** Upper bound for the broker's acknowledgements (normally milliseconds; seconds on a loaded machine). */
    private static final long ACK_TIMEOUT_MILLIS = 30_000;
    private final MqttAsyncClient client;
    private final MqttConnectOptions options = new MqttConnectOptions();
    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    public TestMqttClient(String url) throws MqttException {
        this(url, null, null);
    }

    TestMqttClient(String url, String user, String password) throws MqttException {
        client = new MqttAsyncClient(url, "test-op-" + IDS.incrementAndGet(), new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.add(new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8), message.isRetained()));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        options.setCleanSession(true);
        options.setMaxInflight(1000);
        if (user != null) {
            options.setUserName(user);
            options.setPassword(password.toCharArray());
        }
        client.connect(options).waitForCompletion(ACK_TIMEOUT_MILLIS);
    }

    public TestMqttClient subscribe(String filter) throws MqttException {
        return subscribe(filter, 1);
    }

    /** Subscribes at {@code qos}: 0 lets the broker stream a burst without waiting for our acknowledgements. */
    public TestMqttClient subscribe(String filter, int qos) throws MqttException {
        SubscribeAfterConnack.subscribe(client, options, filter, qos, ACK_TIMEOUT_MILLIS);
        return this;
    }

    public void publish(String topic, String payload) throws MqttException {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    void publish(String topic, byte[] payload) throws MqttException {
        client.publish(topic, payload, 1, false).waitForCompletion(ACK_TIMEOUT_MILLIS);
    }

    /** Publishes without waiting for the broker's acknowledgement (waits only while the in-flight window is full). */
    void publishNoWait(String topic, String payload) throws MqttException, InterruptedException {
        publishNoWait(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    void publishNoWait(String topic, byte[] payload) throws MqttException, InterruptedException {
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

    /** The next message on {@code topic} within {@code timeout}, or null. */
    public Received next(String topic, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            Received r = received.poll(left, TimeUnit.NANOSECONDS);
            if (r == null) {
                return null;
            }
            if (r.topic().equals(topic)) {
                return r;
            }
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
