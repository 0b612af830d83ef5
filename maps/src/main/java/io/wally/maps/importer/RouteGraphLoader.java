package io.wally.maps.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wally.maps.GraphException;
import io.wally.maps.MutableNavGraph;
import io.wally.maps.NavGraph;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;

/**
 * Reads route graphs, maps that are a graph of waypoints rather than a grid: a Nav2 Route Server
 * GeoJSON graph ({@code .geojson}), a DIMACS shortest-path graph ({@code .gr}, with its {@code .co}
 * coordinates beside it when present) and a CSV edge list ({@code .csv}, with {@code
 * <name>.nodes.csv} beside it when present).
 *
 * <p>Every node keeps the id the file gave it: {@link PlaceMap#resolve} takes it ({@code --from 17}),
 * and GeoJSON and CSV nodes are also named after it (a GeoJSON Point's {@code name} property, when it
 * has one, and a CSV node's {@code name} column, name it instead). Edge weights:
 * <ul>
 *   <li>GeoJSON: edges are directed ({@code startid} to {@code endid}, as in Nav2); the weight is the
 *       edge's {@code cost} when it is given and {@code overridable} is false, else the length of its
 *       line (its {@code coordinates} when present, else the straight line between its nodes) plus
 *       {@code metadata.penalty};</li>
 *   <li>DIMACS: {@code a u v w} is one directed arc of weight {@code w};</li>
 *   <li>CSV ({@code source,target,cost[,reverse_cost]}, as pgRouting reads it): {@code cost} from source
 *       to target and {@code reverse_cost} back; a negative cost means no edge that way; without a
 *       {@code reverse_cost} column every edge goes both ways.</li>
 * </ul>
 *
 * <p>Everything is read and checked before the first node is added; an error names the file and the
 * line or feature, and no graph is left behind. Stateless and thread-safe.
 */
public final class RouteGraphLoader {

    /** Edge type of every edge read from a route graph. */
    public static final int ROUTE_EDGE_TYPE = 4;

    private static final ObjectMapper JSON = new ObjectMapper();

    private RouteGraphLoader() {
    }

