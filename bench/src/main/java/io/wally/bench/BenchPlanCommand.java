package io.wally.bench;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wally bench plan}: planners vs JGraphT and a bare int[] CSR baseline: BFS, Dijkstra, A*, D* Lite. */
@Command(name = "plan", mixinStandardHelpOptions = true, description = "Planners vs JGraphT and a bare int[] CSR baseline: BFS, Dijkstra, A*, D* Lite.")
final class BenchPlanCommand implements Callable<Integer> {

    @Option(names = "--json", paramLabel = "FILE", description = "Where to write the JSON object of results.")
    Path json;

    @Override
    public Integer call() {
        return BenchMain.notAvailableYet("plan", "issue 4: path planning");
    }
}
