package io.wally.runtime.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wally.runtime.testing.MosquittoBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * TLS from PEM files, as {@code mqtt.tls} gives them: a test CA signs Mosquitto's certificate (for
 * 127.0.0.1) and the robot's client certificate; Mosquitto requires client certificates.
 */
@Timeout(60)
@Tag("slow")
class MqttTlsTest {

    private static final Path PKI = pki();

    @RegisterExtension
    static final MosquittoBroker broker = new MosquittoBroker()
            .withConfigLine("cafile " + PKI.resolve("ca.crt"))
            .withConfigLine("certfile " + PKI.resolve("server.crt"))
            .withConfigLine("keyfile " + PKI.resolve("server.key"))
            .withConfigLine("require_certificate true");

    private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + out);
        }
    }

    /** A CA, a server certificate for 127.0.0.1 and a client certificate, EC P-256, PKCS#8 keys. */
    private static Path pki() {
        try {
            Path dir = Files.createTempDirectory("wally-mqtt-pki-");
            String curve = "ec_paramgen_curve:prime256v1";
            openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", curve, "-nodes", "-keyout", "ca.key",
                    "-out", "ca.crt", "-days", "2", "-subj", "/CN=wally-test-ca");
            Files.writeString(dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
            for (String name : new String[] {"server", "client"}) {
                openssl(dir, "req", "-newkey", "ec", "-pkeyopt", curve, "-nodes", "-keyout", name + ".key",
                        "-out", name + ".csr", "-subj", "/CN=wally-" + name);
                List<String> sign = new ArrayList<>(List.of("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt",
                        "-CAkey", "ca.key", "-CAcreateserial", "-out", name + ".crt", "-days", "2"));
                if (name.equals("server")) {
                    sign.addAll(List.of("-extfile", "server.ext"));
                }
                openssl(dir, sign.toArray(String[]::new));
            }
            openssl(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "traditional.key");
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
    static void deletePki() throws IOException {
        MosquittoBroker.deleteRecursively(PKI);
    }

    private static String sslUrl() {
        return "ssl://127.0.0.1:" + broker.port();
    }

    private static MqttClientSettings.Tls robotTls() {
        return new MqttClientSettings.Tls(PKI.resolve("ca.crt").toString(), PKI.resolve("client.crt").toString(),
                PKI.resolve("client.key").toString());
    }

    @Test
    void shouldAnswerOverTlsWhenCaAndClientCertificateConfigured() throws Exception {
        try (GraphRobotCommands robot = new GraphRobotCommands()) {
            MqttBridge bridge = MqttBridge.start(new PahoMqttTransport(MqttClientSettings.plain(sslUrl(), "tls-bridge")
                    .withTls(robotTls())), BridgeSettings.defaults("tls-robot"), robot, System::nanoTime);
            MqttAsyncClient operator = new MqttAsyncClient(sslUrl(), "tls-operator", new MemoryPersistence());
            try {
                BlockingQueue<String> replies = new LinkedBlockingQueue<>();
                BlockingQueue<String> statuses = new LinkedBlockingQueue<>();
                operator.setCallback(new MqttCallback() {
                    @Override
                    public void connectionLost(Throwable cause) {
                    }

                    @Override
                    public void messageArrived(String topic, MqttMessage message) {
                        (topic.endsWith("/status") ? statuses : replies).add(new String(message.getPayload()));
                    }

                    @Override
                    public void deliveryComplete(IMqttDeliveryToken token) {
                    }
                });
                MqttConnectOptions options = new MqttConnectOptions();
                options.setSocketFactory(TlsSocketFactories.create(PKI.resolve("ca.crt"), PKI.resolve("client.crt"),
                        PKI.resolve("client.key")));
                operator.connect(options).waitForCompletion(10_000);
                operator.subscribe("wally/tls-robot/reply", 1).waitForCompletion(10_000);
                // the bridge publishes "online" once its command subscription is acknowledged; a command
                // sent before that (right after the transport connected) would reach no subscriber
                operator.subscribe("wally/tls-robot/status", 1).waitForCompletion(10_000);
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                String status = null;
                while (!"online".equals(status) && System.nanoTime() < deadline) {
                    status = statuses.poll(100, TimeUnit.MILLISECONDS);
                }
                assertThat(status).as("bridge status over TLS").isEqualTo("online");
                assertThat(bridge.isConnected()).isTrue();
                operator.publish("wally/tls-robot/cmd/plan", "{\"id\":\"t\",\"to\":\"kitchen\"}".getBytes(), 1, false)
                        .waitForCompletion(10_000);
                String reply = replies.poll(10, TimeUnit.SECONDS);
                assertThat(reply).isNotNull();
                assertThat(new ObjectMapper().readTree(reply).get("ok").asBoolean()).isTrue();
            } finally {
                if (operator.isConnected()) {
                    operator.disconnect(1_000).waitForCompletion(3_000);
                }
                operator.close(true);
                bridge.close();
            }
        }
    }

    @Test
    void shouldNeverConnectWhenBrokerIsNotSignedByConfiguredCa() throws Exception {
        // the client certificate's own chain as "CA" does not vouch for the broker
        MqttClientSettings.Tls wrongCa = new MqttClientSettings.Tls(PKI.resolve("client.crt").toString(),
                PKI.resolve("client.crt").toString(), PKI.resolve("client.key").toString());
        MqttBridge bridge = MqttBridge.start(new PahoMqttTransport(MqttClientSettings.plain(sslUrl(), "tls-wrong")
                .withTls(wrongCa)), BridgeSettings.defaults("tls-wrong"), null, System::nanoTime);
        try {
            Thread.sleep(1_000);
            assertThat(bridge.isConnected()).isFalse();
            assertThat(bridge.counters().connects()).isZero();
        } finally {
            bridge.close();
        }
    }

    @Test
    void shouldSayHowToConvertWhenKeyIsNotPkcs8() {
        assertThatThrownBy(() -> TlsSocketFactories.create(PKI.resolve("ca.crt"), PKI.resolve("client.crt"),
                PKI.resolve("traditional.key")))
                .isInstanceOf(MqttTransportException.class)
                .hasMessageContaining("traditional.key")
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    }
}
