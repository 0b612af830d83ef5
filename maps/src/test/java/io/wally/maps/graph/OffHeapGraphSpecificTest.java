package io.wally.maps.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.management.ThreadMXBean;
import io.wally.maps.DuplicateNameException;
import io.wally.maps.EdgeCursor;
import io.wally.maps.GraphDump;
import io.wally.maps.InvalidCoordinateException;
import io.wally.maps.InvalidNameException;
import io.wally.maps.NavGraph;
import io.wally.maps.PoolStats;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** What {@link OffHeapGraph} has beyond the contract: batches, compaction, statistics, allocation-free cursor. */
final class OffHeapGraphSpecificTest {

    @Test
    void shouldAddNamedNodesInOrderWhenBatchIsValid() {
        try (OffHeapGraph g = new OffHeapGraph()) {
            g.addNode("dock", 0f, 0f);
            int[] ids = g.addNodes(new String[] {"a", "b", "c"}, new float[] {1f, 2f, 3f}, new float[] {-1f, -2f, -3f});
            assertThat(ids).containsExactly(1, 2, 3);
            assertThat(g.version()).isEqualTo(4);
            assertThat(g.nodeId("b")).isEqualTo(2);
            assertThat(g.x(3)).isEqualTo(3f);
            assertThat(g.y(3)).isEqualTo(-3f);
            assertThat(g.exist(new String[] {"a", "zz", "dock", "c", ""})).containsExactly(true, false, true, true, false);
        }
    }

    @Test
    void shouldAddNothingWhenAnyNameInBatchIsBad() {
        try (OffHeapGraph g = new OffHeapGraph()) {
            g.addNode("dock", 0f, 0f);
            String before = GraphDump.of(g);
            float[] z = {0f, 0f, 0f};
            assertThatThrownBy(() -> g.addNodes(new String[] {"a", "dock", "c"}, z, z))
                    .isInstanceOf(DuplicateNameException.class).hasMessageContaining("\"dock\" (already node 0)");
            assertThatThrownBy(() -> g.addNodes(new String[] {"a", "b", "a"}, z, z))
                    .isInstanceOf(DuplicateNameException.class).hasMessageContaining("\"a\" (already node 1)");
            assertThatThrownBy(() -> g.addNodes(new String[] {"a", "", "c"}, z, z))
                    .isInstanceOf(InvalidNameException.class);
            assertThatThrownBy(() -> g.addNodes(new String[] {"a", "b", "c"}, z, new float[] {0f, Float.NaN, 0f}))
                    .isInstanceOf(InvalidCoordinateException.class);
            assertThatThrownBy(() -> g.addNodes(new String[] {"a"}, z, z))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names 1, xs 3, ys 3");
            assertThat(GraphDump.of(g)).isEqualTo(before);
            assertThat(g.nodeId("a")).isEqualTo(NavGraph.NO_NODE);
        }
    }

    @Test
    void shouldUseSixteenBytesPerNodeAndUnderFourPerEdgeWhenGridIsCompacted() {
        // given a 20 x 20 8-connected grid: 400 nodes, 2,964 directed edges
        //   o-o-o
        //   |X|X|   every cell linked to its 8 neighbours
        //   o-o-o
        try (OffHeapGraph g = grid(20, 20)) {
            assertThat(g.edgeCount()).isEqualTo(2 * (2 * 20 * 19) + 2 * (2 * 19 * 19));
            long pooled = g.edgeRecordBytes();
            // when
            g.compact();
            // then
            assertThat(g.nodeRecordBytes()).isEqualTo(400L * 16);
            // narrow records: a 4-byte header per node, 3 bytes per edge (delta and palette code), even sizes
            long expected = 0;
            EdgeCursor out = g.edges();
            for (int n = 0; n < 400; n++) {
                int degree = 0;
                out.moveTo(n);
                while (out.next()) {
                    degree++;
                }
                expected += (4 + 3L * degree + 1) & ~1L;
            }
            assertThat(g.edgeRecordBytes()).isEqualTo(expected);
            assertThat((double) g.edgeRecordBytes() / g.edgeCount()).isLessThan(4.0);
            assertThat(g.offHeapBytes()).as("nodes, edges, the 2 KiB palette, names and properties")
                    .isGreaterThanOrEqualTo(g.nodeRecordBytes() + expected + 2048);
            assertThat(pooled).as("pool records of the 8-edge class are exactly full").isLessThanOrEqualTo(400L * 68);
            assertThat(g.poolStats().pages()).as("pages given back by compact()").isZero();
            assertThat(g.poolStats().allocations()).isEqualTo(g.poolStats().frees());
        }
    }

