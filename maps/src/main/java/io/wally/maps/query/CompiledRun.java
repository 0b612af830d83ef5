package io.wally.maps.query;

import io.wally.maps.NavGraph;
import io.wally.maps.plan.Path;
import io.wally.maps.plan.SearchLimits;
import java.util.Arrays;

/**
 * Everything a compiled query's static {@code run} method reads: the graph, the adjacency arrays, the node ids each scan step visits (from the label index), every node's label bits,
 * the decoded property columns it uses, parameter values unboxed, the limits and where
 * rows go. The generated code copies these fields into locals once, before its loops.
 *
 * <p>One per run; confined to the running thread. Public members only because the generated class
 * reads them; not API.
 */
final class CompiledRun {

    public final NavGraph graph;
    public final GraphView view;
    public final int[][] scanIds;
    public final int[] labels;
    public final long[][] bits;
    public final byte[][] tags;
    /** Per property column, its non-numeric values by node id (null when it has none). */
    public final Object[][] others;
    public final long[] longParams;
    public final double[] doubleParams;
    public final String[] stringParams;
    /** Node names by id, when the query reads {@code name()}; else null. */
    public final String[] names;
    /** The reverse adjacency (start offsets, sources, types) when the query walks {@code <-} or {@code --}; else null. */
    public final int[] inStart;
    public final int[] inFrom;
    public final int[] inType;
    /** The forward adjacency (start offsets, targets, types) when the query walks single {@code -->} or {@code --} hops; else null. */
    public final int[] outStart;
    public final int[] outTo;
    public final int[] outType;
    /** One walker per variable-length expand step, in step order. */
    public final VarExpand[] vars;
    public final long maxExpansions;
    public final RowBuffer out;
    public final AggTable agg;
    public final Limits limits;
    public long expansions;
    /** Edges of the current match (from << 32 | to), used only by plans with a variable-length step. */
    private long[] path = new long[16];
    private int pathDepth;

    CompiledRun(GraphView view, LogicalPlan plan, int[][] scanIds, long[][] bits, byte[][] tags, Object[][] others, long[] longParams,
            double[] doubleParams, String[] stringParams, boolean readsNames, RowBuffer out, AggTable agg, Limits limits) {
        this.graph = view.graph;
        this.view = view;
        this.scanIds = scanIds;
        this.labels = view.labels();
        this.bits = bits;
        this.tags = tags;
        this.others = others;
        this.longParams = longParams;
        this.doubleParams = doubleParams;
        this.stringParams = stringParams;
        this.names = readsNames ? view.names() : null;
        boolean reverse = false;
        boolean forwardHops = false;
        int varCount = 0;
        for (LogicalPlan.Step s : plan.steps) {
            if (s instanceof LogicalPlan.Expand x) {
                reverse |= x.direction() != Ast.Direction.OUT;
                forwardHops |= x.simple() && x.direction() != Ast.Direction.IN;
                varCount += x.simple() ? 0 : 1;
            }
        }
        int[][] fwd = forwardHops ? view.forward() : new int[3][];
        this.outStart = fwd[0];
        this.outTo = fwd[1];
        this.outType = fwd[2];
        int[][] in = reverse ? view.reverse() : new int[3][];
        this.inStart = in[0];
        this.inFrom = in[1];
        this.inType = in[2];
        this.vars = new VarExpand[varCount];
        int v = 0;
        for (LogicalPlan.Step s : plan.steps) {
            if (s instanceof LogicalPlan.Expand x && !x.simple()) {
                vars[v++] = new VarExpand(this, x, in);
            }
        }
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

    /** Counts one edge followed by a variable-length walk; over the limit throws, every 4096 checks the time (as interpreted). */
    void expansion() {
        if (++expansions > maxExpansions) {
            throw limits.expansionsExceeded();
        }
        if ((expansions & 4095) == 0) {
            limits.checkTime();
        }
    }

    /** Puts {@code edge} on the current match's path; false (and nothing changes) when the path already holds it. */
    public boolean enter(long edge) {
        for (int i = 0; i < pathDepth; i++) {
            if (path[i] == edge) {
                return false;
            }
        }
        if (pathDepth == path.length) {
            path = Arrays.copyOf(path, pathDepth * 2);
        }
        path[pathDepth++] = edge;
        return true;
    }

    /** Takes the last edge {@link #enter}ed off the path. */
    public void leave() {
        pathDepth--;
    }

    /** {@code cost(a, b)}: the planner's shortest-path cost, NaN when there is no path. */
    public double cost(int a, int b) {
        Path p = view.planner().dijkstra(a, b, SearchLimits.NONE);
        return p.found() ? p.cost() : Double.NaN;
    }

    /** {@code hops(a, b)}: fewest edges, -1 when unreachable. */
    public long hops(int a, int b) {
        Path p = view.planner().bfs(a, b, SearchLimits.NONE);
        return p.found() ? p.hops() : -1;
    }

    public static String kind(int labels) {
        return Functions.kind(labels);
    }

    // string comparisons, three-valued like the interpreter's (null when either side is null)

    public static int strEq(String a, String b) {
        return a == null || b == null ? 2 : a.equals(b) ? 1 : 0;
    }

    /** {@code a < b} (op 0), {@code <=} (1), {@code >} (2), {@code >=} (3) on strings. */
    public static int strOrder(String a, String b, int op) {
        if (a == null || b == null) {
            return 2;
        }
        int c = a.compareTo(b);
        boolean r = switch (op) {
            case 0 -> c < 0;
            case 1 -> c <= 0;
            case 2 -> c > 0;
            default -> c >= 0;
        };
        return r ? 1 : 0;
    }

    public static int startsWith(String a, String b) {
        return a == null || b == null ? 2 : a.startsWith(b) ? 1 : 0;
    }

    public static int endsWith(String a, String b) {
        return a == null || b == null ? 2 : a.endsWith(b) ? 1 : 0;
    }

    public static int contains(String a, String b) {
        return a == null || b == null ? 2 : a.contains(b) ? 1 : 0;
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
