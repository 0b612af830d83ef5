package io.wally.runtime.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.runtime.testing.MosquittoBroker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A second client with the robot's client id, connecting again and again on a real Mosquitto: the
 * broker drops the older connection each time, and the transport says so once, with the id and what
 * to do. A single broker restart is no takeover.
 */
@Timeout(90)
@Tag("slow")
class ClientIdTakeoverTest {

    @RegisterExtension
    static final MosquittoBroker broker = new MosquittoBroker();

    /** Collects the transport's log records (System.Logger goes to java.util.logging here). */
    private static final class Captured extends Handler implements AutoCloseable {
        final List<LogRecord> records = new CopyOnWriteArrayList<>();
        private final Logger logger = Logger.getLogger(PahoMqttTransport.class.getName());

        Captured() {
            logger.addHandler(this);
        }

        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
        }

        long containing(String text) {
            return records.stream().filter(r -> r.getLevel() == Level.WARNING)
                    .filter(r -> String.valueOf(r.getMessage()).contains(text)).count();
        }
    }

    private static final class Connects implements MqttTransport.Listener {
        final AtomicInteger connected = new AtomicInteger();
        final AtomicInteger lost = new AtomicInteger();

        @Override
        public void connected(int attempt) {
            connected.incrementAndGet();
        }

        @Override
        public void connectionLost(Throwable cause) {
            lost.incrementAndGet();
        }

        @Override
        public void messageArrived(String topic, byte[] payload) {
        }
    }

    @Test
    void shouldWarnOnceWhenAnotherClientKeepsTakingOurClientId() throws Exception {
        String clientId = "wally-takeover-abcdef";
        Connects listener = new Connects();
        try (Captured log = new Captured()) {
            PahoMqttTransport transport = new PahoMqttTransport(MqttClientSettings.plain(broker.url(), clientId));
            try {
                transport.start(listener);
                awaitConnected(transport);
                // when another client connects with our id every 400 ms, twelve times
                for (int i = 0; i < 12; i++) {
                    intrude(broker.url(), clientId);
                    Thread.sleep(400);
                }
                // then the losses are there, and the warning names the id, once
                assertThat(listener.lost.get()).as("connections lost to the intruder").isGreaterThanOrEqualTo(6);
                assertThat(transport.takeoversDetected()).isGreaterThanOrEqualTo(1);
                assertThat(log.containing("another client is using this robot's MQTT client id " + clientId))
                        .as("warnings in %s", log.records.stream().map(LogRecord::getMessage).toList()).isEqualTo(1);
                assertThat(log.containing("two runtimes share robot.id")).isEqualTo(1);
            } finally {
                transport.close();
            }
        }
    }

    @Test
    void shouldNotWarnWhenBrokerRestartsOnce() throws Exception {
        Connects listener = new Connects();
        try (Captured log = new Captured()) {
            PahoMqttTransport transport = new PahoMqttTransport(MqttClientSettings.plain(broker.url(), "wally-restart-abcdef"));
            try {
                transport.start(listener);
                awaitConnected(transport);
                broker.kill();
                broker.start();
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (listener.connected.get() < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(listener.connected.get()).isEqualTo(2);
                assertThat(transport.takeoversDetected()).isZero();
                assertThat(log.containing("another client is using")).isZero();
            } finally {
                transport.close();
            }
        }
    }

    private static void awaitConnected(PahoMqttTransport transport) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!transport.isConnected() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(transport.isConnected()).as("connected to " + broker.url()).isTrue();
    }

    /** Connects with {@code clientId} (taking it over from whoever has it) and leaves without a DISCONNECT. */
    private static void intrude(String url, String clientId) throws MqttException {
        MqttAsyncClient intruder = new MqttAsyncClient(url, clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        try {
            intruder.connect(options).waitForCompletion(5_000);
        } catch (MqttException e) {
            // the robot took the id back first: still an intrusion attempt
        } finally {
            intruder.disconnectForcibly(0, 1_000, false);
            intruder.close(true);
        }
    }
}