    @Test
    void shouldCountPoolTrafficWhenRecordsGrowAndShrink() {
        try (OffHeapGraph g = new OffHeapGraph()) {
            int hub = g.addNode(0f, 0f);
            for (int i = 1; i <= 9; i++) {
                g.addNode(i, 0f);
                g.addEdge(hub, i, 1f, 0);
            }
            // classes 1, 2, 4, 8, 16: five allocations, four frees (each move frees the smaller record)
            PoolStats s = g.poolStats();
            assertThat(s.allocations()).isEqualTo(5);
            assertThat(s.frees()).isEqualTo(4);
            assertThat(s.inUseBlocks()).isEqualTo(1);
            assertThat(g.edgeRecordBytes()).isEqualTo(4 + 8 * 16);
            for (int i = 1; i <= 9; i++) {
                g.removeEdge(hub, i);
            }
            assertThat(g.poolStats().inUseBlocks()).isZero();
            assertThat(g.edgeRecordBytes()).isZero();
            assertThat(g.offHeapBytes()).isGreaterThan(g.nodeRecordBytes());
        }
    }

    @Test
    void shouldKeepRecordUntypedUntilAnEdgeHasAType() {
        // 0 --t0--> 1, 0 --t0--> 2, then 0 --t5--> 3: the record turns typed (10-byte entries)
        try (OffHeapGraph g = new OffHeapGraph()) {
            for (int i = 0; i < 4; i++) {
                g.addNode(i, 0f);
            }
            g.addEdge(0, 1, 1f, 0);
            g.addEdge(0, 2, 2f, 0);
            assertThat(g.edgeRecordBytes()).isEqualTo(4 + 8 * 2);
            g.addEdge(0, 3, 3f, 5);
            assertThat(g.edgeRecordBytes()).isEqualTo(4 + 10 * 4);
            assertThat(g.edgeType(0, 1)).isZero();
            assertThat(g.edgeType(0, 3)).isEqualTo(5);
            assertThat(g.weight(0, 2)).isEqualTo(2f);
            // compact() writes it narrow: (weight, type) pairs are palette codes, types included
            g.compact();
            assertThat(g.edgeRecordBytes()).isEqualTo((4 + 3 * 3 + 1) & ~1);
            assertThat(g.edgeType(0, 3)).isEqualTo(5);
            assertThat(neighboursOf(g, 0)).containsExactly("1:1.0:0", "2:2.0:0", "3:3.0:5");
            // an added edge moves the record to a pool: typed, since one type is not 0
            g.addEdge(0, 0, 4f, 0);
            assertThat(g.edgeRecordBytes()).isEqualTo(4 + 10 * 4);
            assertThat(neighboursOf(g, 0)).containsExactly("0:4.0:0", "1:1.0:0", "2:2.0:0", "3:3.0:5");
            // when the typed edge goes, the pool record stays typed until compact()
            g.removeEdge(0, 3);
            g.removeEdge(0, 0);
            g.compact();
            assertThat(g.edgeRecordBytes()).isEqualTo(4 + 3 * 2);
            assertThat(neighboursOf(g, 0)).containsExactly("1:1.0:0", "2:2.0:0");
        }
    }

    @Test
    void shouldKeepRecordWideWhenANeighbourIsBeyondNarrowReach() {
        // node 0 -> 1 and 0 -> 40,000: the second delta does not fit 16 bits, so 0's record stays 8-byte
        try (OffHeapGraph g = new OffHeapGraph(40_001)) {
            for (int i = 0; i <= 40_000; i++) {
                g.addNode(i, 0f);
            }
            g.addEdge(0, 1, 1f, 0);
            g.addEdge(0, 40_000, 2f, 0);
            g.addEdge(1, 40_000, 2f, 3);        // typed and out of reach: 10-byte entries
            g.addEdge(40_000, 39_999, 3f, 0);
            g.addEdge(40_000, 7_233, 4f, 0);   // delta -32,767: still narrow
            g.compact();
            assertThat(g.edgeRecordBytes()).isEqualTo((4 + 8 * 2) + (4 + 10) + (4 + 3 * 2));
            assertThat(g.edgeType(1, 40_000)).isEqualTo(3);
            assertThat(neighboursOf(g, 0)).containsExactly("1:1.0:0", "40000:2.0:0");
            assertThat(neighboursOf(g, 40_000)).containsExactly("39999:3.0:0", "7233:4.0:0");
            assertThat(g.hasEdge(40_000, 7_233)).isTrue();
            assertThat(g.hasEdge(0, 40_000)).isTrue();
            assertThat(g.weight(40_000, 7_233)).isEqualTo(4f);
        }
    }

    @Test
    void shouldKeepRecordsWideWhenThePaletteIsFull() {
        // 300 distinct (weight, type) pairs: the first 256 (in node order) get codes; records 257..300 stay wide
        try (OffHeapGraph g = new OffHeapGraph(301)) {
            for (int i = 0; i <= 300; i++) {
                g.addNode(i, 0f);
            }
            for (int i = 1; i <= 300; i++) {
                g.addEdge(i, i - 1, i, 0);          // weights 1..300, one per record: 1..256 fit
            }
            g.addEdge(0, 1, 1f, 0);                 // node 0: a weight in the palette
            g.compact();
            long narrow = (4 + 3 + 1) & ~1L;
            assertThat(g.edgeRecordBytes()).isEqualTo(narrow + 256 * narrow + 44 * (4 + 8));
            for (int i = 1; i <= 300; i++) {
                assertThat(g.weight(i, i - 1)).isEqualTo((float) i);
                assertThat(neighboursOf(g, i)).containsExactly((i - 1) + ":" + (float) i + ":0");
            }
        }
    }

