package io.wally.maps.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.maps.DuplicateNameException;
import io.wally.maps.EdgeCursor;
import io.wally.maps.GraphDump;
import io.wally.maps.GraphException;
import io.wally.maps.GraphLimits;
import io.wally.maps.MutableNavGraph;
import io.wally.maps.NavGraph;
import io.wally.maps.ReferenceGraph;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential tests: seeded random operation sequences run on {@link ReferenceGraph} and on
 * {@link OffHeapGraph} (compacted at random points, so records live in pools, in the compact area,
 * or both; one sequence in ten also passes through a snapshot image and continues on the mapped
 * graph); every call must give the same result or the same exception (type and message), and the
 * whole observable state ({@link GraphDump}: every accessor, neighbour sets, versions) must match
 * after every call.
 */
@Tag("slow")
final class GraphDifferentialTest {

    private static final int SEQUENCES = 10_000;

    @TempDir
    static Path dir;
    private static final String[] NAMES = {"dock", "door", "hall", "kitchen", "küche", "a", "b", "c", "\uD83E\uDD16"};

    /** One operation, applied to each graph; returns a printable result. */
    private record Op(String label, Function<MutableNavGraph, Object> call) {
    }

    @Test
    void shouldBehaveLikeReferenceWhenRandomSequencesRun() {
        long operations = 0;
        for (int seq = 0; seq < SEQUENCES; seq++) {
            operations += runSequence(seq);
        }
        assertThat(operations).isGreaterThan(SEQUENCES * 10L);
    }

    private static int runSequence(long seed) {
        Random random = new Random(seed);
        int length = 1 + random.nextInt(40);
        // one sequence in ten also goes through a snapshot image at one random step
        int imageStep = seed % 10 == 0 ? random.nextInt(length) : -1;
        List<String> trace = new ArrayList<>();
        ReferenceGraph ref = new ReferenceGraph();
        OffHeapGraph off = new OffHeapGraph(random.nextInt(4));
        try {
            for (int step = 0; step < length; step++) {
                if (random.nextInt(8) == 0) {
                    off.compact();
                    trace.add("compact()");
                }
                if (step == imageStep) {
                    OffHeapGraph reopened = throughImage(off, seed);
                    off.close();
                    off = reopened;
                    trace.add("writeImage()+openImage()");
                }
                Op op = randomOp(random, ref);
                trace.add(op.label());
                Object expected = apply(op, ref);
                Object actual = apply(op, off);
                String where = "seed " + seed + ", ops " + trace;
                assertThat(actual).as(where).isEqualTo(expected);
                assertThat(GraphDump.of(off)).as(where).isEqualTo(GraphDump.of(ref));
            }
            off.compact();
            assertThat(GraphDump.of(off)).as("after final compact, seed %d", seed).isEqualTo(GraphDump.of(ref));
            assertThat(off.edgeRecordBytes()).as("compact edge bytes, seed %d", seed)
                    .isEqualTo(compactBytes(off));
        } finally {
            off.close();
            ref.close();
        }
        return length;
    }

