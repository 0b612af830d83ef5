package io.wally.maps.store;

import io.wally.maps.EdgeCursor;
import io.wally.maps.NavGraph;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A deterministic 64-bit checksum of everything a {@link NavGraph} lets a reader observe, independent
 * of how the graph is stored: the same observable graph gives the same checksum in any implementation,
 * any process and any run, and after any snapshot/replay round trip.
 *
 * <p>Covered, in this order: the node id limit, node and edge counts; then for every live node in id
 * order its id, coordinates (float bits), blocked flag, labels, name, its out-edges sorted by target
 * (target, weight bits, type) and its properties sorted by key (key, value bytes). Not covered:
 * {@link NavGraph#version()} (it counts mutations, and a graph rebuilt from a snapshot has the same
 * state with a different count) and edge iteration order (unspecified by the contract).
 *
 * <p>Not cryptographic: it detects accidental differences (lost, duplicated or altered mutations),
 * not tampering. Cost: one pass over the graph, O(nodes + edges log degree + property bytes).
 *
 * <p>Threading: stateless; reads the graph on the calling thread, which must be allowed to read it.
 */
public final class StateChecksum {

    private static final long SEED = 0x57414C4C59L; // "WALLY"
    private static final long M1 = 0x9E3779B97F4A7C15L;
    private static final long M2 = 0xC2B2AE3D27D4EB4FL;

    private StateChecksum() {
    }

    /** The checksum of {@code graph}'s whole observable state. */
    public static long of(NavGraph graph) {
        Hasher h = new Hasher();
        int limit = graph.nodeIdLimit();
        h.add(limit).add(graph.nodeCount()).add(graph.edgeCount());
        EdgeCursor cursor = graph.edges();
        int[] tos = new int[16];
        int[] weightBits = new int[16];
        int[] types = new int[16];
        long[] order = new long[16];
        for (int node = 0; node < limit; node++) {
            if (!graph.containsNode(node)) {
                continue;
            }
            h.add(node)
                    .add(Float.floatToIntBits(graph.x(node)))
                    .add(Float.floatToIntBits(graph.y(node)))
                    .add(graph.isBlocked(node) ? 1 : 0)
                    .add(graph.labels(node));
            Optional<String> name = graph.name(node);
            if (name.isPresent()) {
                h.add(1).add(name.get().getBytes(StandardCharsets.UTF_8));
            } else {
                h.add(0);
            }
            int degree = 0;
            cursor.moveTo(node);
            while (cursor.next()) {
                if (degree == tos.length) {
                    int n = degree * 2;
                    tos = Arrays.copyOf(tos, n);
                    weightBits = Arrays.copyOf(weightBits, n);
                    types = Arrays.copyOf(types, n);
                    order = Arrays.copyOf(order, n);
                }
                tos[degree] = cursor.to();
                weightBits[degree] = Float.floatToIntBits(cursor.weight());
                types[degree] = cursor.type();
                order[degree] = ((long) cursor.to() << 32) | degree;
                degree++;
            }
            Arrays.sort(order, 0, degree);
            h.add(degree);
            for (int i = 0; i < degree; i++) {
                int at = (int) order[i];
                h.add(tos[at]).add(weightBits[at]).add(types[at]);
            }
            List<String> keys = graph.propertyKeys(node);
            if (!keys.isEmpty()) {
                String[] sorted = keys.toArray(String[]::new);
                Arrays.sort(sorted);
                keys = List.of(sorted);
            }
            h.add(keys.size());
            for (String key : keys) {
                h.add(key.getBytes(StandardCharsets.UTF_8));
                Optional<byte[]> value = graph.property(node, key);
                if (value.isEmpty()) {
                    throw new IllegalStateException("property \"" + key + "\" of node " + node + " is listed but absent");
                }
                h.add(value.get());
            }
        }
        return h.finish();
    }

    /** {@link #of(NavGraph)} as 16 lower-case hex digits, the form the CLI prints. */
    public static String hexOf(NavGraph graph) {
        return toHex(of(graph));
    }

    /** {@code checksum} as 16 lower-case hex digits. */
    public static String toHex(long checksum) {
        return String.format("%016x", checksum);
    }

    /** An order-dependent streaming 64-bit mix (multiply-rotate per value, murmur3 finaliser). */
    private static final class Hasher {
        private long h = SEED;
        private long count;

        Hasher add(long v) {
            h = Long.rotateLeft(h ^ (v * M1), 29) * M2 + 0x165667B19E3779F9L;
            count++;
            return this;
        }

        Hasher add(byte[] bytes) {
            add(bytes.length);
            int i = 0;
            for (; i + 8 <= bytes.length; i += 8) {
                long v = 0;
                for (int b = 0; b < 8; b++) {
                    v |= (bytes[i + b] & 0xFFL) << (8 * b);
                }
                add(v);
            }
            long tail = 0;
            for (int b = 0; i < bytes.length; i++, b++) {
                tail |= (bytes[i] & 0xFFL) << (8 * b);
            }
            return add(tail);
        }

        long finish() {
            long z = h ^ count;
            z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
            z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
            return z ^ (z >>> 33);
        }
    }
}