    @Test
    void shouldKeepNarrowRecordInPlaceUntilThePaletteIsFull() {
        try (OffHeapGraph g = grid(4, 4)) {
            g.compact();
            long compactBytes = g.edgeRecordBytes();
            List<String> before = neighboursOf(g, 5);
            // a weight already in the palette (sqrt 2) is written in place as its code
            g.setWeight(5, 6, (float) Math.sqrt(2));
            assertThat(g.poolStats().inUseBlocks()).isZero();
            assertThat(g.weight(5, 6)).isEqualTo((float) Math.sqrt(2));
            // a new weight joins the palette (2 grid pairs + 2.5): still in place
            g.setWeight(5, 6, 2.5f);
            assertThat(g.poolStats().inUseBlocks()).isZero();
            assertThat(g.weight(5, 6)).isEqualTo(2.5f);
            assertThat(g.edgeRecordBytes()).isEqualTo(compactBytes);
            // 253 more distinct weights fill the palette's 256 codes, still in place
            for (int i = 0; i < 253; i++) {
                g.setWeight(9, 10, 100f + i);
            }
            assertThat(g.poolStats().inUseBlocks()).isZero();
            assertThat(g.weight(9, 10)).isEqualTo(352f);
            // one more: the palette is full, the record moves to a pool block, wide, in the same order
            g.setWeight(5, 6, 7.25f);
            assertThat(g.poolStats().inUseBlocks()).isEqualTo(1);
            assertThat(g.weight(5, 6)).isEqualTo(7.25f);
            List<String> after = neighboursOf(g, 5);
            assertThat(after).hasSameSizeAs(before).contains("6:7.25:0");
            // removal from a narrow record edits in place
            g.removeEdge(9, 10);
            assertThat(g.hasEdge(9, 10)).isFalse();
            assertThat(g.hasEdge(9, 8)).isTrue();
            assertThat(g.edgeRecordBytes()).isLessThan(compactBytes + 4 + 8 * 8);
            g.compact();
            assertThat(g.weight(5, 6)).isEqualTo(7.25f);
            assertThat(g.poolStats().inUseBlocks()).isZero();
        }
    }

    private static List<String> neighboursOf(OffHeapGraph g, int node) {
        List<String> out = new ArrayList<>();
        EdgeCursor c = g.edges().moveTo(node);
        while (c.next()) {
            out.add(c.to() + ":" + c.weight() + ":" + c.type());
        }
        out.sort(null);
        return out;
    }

    @Test
    void shouldAllocateNothingWhenCursorIterates() {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (OffHeapGraph g = grid(30, 30)) {
            EdgeCursor c = g.edges();
            long sum = iterate(g, c); // warm up (JIT, escape analysis)
            for (int i = 0; i < 200; i++) {
                sum += iterate(g, c);
            }
            g.compact();
            for (int i = 0; i < 200; i++) {
                sum += iterate(g, c);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 50; i++) {
                sum += iterate(g, c);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertThat(sum).isPositive();
            // 50 passes over 6,844 edges: any per-edge or per-call allocation would be >= 300 KB
            assertThat(allocated).as("bytes allocated by 50 full traversals").isLessThan(1024);
        }
    }

    @Test
    void shouldReportNoLeakWhenClosedWithLiveRecordsInPools() {
        List<LogRecord> records = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger graphLog = Logger.getLogger(OffHeapGraph.class.getName());
        Logger poolLog = Logger.getLogger(BlockPool.class.getName());
        graphLog.addHandler(handler);
        poolLog.addHandler(handler);
        try {
            // a 5 x 5 grid whose records are all in pools, and a few moved out of the compact area
            OffHeapGraph g = grid(5, 5);
            g.compact();
            g.addEdge(0, 24, 1f, 0);
            g.addEdge(24, 0, 1f, 0);
            assertThat(g.poolStats().inUseBlocks()).isEqualTo(2);
            g.close();
            assertThat(records).as("blocks held by live node records are not leaks").isEmpty();
        } finally {
            graphLog.removeHandler(handler);
            poolLog.removeHandler(handler);
        }
    }

    private static long iterate(OffHeapGraph g, EdgeCursor c) {
        long sum = 0;
        int limit = g.nodeIdLimit();
        for (int n = 0; n < limit; n++) {
            c.moveTo(n);
            while (c.next()) {
                sum += c.to() + c.type();
            }
        }
        return sum;
    }

    /** A w x h 8-connected grid, unnamed, weights 1 and sqrt(2). */
    static OffHeapGraph grid(int w, int h) {
        OffHeapGraph g = new OffHeapGraph(w * h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                g.addNode(x, y);
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = x + dx;
                        int ny = y + dy;
                        if ((dx != 0 || dy != 0) && nx >= 0 && ny >= 0 && nx < w && ny < h) {
                            g.addEdge(y * w + x, ny * w + nx, dx != 0 && dy != 0 ? 1.4142135f : 1f, 0);
                        }
                    }
                }
            }
        }
        return g;
    }
}
