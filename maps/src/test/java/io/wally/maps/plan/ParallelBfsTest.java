package io.wally.maps.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.maps.importer.GridGraph;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ParallelBfsTest {

    @Test
    void shouldEqualSequentialBfsWhenRunOnSeveralThreads() {
        GridGraph grid = TestGraphs.randomGrid(new Random(21), 60, 40, 0.25, 8);
        try (var g = grid.graph(); ParallelBfs parallel = new ParallelBfs(3)) {
            Random random = new Random(5);
            int[] sources = random.ints(24, 0, g.nodeIdLimit()).toArray();
            int[] targets = random.ints(30, 0, g.nodeIdLimit()).toArray();

            int[][] hops = parallel.hops(g, sources, targets);

            Planner planner = new Planner(g);
            int reachable = 0;
            for (int i = 0; i < sources.length; i++) {
                Traversal t = planner.bfsTraversal(sources[i]);
                for (int j = 0; j < targets.length; j++) {
                    assertThat(hops[i][j]).as("hops %d -> %d", sources[i], targets[j]).isEqualTo(t.hops(targets[j]));
                    if (hops[i][j] > 0) {
                        reachable++;
                    }
                }
            }
            assertThat(reachable).isPositive();
            assertThat(parallel.threads()).isEqualTo(3);
        }
    }

    @Test
    void shouldUseOneThreadPerCoreByDefault() {
        try (ParallelBfs parallel = new ParallelBfs()) {
            assertThat(parallel.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        }
    }
}
