package io.wally.maps.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.ThreadMXBean;
import io.wally.maps.graph.OffHeapGraph;
import io.wally.maps.importer.GridGraph;
import io.wally.maps.importer.PlaceKind;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Compiled queries allocate nothing per row: the bytes a run allocates (measured with
 * {@link ThreadMXBean#getCurrentThreadAllocatedBytes()}) do not grow with the number of edges followed
 * or rows found, beyond the result container (whose growth by doubling is computed here exactly).
 * Each query runs on a 60 x 60 and a 180 x 180 grid (nine times the rows and edges); derived data
 * (property columns, label index, names, reverse edges) is built by warm-up runs first, once per graph.
 */
class CompiledAllocationTest {

    private static final String[] TAGS = {"alpha", "alps", "beta", "gamma"};
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    /** Bytes of a reference in an array: 4 with compressed oops (the default for small heaps), else 8. */
    private static final int REFERENCE_BYTES = Boolean.parseBoolean(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
            .getVMOption("UseCompressedOops").getValue()) ? 4 : 8;

    /** A {@code side x side} 4-connected grid: random kinds, an integer level, a float score and a string tag per node. */
    private static OffHeapGraph grid(int side) {
        OffHeapGraph g = new OffHeapGraph(side * side);
        Random r = new Random(7);
        int[] kinds = {PlaceKind.ROOM.labelBit(), PlaceKind.WAYPOINT.labelBit(), PlaceKind.DOCK.labelBit(), 0};
        for (int i = 0; i < side * side; i++) {
            int n = g.addNode(i % side, i / side);
            g.setLabels(n, kinds[r.nextInt(4)]);
            g.setProperty(n, "level", PropertyValues.encode((long) r.nextInt(100)));
            g.setProperty(n, "score", PropertyValues.encode(r.nextInt(1000) / 1000.0));
            g.setProperty(n, "tag", PropertyValues.encode(TAGS[r.nextInt(TAGS.length)]));
        }
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int id = y * side + x;
                if (x + 1 < side) {
                    g.addUndirectedEdge(id, id + 1, 1, GridGraph.EDGE_TYPE);
                }
                if (y + 1 < side) {
                    g.addUndirectedEdge(id, id + side, 1, GridGraph.EDGE_TYPE);
                }
            }
        }
        return g;
    }

    private record Measured(long bytes, long rows, long expansions) {
    }

    private static Measured measure(OffHeapGraph g, String query) {
        QueryEngine engine = new QueryEngine(g, QuerySettings.DEFAULTS);
        for (int i = 0; i < 3; i++) {
            assertThat(engine.run(query, Map.of(), QueryEngine.Runtime.COMPILED).runtime()).isEqualTo("compiled");
        }
        long before = THREADS.getCurrentThreadAllocatedBytes();
        QueryResult result = engine.run(query, Map.of(), QueryEngine.Runtime.COMPILED);
        long bytes = THREADS.getCurrentThreadAllocatedBytes() - before;
        return new Measured(bytes, result.rows().size(), result.expansions());
    }

    /** Bytes a {@link RowBuffer} of {@code width} columns allocates for {@code rows} rows: 64 rows first, doubling, 8 + 1 bytes a cell (+ a reference for string columns). */
    private static long containerBytes(long rows, int width, boolean strings) {
        long perCell = 9 + (strings ? REFERENCE_BYTES : 0);
        long capacity = 64;
        long total = capacity * width * perCell;
        while (capacity < rows) {
            capacity *= 2;
            total += capacity * width * perCell;
        }
        return total;
    }

    @Test
    void shouldAllocateNothingPerEdgeWhenAggregatingOverVariableLengthUndirectedPathsWithStringFilters() {
        String q = "MATCH (a:dock)-[*1..2]-(b) WHERE b.tag STARTS WITH 'al' AND a.level < 50 RETURN kind(b) AS k, count(*) AS c, avg(b.score) AS s";
        try (OffHeapGraph small = grid(60); OffHeapGraph big = grid(180)) {
            Measured s = measure(small, q);
            Measured b = measure(big, q);
            assertThat(b.expansions()).isGreaterThan(8 * s.expansions());
            // a single boxed value per edge would be 16 bytes an edge: hundreds of kilobytes here
            double perEdge = (double) (b.bytes() - s.bytes()) / (b.expansions() - s.expansions());
            assertThat(perEdge).as("bytes per edge followed (small %s, big %s)", s, b).isLessThan(0.05);
        }
    }

    @Test
    void shouldAllocateNothingPerRowWhenDroppingDuplicatesWithDistinct() {
        String q = "MATCH (a:room)--(b:dock) WHERE b.score > 0.2 RETURN DISTINCT a.tag AS tag, kind(b) AS k";
        try (OffHeapGraph small = grid(60); OffHeapGraph big = grid(180)) {
            Measured s = measure(small, q);
            Measured b = measure(big, q);
            assertThat(b.rows()).isEqualTo(s.rows()).isEqualTo(TAGS.length);
            double perEdge = (double) (b.bytes() - s.bytes()) / (b.expansions() - s.expansions());
            assertThat(perEdge).as("bytes per edge followed (small %s, big %s)", s, b).isLessThan(0.05);
        }
    }

    @Test
    void shouldAllocateOnlyTheResultContainerForAProjection() {
        String q = "MATCH (n:room) WHERE n.level >= 50 AND n.tag <> 'beta' RETURN id(n) AS id, n.score AS score, n.tag AS tag";
        try (OffHeapGraph small = grid(60); OffHeapGraph big = grid(180)) {
            Measured s = measure(small, q);
            Measured b = measure(big, q);
            assertThat(b.rows()).isGreaterThan(8 * s.rows());
            long beyondSmall = s.bytes() - containerBytes(s.rows(), 3, true);
            long beyondBig = b.bytes() - containerBytes(b.rows(), 3, true);
            // boxing a row (an Object[] and a Long and a Double) would be 50+ bytes a row: 150 kB more on the big grid
            assertThat(Math.abs(beyondBig - beyondSmall)).as("bytes beyond the container (small %s, big %s)", s, b).isLessThan(4096);
        }
    }
}
