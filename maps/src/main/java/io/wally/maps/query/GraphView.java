package io.wally.maps.query;

import io.wally.maps.EdgeCursor;
import io.wally.maps.NavGraph;
import io.wally.maps.plan.Planner;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * What queries read beside the graph itself, built lazily for one graph version and dropped when the
 * version changes: decoded property columns, the reverse adjacency (for {@code <--} and {@code --}
 * patterns; the graph stores out-edges only), a label index (the ascending ids of the live nodes
 * passing each label test a scan used, and every node's label bits in one heap array) and a planner
 * for {@code cost} and {@code hops}.
 *
 * <p>The label index is the access path that makes a label scan cost what its matches cost: a scan of
 * {@code (n:dock)} over a million-node grid visits the quarter of the ids that are docks instead of
 * asking the graph {@code containsNode} and {@code labels} (off-heap reads behind an interface) for
 * every id. Built on first use per version in one pass over the ids, so a map that changes between
 * every query pays one pass per query, no more than a scan without the index.
 *
 * <p>Threading: confined to the thread of its {@link QueryEngine}; the graph must not change while a
 * query runs (callers pass a published read view).
 */
final class GraphView {

    final NavGraph graph;
    private long version;
    private final Map<String, PropertyColumn> columns = new HashMap<>();
    private int[] inStart;
    private int[] inFrom;
    private int[] inType;
    private int[][] forward;
    /** Ids passing a label test, by {@link #labelKey}; only the tests queries used. */
    private final Map<Long, int[]> labelIndex = new HashMap<>();
    private int[] labels;
    private String[] names;
    private Planner planner;
    private EdgeCursor degreeCursor;

    GraphView(NavGraph graph) {
        this.graph = graph;
        this.version = graph.version();
    }

    /** Drops everything derived from an older version of the graph. */
    void refresh() {
        long now = graph.version();
        if (now != version) {
            version = now;
            columns.clear();
            labelIndex.clear();
            labels = null;
            names = null;
            inStart = null;
            inFrom = null;
            inType = null;
            forward = null;
        }
    }

    PropertyColumn column(String key) {
        return columns.computeIfAbsent(key, k -> PropertyColumn.build(graph, k));
    }

    /**
     * The ascending ids of the live nodes passing {@code test} (every live node for the empty test):
     * iterating them visits the same nodes in the same order as a scan of every id with the test.
     * The array is shared; callers must not write to it.
     */
    int[] nodesWith(LogicalPlan.LabelTest test) {
        return labelIndex.computeIfAbsent(labelKey(test), k -> {
            int[] all = labels();
            int limit = graph.nodeIdLimit();
            int[] ids = new int[limit];
            int count = 0;
            for (int n = 0; n < limit; n++) {
                if (graph.containsNode(n) && test.matches(all[n])) {
                    ids[count++] = n;
                }
            }
            return Arrays.copyOf(ids, count);
        });
    }

    private static long labelKey(LogicalPlan.LabelTest test) {
        return (long) test.mask() << 1 | (test.cell() ? 1 : 0);
    }

    /** The label bits of every node id ({@code 0} where no node lives), one heap read per test. Shared; read only. */
    int[] labels() {
        if (labels == null) {
            int limit = graph.nodeIdLimit();
            int[] all = new int[limit];
            for (int n = 0; n < limit; n++) {
                if (graph.containsNode(n)) {
                    all[n] = graph.labels(n);
                }
            }
            labels = all;
        }
        return labels;
    }

    /** The name of every node id (null where none), so that compiled code reads a name without a look-up. Shared; read only. */
    String[] names() {
        if (names == null) {
            int limit = graph.nodeIdLimit();
            String[] all = new String[limit];
            for (int n = 0; n < limit; n++) {
                if (graph.containsNode(n)) {
                    all[n] = graph.name(n).orElse(null);
                }
            }
            names = all;
        }
        return names;
    }

    /** Reverse adjacency in CSR form: the in-edges of {@code n} are {@code inFrom[inStart[n] .. inStart[n+1])}. */
    void buildReverse() {
        if (inStart != null) {
            return;
        }
        int limit = graph.nodeIdLimit();
        int[] start = new int[limit + 1];
        EdgeCursor c = graph.edges();
        for (int n = 0; n < limit; n++) {
            if (graph.containsNode(n)) {
                c.moveTo(n);
                while (c.next()) {
                    start[c.to() + 1]++;
                }
            }
        }
        for (int n = 0; n < limit; n++) {
            start[n + 1] += start[n];
        }
        int[] fill = start.clone();
        int[] from = new int[start[limit]];
        int[] type = new int[start[limit]];
        for (int n = 0; n < limit; n++) {
            if (graph.containsNode(n)) {
                c.moveTo(n);
                while (c.next()) {
                    int at = fill[c.to()]++;
                    from[at] = n;
                    type[at] = c.type();
                }
            }
        }
        inStart = start;
        inFrom = from;
        inType = type;
    }

    /** The reverse adjacency's arrays for compiled code ({@link #buildReverse} first): start offsets, sources, edge types. Shared; read only. */
    int[][] reverse() {
        buildReverse();
        return new int[][] {inStart, inFrom, inType};
    }

    /**
     * The out-edges in CSR form for compiled expands: start offsets, targets and types, in each node's
     * cursor order (so a walk visits edges in the order the interpreter's cursor does). Plain heap arrays
     * are the faster edge walk: no interface call and no off-heap record per edge. Built on first use per
     * graph version in one pass over the edges. Shared; read only.
     */
    int[][] forward() {
        if (forward == null) {
            int limit = graph.nodeIdLimit();
            int[] start = new int[limit + 1];
            EdgeCursor c = graph.edges();
            int count = 0;
            for (int n = 0; n < limit; n++) {
                start[n] = count;
                if (graph.containsNode(n)) {
                    c.moveTo(n);
                    while (c.next()) {
                        count++;
                    }
                }
            }
            start[limit] = count;
            int[] to = new int[count];
            int[] type = new int[count];
            int at = 0;
            for (int n = 0; n < limit; n++) {
                if (graph.containsNode(n)) {
                    c.moveTo(n);
                    while (c.next()) {
                        to[at] = c.to();
                        type[at++] = c.type();
                    }
                }
            }
            forward = new int[][] {start, to, type};
        }
        return forward;
    }

    int inStart(int node) {
        return inStart[node];
    }

    int inEnd(int node) {
        return inStart[node + 1];
    }

    int inFrom(int index) {
        return inFrom[index];
    }

    int inType(int index) {
        return inType[index];
    }

    Planner planner() {
        if (planner == null) {
            planner = new Planner(graph);
        }
        return planner;
    }

    /** Number of out-edges of {@code node}. */
    int degree(int node) {
        if (degreeCursor == null) {
            degreeCursor = graph.edges();
        }
        degreeCursor.moveTo(node);
        int d = 0;
        while (degreeCursor.next()) {
            d++;
        }
        return d;
    }
}
