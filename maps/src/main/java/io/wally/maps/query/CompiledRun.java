package io.wally.maps.query;

import io.wally.maps.EdgeCursor;
import io.wally.maps.NavGraph;

/**
 * Everything a compiled query's static {@code run} method reads: the graph, one edge cursor per
 * expand step, the node ids each scan step visits (from the label index), every node's label bits,
 * the decoded property columns it uses, parameter values unboxed, the limits and where
 * rows go. The generated code copies these fields into locals once, before its loops.
 *
 * <p>One per run; confined to the running thread. Public members only because the generated class
 * reads them; not API.
 */
final class CompiledRun {

    public final NavGraph graph;
    public final GraphView view;
    public final EdgeCursor[] cursors;
    public final int[][] scanIds;
    public final int[] labels;
    public final long[][] bits;
    public final byte[][] tags;
    public final long[] longParams;
    public final double[] doubleParams;
    public final long maxExpansions;
    public final RowBuffer out;
    public final AggTable agg;
    public final Limits limits;
    public long expansions;

    CompiledRun(GraphView view, int cursorCount, int[][] scanIds, long[][] bits, byte[][] tags, long[] longParams, double[] doubleParams, RowBuffer out,
            AggTable agg, Limits limits) {
        this.graph = view.graph;
        this.view = view;
        this.cursors = new EdgeCursor[cursorCount];
        for (int i = 0; i < cursorCount; i++) {
            cursors[i] = graph.edges();
        }
        this.scanIds = scanIds;
        this.labels = view.labels();
        this.bits = bits;
        this.tags = tags;
        this.longParams = longParams;
        this.doubleParams = doubleParams;
        this.maxExpansions = limits.maxExpansions();
        this.out = out;
        this.agg = agg;
        this.limits = limits;
    }

    /** Called every 1024 scanned nodes. */
    public void checkTime() {
        limits.checkTime();
    }

    /** Called when the expansion count passes the limit; returns the exception for the generated code to throw. */
    public QueryException tooManyExpansions() {
        return limits.expansionsExceeded();
    }

    public int degree(int node) {
        return view.degree(node);
    }

    // three-valued logic: 0 false, 1 true, 2 null

    public static int and3(int a, int b) {
        return a == 0 || b == 0 ? 0 : a == 2 || b == 2 ? 2 : 1;
    }

    public static int or3(int a, int b) {
        return a == 1 || b == 1 ? 1 : a == 2 || b == 2 ? 2 : 0;
    }

    public static int xor3(int a, int b) {
        return a == 2 || b == 2 ? 2 : a ^ b;
    }

    public static int not3(int a) {
        return a == 2 ? 2 : 1 - a;
    }

    public static boolean typeMatches(int mask, int type) {
        return type >= 0 && type < 32 && (mask >>> type & 1) != 0;
    }

    public static boolean hasLabel(int labels, int mask, boolean cell) {
        return cell ? (labels & LogicalPlan.KIND_MASK) == 0 && mask == 0 : (labels & mask) == mask;
    }

    public static double dist(NavGraph graph, int a, int b) {
        return Functions.dist(graph, a, b);
    }
}
