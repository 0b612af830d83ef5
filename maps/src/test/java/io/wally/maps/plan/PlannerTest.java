package io.wally.maps.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import io.wally.maps.ReferenceGraph;
import io.wally.maps.importer.GridGraph;
import java.lang.management.ManagementFactory;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PlannerTest {

    /**
     * <pre>
     *   0 --1--> 1 --1--> 2
     *   |                 ^
     *   +-------5---------+        3 (isolated)
     * </pre>
     */
    private static ReferenceGraph line() {
        ReferenceGraph g = new ReferenceGraph();
        for (int i = 0; i < 4; i++) {
            g.addNode(i, 0);
        }
        g.addEdge(0, 1, 1f, 0);
        g.addEdge(1, 2, 1f, 0);
        g.addEdge(0, 2, 5f, 0);
        return g;
    }

    @Test
    void shouldPreferTheCheaperLongerRouteWhenDijkstraButFewerHopsWhenBfs() {
        try (ReferenceGraph g = line()) {
            Planner planner = new Planner(g);

            Path cheapest = planner.dijkstra(0, 2, SearchLimits.NONE);
            Path fewestHops = planner.bfs(0, 2, SearchLimits.NONE);

            assertThat(cheapest.nodes()).containsExactly(0, 1, 2);
            assertThat(cheapest.cost()).isEqualTo(2.0);
            assertThat(fewestHops.nodes()).containsExactly(0, 2);
            assertThat(fewestHops.cost()).isEqualTo(1.0);
            assertThat(cheapest.graphVersion()).isEqualTo(g.version());
        }
    }

    @Test
    void shouldReportNoPathWhenGoalUnreachable() {
        try (ReferenceGraph g = line()) {
            Path p = new Planner(g).dijkstra(0, 3, SearchLimits.NONE);

            assertThat(p.found()).isFalse();
            assertThat(p.status()).isEqualTo(PlanStatus.NO_PATH);
            assertThat(p.nodes()).isEmpty();
            assertThat(p.cost()).isInfinite();
            assertThat(p.expansions()).isEqualTo(3);
        }
    }

    @Test
    void shouldRouteAroundBlockedNodeAndRefuseBlockedGoal() {
        try (ReferenceGraph g = line()) {
            g.setBlocked(1, true);
            Planner planner = new Planner(g);

            assertThat(planner.dijkstra(0, 2, SearchLimits.NONE).nodes()).containsExactly(0, 2);
            assertThat(planner.dijkstra(0, 2, SearchLimits.NONE).cost()).isEqualTo(5.0);
            assertThat(planner.aStar(0, 1, Heuristics.euclidean(), SearchLimits.NONE).status()).isEqualTo(PlanStatus.INVALID_ENDPOINT);
            assertThat(planner.bfs(0, 99, SearchLimits.NONE).status()).isEqualTo(PlanStatus.INVALID_ENDPOINT);
        }
    }

    @Test
    void shouldReturnTheStartAloneWhenStartIsGoal() {
        try (ReferenceGraph g = line()) {
            Path p = new Planner(g).aStar(1, 1, Heuristics.euclidean(), SearchLimits.NONE);

            assertThat(p.found()).isTrue();
            assertThat(p.nodes()).containsExactly(1);
            assertThat(p.cost()).isZero();
        }
    }

    @Test
    void shouldStopAtExpansionLimitWhenGoalIsFar() {
        GridGraph grid = TestGraphs.randomGrid(new Random(1), 50, 50, 0.0, 4);
        try (var g = grid.graph()) {
            Path p = new Planner(g).dijkstra(grid.node(0, 0), grid.node(49, 49), SearchLimits.expansions(100));

            assertThat(p.status()).isEqualTo(PlanStatus.EXPANSION_LIMIT);
            assertThat(p.expansions()).isEqualTo(100);
            assertThat(p.nodes()).isEmpty();
        }
    }

    @Test
    void shouldStopBfsAtEitherLimitWhenGoalIsFar() {
        GridGraph grid = TestGraphs.randomGrid(new Random(1), 50, 50, 0.0, 4);
        try (var g = grid.graph()) {
            AtomicLong now = new AtomicLong();
            Planner planner = new Planner(g, () -> now.addAndGet(1_000_000));

            Path byCount = planner.bfs(grid.node(0, 0), grid.node(49, 49), SearchLimits.expansions(100));
            Path byClock = planner.bfs(grid.node(0, 0), grid.node(49, 49), SearchLimits.millis(2));
            Path free = planner.bfs(grid.node(0, 0), grid.node(49, 49), SearchLimits.NONE);

            assertThat(byCount.status()).isEqualTo(PlanStatus.EXPANSION_LIMIT);
            assertThat(byCount.expansions()).isEqualTo(100);
            assertThat(byClock.status()).isEqualTo(PlanStatus.TIME_LIMIT);
            assertThat(byClock.expansions()).isEqualTo(512);
            assertThat(free.status()).isEqualTo(PlanStatus.FOUND);
            assertThat(free.cost()).isEqualTo(98.0);
        }
    }

    @Test
    void shouldStopAtTimeLimitWhenClockRunsOut() {
        GridGraph grid = TestGraphs.randomGrid(new Random(1), 50, 50, 0.0, 4);
        try (var g = grid.graph()) {
            AtomicLong now = new AtomicLong();
            // Every clock read advances 1 ms: the start reads 1 ms, the check after 256 expansions reads
            // 2 ms (1 ms elapsed), the one after 512 reads 3 ms: 2 ms elapsed, the budget is gone.
            Planner planner = new Planner(g, () -> now.addAndGet(1_000_000));

            Path p = planner.aStar(grid.node(0, 0), grid.node(49, 49), Heuristics.manhattan(), SearchLimits.millis(2));

            assertThat(p.status()).isEqualTo(PlanStatus.TIME_LIMIT);
            assertThat(p.expansions()).isEqualTo(512);
        }
    }

    @Test
    void shouldVisitInBreadthAndDepthOrderWhenTraversing() {
        // 0 - 1 - 2
        // |   |
        // 3 - 4      (4-connected 3 x 2 grid, 5 blocked)
        ReferenceGraph g = new ReferenceGraph();
        for (int i = 0; i < 5; i++) {
            g.addNode(i, 0);
        }
        g.addUndirectedEdge(0, 1, 1, 0);
        g.addUndirectedEdge(1, 2, 1, 0);
        g.addUndirectedEdge(0, 3, 1, 0);
        g.addUndirectedEdge(1, 4, 1, 0);
        g.addUndirectedEdge(3, 4, 1, 0);
        try (g) {
            Planner planner = new Planner(g);

            Traversal bfs = planner.bfsTraversal(0);
            Traversal dfs = planner.dfsTraversal(0);

            assertThat(bfs.order()).containsExactly(0, 1, 3, 2, 4);
            assertThat(bfs.hops(4)).isEqualTo(2);
            assertThat(bfs.pathTo(2)).containsExactly(0, 1, 2);
            assertThat(dfs.order()).containsExactly(0, 1, 2, 4, 3);
            assertThat(dfs.hops(3)).isEqualTo(3);
            assertThat(dfs.pathTo(3)).containsExactly(0, 1, 4, 3);
            assertThat(planner.dfs(0, 3).nodes()).containsExactly(0, 1, 4, 3);
            assertThat(planner.dfs(0, 3).cost()).isEqualTo(3.0);
        }
    }

    @Test
    void shouldAllocateOnlyTheResultWhenQueriesRepeat() {
        GridGraph grid = TestGraphs.randomGrid(new Random(9), 60, 60, 0.1, 8);
        try (var g = grid.graph()) {
            Planner planner;
            int s = grid.node(1, 1);
            int t = grid.node(58, 58);
            g.setBlocked(s, false);
            g.setBlocked(t, false);
            FrozenGraph frozen = new FrozenGraph(g);
            planner = new Planner(frozen);
            assertThat(planner.aStar(s, t, Heuristics.octile(), SearchLimits.NONE).found()).isTrue();
            for (int i = 0; i < 50; i++) {
                planner.aStar(s, t, Heuristics.octile(), SearchLimits.NONE); // warm up and size the working memory
            }
            var threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
            long tid = Thread.currentThread().threadId();

            long before = threads.getThreadAllocatedBytes(tid);
            Path p = planner.aStar(s, t, Heuristics.octile(), SearchLimits.NONE);
            long allocated = threads.getThreadAllocatedBytes(tid) - before;

            assertThat(p.found()).isTrue();
            // The result (a Path and its int[] of nodes) plus slack for the measurement itself; the
            // 3600-node working memory (cost, parent, stamps: > 50 KB) must not be reallocated.
            assertThat(allocated).isLessThan(16L * p.nodeCount() + 2048);
        }
    }
}
