package io.wally.runtime.cli;

import io.wally.runtime.config.ConfigLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wally run}: runs the runtime on the real robot (Pi4J hardware); what the systemd unit starts. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Runs the runtime on the real robot (Pi4J hardware); what the systemd unit starts.")
final class RunCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "/etc/wally/wally.yaml",
            description = "Robot configuration (default: ${DEFAULT-VALUE}).")
    Path config;

    @Override
    public Integer call() {
        new ConfigLoader().load(config); // a bad file is reported even before the feature lands
        throw UserErrorException.notAvailableYet("wally run", "issue 8: MQTT and the systemd service");
    }
}
