package io.wally.runtime.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wally.maps.NavGraph;
import io.wally.maps.query.QueryEngine;
import io.wally.maps.query.QueryException;
import io.wally.maps.query.QueryResult;
import io.wally.maps.query.QuerySettings;
import io.wally.maps.store.StoreInspection;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code wally query}: runs one graph query (the Cypher subset of docs/queries.md) on a map file and prints
 * the rows as a table or as JSON lines; {@code EXPLAIN} and {@code PROFILE} prefixes print the plan.
 *
 * <p>Exit codes: 0 done, 2 bad input (syntax error, unknown function or label, bad parameter, a limit
 * reached). {@code --store} reads a graph store read-only ({@link StoreInspection}: nothing on disk changes,
 * and a store a running robot holds is refused).
 */
@Command(
        name = "query",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a graph query (a read-only Cypher subset, see docs/queries.md) on a map.",
            "  wally query --map FILE 'MATCH (r:room) RETURN name(r)' [--param k=v] [--json]",
            "  wally query --store DIR 'MATCH (n) RETURN count(*)'   (read-only; refused while a robot holds the store)"
        })
final class QueryCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "QUERY", description = "The query, e.g. 'MATCH (r:room) RETURN name(r) AS room ORDER BY room'.")
    String query;

    @Option(names = "--map", paramLabel = "FILE", description = "Map: named-places YAML, ROS map_server YAML, or Moving AI .map.")
    java.nio.file.Path map;

    @Option(names = "--store", paramLabel = "DIR", description = "A graph store, read without changing it (refused while a runtime holds it).")
    java.nio.file.Path store;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "A query parameter ($NAME): an integer, a float, true/false, or text.")
    List<String> params = new ArrayList<>();

    @Option(names = "--json", description = "Print one JSON object per row (nodes as {\"id\", \"name\"}) instead of a table.")
    boolean json;

    @Option(names = "--max-rows", paramLabel = "N", defaultValue = "100000", description = "Row limit (default 100000).")
    long maxRows;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "10000", description = "Time limit, milliseconds (default 10000).")
    long timeoutMs;

    @Option(names = "--max-expansions", paramLabel = "N", defaultValue = "100000000", description = "Edges a query may follow (default 1e8).")
    long maxExpansions;

    @Option(names = "--runtime", paramLabel = "R", defaultValue = "auto",
            description = "auto (interpreted, compiled once warm), interpreted or compiled (falls back to the interpreter when unsupported).")
    String runtime;

    @Override
    public Integer call() throws Exception {
        if ((store == null) == (map == null)) {
            throw new UserErrorException("wally query needs --map FILE or --store DIR (one of them); see wally query --help");
        }
        QueryEngine.Runtime choice = switch (runtime.toLowerCase(Locale.ROOT)) {
            case "auto" -> QueryEngine.Runtime.AUTO;
            case "interpreted" -> QueryEngine.Runtime.INTERPRETED;
            case "compiled" -> QueryEngine.Runtime.COMPILED;
            default -> throw new UserErrorException("--runtime must be auto, interpreted or compiled; was '" + runtime + "'");
        };
        QuerySettings settings;
        try {
            settings = new QuerySettings(maxRows, timeoutMs, maxExpansions, QuerySettings.DEFAULTS.compileThreshold());
        } catch (IllegalArgumentException e) {
            throw new UserErrorException(e.getMessage());
        }
        Map<String, Object> values = parseParams(params);
        if (store != null) {
            return StoreCommand.storeErrors(() -> {
                try (StoreInspection inspection = StoreInspection.open(store)) {
                    return print(inspection.graph(), settings, values, choice);
                }
            });
        }
        try (var graph = EmbedCommand.EmbeddingOptions.load(map).graph()) {
            return print(graph, settings, values, choice);
        }
    }

    private int print(NavGraph graph, QuerySettings settings, Map<String, Object> values, QueryEngine.Runtime choice) {
        QueryResult result;
        try {
            result = new QueryEngine(graph, settings).run(query, values, choice);
        } catch (QueryException e) {
            throw new UserErrorException("query " + e.code().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " error: " + e.getMessage());
        }
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            for (List<Object> row : result.rows()) {
                ObjectNode o = mapper.createObjectNode();
                for (int i = 0; i < row.size(); i++) {
                    o.set(result.columns().get(i), mapper.valueToTree(QueryResult.plain(graph, row.get(i))));
                }
                w.println(o);
            }
        } else if (!result.plan().isEmpty() && result.rows().isEmpty()) {
            result.plan().forEach(w::println);
        } else {
            w.print(result.table());
            w.printf(Locale.ROOT, "%d row%s, %.1f ms, %s%n", result.rows().size(), result.rows().size() == 1 ? "" : "s",
                    result.elapsedNanos() / 1e6, result.runtime());
        }
        if (json && !result.plan().isEmpty()) {
            result.plan().forEach(line -> w.println(new ObjectMapper().createObjectNode().put("plan", line)));
        } else if (!result.rows().isEmpty() && !result.plan().isEmpty()) {
            result.plan().forEach(w::println);
        }
        w.flush();
        return ExitCodes.OK;
    }

    /** {@code name=value} pairs: integers, floats, true/false, else text (quotes around text are optional). */
    static Map<String, Object> parseParams(List<String> params) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String p : params) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new UserErrorException("--param must be NAME=VALUE; was '" + p + "'");
            }
            String name = p.substring(0, eq).strip();
            String text = p.substring(eq + 1).strip();
            Object value;
            if (text.matches("[-+]?\\d+")) {
                try {
                    value = Long.parseLong(text);
                } catch (NumberFormatException e) {
                    throw new UserErrorException("--param " + name + ": integer out of range: " + text);
                }
            } else if (text.matches("[-+]?(\\d+\\.\\d*|\\.\\d+|\\d+)([eE][-+]?\\d+)?")) {
                value = Double.parseDouble(text);
            } else if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                value = Boolean.parseBoolean(text.toLowerCase(Locale.ROOT));
            } else if (text.length() >= 2 && (text.startsWith("'") && text.endsWith("'") || text.startsWith("\"") && text.endsWith("\""))) {
                value = text.substring(1, text.length() - 1);
            } else {
                value = text;
            }
            out.put(name, value);
        }
        return out;
    }
}
