package io.wally.bench;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wally bench mqtt}: plan request round trip through an MQTT broker on a 100,000-node map. */
@Command(name = "mqtt", mixinStandardHelpOptions = true, description = "Plan request round trip through an MQTT broker on a 100,000-node map.")
final class BenchMqttCommand implements Callable<Integer> {

    @Option(names = "--json", paramLabel = "FILE", description = "Where to write the JSON object of results.")
    Path json;

    @Override
    public Integer call() {
        return BenchMain.notAvailableYet("mqtt", "issue 8: MQTT");
    }
}