    /** Whether {@code file} is one of the route graph formats, by its name. */
    public static boolean handles(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".geojson") || name.endsWith(".gr") || name.endsWith(".csv");
    }

    /** Reads {@code file} (by its extension) into a new graph from {@code factory}. */
    public static PlaceMap load(Path file, Supplier<? extends MutableNavGraph> factory) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        RouteSpec spec = name.endsWith(".geojson") ? readGeoJson(file)
                : name.endsWith(".gr") ? readDimacs(file)
                : readCsv(file);
        return spec.build(file, factory);
    }

    /** A route graph read and checked, not yet in a graph: nodes in file order, arcs as node indices. */
    private record RouteSpec(long[] ids, double[] xs, double[] ys, boolean named, String[] names, boolean[] blocked, int[] arcFrom, int[] arcTo, double[] arcWeight) {

        PlaceMap build(Path file, Supplier<? extends MutableNavGraph> factory) {
            MutableNavGraph graph = factory.get();
            try {
                Map<Long, Integer> byFileId = new HashMap<>(ids.length * 2);
                for (int i = 0; i < ids.length; i++) {
                    String name = names[i] != null ? names[i] : Long.toString(ids[i]);
                    int node = named ? graph.addNode(name, (float) xs[i], (float) ys[i])
                            : graph.addNode((float) xs[i], (float) ys[i]);
                    if (blocked[i]) {
                        graph.setBlocked(node, true);
                    }
                    byFileId.put(ids[i], node);
                }
                int[] nodeOf = new int[ids.length];
                for (int i = 0; i < ids.length; i++) {
                    nodeOf[i] = byFileId.get(ids[i]);
                }
                for (int e = 0; e < arcFrom.length; e++) {
                    int from = nodeOf[arcFrom[e]];
                    int to = nodeOf[arcTo[e]];
                    if (graph.hasEdge(from, to)) {
                        // parallel arcs (allowed in DIMACS and CSV): keep the cheapest, the only one a route uses
                        if (arcWeight[e] < graph.weight(from, to)) {
                            graph.setWeight(from, to, (float) arcWeight[e]);
                        }
                    } else {
                        graph.addEdge(from, to, (float) arcWeight[e], ROUTE_EDGE_TYPE);
                    }
                }
                return PlaceMap.routeGraph(graph, fileId -> {
                    Integer node = byFileId.get(fileId);
                    return node == null ? NavGraph.NO_NODE : node;
                });
            } catch (GraphException e) {
                graph.close();
                throw new MapFormatException(file, "", e.getMessage(), e);
            } catch (RuntimeException | Error e) {
                graph.close();
                throw e;
            }
        }
    }

    /** Growable columns for nodes and arcs while a file is read. */
    private static final class Builder {
        final Map<Long, Integer> index = new HashMap<>();
        long[] ids = new long[16];
        double[] xs = new double[16];
        double[] ys = new double[16];
        String[] names = new String[16];
        boolean[] blocked = new boolean[16];
        int nodes;
        int[] from = new int[16];
        int[] to = new int[16];
        double[] weight = new double[16];
        int arcs;

        /** Adds a node; false when the id is taken. */
        boolean node(long id, double x, double y) {
            if (index.putIfAbsent(id, nodes) != null) {
                return false;
            }
            if (nodes == ids.length) {
                ids = Arrays.copyOf(ids, nodes * 2);
                xs = Arrays.copyOf(xs, nodes * 2);
                ys = Arrays.copyOf(ys, nodes * 2);
                names = Arrays.copyOf(names, nodes * 2);
                blocked = Arrays.copyOf(blocked, nodes * 2);
            }
            ids[nodes] = id;
            xs[nodes] = x;
            ys[nodes] = y;
            nodes++;
            return true;
        }

        void arc(int a, int b, double w) {
            if (arcs == from.length) {
                from = Arrays.copyOf(from, arcs * 2);
                to = Arrays.copyOf(to, arcs * 2);
                weight = Arrays.copyOf(weight, arcs * 2);
            }
            from[arcs] = a;
            to[arcs] = b;
            weight[arcs] = w;
            arcs++;
        }

        RouteSpec spec(boolean named) {
            return new RouteSpec(Arrays.copyOf(ids, nodes), Arrays.copyOf(xs, nodes),
                    Arrays.copyOf(ys, nodes), named, Arrays.copyOf(names, nodes), Arrays.copyOf(blocked, nodes), Arrays.copyOf(from, arcs),
                    Arrays.copyOf(to, arcs), Arrays.copyOf(weight, arcs));
        }
    }

    // ---- GeoJSON (Nav2 Route Server) -------------------------------------------------------------

    private static RouteSpec readGeoJson(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr();
            throw new MapFormatException(file, where, "not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        if (root == null || !root.isObject() || !"FeatureCollection".equals(root.path("type").asText())) {
            throw new MapFormatException(file, "", "not a GeoJSON FeatureCollection (a Nav2 route graph)");
        }
        JsonNode features = root.get("features");
        if (features == null || !features.isArray()) {
            throw new MapFormatException(file, "", "'features' must be a list");
        }
        Builder b = new Builder();
        // nodes first: edges may come before the nodes they join
        for (int i = 0; i < features.size(); i++) {
            JsonNode f = features.get(i);
            if (!"Point".equals(f.path("geometry").path("type").asText())) {
                continue;
            }
            String where = "feature " + i;
            long id = integer(file, where, f.path("properties"), "id");
            JsonNode c = f.path("geometry").path("coordinates");
            if (!c.isArray() || c.size() < 2 || !c.get(0).isNumber() || !c.get(1).isNumber()) {
                throw new MapFormatException(file, where, "a Point needs coordinates [x, y]");
            }
            double x = c.get(0).asDouble();
            double y = c.get(1).asDouble();
            if (!Double.isFinite(x) || !Double.isFinite(y)) {
                throw new MapFormatException(file, where, "coordinates must be finite; were [" + x + ", " + y + "]");
            }
            if (!b.node(id, x, y)) {
                throw new MapFormatException(file, where, "duplicate node id " + id);
            }
            JsonNode name = f.path("properties").get("name");
            if (name != null && !name.isNull()) {
                if (!name.isTextual() || name.asText().isBlank()) {
                    throw new MapFormatException(file, where, "'name' must be a non-empty string; was " + name);
                }
                b.names[b.nodes - 1] = name.asText();
            }
            b.blocked[b.nodes - 1] = f.path("properties").path("metadata").path("blocked").asBoolean(false);
        }
        for (int i = 0; i < features.size(); i++) {
            JsonNode f = features.get(i);
            String type = f.path("geometry").path("type").asText();
            String where = "feature " + i;
            if (type.equals("Point")) {
                continue;
            }
            if (!type.equals("LineString") && !type.equals("MultiLineString")) {
                throw new MapFormatException(file, where, "geometry type must be Point, LineString or MultiLineString; was '" + type + "'");
            }
            JsonNode p = f.path("properties");
            long start = integer(file, where, p, "startid");
            long end = integer(file, where, p, "endid");
            Integer a = b.index.get(start);
            Integer z = b.index.get(end);
            if (a == null || z == null) {
                throw new MapFormatException(file, where, "edge " + p.path("id").asText("?") + " names node " + (a == null ? start : end)
                        + ", which is not a Point of this file");
            }
            double weight;
            if (p.has("cost") && !p.path("overridable").asBoolean(false)) {
                weight = number(file, where, p, "cost");
            } else {
                double length = lineLength(f.path("geometry"), type);
                if (Double.isNaN(length)) {
                    length = Math.hypot(b.xs[z] - b.xs[a], b.ys[z] - b.ys[a]);
                }
                double penalty = p.path("metadata").has("penalty") ? number(file, where, p.path("metadata"), "penalty") : 0;
                weight = length + penalty;
            }
            if (!(weight >= 0) || Double.isInfinite(weight)) {
                throw new MapFormatException(file, where, "edge weight must be finite and >= 0; was " + weight);
            }
            b.arc(a, z, weight);
        }
        if (b.nodes == 0) {
            throw new MapFormatException(file, "", "no Point features: a route graph needs nodes");
        }
        return b.spec(true);
    }

    /** The length of a (Multi)LineString's coordinates, or NaN when it has none (Nav2's files often omit them). */
    private static double lineLength(JsonNode geometry, String type) {
        JsonNode c = geometry.path("coordinates");
        if (!c.isArray() || c.isEmpty()) {
            return Double.NaN;
        }
        List<JsonNode> lines = type.equals("LineString") ? List.of(c) : StreamSupport.stream(c.spliterator(), false).toList();
        double length = 0;
        for (JsonNode line : lines) {
            for (int i = 1; i < line.size(); i++) {
                length += Math.hypot(line.get(i).path(0).asDouble() - line.get(i - 1).path(0).asDouble(),
                        line.get(i).path(1).asDouble() - line.get(i - 1).path(1).asDouble());
            }
        }
        return Double.isFinite(length) ? length : Double.NaN;
    }

    private static long integer(Path file, String where, JsonNode object, String key) {
        JsonNode v = object.get(key);
        if (v == null || !v.canConvertToLong() || !v.isIntegralNumber()) {
            throw new MapFormatException(file, where, "'" + key + "' must be an integer; was " + (v == null ? "missing" : v.toString()));
        }
        return v.asLong();
    }

    private static double number(Path file, String where, JsonNode object, String key) {
        JsonNode v = object.get(key);
        if (v == null || !v.isNumber()) {
            throw new MapFormatException(file, where, "'" + key + "' must be a number; was " + (v == null ? "missing" : v.toString()));
        }
        return v.asDouble();
    }

    // ---- DIMACS (.gr + .co) ------------------------------------------------------------------------

    private static RouteSpec readDimacs(Path file) {
        Builder b = new Builder();
        long[] declared = {-1, -1}; // nodes, arcs
        double[][] coordinates = readDimacsCoordinates(file);
        dimacsLines(file, (where, f) -> {
            switch (f[0]) {
                case "p" -> {
                    if (declared[0] >= 0) {
                        throw new MapFormatException(file, where, "a second problem line");
                    }
                    if (f.length != 4 || !f[1].equals("sp")) {
                        throw new MapFormatException(file, where, "problem line must be 'p sp <nodes> <arcs>'");
                    }
                    declared[0] = parseLong(file, where, f[2], "node count", 1, 100_000_000);
                    declared[1] = parseLong(file, where, f[3], "arc count", 0, Long.MAX_VALUE);
                    for (int id = 1; id <= declared[0]; id++) {
                        double[] xy = coordinates == null ? null : coordinates[id];
                        b.node(id, xy == null ? 0 : xy[0], xy == null ? 0 : xy[1]);
                    }
                }
                case "a" -> {
                    if (declared[0] < 0) {
                        throw new MapFormatException(file, where, "an arc before the problem line 'p sp <nodes> <arcs>'");
                    }
                    if (f.length != 4) {
                        throw new MapFormatException(file, where, "arc line must be 'a <from> <to> <weight>'");
                    }
                    int u = (int) parseLong(file, where, f[1], "arc tail", 1, declared[0]);
                    int v = (int) parseLong(file, where, f[2], "arc head", 1, declared[0]);
                    double w = parseDouble(file, where, f[3], "arc weight");
                    if (w < 0) {
                        throw new MapFormatException(file, where, "arc weight must be >= 0; was " + f[3]);
                    }
                    b.arc(u - 1, v - 1, w);
                }
                default -> throw new MapFormatException(file, where, "unknown line type '" + f[0] + "' (expected c, p or a)");
            }
        });
        if (declared[0] < 0) {
            throw new MapFormatException(file, "", "no problem line 'p sp <nodes> <arcs>'");
        }
        if (b.arcs != declared[1]) {
            throw new MapFormatException(file, "", "the problem line declares " + declared[1] + " arcs but the file has " + b.arcs);
        }
        return b.spec(false);
    }

    /** {@code v id x y} lines of the {@code .co} file beside {@code gr}, indexed by id; null without one. */
    private static double[][] readDimacsCoordinates(Path gr) {
        String name = gr.getFileName().toString();
        Path co = gr.resolveSibling(name.substring(0, name.length() - 3) + ".co");
        if (!Files.exists(co)) {
            return null;
        }
        double[][][] xy = {null};
        dimacsLines(co, (where, f) -> {
            if (f[0].equals("p")) {
                if (f.length != 5) {
                    throw new MapFormatException(co, where, "problem line must be 'p aux sp co <nodes>'");
                }
                xy[0] = new double[(int) parseLong(co, where, f[4], "node count", 1, 100_000_000) + 1][];
            } else if (f[0].equals("v")) {
                if (xy[0] == null || f.length != 4) {
                    throw new MapFormatException(co, where, xy[0] == null ? "a coordinate before the problem line" : "coordinate line must be 'v <id> <x> <y>'");
                }
                int id = (int) parseLong(co, where, f[1], "node id", 1, xy[0].length - 1);
                xy[0][id] = new double[] {parseDouble(co, where, f[2], "x"), parseDouble(co, where, f[3], "y")};
            } else {
                throw new MapFormatException(co, where, "unknown line type '" + f[0] + "' (expected c, p or v)");
            }
        });
        return xy[0];
    }

    /** Hands every line of a DIMACS file but blanks and comments ({@code c …}) to {@code line}, split at white space. */
    private static void dimacsLines(Path file, BiConsumer<String, String[]> line) {
        try (BufferedReader in = Files.newBufferedReader(file)) {
            String text;
            int number = 0;
            while ((text = in.readLine()) != null) {
                number++;
                String[] fields = text.strip().split("\\s+");
                if (!fields[0].isEmpty() && !fields[0].equals("c")) {
                    line.accept("line " + number, fields);
                }
            }
        } catch (NoSuchFileException e) {
            throw new MapFormatException(file, "", "no such file");
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    // ---- CSV edge list (+ nodes) -----------------------------------------------------------------

    private static RouteSpec readCsv(Path file) {
        Builder b = new Builder();
        String name = file.getFileName().toString();
        Path nodesFile = file.resolveSibling(name.substring(0, name.length() - 4) + ".nodes.csv");
        boolean hasNodes = Files.exists(nodesFile);
        if (hasNodes) {
            List<String[]> rows = csvRows(nodesFile, List.of("id", "x", "y"));
            for (int r = 0; r < rows.size(); r++) {
                String[] f = rows.get(r);
                String where = "line " + (r + 2);
                long id = parseLong(nodesFile, where, f[0], "id", Long.MIN_VALUE, Long.MAX_VALUE);
                if (!b.node(id, parseDouble(nodesFile, where, f[1], "x"), parseDouble(nodesFile, where, f[2], "y"))) {
                    throw new MapFormatException(nodesFile, where, "duplicate node id " + id);
                }
                if (f.length > 3 && !f[3].isBlank()) {
                    b.names[b.nodes - 1] = f[3];
                }
            }
        }
        List<String[]> rows = csvRows(file, List.of("source", "target", "cost"));
        boolean reverse = header(file).contains("reverse_cost");
        for (int r = 0; r < rows.size(); r++) {
            String[] f = rows.get(r);
            String where = "line " + (r + 2);
            long source = parseLong(file, where, f[0], "source", Long.MIN_VALUE, Long.MAX_VALUE);
            long target = parseLong(file, where, f[1], "target", Long.MIN_VALUE, Long.MAX_VALUE);
            double cost = parseDouble(file, where, f[2], "cost");
            double back = reverse ? parseDouble(file, where, f.length > 3 ? f[3] : "", "reverse_cost") : cost;
            int a = csvNode(b, hasNodes, nodesFile, file, where, source);
            int z = csvNode(b, hasNodes, nodesFile, file, where, target);
            if (cost >= 0) {
                b.arc(a, z, cost);
            }
            if (back >= 0) {
                b.arc(z, a, back);
            }
        }
        if (b.nodes == 0) {
            throw new MapFormatException(file, "", "no edges: a route graph needs at least one");
        }
        return b.spec(true);
    }

    private static int csvNode(Builder b, boolean hasNodes, Path nodesFile, Path file, String where, long id) {
        Integer index = b.index.get(id);
        if (index != null) {
            return index;
        }
        if (hasNodes) {
            throw new MapFormatException(file, where, "node " + id + " is not in " + nodesFile.getFileName());
        }
        b.node(id, 0, 0); // no coordinates known: every node at the origin (A* then acts as Dijkstra)
        return b.index.get(id);
    }

    private static List<String> header(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file)) {
            String first = in.readLine();
            return first == null ? List.of() : List.of(first.strip().toLowerCase(Locale.ROOT).split("\\s*,\\s*"));
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /** The data rows of a CSV file whose header must start with {@code columns}. */
    private static List<String[]> csvRows(Path file, List<String> columns) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            throw new MapFormatException(file, "", "no such file");
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        if (lines.isEmpty()) {
            throw new MapFormatException(file, "line 1", "empty file: expected a header " + String.join(",", columns));
        }
        List<String> head = List.of(lines.get(0).strip().toLowerCase(Locale.ROOT).split("\\s*,\\s*"));
        if (head.size() < columns.size() || !head.subList(0, columns.size()).equals(columns)) {
            throw new MapFormatException(file, "line 1", "header must start with " + String.join(",", columns) + "; was " + lines.get(0).strip());
        }
        return lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank()).map(l -> l.strip().split("\\s*,\\s*", -1)).toList();
    }

    private static long parseLong(Path file, String where, String text, String what, long min, long max) {
        try {
            long v = Long.parseLong(text);
            if (v < min || v > max) {
                throw new MapFormatException(file, where, what + " must be in [" + min + ", " + max + "]; was " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new MapFormatException(file, where, what + " must be an integer; was '" + text + "'");
        }
    }

    private static double parseDouble(Path file, String where, String text, String what) {
        try {
            double v = Double.parseDouble(text);
            if (!Double.isFinite(v)) {
                throw new MapFormatException(file, where, what + " must be finite; was " + text);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new MapFormatException(file, where, what + " must be a number; was '" + text + "'");
        }
    }

    private static MapFormatException unreadable(Path file, IOException e) {
        return new MapFormatException(file, "", "cannot read: " + e.getMessage(), e);
    }
}
