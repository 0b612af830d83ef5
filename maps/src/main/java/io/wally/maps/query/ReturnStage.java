package io.wally.maps.query;

import io.wally.maps.query.Ast.Call;
import io.wally.maps.query.Ast.Expr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The interpreter's RETURN stage: projection or grouping with aggregates, DISTINCT, ORDER BY (a stable
 * sort, so ties keep the order in which rows were found), SKIP and LIMIT.
 *
 * <p>One per run; confined to the running thread.
 */
final class ReturnStage {

    /** Evaluates an expression on the current row, with RETURN columns and aggregate values when known. */
    interface Evaluator {
        Object eval(Expr e, int[] row, Object[] columns, Object[] aggregates);
    }

    private final LogicalPlan plan;
    private final Evaluator evaluator;
    private final Limits limits;
    private final long skip;
    private final long limit;
    private final boolean sorted;
    private final List<Object[]> rows = new ArrayList<>();
    private final List<Object[]> keys = new ArrayList<>();
    private final Set<List<Object>> seen = new HashSet<>();
    private final Map<List<Object>, Accumulator[]> groups = new LinkedHashMap<>();
    private final Map<List<Object>, Object[]> groupColumns = new LinkedHashMap<>();
    private long skipped;

    ReturnStage(LogicalPlan plan, Evaluator evaluator, Map<String, Object> params, Limits limits) {
        this.plan = plan;
        this.evaluator = evaluator;
        this.limits = limits;
        this.skip = count(plan.skip, params, "SKIP", 0);
        this.limit = count(plan.limit, params, "LIMIT", Long.MAX_VALUE);
        this.sorted = !plan.sort.isEmpty();
    }

    /** The value of a SKIP or LIMIT expression: a non-negative integer literal or parameter. */
    static long count(Expr e, Map<String, Object> params, String what, long absent) {
        if (e == null) {
            return absent;
        }
        Object v = switch (e) {
            case Ast.Lit l -> l.value();
            case Ast.Param p -> Interpreter.param(params, p.name());
            default -> throw new QueryException(QueryException.Code.SYNTAX, what + " takes an integer or a parameter; was " + LogicalPlan.render(e));
        };
        if (!(v instanceof Long n) || n < 0) {
            throw new QueryException(QueryException.Code.TYPE, what + " must be a non-negative integer; was " + Values.describe(v));
        }
        return n;
    }

    boolean wantsRows() {
        return limit > 0;
    }

    /** Takes the current row; false when no more rows are needed (LIMIT reached without sorting). */
    boolean accept(int[] row) {
        if (plan.aggregating) {
            Object[] keyColumns = new Object[plan.items.size()];
            for (int i = 0; i < keyColumns.length; i++) {
                if (plan.groupKey[i]) {
                    keyColumns[i] = evaluator.eval(plan.items.get(i), row, null, null);
                }
            }
            List<Object> key = Arrays.asList(keyColumns);
            Accumulator[] accs = groups.get(key);
            if (accs == null) {
                accs = new Accumulator[plan.aggregates.size()];
                for (int a = 0; a < accs.length; a++) {
                    accs[a] = new Accumulator(plan.aggregates.get(a));
                }
                groups.put(key, accs);
                groupColumns.put(key, keyColumns);
            }
            for (int a = 0; a < accs.length; a++) {
                Call c = plan.aggregates.get(a);
                accs[a].add(c.star() ? Boolean.TRUE : evaluator.eval(c.args().getFirst(), row, null, null));
            }
            return true;
        }
        Object[] columns = new Object[plan.items.size()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = evaluator.eval(plan.items.get(i), row, null, null);
        }
        if (plan.distinct && !seen.add(Arrays.asList(columns))) {
            return true;
        }
        if (sorted) {
            rows.add(columns);
            keys.add(sortKeys(row, columns));
            return true;
        }
        if (skipped < skip) {
            skipped++;
            return true;
        }
        rows.add(columns);
        limits.checkRows(rows.size());
        return rows.size() < limit;
    }

    private Object[] sortKeys(int[] row, Object[] columns) {
        Object[] k = new Object[plan.sort.size()];
        for (int i = 0; i < k.length; i++) {
            k[i] = evaluator.eval(plan.sort.get(i).expr(), row, columns, null);
        }
        return k;
    }

