package io.wally.runtime.cli;

import io.wally.runtime.config.WallyConfig;
import java.net.URI;
import java.net.URISyntaxException;
import picocli.CommandLine.Option;

/**
 * The {@code --broker URL} option shared by {@code wally run} and {@code wally sim}: overrides {@code
 * mqtt.broker} of the configuration file. Use it as a picocli mixin:
 *
 * <pre>{@code
 * @CommandLine.Mixin
 * BrokerOption broker = new BrokerOption();
 * ...
 * WallyConfig config = broker.applyTo(new ConfigLoader().load(configFile));
 * }</pre>
 */
public final class BrokerOption {

    @Option(names = "--broker", paramLabel = "URL",
            description = "MQTT broker: embedded (in-process, 127.0.0.1), tcp://host:port or ssl://host:port;"
                    + " overrides mqtt.broker of the configuration.")
    String broker;

    /** The URL given on the command line, or null. */
    public String broker() {
        return broker;
    }

    /**
     * {@code config} with {@code mqtt.broker} replaced by {@code --broker} when given.
     *
     * @throws UserErrorException when the URL is neither {@code embedded} nor {@code tcp://host:port} / {@code ssl://host:port}
     */
    public WallyConfig applyTo(WallyConfig config) {
        if (broker == null) {
            return config;
        }
        validate(broker);
        WallyConfig.Mqtt m = config.mqtt();
        WallyConfig.Mqtt mqtt = new WallyConfig.Mqtt(broker, m.embeddedPort(), m.username(), m.password(), m.tls(),
                m.telemetry(), m.maxPayloadBytes(), m.replyPrefix(), m.secretsFile(), m.embedded());
        return new WallyConfig(config.robot(), config.map(), config.store(), config.control(), config.drive(),
                config.motors(), config.sensors(), config.sim(), mqtt, config.homeassistant(), config.dashboard(), config.foxglove(), config.vda5050(),
                config.battery());
    }

    static void validate(String url) {
        if (url.equals("embedded")) {
            return;
        }
        String problem = null;
        if (!url.startsWith("tcp://") && !url.startsWith("ssl://")) {
            problem = "must be embedded, tcp://host:port or ssl://host:port";
        } else {
            try {
                URI uri = new URI(url);
                if (uri.getHost() == null || uri.getPort() < 1) {
                    problem = "needs a host and a port, e.g. tcp://localhost:1883";
                } else if (uri.getRawPath() != null && !uri.getRawPath().isEmpty()) {
                    problem = "must not have a path";
                }
            } catch (URISyntaxException e) {
                problem = "is not a URL (" + e.getReason() + ")";
            }
        }
        if (problem != null) {
            throw new UserErrorException("--broker " + problem + "; was \"" + url + "\"");
        }
    }
}
