package io.wally.maps.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wally.maps.MutableNavGraph;
import io.wally.maps.ReferenceGraph;
import io.wally.maps.embed.NearestNeighbours.Kernel;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class NearestNeighboursTest {

    @Test
    @Tag("slow")
    void shouldGiveIdenticalListsWhenScalarAndVectorKernels() {
        // given embeddings of a random graph in a dimension that is not a multiple of the lane count
        try (MutableNavGraph graph = EmbedFixtures.randomGraph(3, 2000, 9000)) {
            for (int dimension : new int[] {64, 37, 5}) {
                try (Embeddings e = FastRp.compute(graph, FastRpSettings.defaults().withDimension(dimension).withThreads(1));
                        Embeddings q = e.quantiseInt8()) {
                    for (Embeddings store : List.of(e, q)) {
                        NearestNeighbours knn = new NearestNeighbours(store);
                        for (int node = 0; node < graph.nodeIdLimit(); node += 37) {
                            if (!store.hasVector(node)) {
                                continue;
                            }
                            // when
                            List<Neighbour> scalar = knn.query(node, 100, v -> v % 3 != 1, false, Kernel.SCALAR);
                            List<Neighbour> vector = knn.query(node, 100, v -> v % 3 != 1, false, Kernel.VECTOR);
                            // then
                            assertThat(vector).as("node %d, dimension %d, %s", node, dimension, store.precision()).isEqualTo(scalar);
                            assertThat(vector).hasSize(100).allMatch(n -> n.node() % 3 != 1);
                            // and the indexed scan finds exactly what scoring every node finds
                            assertThat(knn.queryExhaustive(node, 100, v -> v % 3 != 1, false, Kernel.VECTOR)).isEqualTo(vector);
                            assertThat(knn.query(node, 7, null, true)).isEqualTo(knn.queryExhaustive(node, 7, null, true, Kernel.SCALAR));
                        }
                    }
                }
            }
        }
    }

    @Test
    void shouldMatchBruteForceCosineOrderWhenQueried() {
        // given
        try (MutableNavGraph graph = EmbedFixtures.randomGraph(5, 800, 3000);
                Embeddings e = FastRp.compute(graph, FastRpSettings.defaults().withThreads(1))) {
            NearestNeighbours knn = new NearestNeighbours(e);
            int query = firstWithVector(e);
            // when
            List<Neighbour> top = knn.query(query, 10, null, true);
            // then: the same ids as sorting every cosine (computed in double) would give
            List<Integer> all = new ArrayList<>();
            for (int v = 0; v < e.count(); v++) {
                if (v != query && e.hasVector(v)) {
                    all.add(v);
                }
            }
            all.sort((a, b) -> Float.compare(e.cosine(query, b), e.cosine(query, a)));
            assertThat(top.stream().map(Neighbour::node).toList()).isEqualTo(all.subList(0, 10));
            for (Neighbour n : top) {
                assertThat(n.similarity()).isCloseTo(e.cosine(query, n.node()), Offset.offset(1e-5f));
            }
        }
    }

    @Test
    void shouldFindTheMirrorImageWhenGraphHasAMirrorSymmetry() {
        // given two copies of a random graph (no symmetry of its own) joined at node 0 of each:
        //   copy A (ids 0..n-1) --- 0 <-> n --- copy B (ids n..2n-1),  mirror(v) = v +- n
        int n = 60;
        Random random = new Random(4);
        List<int[]> edges = new ArrayList<>();
        for (int i = 1; i < n; i++) {
            edges.add(new int[] {i, random.nextInt(i)});
        }
        for (int i = 0; i < n; i++) {
            int a = random.nextInt(n);
            int b = random.nextInt(n);
            if (a != b) {
                edges.add(new int[] {a, b});
            }
        }
        try (MutableNavGraph graph = new ReferenceGraph()) {
            for (int i = 0; i < 2 * n; i++) {
                graph.addNode(i, 0);
            }
            for (int copy = 0; copy < 2; copy++) {
                for (int[] e : edges) {
                    if (!graph.hasEdge(e[0] + copy * n, e[1] + copy * n)) {
                        graph.addUndirectedEdge(e[0] + copy * n, e[1] + copy * n, 1f, 1);
                    }
                }
            }
            graph.addUndirectedEdge(0, n, 1f, 1);
            // structural vectors: no identity columns, only the degree one-hot, so that mirror images get the same vector
            FastRpSettings settings = FastRpSettings.defaults().withFeatures(EnumSet.of(NodeFeature.DEGREE), 1).withIdentity(false)
                    .withIterationWeights(1, 1, 1, 1, 1).withSelfInfluence(1);
            try (Embeddings e = FastRp.compute(graph, settings)) {
                NearestNeighbours knn = new NearestNeighbours(e);
                for (int v = 0; v < 2 * n; v++) {
                    // when
                    List<Neighbour> nearest = knn.query(v, 1, null, true);
                    // then
                    assertThat(nearest.getFirst().node()).as("nearest of %d", v).isEqualTo(v < n ? v + n : v - n);
                }
            }
        }
    }

    @Test
    void shouldBreakTiesByNodeIdWhenSimilaritiesAreEqual() {
        // given a star: the leaves 1..9 all look alike (structural vectors), the centre 0 differs
        //   1 2 3
        //    \|/
        //  4--0--5 ...
        try (MutableNavGraph graph = new ReferenceGraph()) {
            graph.addNode(0, 0);
            for (int i = 1; i < 10; i++) {
                graph.addNode(i, 0);
                graph.addUndirectedEdge(0, i, 1f, 1);
            }
            FastRpSettings settings = FastRpSettings.defaults().withFeatures(EnumSet.of(NodeFeature.DEGREE), 1).withIdentity(false);
            try (Embeddings e = FastRp.compute(graph, settings)) {
                NearestNeighbours knn = new NearestNeighbours(e);
                // when
                List<Neighbour> top = knn.query(5, 4, null, true, Kernel.SCALAR);
                // then the equal leaves come in id order
                assertThat(top.stream().map(Neighbour::node).toList()).containsExactly(1, 2, 3, 4);
                assertThat(knn.query(5, 4, null, true, Kernel.VECTOR)).isEqualTo(top);
            }
        }
    }

    @Test
    void shouldKeepOnlyLabelledNodesWhenFilteredByLabel() {
        // given a random graph whose nodes carry random label bits 0..7
        try (MutableNavGraph graph = EmbedFixtures.randomGraph(6, 1500, 6000);
                Embeddings e = FastRp.compute(graph, FastRpSettings.defaults())) {
            NearestNeighbours knn = new NearestNeighbours(e);
            int query = firstWithVector(e);
            // when
            List<Neighbour> rooms = knn.query(query, 20, NearestNeighbours.labelFilter(graph, 1), true);
            List<Neighbour> all = knn.query(query, 100, null, true);
            // then: only nodes with bit 0, and in the order the unfiltered list has them
            assertThat(rooms).hasSize(20).allMatch(n -> (graph.labels(n.node()) & 1) != 0);
            List<Neighbour> expected = all.stream().filter(n -> (graph.labels(n.node()) & 1) != 0).limit(20).toList();
            assertThat(rooms.subList(0, expected.size())).isEqualTo(expected);
        }
    }

    @Test
    void shouldRejectQueryWhenKOutOfRangeOrNodeWithoutVector() {
        try (MutableNavGraph graph = EmbedFixtures.randomGraph(1, 50, 100);
                Embeddings e = FastRp.compute(graph, FastRpSettings.defaults())) {
            NearestNeighbours knn = new NearestNeighbours(e);
            int node = firstWithVector(e);
            assertThatThrownBy(() -> knn.query(node, 101, null, true)).hasMessageContaining("k must be in [1, 100]; was 101");
            assertThatThrownBy(() -> knn.query(node, 0, null, true)).hasMessageContaining("was 0");
            assertThatThrownBy(() -> knn.query(graph.nodeIdLimit(), 1, null, true)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    private static int firstWithVector(Embeddings e) {
        for (int v = 0; v < e.count(); v++) {
            if (e.hasVector(v)) {
                return v;
            }
        }
        throw new AssertionError("no vector");
    }
}