    private static OffHeapGraph throughImage(OffHeapGraph g, long seed) {
        try {
            Path file = dir.resolve("seq-" + seed + ".img");
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                g.writeImage(ch);
            }
            OffHeapGraph opened = OffHeapGraph.openImage(file);
            Files.delete(file); // the mapping stays valid after the name is gone
            return opened;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The compact area's bytes as {@link AdjacencyDescriptor} specifies them, from the graph's observable
     * edges in its own iteration order: the palette takes the first 256 distinct (weight, type) pairs;
     * a record is narrow (3-byte entries, padded to even) when every neighbour is within a 16-bit delta
     * and every pair in the palette, else typed (10-byte entries) when a type is not 0, else 8-byte
     * entries; 4-byte header each.
     */
    private static long compactBytes(NavGraph g) {
        EdgeCursor c = g.edges();
        Set<Long> palette = new LinkedHashSet<>();
        for (int n = 0; n < g.nodeIdLimit(); n++) {
            if (g.containsNode(n)) {
                c.moveTo(n);
                while (c.next() && palette.size() < 256) {
                    palette.add(pair(c));
                }
            }
        }
        long bytes = 0;
        for (int n = 0; n < g.nodeIdLimit(); n++) {
            if (g.containsNode(n)) {
                int degree = 0;
                boolean narrow = true;
                boolean typed = false;
                c.moveTo(n);
                while (c.next()) {
                    degree++;
                    long delta = (long) c.to() - n;
                    narrow &= delta >= Short.MIN_VALUE && delta <= Short.MAX_VALUE && palette.contains(pair(c));
                    typed |= c.type() != 0;
                }
                if (degree > 0) {
                    bytes += narrow ? (4 + 3L * degree + 1) & ~1L : typed ? 4 + 10L * degree : 4 + 8L * degree;
                }
            }
        }
        return bytes;
    }

    private static long pair(EdgeCursor c) {
        return (long) Float.floatToRawIntBits(c.weight()) << 32 | c.type();
    }

    private static Object apply(Op op, MutableNavGraph g) {
        try {
            Object result = op.call().apply(g);
            if (result instanceof Optional<?> o && o.isPresent() && o.get() instanceof byte[] b) {
                return "bytes:" + HexFormat.of().formatHex(b);
            }
            return String.valueOf(result);
        } catch (GraphException | NullPointerException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /** A node id: mostly a plausible one (maybe removed), sometimes out of range. */
    private static int node(Random r, NavGraph ref) {
        int limit = ref.nodeIdLimit();
        return switch (r.nextInt(12)) {
            case 0 -> -1 - r.nextInt(3);
            case 1 -> limit + r.nextInt(3);
            default -> limit == 0 ? 0 : r.nextInt(limit);
        };
    }

    private static float coordinate(Random r) {
        return switch (r.nextInt(30)) {
            case 0 -> Float.NaN;
            case 1 -> Float.NEGATIVE_INFINITY;
            default -> (r.nextInt(2001) - 1000) / 10f;
        };
    }

    private static float weight(Random r) {
        return switch (r.nextInt(25)) {
            case 0 -> Float.NaN;
            case 1 -> -1f;
            case 2 -> Float.POSITIVE_INFINITY;
            case 3 -> -0f;
            default -> r.nextInt(100) / 4f;
        };
    }

    private static int type(Random r) {
        return switch (r.nextInt(25)) {
            case 0 -> -1;
            case 1 -> 65536;
            case 2 -> 65535;
            default -> r.nextInt(3) == 0 ? r.nextInt(4) : 0; // mostly 0: records stay untyped, then turn typed
        };
    }

    private static String name(Random r) {
        return switch (r.nextInt(25)) {
            case 0 -> "";
            case 1 -> "x".repeat(256);
            default -> NAMES[r.nextInt(NAMES.length)];
        };
    }

    private static String key(Random r) {
        return r.nextInt(30) == 0 ? "" : "k" + r.nextInt(4);
    }

    private static byte[] value(Random r) {
        int size = switch (r.nextInt(6)) {
            case 0 -> 0;
            case 1 -> 1500 + r.nextInt(2000); // above the compression threshold
            default -> r.nextInt(20);
        };
        byte[] v = new byte[size];
        if (r.nextBoolean()) {
            r.nextBytes(v);
        } else {
            byte[] text = ("corridor-" + r.nextInt(5) + " ").getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < size; i++) {
                v[i] = text[i % text.length];
            }
        }
        return v;
    }

    /**
     * What {@link OffHeapGraph#addNodes} promises, spelled out on any graph: the whole batch checked
     * first (each name and its coordinates, duplicates within the batch, then names already present),
     * then one {@code addNode} per name.
     */
    private static int[] addNodesOneByOne(MutableNavGraph g, String[] batch, float[] xs, float[] ys) {
        g.version(); // closed check first
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < batch.length; i++) {
            GraphLimits.checkName(batch[i]);
            GraphLimits.checkCoordinates(xs[i], ys[i]);
            Integer earlier = seen.putIfAbsent(batch[i], i);
            if (earlier != null) {
                throw new DuplicateNameException(batch[i], g.nodeIdLimit() + earlier);
            }
        }
        for (String name : batch) {
            if (g.nodeId(name) != NavGraph.NO_NODE) {
                throw new DuplicateNameException(name, g.nodeId(name));
            }
        }
        int[] ids = new int[batch.length];
        for (int i = 0; i < batch.length; i++) {
            ids[i] = g.addNode(batch[i], xs[i], ys[i]);
        }
        return ids;
    }

    private static Op randomOp(Random r, NavGraph ref) {
        // denser graphs: add nodes and edges more often than anything else
        int pick = r.nextInt(100);
        if (pick < 12) {
            float x = coordinate(r);
            float y = coordinate(r);
            return new Op("addNode(" + x + "," + y + ")", g -> g.addNode(x, y));
        } else if (pick < 22) {
            String n = name(r);
            float x = coordinate(r);
            float y = coordinate(r);
            return new Op("addNode(" + n + "," + x + "," + y + ")", g -> g.addNode(n, x, y));
        } else if (pick < 24) {
            int size = r.nextInt(4);
            String[] batch = new String[size];
            float[] xs = new float[size];
            float[] ys = new float[size];
            for (int i = 0; i < size; i++) {
                batch[i] = r.nextInt(3) == 0 ? name(r) : "batch-" + r.nextInt(30);
                xs[i] = coordinate(r);
                ys[i] = coordinate(r);
            }
            return new Op("addNodes(" + Arrays.toString(batch) + ")", g -> Arrays.toString(
                    g instanceof OffHeapGraph off ? off.addNodes(batch, xs, ys) : addNodesOneByOne(g, batch, xs, ys)));
        } else if (pick < 25) {
            int n = node(r, ref);
            return new Op("removeNode(" + n + ")", g -> {
                g.removeNode(n);
                return "ok";
            });
        } else if (pick < 28) {
            int n = node(r, ref);
            boolean b = r.nextBoolean();
            return new Op("setBlocked(" + n + "," + b + ")", g -> {
                g.setBlocked(n, b);
                return "ok";
            });
        } else if (pick < 31) {
            int n = node(r, ref);
            int l = r.nextInt();
            return new Op("setLabels(" + n + "," + l + ")", g -> {
                g.setLabels(n, l);
                return "ok";
            });
        } else if (pick < 51) {
            int a = node(r, ref);
            int b = node(r, ref);
            float w = weight(r);
            int t = type(r);
            return new Op("addEdge(" + a + "," + b + "," + w + "," + t + ")", g -> {
                g.addEdge(a, b, w, t);
                return "ok";
            });
        } else if (pick < 58) {
            int a = node(r, ref);
            int b = node(r, ref);
            float w = weight(r);
            int t = type(r);
            return new Op("addUndirectedEdge(" + a + "," + b + "," + w + "," + t + ")", g -> {
                g.addUndirectedEdge(a, b, w, t);
                return "ok";
            });
        } else if (pick < 66) {
            int a = node(r, ref);
            int b = node(r, ref);
            return new Op("removeEdge(" + a + "," + b + ")", g -> g.removeEdge(a, b));
        } else if (pick < 71) {
            int a = node(r, ref);
            int b = node(r, ref);
            float w = weight(r);
            return new Op("setWeight(" + a + "," + b + "," + w + ")", g -> {
                g.setWeight(a, b, w);
                return "ok";
            });
        } else if (pick < 77) {
            int n = node(r, ref);
            String k = key(r);
            byte[] v = value(r);
            return new Op("setProperty(" + n + "," + k + ",[" + v.length + "])", g -> {
                g.setProperty(n, k, v);
                return "ok";
            });
        } else if (pick < 80) {
            int n = node(r, ref);
            String k = key(r);
            return new Op("removeProperty(" + n + "," + k + ")", g -> g.removeProperty(n, k));
        } else if (pick < 84) {
            int a = node(r, ref);
            int b = node(r, ref);
            return new Op("weight/type(" + a + "," + b + ")", g -> g.hasEdge(a, b) + "/" + g.weight(a, b) + "/" + g.edgeType(a, b));
        } else if (pick < 88) {
            int n = node(r, ref);
            String k = key(r);
            return new Op("property(" + n + "," + k + ")", g -> g.property(n, k));
        } else if (pick < 92) {
            String n = name(r);
            return new Op("nodeId(" + n + ")", g -> g.nodeId(n));
        } else if (pick < 96) {
            int n = node(r, ref);
            return new Op("node(" + n + ")", g -> g.containsNode(n) + "/" + g.name(n) + "/" + g.x(n) + "/" + g.y(n)
                    + "/" + g.isBlocked(n) + "/" + g.labels(n) + "/" + g.propertyKeys(n));
        } else {
            int n = node(r, ref);
            return new Op("cursor(" + n + ")", g -> {
                EdgeCursor c = g.edges().moveTo(n);
                List<String> seen = new ArrayList<>();
                while (c.next()) {
                    seen.add(c.to() + ":" + c.weight() + ":" + c.type());
                }
                seen.sort(null);
                return seen;
            });
        }
    }
}
