package io.wally.runtime.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import io.wally.runtime.mqtt.auth.PasswordHash;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** MQTT wired from a configuration file as {@code wally sim} and {@code wally run} do it. */
@Timeout(60)
@Tag("slow")
class MqttServiceTest {

    @TempDir
    Path tmp;

    private WallyConfig simWithEmbeddedPort(int port) {
        return sim(tmp.resolve("store"), m -> new WallyConfig.Mqtt("embedded", port, null, null, m.tls(), m.telemetry(),
                m.maxPayloadBytes(), m.replyPrefix(), m.secretsFile(), m.embedded()));
    }

    /** robot-config/sim.yaml with its store in {@code store} and the MQTT settings {@code mqtt} makes of the file's. */
    private static WallyConfig sim(Path store, UnaryOperator<WallyConfig.Mqtt> mqtt) {
        WallyConfig sim = new ConfigLoader().load(Path.of("..", "robot-config", "sim.yaml"));
        return new WallyConfig(sim.robot(), sim.map(), new WallyConfig.Store(store.toString(), sim.store().durability(),
                sim.store().groupCommitMillis(), sim.store().checkpointOnClose()), sim.control(), sim.drive(), sim.motors(),
                sim.sensors(), sim.sim(), mqtt.apply(sim.mqtt()));
    }

    /** The sim robot "wally-sim" and operator "ops" on the embedded broker, credentials in a 0600 secrets file. */
    private WallyConfig simWithUsers(int port, String secretsYaml, String permissions) throws Exception {
        Path secrets = Files.writeString(tmp.resolve("secrets.yaml"), secretsYaml);
        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString(permissions));
        List<WallyConfig.Mqtt.User> users = List.of(
                new WallyConfig.Mqtt.User("wally-sim", WallyConfig.Mqtt.User.Role.ROBOT,
                        PasswordHash.hash("robot-pw".toCharArray(), 10_000)),
                new WallyConfig.Mqtt.User("ops", WallyConfig.Mqtt.User.Role.OPERATOR,
                        PasswordHash.hash("ops-pw".toCharArray(), 10_000)));
        return sim(tmp.resolve("store"), m -> new WallyConfig.Mqtt("embedded", port, null, null, m.tls(), m.telemetry(),
                m.maxPayloadBytes(), m.replyPrefix(), secrets.toString(), new WallyConfig.Mqtt.Embedded(users)));
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void shouldServeRobotOnEmbeddedBrokerWhenConfigSaysEmbedded() throws Exception {
        int port = freePort();
        try (MqttService mqtt = MqttService.start(simWithEmbeddedPort(port)); GraphRobotCommands robot = new GraphRobotCommands();
                TestMqttClient operator = new TestMqttClient("tcp://127.0.0.1:" + port).subscribe("wally/wally-sim/#")) {
            assertThat(mqtt.brokerUrl()).isEqualTo("tcp://127.0.0.1:" + port);
            mqtt.attach(robot);
            // the bridge connects in the background; "online" comes after its command subscription is
            // acknowledged, so a request published before it could reach no subscriber and be lost
            TestMqttClient.Received status = operator.next("wally/wally-sim/status", Duration.ofSeconds(15));
            assertThat(status).as("status after connect").isNotNull();
            assertThat(status.payload()).isEqualTo("online");
            mqtt.telemetry().publish("pose", Map.of("x", 1.5));
            operator.publish("wally/wally-sim/cmd/plan", "{\"id\":\"s\",\"to\":\"kitchen\"}");
            TestMqttClient.Received reply = operator.next("wally/wally-sim/reply", Duration.ofSeconds(15));
            assertThat(reply).isNotNull();
            assertThat(new ObjectMapper().readTree(reply.payload()).get("ok").asBoolean()).isTrue();
        }
    }

