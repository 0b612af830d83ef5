package io.wally.runtime.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The transport against misbehaving "brokers" on real loopback sockets: one that drops every connection
 * at once (as a broker at its connection limit does) and one that accepts and never answers. Both used
 * to cost a Paho thread or the reconnect loop itself.
 */
@Timeout(90)
class PahoMqttTransportTest {

    @Test
    void shouldLeaveNoConnectThreadWhenBrokerDropsEveryConnectionAtOnce() throws Exception {
        String clientId = "drop-race-client";
        try (FakeBroker broker = new FakeBroker(false)) {
            // when the transport retries a dozen times against a broker that closes each connection at once
            AttemptCounter listener = new AttemptCounter();
            PahoMqttTransport transport = startFastRetrying(broker, clientId, listener);
            broker.awaitAccepted(12, Duration.ofSeconds(30));
            transport.close(null, null, 500);
            // then every attempt failed, and no Paho thread of this client is left: Paho 1.2.5's connect
            // thread polled forever when the receiver had stopped before it looked
            assertThat(listener.connected.get()).isZero();
            assertThat(threadsNamedAfter(clientId, Duration.ofSeconds(10)))
                    .as("Paho threads left after %d dropped connects and close()", broker.accepted.get()).isEmpty();
        }
    }

    @Test
    void shouldRetryAndLeaveNoThreadWhenBrokerAcceptsButNeverAnswers() throws Exception {
        String clientId = "silent-broker-client";
        try (FakeBroker broker = new FakeBroker(true)) {
            // when the broker takes our CONNECT and never sends CONNACK
            AttemptCounter listener = new AttemptCounter();
            PahoMqttTransport transport = startFastRetrying(broker, clientId, listener);
            // then the attempt times out and a new connection is tried (Paho alone would wait for ever)
            assertThat(broker.awaitAccepted(2, Duration.ofSeconds(30))).as("connections accepted").isGreaterThanOrEqualTo(2);
            transport.close(null, null, 500);
            assertThat(listener.connected.get()).isZero();
            assertThat(threadsNamedAfter(clientId, Duration.ofSeconds(10))).as("Paho threads left after close()").isEmpty();
        }
    }

    private static PahoMqttTransport startFastRetrying(FakeBroker broker, String clientId, MqttTransport.Listener listener)
            throws MqttTransportException {
        MqttClientSettings settings = new MqttClientSettings("tcp://127.0.0.1:" + broker.port(), clientId,
                null, null, MqttClientSettings.Tls.NONE, null, null, Duration.ofSeconds(10),
                Duration.ofMillis(20), Duration.ofMillis(50), true);
        PahoMqttTransport transport = new PahoMqttTransport(settings);
        transport.start(listener);
        return transport;
    }

    private static final class AttemptCounter implements MqttTransport.Listener {
        final AtomicInteger connected = new AtomicInteger();

        @Override
        public void connected(int attempt) {
            connected.incrementAndGet();
        }

        @Override
        public void connectionLost(Throwable cause) {
        }

        @Override
        public void messageArrived(String topic, byte[] payload) {
        }
    }

    /** Accepts on a loopback port and either closes each connection at once or holds it unanswered. */
    private static final class FakeBroker implements AutoCloseable {
        private final ServerSocket server;
        private final AtomicInteger accepted = new AtomicInteger();
        private final List<Socket> held = new ArrayList<>();
        private final Thread acceptor;

        FakeBroker(boolean holdSilently) throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = Thread.ofPlatform().daemon().name("test-fake-broker").start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        accepted.incrementAndGet();
                        if (holdSilently) {
                            synchronized (held) {
                                held.add(socket);
                            }
                        } else {
                            socket.close();
                        }
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        int awaitAccepted(int count, Duration patience) throws InterruptedException {
            long deadline = System.nanoTime() + patience.toNanos();
            while (accepted.get() < count && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            return accepted.get();
        }

        @Override
        public void close() throws Exception {
            server.close();
            acceptor.join(5_000);
            synchronized (held) {
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }

    private static List<String> threadsNamedAfter(String clientId, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos(); // an upper bound: threads end at once when idle
        List<String> left;
        do {
            left = Thread.getAllStackTraces().entrySet().stream()
                    .filter(e -> e.getKey().getName().contains(clientId))
                    .map(PahoMqttTransportTest::describe)
                    .toList();
            if (!left.isEmpty()) {
                Thread.sleep(50);
            }
        } while (!left.isEmpty() && System.nanoTime() < deadline);
        return left;
    }

    private static String describe(Map.Entry<Thread, StackTraceElement[]> thread) {
        StackTraceElement[] stack = thread.getValue();
        return thread.getKey().getName() + " at " + List.of(stack).subList(0, Math.min(6, stack.length));
    }
}
