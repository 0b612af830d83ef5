package io.wally.runtime.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.runtime.mqtt.auth.BrokerUsers;
import io.wally.runtime.mqtt.auth.PasswordHash;
import io.wally.runtime.testing.MosquittoBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One table of (user, publish or subscribe, topic) → allowed, run against a real Mosquitto with the ACL
 * taken verbatim from docs/mqtt.md and against the embedded broker with the same accounts: both must give
 * the table's answer. Allowed is what a client observes: a publication reaches a reader, a subscription
 * receives a publication.
 */
@Timeout(120)
@Tag("slow")
class MqttAclEquivalenceTest {

    private static final Map<String, String> PASSWORDS = Map.of("wally-07", "pw-07", "wally-08", "pw-08", "ops", "pw-ops");
    private static final Path SECRETS = secrets();
    private static final long ALLOWED_WAIT_MILLIS = 5_000;
    private static final long DENIED_WAIT_MILLIS = 600;

    @RegisterExtension
    static final MosquittoBroker mosquitto = new MosquittoBroker()
            .withConfigLine("allow_anonymous false")
            .withConfigLine("password_file " + SECRETS.resolve("passwd"))
            .withConfigLine("acl_file " + SECRETS.resolve("acl"));

    /** A row of the table: {@code user} publishes on or subscribes to {@code topic}; {@code helper} does the other side. */
    private record Probe(String user, boolean publish, String topic, boolean allowed, String helper) {
        @Override
        public String toString() {
            return user + (publish ? " publish " : " subscribe ") + topic;
        }
    }

    private static final List<Probe> TABLE = List.of(
            // a robot: its own subtree, nothing else
            new Probe("wally-07", true, "wally/wally-07/status", true, "ops"),
            new Probe("wally-07", true, "wally/wally-07/reply/ops", true, "ops"),
            new Probe("wally-07", true, "wally/wally-08/status", false, "ops"),
            new Probe("wally-07", true, "wally/wally-08/cmd/plan", false, "ops"),
            new Probe("wally-07", true, "wally/ops/notes", false, "ops"),
            new Probe("wally-07", false, "wally/wally-07/cmd/plan", true, "ops"),
            new Probe("wally-07", false, "wally/wally-08/cmd/plan", false, "ops"),
            new Probe("wally-07", false, "wally/wally-08/status", false, "wally-08"),
            new Probe("wally-08", false, "wally/wally-07/reply/ops", false, "wally-07"),
            // the operator: commands to every robot, reads everything, writes no telemetry
            new Probe("ops", true, "wally/wally-07/cmd/plan", true, "wally-07"),
            new Probe("ops", true, "wally/wally-08/cmd/stop", true, "wally-08"),
            new Probe("ops", true, "wally/wally-07/status", false, "wally-07"),
            new Probe("ops", true, "wally/wally-07/reply", false, "wally-07"),
            new Probe("ops", true, "wally/ops/notes", true, "ops"),
            new Probe("ops", false, "wally/wally-07/status", true, "wally-07"),
            new Probe("ops", false, "wally/wally-08/telemetry/pose", true, "wally-08"),
            new Probe("ops", false, "wally/wally-07/cmd/plan", true, "ops"));

