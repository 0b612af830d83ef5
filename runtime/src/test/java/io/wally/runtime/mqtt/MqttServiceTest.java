package io.wally.runtime.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** MQTT wired from a configuration file as {@code wally sim} and {@code wally run} do it. */
@Timeout(60)
class MqttServiceTest {

    private static WallyConfig simWithEmbeddedPort(int port) {
        WallyConfig sim = new ConfigLoader().load(Path.of("..", "robot-config", "sim.yaml"));
        WallyConfig.Mqtt m = sim.mqtt();
        return new WallyConfig(sim.robot(), sim.map(), sim.store(), sim.control(), sim.drive(), sim.motors(),
                sim.sensors(), sim.sim(), new WallyConfig.Mqtt("embedded", port, null, null, m.tls(), m.telemetry(),
                        m.maxPayloadBytes(), m.replyPrefix()));
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
