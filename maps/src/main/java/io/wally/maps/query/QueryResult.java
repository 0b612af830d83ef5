package io.wally.maps.query;

import io.wally.maps.NavGraph;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer to one query: column names, rows, which runtime ran it, and (for {@code EXPLAIN} and
 * {@code PROFILE}) the plan with rows per operator.
 *
 * <p>Values in rows are {@link Long}, {@link Double}, {@link String}, {@link Boolean}, {@link List},
 * {@link NodeValue} or null. Immutable; safe to hand to another thread.
 *
 * @param columns RETURN column names, in order
 * @param rows the rows, each as many values as columns (empty for {@code EXPLAIN})
 * @param runtime {@code "interpreted"} or {@code "compiled"} (what ran, or for EXPLAIN what would run)
 * @param runtimeNote why the interpreter was chosen (below the compile threshold, or what the compiler
 *        does not support), empty when compiled
 * @param plan one line per operator, outermost first (filled for EXPLAIN and PROFILE)
 * @param elapsedNanos wall time of the run, nanoseconds (0 for EXPLAIN)
 * @param expansions edges followed
 */
public record QueryResult(List<String> columns, List<List<Object>> rows, String runtime, String runtimeNote, List<String> plan,
        long elapsedNanos, long expansions) {

    /** Copies the lists so that the result stays immutable. */
    public QueryResult {
        columns = List.copyOf(columns);
        // compiled rows are already an unmodifiable view over their own buffer: copying would box every row
        rows = rows instanceof RowBuffer.Rows ? rows : Collections.unmodifiableList(new ArrayList<>(rows));
        plan = List.copyOf(plan);
    }

    /** Rows as a fixed-width text table with a header line (for the command line). */
    public String table() {
        int n = columns.size();
        int[] width = new int[n];
        List<String[]> cells = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            width[i] = columns.get(i).length();
        }
        for (List<Object> row : rows) {
            String[] c = new String[n];
            for (int i = 0; i < n; i++) {
                c[i] = text(row.get(i));
                width[i] = Math.max(width[i], c[i].length());
            }
            cells.add(c);
        }
        StringBuilder sb = new StringBuilder();
        line(sb, columns.toArray(String[]::new), width);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < n; i++) {
            rule.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
        }
        sb.append(rule).append('\n');
        for (String[] c : cells) {
            line(sb, c, width);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String[] cells, int[] width) {
        for (int i = 0; i < cells.length; i++) {
            sb.append(i == 0 ? "" : " | ").append(cells[i]).append(" ".repeat(width[i] - cells[i].length()));
        }
        int end = sb.length();
        while (end > 0 && sb.charAt(end - 1) == ' ') {
            end--;
        }
        sb.setLength(end);
        sb.append('\n');
    }

    /** A value as text: nodes as {@code node 12}, strings as they are, null as {@code null}. */
    public static String text(Object v) {
        return Values.render(v);
    }

    /**
     * {@code v} as plain values for JSON: a node becomes {@code {"id", "name"}} (name null when unnamed),
     * lists are converted element by element, everything else is returned as it is.
     */
    public static Object plain(NavGraph graph, Object v) {
        if (v instanceof NodeValue n) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("id", n.id());
            node.put("name", graph.name(n.id()).orElse(null));
            return node;
        }
        if (v instanceof List<?> list) {
            return list.stream().map(x -> plain(graph, x)).toList();
        }
        return v;
    }
}
