package io.wally.runtime.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The in-process Moquette broker of the simulator: serves the bridge on loopback, refuses a taken port clearly. */
@Timeout(60)
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
        org.junit.jupiter.api.Assumptions.assumeTrue(new java.io.File("/usr/bin/mosquitto_pub").canExecute(),
                "mosquitto_pub is not installed (Debian package mosquitto-clients)");
        int port = freePort();
        try (EmbeddedBroker broker = EmbeddedBroker.start(port, 65_536);
                TestMqttClient listener = new TestMqttClient(broker.url()).subscribe("cli/hello")) {
            Process pub = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(port),
                    "-t", "cli/hello", "-m", "hi").redirectErrorStream(true).start();
            String out = new String(pub.getInputStream().readAllBytes());
            assertThat(pub.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
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
            java.util.Optional<InetAddress> external = java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())
                    .stream().flatMap(i -> java.util.Collections.list(i.getInetAddresses()).stream())
                    .filter(a -> !a.isLoopbackAddress() && a instanceof java.net.Inet4Address).findFirst();
            org.junit.jupiter.api.Assumptions.assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address");
            try (java.net.Socket socket = new java.net.Socket()) {
                assertThatThrownBy(() -> socket.connect(new java.net.InetSocketAddress(external.get(), port), 1_000))
                        .isInstanceOf(java.io.IOException.class);
            }
        }
    }
}
