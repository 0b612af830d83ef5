package io.wally.bench;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wally bench pipeline}: agent pipeline: sensor-to-graph latency, planning under writes, allocation per cycle. */
@Command(name = "pipeline", mixinStandardHelpOptions = true, description = "Agent pipeline: sensor-to-graph latency, planning under writes, allocation per cycle.")
final class BenchPipelineCommand implements Callable<Integer> {

    @Option(names = "--json", paramLabel = "FILE", description = "Where to write the JSON object of results.")
    Path json;

    @Override
    public Integer call() {
        return BenchMain.notAvailableYet("pipeline", "issue 6: the pipeline");
    }
}