    /** The ACL block of docs/mqtt.md, exactly as printed there, and a password file for the three users. */
    private static Path secrets() {
        try {
            Path dir = Files.createTempDirectory("wally-acl-");
            Path passwd = dir.resolve("passwd");
            Files.writeString(passwd, "");
            for (Map.Entry<String, String> user : PASSWORDS.entrySet()) {
                Process p = new ProcessBuilder("mosquitto_passwd", "-b", passwd.toString(), user.getKey(), user.getValue())
                        .redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalStateException("mosquitto_passwd failed for " + user.getKey());
                }
            }
            Files.writeString(dir.resolve("acl"), docsAcl());
            MosquittoBroker.makeReadableByBroker(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String docsAcl() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "mqtt.md"));
        Matcher block = Pattern.compile("The ACL \\(`/etc/mosquitto/acl`\\)[^`]*```\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        if (!block.find()) {
            throw new IllegalStateException("docs/mqtt.md has no ACL block after \"The ACL (`/etc/mosquitto/acl`)\"");
        }
        return block.group(1);
    }

    @AfterAll
    static void deleteSecrets() throws IOException {
        MosquittoBroker.deleteRecursively(SECRETS);
    }

    @Test
    void shouldReadDocumentedAclWhenTableRuns() throws Exception {
        assertThat(docsAcl()).contains("pattern readwrite wally/%u/#").contains("user ops");
    }

    @Test
    void shouldFollowTheTableWhenBrokerIsMosquittoWithDocumentedAcl() throws Exception {
        assertThat(observe(mosquitto.url())).isEqualTo(expected());
    }

    @Test
    void shouldFollowTheTableWhenBrokerIsEmbeddedWithSameAccounts() throws Exception {
        List<BrokerUsers.Account> accounts = new ArrayList<>();
        PASSWORDS.forEach((user, password) -> accounts.add(new BrokerUsers.Account(user,
                user.equals("ops") ? BrokerUsers.Role.OPERATOR : BrokerUsers.Role.ROBOT,
                PasswordHash.hash(password.toCharArray(), 10_000))));
        try (EmbeddedBroker broker = EmbeddedBroker.start(freePort(), 65_536, BrokerUsers.of(accounts))) {
            assertThat(observe(broker.url())).isEqualTo(expected());
        }
    }

    private static Map<String, Boolean> expected() {
        Map<String, Boolean> table = new LinkedHashMap<>();
        TABLE.forEach(p -> table.put(p.toString(), p.allowed()));
        return table;
    }

    private static Map<String, Boolean> observe(String url) throws Exception {
        Map<String, Boolean> seen = new LinkedHashMap<>();
        Map<String, Client> clients = new LinkedHashMap<>();
        try {
            for (String user : PASSWORDS.keySet()) {
                clients.put(user, new Client(url, user, PASSWORDS.get(user)));
            }
            for (Probe probe : TABLE) {
                Client reader = clients.get(probe.publish() ? probe.helper() : probe.user());
                Client writer = clients.get(probe.publish() ? probe.user() : probe.helper());
                seen.put(probe.toString(), reader.subscribe(probe.topic()) && writer.reaches(reader, probe.topic(),
                        probe.allowed() ? ALLOWED_WAIT_MILLIS : DENIED_WAIT_MILLIS));
                reader.unsubscribe(probe.topic());
            }
        } finally {
            for (Client c : clients.values()) {
                c.close();
            }
        }
        return seen;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** One logged-in user; what it receives is queued as "topic payload". */
    private static final class Client implements AutoCloseable {
        private final MqttAsyncClient client;
        private final MqttConnectOptions options = new MqttConnectOptions();
        private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

        Client(String url, String user, String password) throws MqttException {
            client = new MqttAsyncClient(url, "acl-" + user + "-" + UUID.randomUUID().toString().substring(0, 6),
                    new MemoryPersistence());
            client.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    received.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8));
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            options.setCleanSession(true);
            options.setUserName(user);
            options.setPassword(password.toCharArray());
            client.connect(options).waitForCompletion(10_000);
        }

        /** Whether the broker granted the subscription (Moquette refuses with 0x80; Mosquitto grants and filters). */
        boolean subscribe(String topic) throws MqttException {
            try {
                var token = SubscribeAfterConnack.subscribe(client, options, topic, 0, 10_000);
                return token.getGrantedQos()[0] != 0x80;
            } catch (MqttException e) {
                if (e.getReasonCode() == MqttException.REASON_CODE_SUBSCRIBE_FAILED) {
                    return false;
                }
                throw e;
            }
        }

        void unsubscribe(String topic) throws MqttException {
            client.unsubscribe(topic).waitForCompletion(10_000);
        }

        /** Publishes a fresh payload on {@code topic} (QoS 0: a refused one gets no error) and says whether {@code reader} got it. */
        boolean reaches(Client reader, String topic, long waitMillis) throws Exception {
            String payload = UUID.randomUUID().toString();
            client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 0, false).waitForCompletion(10_000);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
            String wanted = topic + " " + payload;
            while (true) {
                long left = deadline - System.nanoTime();
                String message = left <= 0 ? null : reader.received.poll(left, TimeUnit.NANOSECONDS);
                if (message == null) {
                    return false;
                }
                if (message.equals(wanted)) {
                    return true;
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
}
