package io.wally.maps.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.maps.ReferenceGraph;
import io.wally.maps.importer.GridGraph;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GraphOrderTest {

    @Test
    void shouldOrderEveryEdgeForwardWhenGraphIsAcyclic() {
        // 0 -> 1 -> 3
        // 0 -> 2 -> 3 -> 4     5 (alone)
        try (ReferenceGraph g = new ReferenceGraph()) {
            for (int i = 0; i < 6; i++) {
                g.addNode(i, 0);
            }
            int[][] edges = {{0, 1}, {1, 3}, {0, 2}, {2, 3}, {3, 4}};
            for (int[] e : edges) {
                g.addEdge(e[0], e[1], 1, 0);
            }

            TopologicalOrder order = GraphOrder.topologicalSort(g);

            assertThat(order.isAcyclic()).isTrue();
            assertThat(order.order()).hasSize(6).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
            int[] position = new int[6];
            int[] o = order.order();
            for (int i = 0; i < o.length; i++) {
                position[o[i]] = i;
            }
            for (int[] e : edges) {
                assertThat(position[e[0]]).as("%d before %d", e[0], e[1]).isLessThan(position[e[1]]);
            }
        }
    }

    @Test
    void shouldReturnACycleWhenThereIsOne() {
        // 0 -> 1 -> 2 -> 3 -> 1   (cycle 1 2 3)
        try (ReferenceGraph g = new ReferenceGraph()) {
            for (int i = 0; i < 4; i++) {
                g.addNode(i, 0);
            }
            g.addEdge(0, 1, 1, 0);
            g.addEdge(1, 2, 1, 0);
            g.addEdge(2, 3, 1, 0);
            g.addEdge(3, 1, 1, 0);

            TopologicalOrder order = GraphOrder.topologicalSort(g);

            assertThat(order.isAcyclic()).isFalse();
            assertThat(order.order()).isEmpty();
            int[] cycle = order.cycle();
            assertThat(cycle).containsExactlyInAnyOrder(1, 2, 3);
            for (int i = 0; i < cycle.length; i++) {
                assertThat(g.hasEdge(cycle[i], cycle[(i + 1) % cycle.length])).isTrue();
            }
        }
    }

    @Test
    void shouldReportSelfLoopAsOneNodeCycle() {
        try (ReferenceGraph g = new ReferenceGraph()) {
            g.addNode(0, 0);
            g.addEdge(0, 0, 1, 0);

            assertThat(GraphOrder.topologicalSort(g).cycle()).containsExactly(0);
        }
    }

    @Test
    void shouldFindTheRandomDagAcyclicAndAddedBackEdgeCyclic() {
        Random random = new Random(3);
        try (ReferenceGraph g = new ReferenceGraph()) {
            for (int i = 0; i < 300; i++) {
                g.addNode(i, 0);
            }
            for (int i = 0; i < 1500; i++) {
                int a = random.nextInt(300);
                int b = random.nextInt(300);
                if (a < b && !g.hasEdge(a, b)) {
                    g.addEdge(a, b, 1, 0); // only forward: a DAG
                }
            }
            assertThat(GraphOrder.topologicalSort(g).isAcyclic()).isTrue();

            Path longest = new Planner(g).bfs(0, 299, SearchLimits.NONE);
            if (longest.found()) {
                g.addEdge(299, 0, 1, 0);
                TopologicalOrder cyclic = GraphOrder.topologicalSort(g);
                assertThat(cyclic.isAcyclic()).isFalse();
                int[] c = cyclic.cycle();
                for (int i = 0; i < c.length; i++) {
                    assertThat(g.hasEdge(c[i], c[(i + 1) % c.length])).isTrue();
                }
            }
        }
    }

    @Test
    void shouldSplitGridIntoRoomsWhenAWallSeparatesThem() {
        // 9 x 5 grid, column 4 fully blocked: two 4 x 5 rooms.
        GridGraph grid = TestGraphs.randomGrid(new Random(1), 9, 5, 0.0, 8);
        try (var g = grid.graph()) {
            for (int row = 0; row < 5; row++) {
                g.setBlocked(grid.node(4, row), true);
            }

            Components c = GraphOrder.components(g);

            assertThat(c.count()).isEqualTo(2);
            assertThat(c.size(0)).isEqualTo(20);
            assertThat(c.size(1)).isEqualTo(20);
            assertThat(c.connected(grid.node(0, 0), grid.node(3, 4))).isTrue();
            assertThat(c.connected(grid.node(0, 0), grid.node(5, 0))).isFalse();
            assertThat(c.componentOf(grid.node(4, 2))).isEqualTo(Components.NONE);
        }
    }

    @Test
    void shouldAgreeWithBfsReachabilityOnRandomGrid() {
        GridGraph grid = TestGraphs.randomGrid(new Random(8), 40, 40, 0.4, 4);
        try (var g = grid.graph()) {
            Components c = GraphOrder.components(g);
            Planner planner = new Planner(g);
            int start = -1;
            for (int n = 0; n < g.nodeIdLimit() && start < 0; n++) {
                if (!g.isBlocked(n)) {
                    start = n;
                }
            }
            Traversal t = planner.bfsTraversal(start);
            for (int n = 0; n < g.nodeIdLimit(); n++) {
                assertThat(c.connected(start, n)).as("node %d", n).isEqualTo(t.reached(n));
            }
            assertThat(c.size(c.componentOf(start))).isEqualTo(t.visitedCount());
        }
    }
}
