package io.wally.runtime.mqtt;

import io.wally.runtime.command.RobotCommands;
import io.wally.runtime.command.TelemetrySink;
import io.wally.runtime.config.WallyConfig;
import java.time.Duration;

/**
 * MQTT for a running robot, wired from its configuration: the embedded broker when {@code
 * mqtt.broker: embedded}, a Paho transport with the configured credentials and TLS, and the {@link
 * MqttBridge}. What {@code wally run} and {@code wally sim} start.
 *
 * <pre>{@code
 * try (MqttService mqtt = MqttService.start(config)) {     // connects in the background
 *     WallyRuntime runtime = new WallyRuntime(..., mqtt.telemetry());
 *     mqtt.attach(runtime);                                 // requests are answered from now on
 *     ...
 * }                                                         // "offline", disconnect, broker stopped
 * }</pre>
 *
 * <p>Threading: start, attach and close from one owner thread; {@link #telemetry()} from any thread.
 */
public final class MqttService implements AutoCloseable {

    private final EmbeddedBroker embedded;
    private final MqttBridge bridge;
    private final String brokerUrl;

    private MqttService(EmbeddedBroker embedded, MqttBridge bridge, String brokerUrl) {
        this.embedded = embedded;
        this.bridge = bridge;
        this.brokerUrl = brokerUrl;
    }

    /**
     * Starts MQTT for {@code config}: the embedded broker first if configured, then the bridge, which
     * connects in the background (a broker that is not there yet is retried with back-off).
     *
     * @throws MqttStartException with a one-line message: port taken, unreadable TLS files, bad URL
     */
    public static MqttService start(WallyConfig config) throws MqttStartException {
        WallyConfig.Mqtt mqtt = config.mqtt();
        EmbeddedBroker embedded = null;
        String url = mqtt.broker();
        try {
            if ("embedded".equals(url)) {
                embedded = EmbeddedBroker.start(mqtt.embeddedPort(), mqtt.maxPayloadBytes());
                url = embedded.url();
            }
            MqttTopics topics = new MqttTopics(config.robot().id());
            MqttClientSettings settings = new MqttClientSettings(url, clientId(config.robot().id()),
                    mqtt.username(), mqtt.password(),
                    mqtt.tls() == null ? MqttClientSettings.Tls.NONE
                            : new MqttClientSettings.Tls(mqtt.tls().caFile(), mqtt.tls().certFile(), mqtt.tls().keyFile()),
                    topics.status(), "offline".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofSeconds(5), true);
            MqttBridge bridge = MqttBridge.start(new PahoMqttTransport(settings), BridgeSettings.from(config), null,
                    System::nanoTime);
            return new MqttService(embedded, bridge, url);
        } catch (EmbeddedBrokerException e) {
            throw new MqttStartException(e.getMessage(), e);
        } catch (MqttTransportException | IllegalArgumentException e) {
            if (embedded != null) {
                embedded.close();
            }
            throw new MqttStartException("MQTT: " + e.getMessage(), e);
        }
    }

    /** MQTT client ids must be unique per broker; this one is stable per robot and at most 23 characters. */
    static String clientId(String robotId) {
        String id = "wally-" + robotId;
        return id.length() <= 23 ? id : id.substring(0, 23);
    }

    /** Hands over the runtime that answers requests. */
    public void attach(RobotCommands runtime) {
        bridge.attach(runtime);
    }

    /** Where the runtime hands its telemetry. */
    public TelemetrySink telemetry() {
        return bridge;
    }

    /** The bridge (counters, connection state). */
    public MqttBridge bridge() {
        return bridge;
    }

    /** The broker URL in use ({@code tcp://127.0.0.1:<port>} for the embedded one). */
    public String brokerUrl() {
        return brokerUrl;
    }

    /** Publishes {@code offline}, disconnects, stops the embedded broker. Idempotent. */
    @Override
    public void close() {
        try {
            bridge.close();
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}
