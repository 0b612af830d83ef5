package io.wally.bench.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wally.bench.BenchJson;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wally bench query}: graph queries interpreted vs compiled vs hand-written on a one-million-node grid. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Graph queries (scan, two-hop expand, aggregation) interpreted vs compiled vs hand-written on a one-million-node grid.")
public final class BenchQueryCommand implements Callable<Integer> {

    @Option(names = "--json", paramLabel = "FILE", description = "Where to write the JSON object of results.")
    Path json;

    @Option(names = "--size", paramLabel = "N", defaultValue = "1000", description = "Side of the grid (default 1000: one million nodes).")
    int size;

    @Option(names = "--reps", paramLabel = "N", defaultValue = "3", description = "Timed runs per engine and query (medians are reported).")
    int reps;

    @Override
    public Integer call() throws Exception {
        if (size < 10 || reps < 1) {
            System.err.println("wally: --size must be >= 10 and --reps >= 1; was " + size + " and " + reps);
            return 2;
        }
        ObjectNode result = new QueryBench(size, reps, System.out).run();
        BenchJson.write(result, json, false);
        return 0;
    }
}