    @Test
    void shouldLogInWithSecretsFileAndRefuseAnonymousWhenEmbeddedBrokerHasUsers() throws Exception {
        int port = freePort();
        String url = "tcp://127.0.0.1:" + port;
        try (MqttService mqtt = MqttService.start(simWithUsers(port, "mqtt:\n  username: wally-sim\n  password: robot-pw\n", "rw-------"));
                GraphRobotCommands robot = new GraphRobotCommands();
                TestMqttClient operator = new TestMqttClient(url, "ops", "ops-pw").subscribe("wally/wally-sim/#")) {
            mqtt.attach(robot);
            assertThat(operator.next("wally/wally-sim/status", Duration.ofSeconds(15))).as("status").isNotNull();
            operator.publish("wally/wally-sim/cmd/plan", "{\"id\":\"s\",\"to\":\"kitchen\"}");
            assertThat(operator.next("wally/wally-sim/reply", Duration.ofSeconds(15))).as("reply").isNotNull();
            assertThatThrownBy(() -> new TestMqttClient(url).close()).as("anonymous client").isInstanceOf(MqttException.class);
        }
    }

    @Test
    void shouldRefuseToStartWhenEmbeddedBrokerHasUsersButRuntimeHasNoCredentials() throws Exception {
        WallyConfig open = simWithUsers(freePort(), "mqtt:\n  username: wally-sim\n  password: robot-pw\n", "rw-------");
        WallyConfig.Mqtt m = open.mqtt();
        WallyConfig noSecrets = sim(tmp.resolve("store"), x -> new WallyConfig.Mqtt(m.broker(), m.embeddedPort(), null, null,
                m.tls(), m.telemetry(), m.maxPayloadBytes(), m.replyPrefix(), null, m.embedded()));
        assertThatThrownBy(() -> MqttService.start(noSecrets)).isInstanceOf(MqttStartException.class)
                .hasMessage("mqtt.embedded.users is set, so the runtime must log in to its embedded broker: set"
                        + " mqtt.username: wally-sim and its mqtt.password (or mqtt.secretsFile)");
        WallyConfig operatorAsRobot = sim(tmp.resolve("store"), x -> new WallyConfig.Mqtt(m.broker(), m.embeddedPort(), "ops",
                "ops-pw", m.tls(), m.telemetry(), m.maxPayloadBytes(), m.replyPrefix(), null, m.embedded()));
        assertThatThrownBy(() -> MqttService.start(operatorAsRobot)).isInstanceOf(MqttStartException.class)
                .hasMessageContaining("MQTT user ops may not serve robot wally-sim");
    }

    @Test
    void shouldRefuseSecretsFileWhenOthersCanReadIt() throws Exception {
        WallyConfig config = simWithUsers(freePort(), "mqtt:\n  username: wally-sim\n  password: robot-pw\n", "rw-r--r--");
        assertThatThrownBy(() -> MqttService.start(config)).isInstanceOf(MqttStartException.class)
                .hasMessageContaining("must be readable by its owner only: chmod 600 " + tmp.resolve("secrets.yaml"))
                .hasMessageNotContaining("robot-pw");
    }

    @Test
    void shouldKeepClientIdAndStayConnectedWhenAnotherClientUsesTheOldFixedId() throws Exception {
        int port = freePort();
        try (MqttService mqtt = MqttService.start(simWithEmbeddedPort(port))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (!mqtt.bridge().isConnected() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            // when a client connects with the id every robot used to have: wally-<robot id>
            MqttClient intruder = new MqttClient(
                    "tcp://127.0.0.1:" + port, "wally-wally-sim", new MemoryPersistence());
            try {
                intruder.connect();
                Thread.sleep(500);
            } finally {
                intruder.disconnectForcibly(0, 1_000, false);
                intruder.close(true);
            }
            // then the robot kept its connection, under an id kept in its store directory
            assertThat(mqtt.bridge().counters().connectionsLost()).isZero();
            assertThat(tmp.resolve("store").resolve(MqttClientIds.FILE_NAME)).exists();
        }
        String kept = Files.readString(tmp.resolve("store").resolve(MqttClientIds.FILE_NAME));
        try (MqttService again = MqttService.start(simWithEmbeddedPort(freePort()))) {
            assertThat(tmp.resolve("store").resolve(MqttClientIds.FILE_NAME)).hasContent(kept.strip());
        }
    }

    @Test
    void shouldSayPortTakenAndHowToUseThatBrokerWhenEmbeddedPortBusy() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> MqttService.start(simWithEmbeddedPort(port)))
                    .isInstanceOf(MqttStartException.class)
                    .hasMessageContaining("port " + port + " on 127.0.0.1 is already in use")
                    .hasMessageContaining("--broker tcp://127.0.0.1:" + port);
        }
    }
}
