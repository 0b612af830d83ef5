package io.wally.maps.query;

import io.wally.maps.NavGraph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Runs read-only graph queries (a subset of openCypher, see {@code docs/queries.md}) on one graph.
 *
 * <p>A query is parsed and planned once per text; it runs on the interpreter until it has run
 * {@link QuerySettings#compileThreshold()} times, then on a class compiled for it (cached by query text
 * and parameter types), unless the compiler does not support its shape, in which case it stays
 * interpreted and {@code EXPLAIN} says why. Both runtimes give the same rows in the same order.
 *
 * <p>Threading: one engine per thread; it is not thread-safe. The graph must not change while a query
 * runs: give the engine a published read view (a replica's consistent snapshot). Derived data
 * (decoded property columns, reverse edges) is rebuilt when {@link NavGraph#version()} changes.
 * Lifecycle: holds heap memory only; nothing to close.
 */
public final class QueryEngine {

    /** Plans (and compiled classes) kept per engine; more distinct texts than this start the cache afresh. */
    static final int MAX_CACHED_QUERIES = 256;

    private final GraphView view;
    private final QuerySettings settings;
    private final LongSupplier nanoClock;
    private final Map<String, Prepared> cache = new HashMap<>();

    /** An engine on {@code graph} with {@code settings}, timed with {@link System#nanoTime()}. */
    public QueryEngine(NavGraph graph, QuerySettings settings) {
        this(graph, settings, System::nanoTime);
    }

    /** An engine timed with {@code nanoClock} (monotonic nanoseconds; injected in tests). */
    public QueryEngine(NavGraph graph, QuerySettings settings, LongSupplier nanoClock) {
        this.view = new GraphView(Objects.requireNonNull(graph, "graph"));
        this.settings = Objects.requireNonNull(settings, "settings");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /** Which runtime a {@link #run(String, Map, Runtime)} call should use. */
    public enum Runtime {
        /** Interpreted until the compile threshold, then compiled when supported. */
        AUTO,
        /** Always the interpreter. */
        INTERPRETED,
        /** Compiled when the compiler supports the query, else the interpreter. */
        COMPILED
    }

    private static final class Prepared {
        final LogicalPlan plan;
        int runs;
        CompiledQuery compiled;
        String unsupported;

        Prepared(LogicalPlan plan) {
            this.plan = plan;
        }
    }

    /** Runs {@code text} with {@code params} (values: Long, Integer, Double, String, Boolean, List). */
    public QueryResult run(String text, Map<String, ?> params) {
        return run(text, params, Runtime.AUTO);
    }

    /** Runs {@code text} with {@code params} on the given runtime choice. */
    public QueryResult run(String text, Map<String, ?> params, Runtime runtime) {
        Objects.requireNonNull(text, "text");
        Map<String, Object> p = normalise(params);
        view.refresh();
        String key = text + "\u0000" + paramTypes(p);
        Prepared prepared = cache.get(key);
        if (prepared == null) {
            if (cache.size() >= MAX_CACHED_QUERIES) {
                cache.clear(); // bounded memory for callers that build query texts instead of using parameters
            }
            prepared = new Prepared(LogicalPlan.build(text, Parser.parse(text)));
            cache.put(key, prepared);
        }
        LogicalPlan plan = prepared.plan;
        boolean wantCompiled = runtime == Runtime.COMPILED || runtime == Runtime.AUTO && prepared.runs >= settings.compileThreshold();
        if (runtime != Runtime.INTERPRETED) {
            prepared.runs++;
        }
        CompiledQuery compiled = null;
        String note;
        if (wantCompiled) {
            compiled = compiled(prepared, p);
            note = compiled == null ? "not compiled: " + prepared.unsupported : "";
        } else {
            note = runtime == Runtime.INTERPRETED ? "interpreter requested" : "run " + prepared.runs + " of " + settings.compileThreshold()
                    + " before compiling";
        }
        if (plan.mode == Ast.Mode.EXPLAIN) {
            if (compiled == null && runtime != Runtime.INTERPRETED) {
                // say whether the compiler would take this query once it is warm
                CompiledQuery probe = compiled(prepared, p);
                note = probe == null ? "not compiled: " + prepared.unsupported
                        : "compiles after " + settings.compileThreshold() + " interpreted runs";
            }
            List<String> lines = new ArrayList<>();
            lines.add("runtime: " + (compiled != null ? "compiled" : "interpreted") + (note.isEmpty() ? "" : " (" + note + ")"));
            lines.addAll(plan.describe());
            return new QueryResult(plan.columns, List.of(), compiled != null ? "compiled" : "interpreted", note, lines, 0, 0);
        }
        Limits limits = new Limits(settings, nanoClock);
        long start = nanoClock.getAsLong();
        List<List<Object>> out;
        Interpreter interpreter = null;
        try {
            if (compiled != null) {
                out = compiled.run(view, p, limits);
            } else {
                interpreter = new Interpreter(plan, view, p, limits, plan.mode == Ast.Mode.PROFILE);
                out = listRows(interpreter.run());
            }
        } catch (ArithmeticException e) {
            throw new QueryException(QueryException.Code.ARITHMETIC, "integer arithmetic failed: " + e.getMessage());
        }
        long elapsed = nanoClock.getAsLong() - start;
        List<String> lines = List.of();
        if (plan.mode == Ast.Mode.PROFILE) {
            lines = profileLines(plan.describe(), interpreter);
            lines.add("result rows " + out.size() + ", expansions " + limits.expansions + ", time " + elapsed / 1000 + " us, runtime "
                    + (compiled != null ? "compiled" : "interpreted"));
        }
        return new QueryResult(plan.columns, out, compiled != null ? "compiled" : "interpreted", note, lines, elapsed, limits.expansions);
    }

    /**
     * The plan's lines with, after an interpreted run, each match step's rows and own time, and the return
     * stage's time on its first line; a compiled run fuses the operators into one loop and says so instead.
     */
    private static List<String> profileLines(List<String> ops, Interpreter interpreter) {
        List<String> lines = new ArrayList<>();
        if (interpreter == null) {
            lines.addAll(ops);
            lines.add("(compiled: the operators run as one loop, so there are no rows or times per operator; "
                    + "the interpreter gives them)");
            return lines;
        }
        long[] nanos = interpreter.stepNanos;
        int steps = interpreter.stepRows.length;
        for (int i = 0; i < ops.size(); i++) {
            if (i < steps) {
                lines.add(ops.get(i) + "  rows " + interpreter.stepRows[i] + ", time " + micros(nanos[i] - nanos[i + 1]) + " us");
            } else if (i == steps) {
                lines.add(ops.get(i) + "  time " + micros(nanos[steps] + interpreter.finishNanos) + " us (the return stage: this line and those below)");
            } else {
                lines.add(ops.get(i));
            }
        }
        return lines;
    }

    private static long micros(long nanos) {
        return Math.max(0, nanos) / 1000;
    }

    /** Boxed rows as unmodifiable lists. */
    static List<List<Object>> listRows(List<Object[]> rows) {
        List<List<Object>> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            out.add(Collections.unmodifiableList(Arrays.asList(r)));
        }
        return out;
    }

    private CompiledQuery compiled(Prepared prepared, Map<String, Object> params) {
        if (prepared.compiled != null && prepared.compiled.stillValid(view)) {
            return prepared.compiled;
        }
        try {
            prepared.compiled = QueryCompiler.compile(prepared.plan, view, params);
            prepared.unsupported = null;
        } catch (QueryCompiler.Unsupported e) {
            prepared.compiled = null;
            prepared.unsupported = e.getMessage();
        }
        return prepared.compiled;
    }

    /** Milliseconds spent compiling {@code text} (with {@code params}' types) the last time it compiled; -1 when never. */
    public double compileMillis(String text, Map<String, ?> params) {
        Prepared p = cache.get(text + "\u0000" + paramTypes(normalise(params)));
        return p == null || p.compiled == null ? -1 : p.compiled.compileNanos / 1e6;
    }

    /** Forgets compiled classes and plans (the next runs start interpreted again). */
    public void clearCache() {
        cache.clear();
    }

    private static Map<String, Object> normalise(Map<String, ?> params) {
        Map<String, Object> out = new TreeMap<>();
        if (params == null) {
            return out;
        }
        for (Map.Entry<String, ?> e : params.entrySet()) {
            out.put(e.getKey(), normaliseValue(e.getKey(), e.getValue()));
        }
        return out;
    }

    private static Object normaliseValue(String name, Object v) {
        return switch (v) {
            case null -> null;
            case Integer i -> i.longValue();
            case Short s -> s.longValue();
            case Byte b -> b.longValue();
            case Float f -> f.doubleValue();
            case Long l -> l;
            case Double d -> d;
            case String s -> s;
            case Boolean b -> b;
            case List<?> l -> Collections.unmodifiableList(l.stream().map(x -> normaliseValue(name, x)).toList());
            default -> throw new QueryException(QueryException.Code.TYPE, "parameter $" + name + " must be a number, string, boolean or list; was "
                    + v.getClass().getName());
        };
    }

    private static String paramTypes(Map<String, Object> params) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> e : params.entrySet()) {
            sb.append(e.getKey()).append(':').append(e.getValue() == null ? "null" : e.getValue().getClass().getSimpleName()).append(';');
        }
        return sb.toString();
    }
}
