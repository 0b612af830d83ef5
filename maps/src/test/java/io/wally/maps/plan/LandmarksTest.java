package io.wally.maps.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.wally.maps.MutableNavGraph;
import io.wally.maps.graph.OffHeapGraph;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LandmarksTest {

    /**
     * A road-like graph: a side x side grid of jittered points, two-way streets weighing 1 to 3 times
     * their length, a few one-way streets, and some long fast roads weighing less than their length
     * (so a straight-line heuristic would overestimate).
     */
    private static MutableNavGraph roads(int side, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        MutableNavGraph g = new OffHeapGraph();
        for (int i = 0; i < side * side; i++) {
            g.addNode((float) (i % side + r.nextDouble(-0.3, 0.3)), (float) (i / side + r.nextDouble(-0.3, 0.3)));
        }
        for (int i = 0; i < side * side; i++) {
            int[] next = {i % side + 1 < side ? i + 1 : -1, i + side < side * side ? i + side : -1};
            for (int j : next) {
                if (j < 0 || r.nextInt(10) == 0) {
                    continue; // a missing street
                }
                float length = (float) Math.hypot(g.x(i) - g.x(j), g.y(i) - g.y(j));
                if (r.nextInt(8) == 0) {
                    g.addEdge(i, j, length * (float) r.nextDouble(1, 3), 0); // one way
                } else {
                    g.addUndirectedEdge(i, j, length * (float) r.nextDouble(1, 3), 0);
                }
            }
        }
        for (int k = 0; k < side; k++) {
            int a = r.nextInt(side * side);
            int b = r.nextInt(side * side);
            if (a != b && !g.hasEdge(a, b) && !g.hasEdge(b, a)) {
                g.addUndirectedEdge(a, b, (float) (0.5 * Math.hypot(g.x(a) - g.x(b), g.y(a) - g.y(b))), 1);
            }
        }
        return g;
    }

    @Test
    void shouldFindDijkstraCostWithFewerExpansionsWhenGuidedByLandmarks() {
        try (MutableNavGraph g = roads(60, 3); Landmarks alt = Landmarks.select(g, 8, 42)) {
            Planner planner = new Planner(g);
            SplittableRandom r = new SplittableRandom(5);
            long altExpansions = 0;
            long dijkstraExpansions = 0;
            for (int i = 0; i < 200; i++) {
                int s = r.nextInt(g.nodeIdLimit());
                int t = r.nextInt(g.nodeIdLimit());
                Path dijkstra = planner.dijkstra(s, t, SearchLimits.NONE);
                Path astar = planner.aStar(s, t, alt, SearchLimits.NONE);
                assertThat(astar.status()).as("pair %d", i).isEqualTo(dijkstra.status());
                if (dijkstra.found()) {
                    assertThat(astar.cost()).as("pair %d: %d to %d", i, s, t).isCloseTo(dijkstra.cost(), within(1e-3));
                    altExpansions += astar.expansions();
                    dijkstraExpansions += dijkstra.expansions();
                }
            }
            assertThat(alt.nodes()).hasSize(8).doesNotHaveDuplicates();
            assertThat(altExpansions).as("expansions with landmarks vs Dijkstra's %d", dijkstraExpansions)
                    .isLessThan(dijkstraExpansions / 3);
        }
    }

    @Test
    void shouldStayOptimalWhenWeightsRiseAndFallBackToZeroWhenInvalidated() {
        try (MutableNavGraph g = roads(30, 9); Landmarks alt = Landmarks.select(g, 4, 1)) {
            Planner planner = new Planner(g);
            SplittableRandom r = new SplittableRandom(11);
            // weights rise: the stored distances now underestimate, the bound stays admissible
            for (int u = 0; u < g.nodeIdLimit(); u += 3) {
                var out = g.edges().moveTo(u);
                int[] targets = new int[8];
                int k = 0;
                while (out.next() && k < targets.length) {
                    targets[k++] = out.to();
                }
                for (int j = 0; j < k; j++) {
                    g.setWeight(u, targets[j], g.weight(u, targets[j]) * 4);
                }
            }
            for (int i = 0; i < 100; i++) {
                int s = r.nextInt(g.nodeIdLimit());
                int t = r.nextInt(g.nodeIdLimit());
                Path dijkstra = planner.dijkstra(s, t, SearchLimits.NONE);
                if (dijkstra.found()) {
                    assertThat(planner.aStar(s, t, alt, SearchLimits.NONE).cost()).as("pair %d", i).isCloseTo(dijkstra.cost(), within(1e-3));
                }
            }
            // a weight falls: the caller invalidates, estimates become 0 (Dijkstra's expansions)
            alt.invalidate();
            assertThat(alt.isValid()).isFalse();
            assertThat(alt.estimate(5, 0, 0, 700, 0, 0)).isZero();
        }
    }

    @Test
    void shouldBoundNothingAcrossDisconnectedParts() {
        //   0 --1-- 1        2 --1-- 3      (two parts)
        try (MutableNavGraph g = new OffHeapGraph()) {
            for (int i = 0; i < 4; i++) {
                g.addNode(i, 0);
            }
            g.addUndirectedEdge(0, 1, 1, 0);
            g.addUndirectedEdge(2, 3, 1, 0);
            try (Landmarks alt = Landmarks.select(g, 2, 0)) {
                Planner planner = new Planner(g);
                assertThat(planner.aStar(0, 1, alt, SearchLimits.NONE).cost()).isEqualTo(1.0);
                assertThat(planner.aStar(0, 3, alt, SearchLimits.NONE).found()).isFalse();
                assertThat(alt.estimate(0, 0, 0, 3, 3, 0)).isFinite();
            }
        }
    }
}
