package io.wally.maps.graph;

import io.wally.maps.EdgeCursor;
import io.wally.maps.PoolStats;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Prints the storage figures quoted in docs/store.md (not a test; speed belongs to the bench module):
 * bytes per node and per directed edge of a 100,000-node 8-connected grid, pooled and compacted, and
 * the time to open a 1,000,000-node image.
 *
 * <pre>
 * mvn -q -o -pl maps test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java --add-modules jdk.incubator.vector -cp maps/target/classes:maps/target/test-classes:$(cat /tmp/cp.txt) \
 *      io.wally.maps.graph.StoreFigures
 * </pre>
 */
public final class StoreFigures {

    private StoreFigures() {
    }

    public static void main(String[] args) throws IOException {
        try (OffHeapGraph g = OffHeapGraphSpecificTest.grid(400, 250)) {
            System.out.printf("grid 400 x 250 8-connected: %,d nodes, %,d directed edges%n", g.nodeCount(), g.edgeCount());
            print("built edge by edge (pool records)", g);
            g.compact();
            print("after compact()", g);
        }
        try (OffHeapGraph g = OffHeapGraphSpecificTest.grid(400, 250)) {
            String[] names = new String[g.nodeIdLimit()];
            for (int n = 0; n < names.length; n++) {
                names[n] = "cell-" + (n % 400) + "-" + (n / 400);
            }
            try (OffHeapGraph named = new OffHeapGraph(names.length, names.length)) {
                float[] xs = new float[names.length];
                float[] ys = new float[names.length];
                for (int n = 0; n < names.length; n++) {
                    xs[n] = g.x(n);
                    ys[n] = g.y(n);
                }
                named.addNodes(names, xs, ys);
                EdgeCursor c = g.edges();
                for (int n = 0; n < names.length; n++) {
                    c.moveTo(n);
                    while (c.next()) {
                        named.addEdge(n, c.to(), c.weight(), c.type());
                    }
                }
                named.compact();
                System.out.printf("same grid with a name per node, compacted: %.2f MB off-heap in total%n",
                        named.offHeapBytes() / 1e6);
            }
        }
        Path dir = Files.createTempDirectory("store-figures");
        Path file = dir.resolve("grid1m.img");
        try (OffHeapGraph g = OffHeapGraphSpecificTest.grid(1000, 1000)) {
            for (int n = 0; n < 1_000_000; n += 10) {
                g.setLabels(n, n);
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                long t0 = System.nanoTime();
                g.writeImage(ch);
                ch.force(true);
                System.out.printf("1,000,000-node image (%,d edges): %,d bytes, written in %.0f ms%n", g.edgeCount(),
                        Files.size(file), (System.nanoTime() - t0) / 1e6);
            }
        }
        long[] openNanos = new long[7];
        for (int i = 0; i < openNanos.length; i++) {
            long t0 = System.nanoTime();
            try (OffHeapGraph opened = OffHeapGraph.openImage(file)) {
                openNanos[i] = System.nanoTime() - t0;
                if (opened.nodeCount() != 1_000_000) {
                    throw new AssertionError("opened " + opened.nodeCount() + " nodes");
                }
            }
        }
        Arrays.sort(openNanos);
        System.out.printf("openImage of the 1,000,000-node image (page cache warm, CRC32C of every section): "
                + "median %.1f ms, min %.1f ms, max %.1f ms over %d runs%n", openNanos[openNanos.length / 2] / 1e6,
                openNanos[0] / 1e6, openNanos[openNanos.length - 1] / 1e6, openNanos.length);
        Files.delete(file);
        Files.delete(dir);
    }

    private static void print(String label, OffHeapGraph g) {
        PoolStats pool = g.poolStats();
        System.out.printf("  %s: node records %.2f B/node; edge records %.2f B/edge in use, %.2f B/edge reserved "
                        + "(pool pages %d, fragmentation %.3f)%n", label,
                (double) g.nodeRecordBytes() / g.nodeCount(),
                (double) g.edgeRecordBytes() / g.edgeCount(),
                (double) (pool.reservedBytes() + (g.edgeRecordBytes() - pool.inUseBytes())) / g.edgeCount(),
                pool.pages(), pool.fragmentation());
    }
}
