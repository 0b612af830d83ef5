package io.wally.maps.query;

import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A query compiled to a hidden class, with what it assumed when it was compiled (the kind of each
 * property column it reads, the parameter layout) and how to turn its unboxed output into rows.
 *
 * <p>Immutable; one run at a time per engine (the engine is single-threaded).
 */
final class CompiledQuery {

    private final LogicalPlan plan;
    private final MethodHandle run;
    private final List<String> columnKeys;
    private final List<PropertyColumn.Kind> columnKinds;
    private final List<String> longParams;
    private final List<String> doubleParams;
    private final byte[] rowTypes;
    private final AggTable.Fn[] aggFns;
    private final byte keyType;
    private final int[] columnSource;
    private final int cursorCount;
    final int classBytes;
    final long compileNanos;

    CompiledQuery(LogicalPlan plan, MethodHandle run, List<String> columnKeys, List<PropertyColumn.Kind> columnKinds, List<String> longParams,
            List<String> doubleParams, byte[] rowTypes, AggTable.Fn[] aggFns, byte keyType, int[] columnSource, int cursorCount, int classBytes,
            long compileNanos) {
        this.plan = plan;
        this.run = run;
        this.columnKeys = columnKeys;
        this.columnKinds = columnKinds;
        this.longParams = List.copyOf(longParams);
        this.doubleParams = List.copyOf(doubleParams);
        this.rowTypes = rowTypes;
        this.aggFns = aggFns;
        this.keyType = keyType;
        this.columnSource = columnSource;
        this.cursorCount = cursorCount;
        this.classBytes = classBytes;
        this.compileNanos = compileNanos;
    }

    /** Whether every property column still has the kind the code was compiled for (it may change with the graph). */
    boolean stillValid(GraphView view) {
        for (int i = 0; i < columnKeys.size(); i++) {
            if (view.column(columnKeys.get(i)).kind != columnKinds.get(i)) {
                return false;
            }
        }
        return true;
    }

    List<Object[]> run(GraphView view, Map<String, Object> params, Limits limits) {
        long skip = ReturnStage.count(plan.skip, params, "SKIP", 0);
        long limit = ReturnStage.count(plan.limit, params, "LIMIT", Long.MAX_VALUE);
        if (limit == 0) {
            return List.of();
        }
        long[][] bits = new long[columnKeys.size()][];
        byte[][] tags = new byte[columnKeys.size()][];
        for (int i = 0; i < bits.length; i++) {
            PropertyColumn c = view.column(columnKeys.get(i));
            bits[i] = c.bits;
            tags[i] = c.tags;
        }
        long[] lp = new long[longParams.size()];
        for (int i = 0; i < lp.length; i++) {
            lp[i] = (Long) Interpreter.param(params, longParams.get(i));
        }
        double[] dp = new double[doubleParams.size()];
        for (int i = 0; i < dp.length; i++) {
            dp[i] = (Double) Interpreter.param(params, doubleParams.get(i));
        }
        boolean sorted = !plan.sort.isEmpty();
        RowBuffer out = null;
        AggTable agg = null;
        if (plan.aggregating) {
            agg = new AggTable(aggFns, keyType);
            boolean keyed = false;
            for (int s : columnSource) {
                keyed |= s < 0;
            }
            if (!keyed) {
                agg.single();
            }
        } else {
            long stopAt = sorted ? Long.MAX_VALUE : skip + limit < 0 ? Long.MAX_VALUE : skip + limit;
            out = new RowBuffer(rowTypes, stopAt, skip, !sorted, limits);
        }
        List<int[]> scans = new ArrayList<>();
        for (LogicalPlan.Step s : plan.steps) {
            if (s instanceof LogicalPlan.Scan scan) {
                scans.add(view.nodesWith(scan.label()));
            }
        }
        CompiledRun r = new CompiledRun(view, cursorCount, scans.toArray(int[][]::new), bits, tags, lp, dp, out, agg, limits);
        try {
            run.invokeExact(r);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("compiled query failed: " + t, t);
        } finally {
            limits.expansions = r.expansions;
        }
        List<Object[]> rows = plan.aggregating ? agg.rows(columnSource) : out.boxed();
        if (sorted) {
            List<Object[]> keys = new ArrayList<>(rows.size());
            for (Object[] row : rows) {
                Object[] k = new Object[plan.sort.size()];
                for (int i = 0; i < k.length; i++) {
                    k[i] = row[((Ast.ColumnRef) plan.sort.get(i).expr()).index()];
                }
                keys.add(k);
            }
            rows = ReturnStage.sortRows(rows, keys, plan);
        }
        return ReturnStage.slice(rows, skip, limit, limits);
    }
}
