package io.wally.maps.query;

import io.wally.maps.EdgeCursor;
import io.wally.maps.NavGraph;
import java.util.Arrays;

/**
 * A variable-length expansion ({@code -[:type*min..max]->}, also {@code <-} and {@code --}) for
 * compiled code: a depth-first walk with an explicit stack instead of recursion, handing out the end
 * node of each path of {@code min..max} hops in exactly the order the interpreter's recursion visits
 * them (the node itself first, then out-edges in cursor order, then in-edges). Edges go through the
 * run's path stack ({@link CompiledRun#enter}), so no edge is used twice in one match.
 *
 * <p>Reusable: {@link #start} begins a walk, {@link #next} returns end nodes until {@code -1}. Its
 * stack grows by doubling to the deepest path seen, then a walk allocates nothing. One per expand step
 * and run; confined to the running thread. Public members only because generated code calls them.
 */
public final class VarExpand {

    private static final int START = 0;
    private static final int OUT = 1;
    private static final int IN = 2;
    private static final int DONE = 3;

    private final CompiledRun run;
    private final NavGraph graph;
    private final boolean out;
    private final boolean in;
    private final int typeMask;
    private final int minHops;
    private final int maxHops;
    private final int[] inStart;
    private final int[] inFrom;
    private final int[] inType;
    private EdgeCursor[] cursors = new EdgeCursor[4];
    private int[] node = new int[4];
    private int[] state = new int[4];
    private int[] at = new int[4];
    private int[] end = new int[4];
    private int top = -1;

    VarExpand(CompiledRun run, LogicalPlan.Expand x, int[][] reverse) {
        this.run = run;
        this.graph = run.graph;
        this.out = x.direction() != Ast.Direction.IN;
        this.in = x.direction() != Ast.Direction.OUT;
        this.typeMask = x.typeMask();
        this.minHops = x.minHops();
        this.maxHops = x.maxHops();
        this.inStart = in ? reverse[0] : null;
        this.inFrom = in ? reverse[1] : null;
        this.inType = in ? reverse[2] : null;
    }

    /** Begins a walk from {@code from}. */
    public void start(int from) {
        top = 0;
        node[0] = from;
        state[0] = START;
    }

    /** The end node of the next path, or -1 when the walk is over. */
    public int next() {
        while (top >= 0) {
            int d = top;
            switch (state[d]) {
                case START -> {
                    if (maxHops >= 0 && d >= maxHops) {
                        state[d] = DONE;
                    } else if (out) {
                        cursor(d).moveTo(node[d]);
                        state[d] = OUT;
                    } else {
                        beginIn(d);
                    }
                    if (d >= minHops) {
                        return node[d];
                    }
                }
                case OUT -> {
                    EdgeCursor c = cursors[d];
                    if (c.next()) {
                        if (typeOk(c.type())) {
                            int to = c.to();
                            follow(d, node[d], to, to);
                        }
                    } else if (in) {
                        beginIn(d);
                    } else {
                        state[d] = DONE;
                    }
                }
                case IN -> {
                    int i = at[d];
                    if (i < end[d]) {
                        at[d] = i + 1;
                        if (typeOk(inType[i])) {
                            follow(d, inFrom[i], node[d], inFrom[i]);
                        }
                    } else {
                        state[d] = DONE;
                    }
                }
                default -> {
                    if (d > 0) {
                        run.leave();
                    }
                    top--;
                }
            }
        }
        return -1;
    }

    private boolean typeOk(int type) {
        return typeMask == -1 || CompiledRun.typeMatches(typeMask, type);
    }

    private void beginIn(int d) {
        at[d] = inStart[node[d]];
        end[d] = inStart[node[d] + 1];
        state[d] = IN;
    }

    /** Walks the edge {@code from -> to} from depth {@code d} to {@code next}, unless the path already holds it. */
    private void follow(int d, int from, int to, int next) {
        run.expansion();
        if (!run.enter((long) from << 32 | (to & 0xFFFF_FFFFL))) {
            return;
        }
        int n = d + 1;
        if (n == node.length) {
            int size = node.length * 2;
            node = Arrays.copyOf(node, size);
            state = Arrays.copyOf(state, size);
            at = Arrays.copyOf(at, size);
            end = Arrays.copyOf(end, size);
            cursors = Arrays.copyOf(cursors, size);
        }
        node[n] = next;
        state[n] = START;
        top = n;
    }

    private EdgeCursor cursor(int d) {
        EdgeCursor c = cursors[d];
        if (c == null) {
            c = graph.edges();
            cursors[d] = c;
        }
        return c;
    }
}
