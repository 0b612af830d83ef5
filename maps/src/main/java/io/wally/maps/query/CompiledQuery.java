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
    /** Per column, whether the code reads it without null tests (compiled while every live node had a value). */
    private final List<Boolean> columnComplete;
    private final List<String> longParams;
    private final List<String> doubleParams;
    private final List<String> stringParams;
    private final byte[] rowTypes;
    private final AggTable.Fn[] aggFns;
    private final byte keyType;
    private final int[] columnSource;
    private final boolean readsNames;
    final int classBytes;
    final long compileNanos;

    CompiledQuery(LogicalPlan plan, MethodHandle run, QueryCompiler.Gen gen, int classBytes, long compileNanos) {
        this.plan = plan;
        this.run = run;
        this.columnKeys = gen.columnKeys();
        this.columnKinds = gen.columnKinds();
        this.columnComplete = gen.columnComplete();
        this.longParams = List.copyOf(gen.longParams);
        this.doubleParams = List.copyOf(gen.doubleParams);
        this.stringParams = List.copyOf(gen.stringParams);
        this.rowTypes = gen.rowTypes;
        this.aggFns = gen.aggFns;
        this.keyType = gen.keyType;
        this.columnSource = gen.columnSource;
        this.readsNames = gen.readsNames;
        this.classBytes = classBytes;
        this.compileNanos = compileNanos;
    }

    /**
     * Whether every property column still has the kind the code was compiled for, and still has a value on
     * every live node where the code skips null tests (both may change with the graph).
     */
    boolean stillValid(GraphView view) {
        for (int i = 0; i < columnKeys.size(); i++) {
            PropertyColumn c = view.column(columnKeys.get(i));
            if (c.kind != columnKinds.get(i) || columnComplete.get(i) && !c.complete) {
                return false;
            }
        }
        return true;
    }

    /** Runs the query; rows of an unsorted projection stay unboxed until read (see {@link RowBuffer#rows}). */
    List<List<Object>> run(GraphView view, Map<String, Object> params, Limits limits) {
        long skip = ReturnStage.count(plan.skip, params, "SKIP", 0);
        long limit = ReturnStage.count(plan.limit, params, "LIMIT", Long.MAX_VALUE);
        if (limit == 0) {
            return List.of();
        }
        long[][] bits = new long[columnKeys.size()][];
        byte[][] tags = new byte[columnKeys.size()][];
        Object[][] others = new Object[columnKeys.size()][];
        for (int i = 0; i < bits.length; i++) {
            PropertyColumn c = view.column(columnKeys.get(i));
            bits[i] = c.bits;
            tags[i] = c.tags;
            others[i] = c.others;
        }
        long[] lp = new long[longParams.size()];
        for (int i = 0; i < lp.length; i++) {
            lp[i] = (Long) Interpreter.param(params, longParams.get(i));
        }
        double[] dp = new double[doubleParams.size()];
        for (int i = 0; i < dp.length; i++) {
            dp[i] = (Double) Interpreter.param(params, doubleParams.get(i));
        }
        String[] sp = new String[stringParams.size()];
        for (int i = 0; i < sp.length; i++) {
            sp[i] = (String) Interpreter.param(params, stringParams.get(i));
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
            out = new RowBuffer(rowTypes, stopAt, skip, !sorted, plan.distinct, limits);
        }
        List<int[]> scans = new ArrayList<>();
        for (LogicalPlan.Step s : plan.steps) {
            if (s instanceof LogicalPlan.Scan scan) {
                scans.add(view.nodesWith(scan.label()));
            }
        }
        CompiledRun r = new CompiledRun(view, plan, scans.toArray(int[][]::new), bits, tags, others, lp, dp, sp, readsNames, out, agg,
                limits);
        try {
            run.invokeExact(r);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("compiled query failed: " + t, t);
        } finally {
            limits.expansions = r.expansions;
        }
        if (!plan.aggregating && !sorted) {
            // the buffer stopped at SKIP + LIMIT rows and checked the row limit as they came
            int from = (int) Math.min(out.rows(), skip);
            return out.rows(from, out.rows());
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
        return QueryEngine.listRows(ReturnStage.slice(rows, skip, limit, limits));
    }
}
