package io.wally.maps.query;

import io.wally.maps.EdgeCursor;
import io.wally.maps.NavGraph;
import io.wally.maps.query.Ast.AggRef;
import io.wally.maps.query.Ast.Binary;
import io.wally.maps.query.Ast.Call;
import io.wally.maps.query.Ast.ColumnRef;
import io.wally.maps.query.Ast.Expr;
import io.wally.maps.query.Ast.IsNull;
import io.wally.maps.query.Ast.ListLit;
import io.wally.maps.query.Ast.Lit;
import io.wally.maps.query.Ast.Param;
import io.wally.maps.query.Ast.Prop;
import io.wally.maps.query.Ast.Slot;
import io.wally.maps.query.Ast.Unary;
import io.wally.maps.query.Ast.Var;
import io.wally.maps.query.LogicalPlan.Expand;
import io.wally.maps.query.LogicalPlan.Scan;
import io.wally.maps.query.LogicalPlan.Step;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The reference runtime: walks the {@link LogicalPlan} with nested loops (one per step, depth-first)
 * and evaluates expressions on boxed values. Obviously correct rather than fast; the compiled runtime
 * must give the same rows.
 *
 * <p>One instance per query run; not thread-safe.
 */
final class Interpreter {

    private final LogicalPlan plan;
    private final GraphView view;
    private final NavGraph graph;
    private final Map<String, Object> params;
    private final Limits limits;
    private final ReturnStage sink;
    private final int[] nodes;
    private final EdgeCursor[][] cursors;
    /** Edges of the current match (from << 32 | to): no relationship is used twice in one match. */
    private long[] pathEdges = new long[16];
    private int pathDepth;
    final long[] stepRows;
    /**
     * With {@code PROFILE} only (else null): nanoseconds spent in each step and the steps below it; the last slot,
     * {@code steps.size()}, is the return stage's per-row work. A step's own time is its slot minus the next one's.
     */
    final long[] stepNanos;
    /** With {@code PROFILE}: nanoseconds of the return stage's finish (sort, aggregate output, skip and limit). */
    long finishNanos;

    Interpreter(LogicalPlan plan, GraphView view, Map<String, Object> params, Limits limits) {
        this(plan, view, params, limits, false);
    }

    Interpreter(LogicalPlan plan, GraphView view, Map<String, Object> params, Limits limits, boolean profile) {
        this.plan = plan;
        this.view = view;
        this.graph = view.graph;
        this.params = params;
        this.limits = limits;
        this.nodes = new int[plan.slotNames.length];
        this.cursors = new EdgeCursor[plan.steps.size()][];
        this.stepRows = new long[plan.steps.size()];
        this.stepNanos = profile ? new long[plan.steps.size() + 1] : null;
        this.sink = new ReturnStage(plan, this::evalRow, params, limits);
    }

    /** Runs the query to completion; returns the rows (LIMIT and SKIP applied). */
    List<Object[]> run() {
        if (sink.wantsRows()) {
            step(0);
        }
        if (stepNanos == null) {
            return sink.finish();
        }
        long start = System.nanoTime();
        List<Object[]> rows = sink.finish();
        finishNanos = System.nanoTime() - start;
        return rows;
    }

    private boolean step(int index) {
        if (stepNanos == null) {
            return stepUntimed(index);
        }
        long start = System.nanoTime();
        boolean more = stepUntimed(index);
        stepNanos[index] += System.nanoTime() - start;
        return more;
    }

    private boolean stepUntimed(int index) {
        if (index == plan.steps.size()) {
            return sink.accept(nodes);
        }
        Step s = plan.steps.get(index);
        switch (s) {
            case Scan scan -> {
                int limit = graph.nodeIdLimit();
                for (int n = 0; n < limit; n++) {
                    if ((n & 1023) == 0) {
                        limits.checkTime();
                    }
                    if (!graph.containsNode(n) || !scan.label().matches(graph.labels(n))) {
                        continue;
                    }
                    nodes[scan.slot()] = n;
                    if (passes(scan.filters(), index) && !step(index + 1)) {
                        return false;
                    }
                }
                return true;
            }
            case Expand x -> {
                if (x.direction() != Ast.Direction.OUT) {
                    view.buildReverse();
                }
                return expand(index, x, nodes[x.from()], 0);
            }
        }
    }

