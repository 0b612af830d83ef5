package io.wally.maps.embed;

import io.wally.maps.EdgeCursor;
import io.wally.maps.NavGraph;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * A compact, read-only copy of a graph's adjacency (CSR: offsets into one array of targets), taken on the
 * caller's thread (edge weights only when asked for) so that worker threads never touch the graph itself (which may be single-threaded).
 *
 * <p>Immutable after construction; safe to read from any thread.
 */
final class GraphSnapshot {

    final int nodeIdLimit;
    final boolean[] live;
    final boolean[] blocked;
    final int[] labels;
    final int[] offsets;
    final int[] targets;
    final float[] weights;
    final long version;
    final long checksum;

    private GraphSnapshot(NavGraph graph, boolean keepWeights) {
        nodeIdLimit = graph.nodeIdLimit();
        version = graph.version();
        live = new boolean[nodeIdLimit];
        blocked = new boolean[nodeIdLimit];
        labels = new int[nodeIdLimit];
        offsets = new int[nodeIdLimit + 1];
        EdgeCursor cursor = graph.edges();
        long edges = 0;
        for (int n = 0; n < nodeIdLimit; n++) {
            if (graph.containsNode(n)) {
                live[n] = true;
                blocked[n] = graph.isBlocked(n);
                labels[n] = graph.labels(n);
                cursor.moveTo(n);
                while (cursor.next()) {
                    edges++;
                }
            }
        }
        if (edges > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("graph has too many edges to embed: " + edges);
        }
        targets = new int[(int) edges];
        weights = keepWeights ? new float[(int) edges] : null;
        int e = 0;
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocate(8192).order(ByteOrder.LITTLE_ENDIAN);
        for (int n = 0; n < nodeIdLimit; n++) {
            offsets[n] = e;
            if (live[n]) {
                cursor.moveTo(n);
                while (cursor.next()) {
                    targets[e] = cursor.to();
                    float w = cursor.weight();
                    if (keepWeights) {
                        weights[e] = w;
                    }
                    e++;
                    if (buf.remaining() < 8) {
                        crc.update(buf.flip());
                        buf.clear();
                    }
                    buf.putInt(cursor.to()).putFloat(w);
                }
            }
            if (buf.remaining() < 8) {
                crc.update(buf.flip());
                buf.clear();
            }
            buf.putInt(live[n] ? (blocked[n] ? 2 : 1) : 0).putInt(e);
        }
        offsets[nodeIdLimit] = e;
        crc.update(buf.flip());
        checksum = crc.getValue() ^ ((long) nodeIdLimit << 32);
    }

    /** Copies {@code graph}'s adjacency (read on the calling thread). */
    static GraphSnapshot of(NavGraph graph, boolean keepWeights) {
        return new GraphSnapshot(graph, keepWeights);
    }

    int degree(int node) {
        return offsets[node + 1] - offsets[node];
    }

    /** Bytes held by the adjacency arrays. */
    long bytes() {
        return 4L * offsets.length + 4L * targets.length + (weights == null ? 0 : 4L * weights.length) + 6L * nodeIdLimit;
    }
}
