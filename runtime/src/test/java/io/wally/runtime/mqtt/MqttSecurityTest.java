package io.wally.runtime.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wally.runtime.testing.MosquittoBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Username/password and the ACL of docs/mqtt.md on a real Mosquitto: robot "wally-07", operator "ops". */
@Timeout(60)
@Tag("slow")
class MqttSecurityTest {

    private static final Path SECRETS = secrets();

    @RegisterExtension
    static final MosquittoBroker broker = new MosquittoBroker()
            .withConfigLine("allow_anonymous false")
            .withConfigLine("password_file " + SECRETS.resolve("passwd"))
            .withConfigLine("acl_file " + SECRETS.resolve("acl"));

    /** Written before the broker starts: mosquitto_passwd entries and the ACL from docs/mqtt.md. */
    private static Path secrets() {
        try {
            Path dir = Files.createTempDirectory("wally-mqtt-secrets-");
            Path passwd = dir.resolve("passwd");
            Files.writeString(passwd, "");
            for (String[] user : new String[][] {{"wally-07", "robot-secret"}, {"ops", "ops-secret"}}) {
                Process p = new ProcessBuilder("mosquitto_passwd", "-b", passwd.toString(), user[0], user[1])
                        .redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalStateException("mosquitto_passwd failed for " + user[0]);
                }
            }
            Files.writeString(dir.resolve("acl"), """
                    # robots: a robot's user name is its robot id; it reads and writes only its own subtree
                    pattern readwrite wally/%u/#
                    # the operator: sends commands to every robot, reads everything robots publish
                    user ops
                    topic write wally/+/cmd/#
                    topic read wally/#
                    """);
            MosquittoBroker.makeReadableByBroker(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void deleteSecrets() throws IOException {
        MosquittoBroker.deleteRecursively(SECRETS);
    }

    @Test
    void shouldServeOperatorWhenBothAuthenticateUnderAcl() throws Exception {
        try (GraphRobotCommands robot = new GraphRobotCommands()) {
            MqttBridge bridge = MqttBridge.start(new PahoMqttTransport(MqttClientSettings.plain(broker.url(), "sec-bridge")
                    .withCredentials("wally-07", "robot-secret")), BridgeSettings.defaults("wally-07"), robot, System::nanoTime);
            try (TestMqttClient ops = new TestMqttClient(broker.url(), "ops", "ops-secret").subscribe("wally/wally-07/#")) {
                assertThat(ops.next("wally/wally-07/status", Duration.ofSeconds(10)).payload()).isEqualTo("online");
                ops.publish("wally/wally-07/cmd/plan", "{\"id\":\"s\",\"to\":\"kitchen\",\"replyTo\":\"wally/wally-07/reply/ops\"}");
                TestMqttClient.Received reply = ops.next("wally/wally-07/reply/ops", Duration.ofSeconds(10));
                assertThat(reply).isNotNull();
                assertThat(new ObjectMapper().readTree(reply.payload()).get("ok").asBoolean()).isTrue();
            } finally {
                bridge.close();
            }
        }
    }

    @Test
    void shouldStayDisconnectedAndKeepRetryingWhenPasswordIsWrong() throws Exception {
        MqttBridge bridge = MqttBridge.start(new PahoMqttTransport(MqttClientSettings.plain(broker.url(), "bad-bridge")
                .withCredentials("wally-07", "wrong")), BridgeSettings.defaults("wally-07"), null, System::nanoTime);
        try {
            Thread.sleep(1_000);
            assertThat(bridge.isConnected()).isFalse();
            assertThat(bridge.counters().connects()).isZero();
        } finally {
            bridge.close();
        }
    }
}