    private boolean passes(List<Expr> filters, int index) {
        for (Expr f : filters) {
            if (!Boolean.TRUE.equals(eval(f, null, null))) {
                return false;
            }
        }
        stepRows[index]++;
        return true;
    }

    private EdgeCursor cursor(int index, int depth) {
        EdgeCursor[] row = cursors[index];
        if (row == null || row.length <= depth) {
            EdgeCursor[] grown = new EdgeCursor[depth + 4];
            if (row != null) {
                System.arraycopy(row, 0, grown, 0, row.length);
            }
            cursors[index] = row = grown;
        }
        if (row[depth] == null) {
            row[depth] = graph.edges();
        }
        return row[depth];
    }

    /** Depth-first over paths of {@code min..max} hops from {@code node}; {@code depth} hops taken so far. */
    private boolean expand(int index, Expand x, int node, int depth) {
        if (depth >= x.minHops()) {
            boolean bound = false;
            if (x.into()) {
                bound = nodes[x.to()] == node;
            } else if (x.label().matches(graph.labels(node))) {
                nodes[x.to()] = node;
                bound = true;
            }
            // a failed filter skips this path; only a full LIMIT (step returning false) stops the search
            if (bound && passes(x.filters(), index) && !step(index + 1)) {
                return false;
            }
        }
        if (x.maxHops() >= 0 && depth >= x.maxHops()) {
            return true;
        }
        if (x.direction() != Ast.Direction.IN) {
            EdgeCursor c = cursor(index, depth);
            c.moveTo(node);
            while (c.next()) {
                if (x.typeMatches(c.type()) && !follow(index, x, node, c.to(), depth)) {
                    return false;
                }
            }
        }
        if (x.direction() != Ast.Direction.OUT) {
            for (int i = view.inStart(node), end = view.inEnd(node); i < end; i++) {
                if (x.typeMatches(view.inType(i)) && !followIn(index, x, node, view.inFrom(i), depth)) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean follow(int index, Expand x, int from, int to, int depth) {
        return walkEdge(index, x, (long) from << 32 | (to & 0xFFFF_FFFFL), to, depth);
    }

    private boolean followIn(int index, Expand x, int node, int from, int depth) {
        return walkEdge(index, x, (long) from << 32 | (node & 0xFFFF_FFFFL), from, depth);
    }

    private boolean walkEdge(int index, Expand x, long edge, int next, int depth) {
        limits.expansion();
        for (int i = 0; i < pathDepth; i++) {
            if (pathEdges[i] == edge) {
                return true;
            }
        }
        if (pathDepth == pathEdges.length) {
            pathEdges = Arrays.copyOf(pathEdges, pathDepth * 2);
        }
        pathEdges[pathDepth++] = edge;
        boolean ok = expand(index, x, next, depth + 1);
        pathDepth--;
        return ok;
    }

    private Object evalRow(Expr e, int[] row, Object[] columns, Object[] aggregates) {
        return eval(e, columns, aggregates);
    }

    /** Evaluates {@code e} on the current row; {@code columns} and {@code aggregates} for the RETURN stage. */
    Object eval(Expr e, Object[] columns, Object[] aggregates) {
        return switch (e) {
            case Lit l -> l.value();
            case Param p -> param(params, p.name());
            case Slot s -> new NodeValue(nodes[s.index()]);
            case ColumnRef c -> columns[c.index()];
            case AggRef a -> aggregates[a.index()];
            case Var v -> throw new IllegalStateException("unresolved variable " + v.name());
            case Prop p -> {
                if (p.target() instanceof Slot s) {
                    yield view.column(p.key()).get(nodes[s.index()]);
                }
                Object target = eval(p.target(), columns, aggregates);
                if (target == null) {
                    yield null;
                }
                if (target instanceof NodeValue n) {
                    yield view.column(p.key()).get(n.id());
                }
                throw new QueryException(QueryException.Code.TYPE, "." + p.key() + " needs a node; was " + Values.describe(target));
            }
            case Call c -> {
                if (c.name().equals("  haslabel")) {
                    int labels = graph.labels(nodes[((Slot) c.args().get(0)).index()]);
                    yield new LogicalPlan.LabelTest((int) (long) (Long) ((Lit) c.args().get(1)).value(),
                            (Boolean) ((Lit) c.args().get(2)).value(), "").matches(labels);
                }
                Object[] args = new Object[c.args().size()];
                for (int i = 0; i < args.length; i++) {
                    args[i] = eval(c.args().get(i), columns, aggregates);
                }
                yield Functions.call(view, c.name(), args);
            }
            case Unary u -> {
                Object v = eval(u.operand(), columns, aggregates);
                if (u.op() == Ast.UnaryOp.NOT) {
                    yield v == null ? null : !bool(v);
                }
                yield switch (v) {
                    case null -> null;
                    case Long l -> {
                        if (l == Long.MIN_VALUE) {
                            throw new QueryException(QueryException.Code.ARITHMETIC, "integer overflow in -(" + l + ")");
                        }
                        yield -l;
                    }
                    case Double d -> -d;
                    default -> throw new QueryException(QueryException.Code.TYPE, "cannot negate " + Values.describe(v));
                };
            }
            case IsNull n -> (eval(n.operand(), columns, aggregates) == null) != n.negated();
            case ListLit l -> {
                List<Object> out = new ArrayList<>(l.elements().size());
                for (Expr x : l.elements()) {
                    out.add(eval(x, columns, aggregates));
                }
                yield Collections.unmodifiableList(out);
            }
            case Binary b -> binary(b, columns, aggregates);
        };
    }

    static Object param(Map<String, Object> params, String name) {
        if (!params.containsKey(name)) {
            throw new QueryException(QueryException.Code.UNBOUND, "parameter $" + name + " was not given (given: " + params.keySet() + ")");
        }
        return params.get(name);
    }

    private static boolean bool(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        throw new QueryException(QueryException.Code.TYPE, "expected a boolean; was " + Values.describe(v));
    }

    private Object binary(Binary b, Object[] columns, Object[] aggregates) {
        switch (b.op()) {
            case AND -> {
                Object l = eval(b.left(), columns, aggregates);
                if (l != null && !bool(l)) {
                    return false;
                }
                Object r = eval(b.right(), columns, aggregates);
                if (r != null && !bool(r)) {
                    return false;
                }
                return l == null || r == null ? null : true;
            }
            case OR -> {
                Object l = eval(b.left(), columns, aggregates);
                if (l != null && bool(l)) {
                    return true;
                }
                Object r = eval(b.right(), columns, aggregates);
                if (r != null && bool(r)) {
                    return true;
                }
                return l == null || r == null ? null : false;
            }
            case XOR -> {
                Object l = eval(b.left(), columns, aggregates);
                Object r = eval(b.right(), columns, aggregates);
                return l == null || r == null ? null : bool(l) ^ bool(r);
            }
            default -> {
            }
        }
        Object l = eval(b.left(), columns, aggregates);
        Object r = eval(b.right(), columns, aggregates);
        return switch (b.op()) {
            case ADD, SUB, MUL, DIV, MOD -> Values.arithmetic(b.op(), l, r);
            case EQ -> Values.equal(l, r);
            case NE -> {
                Boolean eq = Values.equal(l, r);
                yield eq == null ? null : !eq;
            }
            case LT, LE, GT, GE -> Values.compare(b.op(), l, r);
            case IN -> {
                if (r == null) {
                    yield null;
                }
                if (!(r instanceof List<?> list)) {
                    throw new QueryException(QueryException.Code.TYPE, "IN needs a list on its right; was " + Values.describe(r));
                }
                boolean unknown = false;
                for (Object x : list) {
                    Boolean eq = Values.equal(l, x);
                    if (eq == null) {
                        unknown = true;
                    } else if (eq) {
                        yield true;
                    }
                }
                yield unknown ? null : false;
            }
            case STARTS_WITH, ENDS_WITH, CONTAINS -> {
                if (l == null || r == null) {
                    yield null;
                }
                if (!(l instanceof String x) || !(r instanceof String y)) {
                    yield null;
                }
                yield switch (b.op()) {
                    case STARTS_WITH -> x.startsWith(y);
                    case ENDS_WITH -> x.endsWith(y);
                    default -> x.contains(y);
                };
            }
            default -> throw new IllegalStateException(b.op().name());
        };
    }
}
