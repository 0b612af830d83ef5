package io.wally.runtime.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wally.maps.MutableNavGraph;
import io.wally.maps.NavGraph;
import io.wally.maps.graph.OffHeapGraph;
import io.wally.maps.importer.GridGraph;
import io.wally.maps.importer.MapFormatException;
import io.wally.maps.importer.MapLoader;
import io.wally.maps.importer.MovingAiLoader.Scenario;
import io.wally.maps.importer.MovingAiLoader;
import io.wally.maps.importer.PlaceMap;
import io.wally.maps.importer.UnknownCells;
import io.wally.maps.plan.JumpPointSearch;
import io.wally.maps.plan.Landmarks;
import io.wally.maps.plan.Planner;
import io.wally.maps.plan.SearchLimits;
import io.wally.maps.zone.ZoneCosts;
import io.wally.maps.zone.ZonedGraph;
import io.wally.maps.zone.Zones;
import io.wally.runtime.WallyRuntime;
import io.wally.runtime.agent.GridInflation;
import io.wally.runtime.cli.plan.PlanImage;
import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import io.wally.runtime.text.Numbers;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code wally plan}: plans a route on a map, or solves a Moving AI scenario file.
 *
 * <p>Maps are read with {@link MapLoader} into an {@link OffHeapGraph} (compacted for a scenario file's many
 * searches), closed on exit. The grid of a
 * ROS or places map is inflated by {@link GridInflation}, the runtime's own routine, with the radius the
 * runtime derives from {@code --config}, so that the route and its cost are the robot's. Exit
 * codes: 0 found (every scenario matched), 1 no path (or a scenario mismatch), 2 bad input.
 */
@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        description = {
            "Plans a route on a map, or solves a Moving AI scenario file.",
            "  wally plan --map FILE --from A --to B [--algo astar|dijkstra|bfs|jps|alt|auto] [--json] [--png OUT.png]",
            "  wally plan --scen FILE.scen [--map FILE.map] --json OUT.json",
            "A and B are place names (named-places maps) or x,y: metres on ROS and places maps, column,row on .map files.",
            "Grids of ROS and places maps are inflated as the runtime inflates them (the robot's half width and a margin,"
                    + " from --config), so the route and its cost are the robot's."
        })
final class PlanCommand implements Callable<Integer> {

    /** Scenario costs within this of the expected optimal length count as matching. */
    static final double SCENARIO_TOLERANCE = 1e-4;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--map", paramLabel = "FILE", description = "Map: named-places YAML, ROS map_server YAML, or Moving AI .map.")
    Path map;

    @Option(names = "--from", paramLabel = "A", description = "Start: a place name or x,y.")
    String from;

    @Option(names = "--to", paramLabel = "B", description = "Goal: a place name or x,y.")
    String to;

    @Option(names = "--algo", paramLabel = "ALGO", defaultValue = "astar",
            description = "astar (default), dijkstra, bfs, jps (jump point search: 8-connected grids, cell to cell),"
                    + " alt (A* with 8 landmarks: any weighted graph, e.g. route graphs) or auto (jps where it applies, else astar).")
    String algo;

    @Option(names = "--connectivity", paramLabel = "N",
            description = "Grid cells link to 4 or 8 neighbours (default: map.connectivity of --config; .map files are always 8).")
    Integer connectivity;

