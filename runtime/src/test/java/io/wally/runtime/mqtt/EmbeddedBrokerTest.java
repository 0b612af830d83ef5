package io.wally.runtime.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wally.runtime.mqtt.auth.BrokerUsers;
import io.wally.runtime.mqtt.auth.PasswordHash;
import java.io.File;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The in-process Moquette broker of the simulator: serves the bridge on loopback, refuses a taken port
 * clearly, answers an oversize request instead of dropping its sender, and with accounts refuses
 * anonymous clients and wrong passwords. MqttAclEquivalenceTest holds its ACL against Mosquitto's.
 */
@Timeout(60)
@Tag("slow")
class EmbeddedBrokerTest {

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void shouldServePlanRoundTripWhenBrokerIsEmbedded() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(freePort(), 65_536);
                GraphRobotCommands robot = new GraphRobotCommands()) {
            MqttBridge bridge = MqttBridge.start(new PahoMqttTransport(MqttClientSettings.plain(broker.url(), "emb-bridge")),
                    BridgeSettings.defaults("emb"), robot, System::nanoTime);
            try (TestMqttClient operator = new TestMqttClient(broker.url()).subscribe("wally/emb/#")) {
                assertThat(operator.next("wally/emb/status", Duration.ofSeconds(10)).payload()).isEqualTo("online");
                operator.publish("wally/emb/cmd/plan", "{\"id\":\"e\",\"from\":\"kitchen\",\"to\":\"garden\"}");
                TestMqttClient.Received reply = operator.next("wally/emb/reply", Duration.ofSeconds(10));
                assertThat(reply).isNotNull();
                assertThat(new ObjectMapper().readTree(reply.payload()).at("/result/path").toString())
                        .isEqualTo("[\"kitchen\",\"hall\",\"garden\"]");
            } finally {
                bridge.close();
            }
        }
    }

    @Test
    void shouldAnswerTooLargeAndStayConnectedWhenRequestIsOneByteOverLimit() throws Exception {
        for (int maxPayloadBytes : new int[] {65_536, 1_048_576}) {
            try (EmbeddedBroker broker = EmbeddedBroker.start(freePort(), maxPayloadBytes);
                    GraphRobotCommands robot = new GraphRobotCommands()) {
                MqttBridge bridge = MqttBridge.start(new PahoMqttTransport(MqttClientSettings.plain(broker.url(), "big-bridge")),
                        BridgeSettings.defaults("emb").withMaxPayloadBytes(maxPayloadBytes), robot, System::nanoTime);
                // an operator that does not also receive its own request: Moquette drops the PUBACK of a client
                // whose socket is still busy with a large message to that same client
                try (TestMqttClient operator = new TestMqttClient(broker.url()).subscribe("wally/emb/status")
                        .subscribe("wally/emb/reply")) {
                    assertThat(operator.next("wally/emb/status", Duration.ofSeconds(10)).payload()).isEqualTo("online");
                    // when: a request one byte over the limit, then a valid one
                    operator.publish("wally/emb/cmd/plan", new byte[maxPayloadBytes + 1]);
                    TestMqttClient.Received refused = operator.next("wally/emb/reply", Duration.ofSeconds(10));
                    operator.publish("wally/emb/cmd/plan", "{\"id\":\"after\",\"from\":\"kitchen\",\"to\":\"garden\"}");
                    TestMqttClient.Received answered = operator.next("wally/emb/reply", Duration.ofSeconds(10));
                    // then: answered too_large, the next request served, and the bridge never lost its connection
                    assertThat(refused).as("reply to %d bytes", maxPayloadBytes + 1).isNotNull();
                    assertThat(new ObjectMapper().readTree(refused.payload()).at("/error/code").asText()).isEqualTo("too_large");
                    assertThat(answered).isNotNull();
                    assertThat(new ObjectMapper().readTree(answered.payload()).get("id").asText()).isEqualTo("after");
                    assertThat(bridge.counters().connects()).isEqualTo(1);
                    assertThat(bridge.counters().connectionsLost()).isZero();
                    assertThat(bridge.counters().tooLarge()).isEqualTo(1);
                } finally {
                    bridge.close();
                }
            }
        }
    }

    /** Robot "emb" and operator "ops"; hashes with the fewest iterations allowed, to keep the test fast. */
    static BrokerUsers users() {
        return BrokerUsers.of(List.of(
                new BrokerUsers.Account("emb", BrokerUsers.Role.ROBOT, PasswordHash.hash("robot-secret".toCharArray(), 10_000)),
                new BrokerUsers.Account("emb2", BrokerUsers.Role.ROBOT, PasswordHash.hash("other-secret".toCharArray(), 10_000)),
                new BrokerUsers.Account("ops", BrokerUsers.Role.OPERATOR, PasswordHash.hash("ops-secret".toCharArray(), 10_000))));
    }

    @Test
    void shouldRefuseAnonymousClientWhenUsersAreConfigured() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(freePort(), 65_536, users())) {
            assertThatThrownBy(() -> new TestMqttClient(broker.url()).close())
                    .isInstanceOf(MqttException.class)
                    .satisfies(e -> assertThat(((MqttException) e).getReasonCode())
                            .isIn((int) MqttException.REASON_CODE_NOT_AUTHORIZED, (int) MqttException.REASON_CODE_FAILED_AUTHENTICATION));
        }
    }

    @Test
    void shouldRefuseWrongPasswordAndUnknownUserWhenUsersAreConfigured() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(freePort(), 65_536, users())) {
            assertThatThrownBy(() -> new TestMqttClient(broker.url(), "emb", "wrong").close()).isInstanceOf(MqttException.class);
            assertThatThrownBy(() -> new TestMqttClient(broker.url(), "ops", "robot-secret").close()).isInstanceOf(MqttException.class);
            assertThatThrownBy(() -> new TestMqttClient(broker.url(), "nobody", "robot-secret").close()).isInstanceOf(MqttException.class);
            new TestMqttClient(broker.url(), "emb", "robot-secret").close();
        }
    }

    @Test
    void shouldServeOperatorAndIgnoreOtherRobotWhenBothLogInUnderAcl() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(freePort(), 65_536, users());
                GraphRobotCommands robot = new GraphRobotCommands()) {
            MqttBridge bridge = MqttBridge.start(new PahoMqttTransport(MqttClientSettings.plain(broker.url(), "emb-bridge")
                    .withCredentials("emb", "robot-secret")), BridgeSettings.defaults("emb"), robot, System::nanoTime);
            try (TestMqttClient ops = new TestMqttClient(broker.url(), "ops", "ops-secret").subscribe("wally/emb/#");
                    TestMqttClient otherRobot = new TestMqttClient(broker.url(), "emb2", "other-secret")) {
                assertThat(ops.next("wally/emb/status", Duration.ofSeconds(10)).payload()).isEqualTo("online");
                // when another robot's account sends a command, then the operator does
                otherRobot.publishNoWait("wally/emb/cmd/plan", "{\"id\":\"intruder\",\"from\":\"kitchen\",\"to\":\"garden\"}");
                Thread.sleep(300);
                ops.publish("wally/emb/cmd/plan", "{\"id\":\"ops\",\"from\":\"kitchen\",\"to\":\"garden\"}");
                // then only the operator's request reached the robot
                TestMqttClient.Received reply = ops.next("wally/emb/reply", Duration.ofSeconds(10));
                assertThat(reply).isNotNull();
                assertThat(new ObjectMapper().readTree(reply.payload()).get("id").asText()).isEqualTo("ops");
                assertThat(bridge.counters().received()).isEqualTo(1);
            } finally {
                bridge.close();
            }
        }
    }

    @Test
    void shouldCarryLargePayloadWhenBelowConfiguredLimit() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(freePort(), 200_000);
                TestMqttClient a = new TestMqttClient(broker.url()).subscribe("big");
                TestMqttClient b = new TestMqttClient(broker.url())) {
            b.publish("big", new byte[150_000]);
            TestMqttClient.Received big = a.next("big", Duration.ofSeconds(10));
            assertThat(big).isNotNull();
            assertThat(big.payload()).hasSize(150_000);
        }
    }

    @Test
    void shouldAcceptMosquittoCommandLineClientsWhenTheySendNoClientId() throws Exception {
        Assumptions.assumeTrue(new File("/usr/bin/mosquitto_pub").canExecute(),
                "mosquitto_pub is not installed (Debian package mosquitto-clients)");
        int port = freePort();
        try (EmbeddedBroker broker = EmbeddedBroker.start(port, 65_536);
                TestMqttClient listener = new TestMqttClient(broker.url()).subscribe("cli/hello")) {
            Process pub = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(port),
                    "-t", "cli/hello", "-m", "hi").redirectErrorStream(true).start();
            String out = new String(pub.getInputStream().readAllBytes());
            assertThat(pub.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(pub.exitValue()).as(out).isZero();
            assertThat(listener.next("cli/hello", Duration.ofSeconds(10)).payload()).isEqualTo("hi");
        }
    }

    @Test
    void shouldSayHowToUseRunningBrokerWhenPortTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> EmbeddedBroker.start(port, 65_536))
                    .isInstanceOf(EmbeddedBrokerException.class)
                    .hasMessage("port " + port + " on 127.0.0.1 is already in use (another MQTT broker, e.g. Mosquitto?):"
                            + " use it with --broker tcp://127.0.0.1:" + port + ", or pick another mqtt.embeddedPort");
        }
    }

    @Test
    void shouldListenOnLoopbackOnlyWhenStarted() throws Exception {
        int port = freePort();
        try (EmbeddedBroker broker = EmbeddedBroker.start(port, 65_536)) {
            Optional<InetAddress> external = Collections.list(NetworkInterface.getNetworkInterfaces())
                    .stream().flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                    .filter(a -> !a.isLoopbackAddress() && a instanceof Inet4Address).findFirst();
            Assumptions.assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address");
            try (Socket socket = new Socket()) {
                assertThatThrownBy(() -> socket.connect(new InetSocketAddress(external.get(), port), 1_000))
                        .isInstanceOf(IOException.class);
            }
        }
    }
}
