package io.wally.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wally.bench.persist.PersistBench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wally bench persist}: write-ahead log throughput (group and sync), recovery of 1,000,000 logged
 * mutations, open and checkpoint of a 1,000,000-node store; one JSON object (see docs/persistence.md).
 */
@Command(name = "persist", mixinStandardHelpOptions = true,
        description = "Write-ahead log throughput, recovery, open and checkpoint of a 1M-node store.")
final class BenchPersistCommand implements Callable<Integer> {

    @Option(names = "--json", paramLabel = "FILE", required = true, description = "Where to write the JSON object of results.")
    Path json;

    @Option(names = "--runs", defaultValue = "5", paramLabel = "N", description = "Runs per figure; the median is reported (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Directory for the benchmark stores, on the disk to measure (default: a new directory under java.io.tmpdir, deleted after).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        if (runs < 1) {
            System.err.println("wally: --runs must be >= 1; was " + runs);
            return 2;
        }
        Path work = dir != null ? Files.createDirectories(dir).resolve("wally-bench-persist-" + ProcessHandle.current().pid())
                : Files.createTempDirectory("wally-bench-persist");
        Files.createDirectories(work);
        try {
            Map<String, Object> results = new PersistBench(work, runs, System.err).run();
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), results);
            System.out.println(new ObjectMapper().writeValueAsString(results));
            return 0;
        } finally {
            Files.deleteIfExists(work);
        }
    }
}
