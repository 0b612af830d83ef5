package io.wally.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wally.bench.plan.PlanBench;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wally bench plan}: planners vs JGraphT and a bare int[] CSR baseline: BFS, Dijkstra, A*, D* Lite. */
@Command(name = "plan", mixinStandardHelpOptions = true, description = "Planners vs JGraphT and a bare int[] CSR baseline: BFS, Dijkstra, A*, D* Lite.")
final class BenchPlanCommand implements Callable<Integer> {

    @Option(names = "--json", paramLabel = "FILE", description = "Where to write the JSON object of results.")
    Path json;

    @Option(names = "--size", paramLabel = "N", defaultValue = "1000", description = "Side of the large 8-connected grid (default 1000: one million cells).")
    int size;

    @Option(names = "--reps", paramLabel = "N", defaultValue = "7", description = "Timed repetitions per engine (medians are reported).")
    int reps;

    @Option(names = "--arrays-view", description = "Also time the planner over the CSR arrays behind a NavGraph view (diagnostic: separates planner from storage cost, but makes call sites bimorphic).")
    boolean arraysView;

    @Option(names = "--only", paramLabel = "PART", split = ",",
            description = "Run only these parts (comma-separated): ${COMPLETION-CANDIDATES}. Default: all of them.")
    Set<PlanBench.Part> only;

    @Override
    public Integer call() throws Exception {
        if (size < 10 || reps < 1) {
            System.err.println("wally: --size must be >= 10 and --reps >= 1");
            return 2;
        }
        PlanBench.Options standard = PlanBench.Options.standard();
        PlanBench.Options options = new PlanBench.Options(size, standard.smallSize(), standard.obstacleShare(), reps,
                standard.smallReps(), standard.seed(), arraysView);
        ObjectNode result = new PlanBench(options, System.out).run(only == null || only.isEmpty()
                ? EnumSet.allOf(PlanBench.Part.class) : EnumSet.copyOf(only));
        BenchJson.write(result, json, false);
        return 0;
    }
}
