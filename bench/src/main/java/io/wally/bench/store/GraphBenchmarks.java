package io.wally.bench.store;

import io.wally.maps.graph.OffHeapGraph;
import java.util.Arrays;

/**
 * The graph-store parts of {@code wally bench store}: batch insert of named nodes, and the record
 * sizes and total off-heap memory of a 100,000-node 8-connected grid with a name on every node.
 */
public final class GraphBenchmarks {

    private static final long WARM_UP_NANOS = 2_000_000_000L;

    private GraphBenchmarks() {
    }

    /**
     * Median milliseconds of one {@link OffHeapGraph#addNodes} call adding {@code batch} named nodes to a
     * new graph, after at least {@code warmups} calls and {@value #WARM_UP_NANOS} ns of them (a fixed
     * count alone could end before the JIT's last tier compiled the insert path).
     */
    public static double batchInsertMedianMillis(int batch, int warmups, int rounds) {
        String[] names = NameWorkloads.gridNames(batch, 100);
        float[] xs = new float[batch];
        float[] ys = new float[batch];
        for (int i = 0; i < batch; i++) {
            xs[i] = (i % 100) * 0.5f;
            ys[i] = (i / 100) * 0.5f;
        }
        long[] times = new long[rounds];
        long warmUntil = System.nanoTime() + WARM_UP_NANOS;
        for (int w = 0; w < warmups || System.nanoTime() < warmUntil; w++) {
            try (OffHeapGraph graph = new OffHeapGraph()) {
                Medians.sink += graph.addNodes(names, xs, ys)[batch - 1];
            }
        }
        for (int r = 0; r < rounds; r++) {
            try (OffHeapGraph graph = new OffHeapGraph()) {
                long start = System.nanoTime();
                int[] ids = graph.addNodes(names, xs, ys);
                long elapsed = System.nanoTime() - start;
                Medians.sink += ids[batch - 1];
                times[r] = elapsed;
            }
        }
        Arrays.sort(times);
        return times[rounds / 2] / 1e6;
    }

    /** Sizes measured on the grid. */
    public record GridFigures(int nodes, int directedEdges, double bytesPerNode, double bytesPerEdge,
                              double bytesPerEdgeBeforeCompact, long offHeapBytes, long nameIndexBytes) {
    }

    /**
     * Builds a {@code rows x columns} 8-connected grid (weights 1 and sqrt 2, every node named
     * {@code cell-r-c}), compacts it, and reads its statistics.
     */
    public static GridFigures grid(int rows, int columns) {
        int n = rows * columns;
        String[] names = NameWorkloads.gridNames(n, columns);
        float[] xs = new float[n];
        float[] ys = new float[n];
        for (int i = 0; i < n; i++) {
            xs[i] = i % columns;
            ys[i] = i / columns;
        }
        float diagonal = (float) Math.sqrt(2);
        try (OffHeapGraph graph = new OffHeapGraph(n)) {
            graph.addNodes(names, xs, ys);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < columns; c++) {
                    int from = r * columns + c;
                    for (int dr = -1; dr <= 1; dr++) {
                        for (int dc = -1; dc <= 1; dc++) {
                            int rr = r + dr;
                            int cc = c + dc;
                            if ((dr != 0 || dc != 0) && rr >= 0 && rr < rows && cc >= 0 && cc < columns) {
                                graph.addEdge(from, rr * columns + cc, dr != 0 && dc != 0 ? diagonal : 1f, 0);
                            }
                        }
                    }
                }
            }
            double beforeCompact = (double) graph.edgeRecordBytes() / graph.edgeCount();
            graph.compact();
            long nameBytes = graph.offHeapBytes() - graph.nodeRecordBytes();
            return new GridFigures(graph.nodeCount(), graph.edgeCount(),
                    (double) graph.nodeRecordBytes() / graph.nodeCount(),
                    (double) graph.edgeRecordBytes() / graph.edgeCount(), beforeCompact,
                    graph.offHeapBytes(), nameBytes);
        }
    }
}
