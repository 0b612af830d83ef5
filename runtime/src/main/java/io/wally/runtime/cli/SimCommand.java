package io.wally.runtime.cli;

import io.wally.runtime.config.ConfigLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wally sim}: runs the whole runtime on the simulated robot (embedded MQTT broker by default). */
@Command(name = "sim", mixinStandardHelpOptions = true, description = "Runs the whole runtime on the simulated robot (embedded MQTT broker by default).")
final class SimCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "robot-config/sim.yaml",
            description = "Robot configuration (default: ${DEFAULT-VALUE}).")
    Path config;

    @Override
    public Integer call() {
        new ConfigLoader().load(config); // a bad file is reported even before the feature lands
        throw UserErrorException.notAvailableYet("wally sim", "issue 7: the simulated robot");
    }
}
