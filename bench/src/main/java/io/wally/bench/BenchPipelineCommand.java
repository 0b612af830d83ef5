package io.wally.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.wally.bench.pipeline.PipelineBench;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wally bench pipeline}: agent pipeline: sensor-to-graph latency, planning under writes, allocation per cycle. */
@Command(name = "pipeline", mixinStandardHelpOptions = true, description = "Agent pipeline: sensor-to-graph latency, planning under writes, allocation per cycle.")
final class BenchPipelineCommand implements Callable<Integer> {

    @Option(names = "--json", paramLabel = "FILE", required = true, description = "Where to write the JSON object of results.")
    Path json;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "10", description = "Length of each timed phase (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Override
    public Integer call() throws Exception {
        if (!(seconds > 0 && seconds <= 600)) {
            System.err.println("wally bench pipeline: --seconds must be in (0, 600]; was " + seconds);
            return 2;
        }
        Map<String, Object> result = new PipelineBench(seconds).run();
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), result);
        System.out.println(new ObjectMapper().writeValueAsString(result));
        return 0;
    }
}
