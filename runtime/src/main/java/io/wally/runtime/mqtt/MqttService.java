package io.wally.runtime.mqtt;

import io.wally.runtime.command.RobotCommands;
import io.wally.runtime.command.TelemetrySink;
import io.wally.runtime.config.ConfigException;
import io.wally.runtime.config.SecretsFile;
import io.wally.runtime.config.WallyConfig;
import io.wally.runtime.mqtt.auth.BrokerUsers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * MQTT for a running robot, wired from its configuration: the embedded broker when {@code
 * mqtt.broker: embedded} (with the accounts of {@code mqtt.embedded.users}), a Paho transport with the
 * configured credentials (merged with {@code mqtt.secretsFile}), TLS and the per-installation client id
 * of {@link MqttClientIds}, guarded against a second runtime with the same robot id ({@link InstanceGuard}),
 * and the {@link MqttBridge}. What {@code wally run} and {@code wally sim} start.
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

    private static final System.Logger LOG = System.getLogger(MqttService.class.getName());

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
        WallyConfig.Mqtt mqtt;
        BrokerUsers users;
        try {
            mqtt = SecretsFile.apply(config.mqtt());
            users = BrokerUsers.of(accounts(mqtt.embedded()));
        } catch (ConfigException | IllegalArgumentException e) {
            throw new MqttStartException(e.getMessage(), e);
        }
        MqttTopics topics = new MqttTopics(config.robot().id());
        String url = mqtt.broker();
        boolean embeddedBroker = "embedded".equals(url);
        if (embeddedBroker && !users.isEmpty()) {
            checkRobotAccount(mqtt, users, topics, config.robot().id());
        } else if (!embeddedBroker && mqtt.username() != null && !mqtt.username().equals(config.robot().id())) {
            LOG.log(System.Logger.Level.WARNING, "mqtt.username " + mqtt.username() + " is not robot.id "
                    + config.robot().id() + ": with the ACL of docs/mqtt.md this robot may publish only under wally/"
                    + mqtt.username() + "/ (after changing robot.id, make its account anew: docs/deploy.md)");
        }
        EmbeddedBroker embedded = null;
        try {
            if (embeddedBroker) {
                embedded = EmbeddedBroker.start(mqtt.embeddedPort(), mqtt.maxPayloadBytes(), users);
                url = embedded.url();
            }
            MqttClientSettings settings = new MqttClientSettings(url,
                    MqttClientIds.forRobot(config.robot().id(), Path.of(config.store().dir())),
                    mqtt.username(), mqtt.password(),
                    mqtt.tls() == null ? MqttClientSettings.Tls.NONE
                            : new MqttClientSettings.Tls(mqtt.tls().caFile(), mqtt.tls().certFile(), mqtt.tls().keyFile()),
                    topics.status(), "offline".getBytes(StandardCharsets.US_ASCII),
                    Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofSeconds(5), true);
            PahoMqttTransport transport = new PahoMqttTransport(settings);
            transport.guard(new InstanceGuard(config.robot().id())); // a second runtime with this id stays off
            if (embedded != null) {
                transport.gate(embedded); // Moquette drops a SUBSCRIBE sent the moment CONNACK arrives
            }
            MqttBridge bridge = MqttBridge.start(transport, BridgeSettings.from(config), null, System::nanoTime);
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

    private static List<BrokerUsers.Account> accounts(WallyConfig.Mqtt.Embedded embedded) {
        if (embedded == null || embedded.users() == null) {
            return List.of();
        }
        return embedded.users().stream().map(u -> new BrokerUsers.Account(u.name(),
                u.role() == WallyConfig.Mqtt.User.Role.OPERATOR ? BrokerUsers.Role.OPERATOR : BrokerUsers.Role.ROBOT,
                u.passwordHash())).toList();
    }

    /** With accounts on the embedded broker, the runtime itself must log in as one that may serve the robot's topics. */
    private static void checkRobotAccount(WallyConfig.Mqtt mqtt, BrokerUsers users, MqttTopics topics, String robotId)
            throws MqttStartException {
        if (mqtt.username() == null) {
            throw new MqttStartException("mqtt.embedded.users is set, so the runtime must log in to its embedded broker:"
                    + " set mqtt.username: " + robotId + " and its mqtt.password (or mqtt.secretsFile)");
        }
        if (!users.names().contains(mqtt.username())) {
            throw new MqttStartException("mqtt.username " + mqtt.username() + " is not one of mqtt.embedded.users "
                    + users.names());
        }
        if (!users.mayPublish(mqtt.username(), topics.status())
                || !users.maySubscribe(mqtt.username(), topics.commandFilter())) {
            throw new MqttStartException("MQTT user " + mqtt.username() + " may not serve robot " + robotId
                    + " (its topics are wally/" + robotId + "/...): name the robot's user after robot.id");
        }
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