    /** The result rows. */
    List<Object[]> finish() {
        if (limit == 0) {
            return List.of();
        }
        if (plan.aggregating) {
            boolean anyKey = false;
            for (boolean k : plan.groupKey) {
                anyKey |= k;
            }
            if (groups.isEmpty() && !anyKey) {
                Accumulator[] accs = new Accumulator[plan.aggregates.size()];
                for (int a = 0; a < accs.length; a++) {
                    accs[a] = new Accumulator(plan.aggregates.get(a));
                }
                List<Object> key = Arrays.asList(new Object[plan.items.size()]);
                groups.put(key, accs);
                groupColumns.put(key, new Object[plan.items.size()]);
            }
            for (Map.Entry<List<Object>, Accumulator[]> g : groups.entrySet()) {
                Object[] values = new Object[g.getValue().length];
                for (int a = 0; a < values.length; a++) {
                    values[a] = g.getValue()[a].result();
                }
                Object[] columns = groupColumns.get(g.getKey()).clone();
                for (int i = 0; i < columns.length; i++) {
                    if (!plan.groupKey[i]) {
                        columns[i] = evaluator.eval(plan.items.get(i), null, null, values);
                    }
                }
                if (plan.distinct && !seen.add(Arrays.asList(columns))) {
                    continue;
                }
                rows.add(columns);
                if (sorted) {
                    keys.add(sortKeys(null, columns));
                }
            }
            return slice(sortRows(rows, keys, plan), skip, limit, limits);
        }
        if (!sorted) {
            return rows;
        }
        return slice(sortRows(rows, keys, plan), skip, limit, limits);
    }

    /** Stable sort of {@code rows} by their {@code keys} (ascending nulls last, as in openCypher). */
    static List<Object[]> sortRows(List<Object[]> rows, List<Object[]> keys, LogicalPlan plan) {
        if (plan.sort.isEmpty()) {
            return rows;
        }
        Integer[] order = new Integer[rows.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Comparator<Integer> cmp = (a, b) -> {
            Object[] ka = keys.get(a);
            Object[] kb = keys.get(b);
            for (int i = 0; i < ka.length; i++) {
                int c = Values.order(ka[i], kb[i]);
                if (c != 0) {
                    return plan.sort.get(i).descending() ? -c : c;
                }
            }
            return 0;
        };
        Arrays.sort(order, cmp);
        List<Object[]> out = new ArrayList<>(rows.size());
        for (Integer i : order) {
            out.add(rows.get(i));
        }
        return out;
    }

    static List<Object[]> slice(List<Object[]> rows, long skip, long limit, Limits limits) {
        int from = (int) Math.min(rows.size(), skip);
        int to = (int) Math.min(rows.size(), from + Math.min(limit, Integer.MAX_VALUE));
        limits.checkRows(to - from);
        return rows.subList(from, to);
    }

    /** One aggregate of one group. */
    static final class Accumulator {
        private final Call call;
        private final Set<Object> distinct;
        private long count;
        private long longSum;
        private double doubleSum;
        private boolean anyDouble;
        private Object best;
        private List<Object> list;

        Accumulator(Call call) {
            this.call = call;
            this.distinct = call.distinct() ? new HashSet<>() : null;
            if (call.name().equals("collect")) {
                list = new ArrayList<>();
            }
        }

        void add(Object v) {
            if (v == null) {
                return;
            }
            if (distinct != null && !distinct.add(v)) {
                return;
            }
            count++;
            switch (call.name()) {
                case "sum", "avg" -> {
                    if (v instanceof Long l) {
                        if (!anyDouble) {
                            try {
                                longSum = Math.addExact(longSum, l);
                            } catch (ArithmeticException e) {
                                throw new QueryException(QueryException.Code.ARITHMETIC, "integer overflow in " + call.name() + "()");
                            }
                        }
                        doubleSum += l;
                    } else if (v instanceof Double d) {
                        anyDouble = true;
                        doubleSum += d;
                    } else {
                        throw new QueryException(QueryException.Code.TYPE, call.name() + "() takes numbers; was " + Values.describe(v));
                    }
                }
                case "min" -> {
                    if (best == null || Values.order(v, best) < 0) {
                        best = v;
                    }
                }
                case "max" -> {
                    if (best == null || Values.order(v, best) > 0) {
                        best = v;
                    }
                }
                case "collect" -> list.add(v);
                default -> {
                }
            }
        }

        Object result() {
            return switch (call.name()) {
                case "count" -> count;
                case "sum" -> anyDouble ? (Object) doubleSum : (Object) longSum;
                case "avg" -> count == 0 ? null : doubleSum / count;
                case "min", "max" -> best;
                case "collect" -> Collections.unmodifiableList(list);
                default -> throw new IllegalStateException(call.name());
            };
        }
    }
}