    private static final Path DEFAULT_CONFIG = Path.of("robot-config/sim.yaml");

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "robot-config/sim.yaml",
            description = "Robot configuration whose inflation and connectivity the runtime would use (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--inflation", paramLabel = "METRES",
            description = "Block grid cells within METRES of a wall instead of the runtime's inflation (0: none).")
    Double inflation;

    @Option(names = "--unknown", paramLabel = "POLICY", defaultValue = "blocked", description = "Unknown cells of a ROS grid: blocked (default) or free.")
    String unknown;

    @Option(names = "--json", arity = "0..1", fallbackValue = "-", paramLabel = "OUT",
            description = "Write JSON: to stdout without a value, else to OUT (required with --scen).")
    String json;

    @Option(names = "--png", paramLabel = "OUT.png", description = "Draw the map, the expanded cells and the path.")
    Path png;

    @Option(names = "--scen", paramLabel = "FILE.scen", description = "Solve every scenario of a Moving AI .scen file.")
    Path scen;

    /** The JSON writer, made on first use: a plan without --json never builds a Jackson ObjectMapper for it. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    @Override
    public Integer call() throws IOException {
        if (connectivity != null && connectivity != 4 && connectivity != 8) {
            throw new UserErrorException("--connectivity must be 4 or 8; was " + connectivity);
        }
        String algorithm = algo.toLowerCase(Locale.ROOT);
        if (!List.of("astar", "dijkstra", "bfs", "jps", "alt", "auto").contains(algorithm)) {
            throw new UserErrorException("--algo must be astar, dijkstra, bfs, jps, alt or auto; was '" + algo + "'");
        }
        return scen != null ? solveScenarios(algorithm) : planOne(algorithm);
    }

    private final Map<PlaceMap, JumpPointSearch> jumpPointSearches = new HashMap<>();
    /** Closed with their maps' graphs (their memory is off-heap). */
    private final Map<PlaceMap, Landmarks> landmarks = new HashMap<>();

    /**
     * The algorithm to run: {@code auto} becomes jps where jump point search applies (a pure grid map,
     * 8-connected, both endpoints cells), else astar; {@code jps} where it does not is a user error.
     */
    private static String chosen(String algorithm, PlaceMap placeMap, int start, int goal) {
        if (!algorithm.equals("jps") && !algorithm.equals("auto")) {
            return algorithm;
        }
        boolean applies = placeMap.grid().isPresent() && placeMap.grid().get().connectivity() == 8
                && placeMap.places().isEmpty() && placeMap.grid().get().isCell(start) && placeMap.grid().get().isCell(goal)
                && Zones.read(placeMap.graph()).isEmpty(); // zones make costs non-uniform: A* (docs/zones.md)
        if (algorithm.equals("jps") && !applies) {
            throw new UserErrorException("--algo jps needs an 8-connected grid map (a ROS or Moving AI grid, --connectivity 8)"
                    + " without zones and cells as endpoints; use --algo astar or auto");
        }
        return applies ? "jps" : "astar";
    }

    // the planner's Path (java.nio.file.Path is imported: it is used far more often here)
    private io.wally.maps.plan.Path search(Planner planner, String algorithm, int start, int goal, PlaceMap placeMap) {
        return switch (algorithm) {
            case "dijkstra" -> planner.dijkstra(start, goal, SearchLimits.NONE);
            case "bfs" -> planner.bfs(start, goal, SearchLimits.NONE);
            case "alt" -> planner.aStar(start, goal, landmarks.computeIfAbsent(placeMap, m -> Landmarks.select(m.graph(), 8, 42)), SearchLimits.NONE);
            case "jps" -> jumpPointSearches.computeIfAbsent(placeMap, m -> new JumpPointSearch(m.graph(), m.grid().orElseThrow().shape()))
                    .find(start, goal);
            default -> planner.aStar(start, goal, placeMap.heuristic(), SearchLimits.NONE);
        };
    }

    private int planOne(String algorithm) throws IOException {
        if (map == null || from == null || to == null) {
            throw new UserErrorException("wally plan needs --map FILE --from A --to B (or --scen FILE.scen); see wally plan --help");
        }
        // Moving AI maps define octile movement; the option applies to ROS grids and places maps.
        boolean movingAi = map.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".map");
        // Moving AI grids are benchmarks in cells, never the robot's map: not inflated.
        RuntimeGrid runtime = movingAi ? new RuntimeGrid(8, 0, ".map benchmark grids are not inflated") : runtimeGrid();
        PlaceMap placeMap = load(map, runtime.connectivity(), false);
        try (MutableNavGraph graph = placeMap.graph()) {
            int inflated = GridInflation.inflate(placeMap, runtime.inflationMetres());
            int start = endpoint(placeMap, from, "--from", runtime.inflationMetres());
            int goal = endpoint(placeMap, to, "--to", runtime.inflationMetres());
            // Searches see the map's zones (keep-out cells blocked, speed cells dearer); lengths are the graph's own.
            Zones zones = Zones.read(graph);
            Planner planner = new Planner(zones.isEmpty() ? graph : new ZonedGraph(graph, ZoneCosts.of(graph, zones)));
            algorithm = chosen(algorithm, placeMap, start, goal);
            var path = search(planner, algorithm, start, goal, placeMap);
            double length = new Planner(graph).weightOf(path.nodes());
            PrintWriter out = spec.commandLine().getOut();
            if (json != null) {
                ObjectNode o = Json.MAPPER.createObjectNode();
                o.put("map", map.toString());
                o.put("algo", algorithm);
                o.put("from", from);
                o.put("to", to);
                o.put("inflationMetres", runtime.inflationMetres());
                o.put("inflatedCells", inflated);
                o.put("found", path.found());
                o.put("status", path.status().name());
                if (path.found()) {
                    o.put("cost", Numbers.round(path.cost(), Numbers.JSON_DECIMALS));
                    o.put("lengthMetres", Numbers.round(length, Numbers.JSON_DECIMALS));
                } else {
                    o.putNull("cost");
                    o.putNull("lengthMetres");
                }
                o.put("hops", path.hops());
                o.put("expansions", path.expansions());
                o.put("timeMs", Numbers.round(path.elapsedNanos() / 1e6, 3));
                o.put("graphVersion", path.graphVersion());
                ArrayNode points = o.putArray("path");
                for (int i = 0; i < path.nodeCount(); i++) {
                    points.addArray().add(Numbers.round(graph.x(path.node(i)), Numbers.JSON_DECIMALS))
                            .add(Numbers.round(graph.y(path.node(i)), Numbers.JSON_DECIMALS));
                }
                writeJson(o, json);
            }
            if (json == null || !json.equals("-")) {
                out.printf(Locale.ROOT, "%s from %s to %s on %s: %s%n", algorithm, describe(graph, start, from), describe(graph, goal, to),
                        map, path.found() ? "found" : "no path (" + path.status() + ")");
                if (path.found()) {
                    out.printf(Locale.ROOT, "cost:        %.4f%s%n", path.cost(), algorithm.equals("bfs") ? " hops" : "");
                    out.printf(Locale.ROOT, "length:      %.4f %s, %d hops%n", length,
                            placeMap.source() == PlaceMap.Source.MOVING_AI ? "cells" : "m", path.hops());
                }
                out.printf(Locale.ROOT, "inflation:   %s%n", runtime.describe(inflated));
                out.printf(Locale.ROOT, "expansions:  %d%n", path.expansions());
                out.printf(Locale.ROOT, "time:        %.3f ms%n", path.elapsedNanos() / 1e6);
            }
            if (png != null) {
                PlanImage.write(placeMap, planner, path, start, goal, png);
                if (json == null || !json.equals("-")) {
                    out.println("png:         " + png);
                }
            }
            out.flush();
            return path.found() ? ExitCodes.OK : ExitCodes.FAILED;
        } finally {
            landmarks.values().forEach(Landmarks::close);
        }
    }

    /**
     * Solves every scenario with {@code algorithm}. A* and Dijkstra costs are compared with the
     * scenario's optimal length; BFS finds fewest hops, not shortest length, so its routes are reported
     * (hops and their length) and never counted as mismatches.
     */
    private int solveScenarios(String algorithm) throws IOException {
        boolean compared = !algorithm.equals("bfs");
        if (json == null || json.equals("-")) {
            throw new UserErrorException("wally plan --scen needs --json OUT (the per-scenario results file)");
        }
        List<Scenario> scenarios;
        try {
            scenarios = MovingAiLoader.loadScenarios(scen);
        } catch (MapFormatException e) {
            throw new UserErrorException(e.getMessage());
        }
        Map<Path, PlaceMap> maps = new LinkedHashMap<>();
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("scen", scen.toString());
        root.put("algo", algorithm);
        root.put("compared", compared);
        ArrayNode results = root.putArray("scenarios");
        int mismatches = 0;
        int notFound = 0;
        long totalNanos = 0;
        long totalExpansions = 0;
        try {
            for (Scenario s : scenarios) {
                Path mapFile = map != null ? map : mapOf(s);
                PlaceMap placeMap = maps.get(mapFile);
                if (placeMap == null) {
                    placeMap = load(mapFile, 8, true);
                    maps.put(mapFile, placeMap);
                }
                GridGraph grid = placeMap.grid().orElseThrow(() -> new UserErrorException(mapFile + ": not a grid map"));
                if (grid.width() != s.mapWidth() || grid.height() != s.mapHeight()) {
                    throw new UserErrorException(scen + " line " + s.line() + ": scenario map is " + s.mapWidth() + " x " + s.mapHeight()
                            + " but " + mapFile + " is " + grid.width() + " x " + grid.height());
                }
                Planner planner = new Planner(placeMap.graph());
                int start = grid.node(s.startX(), s.startY());
                int goal = grid.node(s.goalX(), s.goalY());
                var p = search(planner, chosen(algorithm, placeMap, start, goal), start, goal, placeMap);
                boolean mismatch = compared && (!p.found() || Math.abs(p.cost() - s.optimalLength()) > SCENARIO_TOLERANCE);
                if (mismatch) {
                    mismatches++;
                }
                if (!p.found()) {
                    notFound++;
                }
                totalNanos += p.elapsedNanos();
                totalExpansions += p.expansions();
                ObjectNode r = results.addObject();
                r.put("line", s.line());
                r.put("bucket", s.bucket());
                r.put("map", s.map());
                r.putArray("start").add(s.startX()).add(s.startY());
                r.putArray("goal").add(s.goalX()).add(s.goalY());
                r.put("expected", s.optimalLength());
                if (!p.found()) {
                    r.putNull("cost");
                } else if (compared) {
                    r.put("cost", p.cost());
                } else {
                    r.put("hops", p.nodes().length - 1);
                    r.put("length", planner.weightOf(p.nodes()));
                }
                r.put("mismatch", mismatch);
                r.put("expansions", p.expansions());
                r.put("timeMs", p.elapsedNanos() / 1e6);
            }
        } finally {
            landmarks.values().forEach(Landmarks::close);
            maps.values().forEach(m -> m.graph().close());
        }
        ObjectNode summary = root.putObject("summary");
        summary.put("scenarios", scenarios.size());
        summary.put("mismatches", mismatches);
        summary.put("notFound", notFound);
        summary.put("tolerance", SCENARIO_TOLERANCE);
        summary.put("totalExpansions", totalExpansions);
        summary.put("totalTimeMs", totalNanos / 1e6);
        writeJson(root, json);
        PrintWriter out = spec.commandLine().getOut();
        if (compared) {
            out.printf(Locale.ROOT, "%s: %s, %d scenarios, %d mismatches (tolerance %.0e), %d expansions, %.3f ms planning; results in %s%n",
                    scen, algorithm, scenarios.size(), mismatches, SCENARIO_TOLERANCE, totalExpansions, totalNanos / 1e6, json);
        } else {
            out.printf(Locale.ROOT, "%s: bfs, %d scenarios, %d not found, %d expansions, %.3f ms planning; BFS finds fewest hops, so lengths"
                    + " are not compared with the optimal ones (hops and lengths in %s)%n",
                    scen, scenarios.size(), notFound, totalExpansions, totalNanos / 1e6, json);
            return notFound == 0 ? ExitCodes.OK : ExitCodes.FAILED;
        }
        out.flush();
        return mismatches == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** The map a scenario names, next to the .scen file (as given, or by its file name alone). */
    private Path mapOf(Scenario s) {
        Path dir = scen.toAbsolutePath().getParent();
        Path direct = dir.resolve(s.map());
        if (Files.exists(direct)) {
            return direct;
        }
        Path byName = dir.resolve(Path.of(s.map()).getFileName());
        if (Files.exists(byName)) {
            return byName;
        }
        throw new UserErrorException(scen + " line " + s.line() + ": map '" + s.map() + "' not found next to the .scen file; pass --map FILE.map");
    }

    /** @param compact compact the adjacency (worth it for the many searches of a scenario file, not for one route) */
    private PlaceMap load(Path file, int gridConnectivity, boolean compact) {
        UnknownCells policy;
        try {
            policy = UnknownCells.valueOf(unknown.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserErrorException("--unknown must be blocked or free; was '" + unknown + "'");
        }
        try {
            PlaceMap loaded = MapLoader.load(file, gridConnectivity, policy, OffHeapGraph::new);
            if (compact) {
                ((OffHeapGraph) loaded.graph()).compact();
            }
            return loaded;
        } catch (MapFormatException e) {
            throw new UserErrorException(e.getMessage());
        }
    }

    /**
     * How the runtime would build the grid: connectivity and inflation radius of {@code --config} (as
     * {@link WallyRuntime#inflationMeters}), each overridden by its option. The config is read only when needed.
     */
    private RuntimeGrid runtimeGrid() {
        if (inflation != null && !(inflation >= 0 && inflation <= 10)) {
            throw new UserErrorException("--inflation must be in [0, 10] metres; was " + inflation);
        }
        if (connectivity != null && inflation != null) {
            return new RuntimeGrid(connectivity, inflation, "--inflation");
        }
        Path file = ProjectFiles.locate(config);
        boolean fallback = config.equals(DEFAULT_CONFIG) && !Files.exists(file);
        // away from the project (no robot-config/ here, no WALLY_HOME): the defaults sim.yaml builds on
        WallyConfig settings = fallback ? new ConfigLoader().loadDefaults("wally") : new ConfigLoader().load(file);
        int links = connectivity != null ? connectivity : settings.map() == null ? 8 : settings.map().connectivity();
        if (inflation != null) {
            return new RuntimeGrid(links, inflation, "--inflation");
        }
        return new RuntimeGrid(links, WallyRuntime.inflationMeters(settings), "the runtime's, from " + (fallback ? "the built-in defaults" : file));
    }

    /** Grid connectivity (4 or 8), inflation radius (metres) and where the radius came from. */
    private record RuntimeGrid(int connectivity, double inflationMetres, String source) {
        String describe(int cells) {
            return inflationMetres <= 0 ? "none (" + source + ")"
                    : String.format(Locale.ROOT, "%.3f m, %d cells kept clear (%s)", inflationMetres, cells, source);
        }
    }

    private static int endpoint(PlaceMap placeMap, String text, String option, double inflationMetres) {
        int node = placeMap.resolve(text);
        NavGraph graph = placeMap.graph();
        if (node == NavGraph.NO_NODE) {
            String names = placeMap.places().isEmpty() ? "this map has no named places; use x,y"
                    : "places: " + String.join(", ", placeMap.places().stream().map(p -> p.name()).toList());
            throw new UserErrorException(option + " '" + text + "' is neither a place nor a point on the map (" + names + ")");
        }
        if (graph.isBlocked(node)) {
            throw new UserErrorException(option + " '" + text + "' is in an occupied or unknown cell"
                    + (inflationMetres > 0 ? String.format(Locale.ROOT, ", or within the robot's clearance (%.3f m) of one (--inflation 0 plans without it)",
                            inflationMetres) : ""));
        }
        return node;
    }

    private static String describe(NavGraph graph, int node, String given) {
        return String.format(Locale.ROOT, "'%s' (%.2f, %.2f)", given, graph.x(node), graph.y(node));
    }

    private void writeJson(ObjectNode o, String target) throws IOException {
        String text = Json.MAPPER.writeValueAsString(o) + System.lineSeparator();
        if (target.equals("-")) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        } else {
            Path file = Path.of(target);
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, text);
        }
    }
}
