package io.wally.runtime.foxglove;

import io.wally.runtime.cli.UserErrorException;
import io.wally.runtime.config.WallyConfig;
import picocli.CommandLine.Option;

/**
 * The {@code --foxglove PORT|off} option of {@code wally run} and {@code wally sim}: the Foxglove server on
 * another port, or off, over {@code foxglove.*} of the configuration. A picocli mixin:
 * {@code config = foxglove.applyTo(config)}.
 *
 * <p>Bound by picocli on the command's thread; read once.
 */
public final class FoxgloveOption {

    @Option(names = "--foxglove", paramLabel = "PORT|off",
            description = "Foxglove WebSocket server port (0: any free port), or off; overrides foxglove.port and foxglove.enabled.")
    String value;

    /**
     * {@code config} with the option applied (unchanged without it).
     *
     * @throws UserErrorException when the value is neither {@code off} nor a port in [0, 65535]
     */
    public WallyConfig applyTo(WallyConfig config) {
        if (value == null) {
            return config;
        }
        WallyConfig.Foxglove current = config.foxglove() == null ? WallyConfig.Foxglove.OFF : config.foxglove();
        if (value.strip().equalsIgnoreCase("off")) {
            return config.withFoxglove(current.withPort(false, current.port()));
        }
        int port;
        try {
            port = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new UserErrorException("--foxglove must be a TCP port in [0, 65535] or off; was " + value);
        }
        return config.withFoxglove(current.withPort(true, port));
    }
}
