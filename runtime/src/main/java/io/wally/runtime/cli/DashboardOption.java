package io.wally.runtime.cli;

import io.wally.runtime.config.WallyConfig;
import picocli.CommandLine.Option;

/**
 * The {@code --dashboard PORT|off} option shared by {@code wally run} and {@code wally sim}: serves the
 * dashboard on another port, or not at all, whatever {@code dashboard.enabled} and {@code dashboard.port}
 * say. A picocli mixin, used like {@link BrokerOption}.
 */
public final class DashboardOption {

    @Option(names = "--dashboard", paramLabel = "PORT|off",
            description = "Serve the web dashboard on PORT (0: any free port), or 'off'; overrides dashboard.port/enabled.")
    String dashboard;

    /**
     * {@code config} with the dashboard section changed as the option says (unchanged without it).
     *
     * @throws UserErrorException when the value is neither {@code off} nor a port in [0, 65535]
     */
    public WallyConfig applyTo(WallyConfig config) {
        if (dashboard == null) {
            return config;
        }
        if (dashboard.equalsIgnoreCase("off")) {
            return config.withDashboard(config.dashboard().onPort(null));
        }
        int port;
        try {
            port = Integer.parseInt(dashboard.trim());
        } catch (NumberFormatException e) {
            throw new UserErrorException("--dashboard must be a port (0 to 65535) or 'off'; was \"" + dashboard + "\"");
        }
        if (port < 0 || port > 65_535) {
            throw new UserErrorException("--dashboard must be a port (0 to 65535) or 'off'; was " + port);
        }
        return config.withDashboard(config.dashboard().onPort(port));
    }
}
