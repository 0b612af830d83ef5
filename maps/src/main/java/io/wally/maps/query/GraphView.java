package io.wally.maps.query;

import io.wally.maps.EdgeCursor;
import io.wally.maps.NavGraph;
import io.wally.maps.plan.Planner;
import java.util.HashMap;
import java.util.Map;

/**
 * What queries read beside the graph itself, built lazily for one graph version and dropped when the
 * version changes: decoded property columns, the reverse adjacency (for {@code <--} and {@code --}
 * patterns; the graph stores out-edges only) and a planner for {@code cost} and {@code hops}.
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
            inStart = null;
            inFrom = null;
            inType = null;
        }
    }

    PropertyColumn column(String key) {
        return columns.computeIfAbsent(key, k -> PropertyColumn.build(graph, k));
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
