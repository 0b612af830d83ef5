package io.wally.bench.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wally.maps.EdgeCursor;
import io.wally.maps.NavGraph;
import io.wally.maps.graph.OffHeapGraph;
import io.wally.maps.plan.DStarLite;
import io.wally.maps.plan.Heuristic;
import io.wally.maps.plan.Heuristics;
import io.wally.maps.plan.JumpPointSearch;
import io.wally.maps.plan.Landmarks;
import io.wally.maps.plan.Path;
import io.wally.maps.plan.Planner;
import io.wally.maps.plan.RouteRepair;
import io.wally.maps.plan.SearchLimits;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.DoubleSupplier;
import org.jgrapht.Graph;
import org.jgrapht.alg.interfaces.AStarAdmissibleHeuristic;
import org.jgrapht.alg.shortestpath.AStarShortestPath;
import org.jgrapht.alg.shortestpath.DijkstraShortestPath;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.traverse.BreadthFirstIterator;

/**
 * {@code wally bench plan}: the engine (Planner on a compacted {@link OffHeapGraph}), JGraphT and a bare
 * CSR baseline side by side in one run, on the same grids and the same queries; medians of timed
 * repetitions after warm-up; every engine's answer is checked against the others before a time counts.
 *
 * <p>Single-threaded; allocates the large 1000 x 1000 JGraphT graph (about 1.5 GB of heap) once.
 */
public final class PlanBench {

    /** Scale and repetitions. */
    public record Options(int bigSize, int smallSize, double obstacleShare, int reps, int smallReps, long seed, boolean arraysView) {
        /** The published configuration: 1000 x 1000 8-connected, 100 x 100 4-connected, no arrays view. */
        public static Options standard() {
            return new Options(1000, 100, 0.2, 7, 300, 42, false);
        }
    }

    /** The parts of the benchmark, in the order they run. */
    public enum Part {
        /** BFS on the 100 x 100 grid. */
        small,
        /** BFS, Dijkstra, A* and D* Lite on the large grid against JGraphT and the CSR baseline. */
        big,
        /** The runtime's replan with D* Lite after a blocked cell. */
        replan,
        /** A keep-out zone drawn across the active route, to the repaired plan. */
        zone
    }

    private final Options options;
    private final PrintStream log;

    public PlanBench(Options options, PrintStream log) {
        this.options = options;
        this.log = log;
    }

    /** Runs everything and returns the JSON object of results. */
    public ObjectNode run() {
        return run(EnumSet.allOf(Part.class));
    }

    /** Runs the given parts and returns the JSON object of their results. */
    public ObjectNode run(Set<Part> parts) {
        ObjectNode result = new ObjectMapper().createObjectNode();
        result.put("java", Runtime.version().toString());
        result.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
        if (parts.contains(Part.small)) {
            runSmall(result);
        }
        if (parts.contains(Part.big)) {
            runBig(result);
        }
        if (parts.contains(Part.replan)) {
            runtimeReplan(result);
        }
        if (parts.contains(Part.zone)) {
            new ZoneEditBench(options, log).run(result);
        }
        return result;
    }

    private void runSmall(ObjectNode result) {
        int size = options.smallSize();
        try (GridFixture f = GridFixture.create(size, 0.0, 4, options.seed())) {
            Planner planner = new Planner(f.graph);
            CsrGrid csr = f.toCsr();
            DoubleSupplier ours = () -> planner.bfs(f.start, f.goal, SearchLimits.NONE).cost();
            DoubleSupplier bare = () -> csr.bfs(f.start, f.goal).length - 1;
            check("bfs small", ours.getAsDouble(), bare.getAsDouble());
            double[][] ms = interleaved(new DoubleSupplier[] {ours, bare}, options.smallReps(), 50);
            double oursMs = medianOf(ms[0]);
            double csrMs = medianOf(ms[1]);
            log.printf("bfs %dx%d 4-connected: ours %.4f ms, csr %.4f ms%n", size, size, oursMs, csrMs);
            result.put("bfs_10k_grid", size + "x" + size + " 4-connected, obstacle-free, corner to corner (visits every node)");
            result.put("bfs_10k_ms", round(oursMs));
            result.put("bfs_10k_csr_ms", round(csrMs));
        }
    }

    private void runBig(ObjectNode result) {
        int size = options.bigSize();
        log.printf("building %dx%d 8-connected grid (%.0f%% obstacles)...%n", size, size, options.obstacleShare() * 100);
        try (GridFixture f = GridFixture.create(size, options.obstacleShare(), 8, options.seed())) {
            result.put("grid_1m", size + "x" + size + " 8-connected, " + Math.round(options.obstacleShare() * 100)
                    + "% random obstacles, no corner cutting, corner to corner");
            result.put("grid_1m_nodes", f.graph.nodeCount());
            result.put("grid_1m_arcs", f.graph.edgeCount());
            Planner planner = new Planner(f.graph);
            CsrGrid csr = f.toCsr();
            // Optional: a second NavGraph class makes the planner's call sites bimorphic, which slows
            // "ours" a little; the published run leaves it out.
            Planner onArrays = options.arraysView() ? new Planner(new ArrayNavGraph(csr)) : null;
            log.println("building the JGraphT graph...");
            Graph<Integer, DefaultWeightedEdge> jg = f.toJGraphT();
            float[] xs = csr.xs;
            float[] ys = csr.ys;
            AStarAdmissibleHeuristic<Integer> octile = (a, b) -> Heuristics.octile().estimate(xs[a], ys[a], xs[b], ys[b]);
            int s = f.start;
            int t = f.goal;

            // BFS (hops)
            DoubleSupplier oursBfs = () -> planner.bfs(s, t, SearchLimits.NONE).cost();
            DoubleSupplier csrBfs = () -> csr.bfs(s, t).length - 1;
            DoubleSupplier jgBfs = () -> jgraphtBfsHops(jg, s, t);
            compare(result, "bfs_1m", oursBfs, onArrays == null ? null : () -> onArrays.bfs(s, t, SearchLimits.NONE).cost(), csrBfs, jgBfs, 0.5);

            // Dijkstra
            DoubleSupplier oursDijkstra = () -> planner.dijkstra(s, t, SearchLimits.NONE).cost();
            DoubleSupplier csrDijkstra = () -> csr.shortest(s, t, false);
            DoubleSupplier jgDijkstra = () -> new DijkstraShortestPath<>(jg).getPath(s, t).getWeight();
            compare(result, "dijkstra_1m", oursDijkstra, onArrays == null ? null : () -> onArrays.dijkstra(s, t, SearchLimits.NONE).cost(), csrDijkstra, jgDijkstra, 1e-3);

            // A*
            DoubleSupplier oursAStar = () -> planner.aStar(s, t, Heuristics.octile(), SearchLimits.NONE).cost();
            DoubleSupplier csrAStar = () -> csr.shortest(s, t, true);
            DoubleSupplier jgAStar = () -> new AStarShortestPath<>(jg, octile).getPath(s, t).getWeight();
            compare(result, "astar_1m", oursAStar, onArrays == null ? null : () -> onArrays.aStar(s, t, Heuristics.octile(), SearchLimits.NONE).cost(), csrAStar, jgAStar, 1e-3);
            // Work done by each engine (same algorithm for ours and the CSR baseline, so equal counts).
            result.put("astar_1m_expansions", planner.aStar(s, t, Heuristics.octile(), SearchLimits.NONE).expansions());
            csr.shortest(s, t, true);
            result.put("astar_1m_expansions_csr", csr.expansions);
            AStarShortestPath<Integer, DefaultWeightedEdge> jgAStarRun = new AStarShortestPath<>(jg, octile);
            jgAStarRun.getPath(s, t);
            result.put("astar_1m_expansions_jgrapht", jgAStarRun.getNumberOfExpandedNodes());
            result.put("dijkstra_1m_expansions", planner.dijkstra(s, t, SearchLimits.NONE).expansions());
            csr.shortest(s, t, false);
            result.put("dijkstra_1m_expansions_csr", csr.expansions);

            jps(result, f, planner, jg, octile);
            dstar(result, f, planner);
        }
        alt(result);
    }

    /**
     * Landmarks (ALT) against Dijkstra on a road-like graph of {@code bigSize²} nodes: a grid of
     * jittered points whose streets weigh 1 to 3 times their length (a tenth missing, an eighth one way),
     * plus fast roads between points up to 60 cells apart weighing half their length. 20 random
     * connected pairs; each engine's total time over them, median of reps.
     */
    private void alt(ObjectNode result) {
        int side = options.bigSize();
        log.printf("building a %d-node road-like graph...%n", side * side);
        try (OffHeapGraph g = roads(side, options.seed())) {
            Planner planner = new Planner(g);
            long t0 = System.nanoTime();
            try (Landmarks landmarks = Landmarks.select(g, 16, options.seed())) {
                double buildMs = (System.nanoTime() - t0) / 1e6;
                Random random = new Random(options.seed() + 11);
                int[][] pairs = new int[20][];
                for (int i = 0; i < pairs.length; ) {
                    int a = random.nextInt(g.nodeIdLimit());
                    int b = random.nextInt(g.nodeIdLimit());
                    if (planner.dijkstra(a, b, SearchLimits.NONE).found()) {
                        pairs[i++] = new int[] {a, b};
                    }
                }
                long dijkstraExpansions = 0;
                long altExpansions = 0;
                for (int[] p : pairs) {
                    Path d = planner.dijkstra(p[0], p[1], SearchLimits.NONE);
                    Path a = planner.aStar(p[0], p[1], landmarks, SearchLimits.NONE);
                    check("alt_road", d.cost(), a.cost());
                    dijkstraExpansions += d.expansions();
                    altExpansions += a.expansions();
                }
                DoubleSupplier dijkstra = () -> {
                    double sum = 0;
                    for (int[] p : pairs) {
                        sum += planner.dijkstra(p[0], p[1], SearchLimits.NONE).cost();
                    }
                    return sum;
                };
                DoubleSupplier alt = () -> {
                    double sum = 0;
                    for (int[] p : pairs) {
                        sum += planner.aStar(p[0], p[1], landmarks, SearchLimits.NONE).cost();
                    }
                    return sum;
                };
                double[][] ms = interleaved(new DoubleSupplier[] {alt, dijkstra}, Math.max(3, options.reps() / 2), 1);
                double altMs = medianOf(ms[0]);
                double dijkstraMs = medianOf(ms[1]);
                log.printf("alt_road (20 pairs, 16 landmarks): alt %.2f ms, dijkstra %.2f ms; landmarks built in %.0f ms%n",
                        altMs, dijkstraMs, buildMs);
                result.put("alt_road_graph", side + "x" + side + " jittered street grid, weights 1-3x length, 10% streets missing,"
                        + " 1/8 one-way, fast roads at half their length");
                result.put("alt_road_nodes", g.nodeCount());
                result.put("alt_road_arcs", g.edgeCount());
                result.put("alt_road_landmarks", 16);
                result.put("alt_road_landmark_build_ms", round(buildMs));
                result.put("alt_road_ms", round(altMs));
                result.put("alt_road_dijkstra_ms", round(dijkstraMs));
                result.put("alt_road_expansions", altExpansions);
                result.put("alt_road_dijkstra_expansions", dijkstraExpansions);
                result.put("alt_road_speedup_vs_dijkstra", round(dijkstraMs / altMs));
            }
        }
    }

    private static OffHeapGraph roads(int side, long seed) {
        Random r = new Random(seed);
        OffHeapGraph g = new OffHeapGraph();
        for (int i = 0; i < side * side; i++) {
            g.addNode((float) (i % side + (r.nextDouble() - 0.5) * 0.6), (float) (i / side + (r.nextDouble() - 0.5) * 0.6));
        }
        for (int i = 0; i < side * side; i++) {
            int right = i % side + 1 < side ? i + 1 : -1;
            int down = i + side < side * side ? i + side : -1;
            for (int j : new int[] {right, down}) {
                if (j < 0 || r.nextInt(10) == 0) {
                    continue;
                }
                float weight = (float) (Math.hypot(g.x(i) - g.x(j), g.y(i) - g.y(j)) * (1 + 2 * r.nextDouble()));
                if (r.nextInt(8) == 0) {
                    g.addEdge(i, j, weight, 0);
                } else {
                    g.addUndirectedEdge(i, j, weight, 0);
                }
            }
        }
        for (int k = 0; k < side * side / 100; k++) {
            int a = r.nextInt(side * side);
            int b = Math.floorMod(a + (r.nextInt(121) - 60) + (r.nextInt(121) - 60) * side, side * side);
            if (a != b && !g.hasEdge(a, b) && !g.hasEdge(b, a)) {
                g.addUndirectedEdge(a, b, (float) (0.5 * Math.hypot(g.x(a) - g.x(b), g.y(a) - g.y(b))), 1);
            }
        }
        return g;
    }

    /**
     * Jump point search against our A* and JGraphT's A* on the same grid and the same 20 random
     * start/goal pairs (connected, both free): each engine's total time over the pairs, median of reps.
     */
    private void jps(ObjectNode result, GridFixture f, Planner planner, Graph<Integer, DefaultWeightedEdge> jg,
            AStarAdmissibleHeuristic<Integer> octile) {
        JumpPointSearch jps = new JumpPointSearch(f.graph, f.grid.shape());
        Random random = new Random(options.seed() + 7);
        int size = options.bigSize();
        int[][] pairs = new int[20][];
        for (int i = 0; i < pairs.length; ) {
            int a = f.grid.node(random.nextInt(size), random.nextInt(size));
            int b = f.grid.node(random.nextInt(size), random.nextInt(size));
            if (planner.aStar(a, b, Heuristics.octile(), SearchLimits.NONE).found()) {
                pairs[i++] = new int[] {a, b};
            }
        }
        for (int[] p : pairs) {
            check("jps_1m", planner.aStar(p[0], p[1], Heuristics.octile(), SearchLimits.NONE).cost(), jps.find(p[0], p[1]).cost());
        }
        DoubleSupplier ours = () -> {
            double sum = 0;
            for (int[] p : pairs) {
                sum += planner.aStar(p[0], p[1], Heuristics.octile(), SearchLimits.NONE).cost();
            }
            return sum;
        };
        DoubleSupplier jump = () -> {
            double sum = 0;
            for (int[] p : pairs) {
                sum += jps.find(p[0], p[1]).cost();
            }
            return sum;
        };
        DoubleSupplier jgrapht = () -> {
            double sum = 0;
            for (int[] p : pairs) {
                sum += new AStarShortestPath<>(jg, octile).getPath(p[0], p[1]).getWeight();
            }
            return sum;
        };
        double[][] ms = interleaved(new DoubleSupplier[] {jump, ours, jgrapht}, Math.max(3, options.reps() / 2), 1);
        double jpsMs = medianOf(ms[0]);
        double astarMs = medianOf(ms[1]);
        double jgMs = medianOf(ms[2]);
        long expansions = 0;
        long astarExpansions = 0;
        for (int[] p : pairs) {
            expansions += jps.find(p[0], p[1]).expansions();
            astarExpansions += planner.aStar(p[0], p[1], Heuristics.octile(), SearchLimits.NONE).expansions();
        }
        log.printf("jps_1m (20 pairs): jps %.2f ms, our A* %.2f ms, jgrapht A* %.2f ms%n", jpsMs, astarMs, jgMs);
        result.put("jps_1m_pairs", pairs.length);
        result.put("jps_1m_ms", round(jpsMs));
        result.put("jps_1m_astar_ms", round(astarMs));
        result.put("jps_1m_jgrapht_ms", round(jgMs));
        result.put("jps_1m_expansions", expansions);
        result.put("jps_1m_astar_expansions", astarExpansions);
        result.put("jps_1m_speedup_vs_astar", round(astarMs / jpsMs));
        result.put("jps_1m_speedup_vs_jgrapht", round(jgMs / jpsMs));
    }

    private void compare(ObjectNode result, String key, DoubleSupplier ours, DoubleSupplier arrays, DoubleSupplier csr,
            DoubleSupplier jgrapht, double tolerance) {
        double a = ours.getAsDouble();
        check(key + " csr", a, csr.getAsDouble());
        check(key + " jgrapht", a, jgrapht.getAsDouble());
        if (Math.abs(a - csr.getAsDouble()) > tolerance) {
            throw new IllegalStateException(key + ": engines disagree");
        }
        double[][] ms = interleaved(arrays == null ? new DoubleSupplier[] {ours, csr, jgrapht} : new DoubleSupplier[] {ours, csr, jgrapht, arrays},
                options.reps(), 2);
        double oursBest = medianOf(ms[0]);
        double csrMs = medianOf(ms[1]);
        double jgMs = medianOf(ms[2]);
        double arraysMs = arrays == null ? Double.NaN : medianOf(ms[3]);
        log.printf("%s: ours %.2f ms, csr %.2f ms, jgrapht %.2f ms%s (cost %.4f)%n", key, oursBest, csrMs, jgMs,
                arrays == null ? "" : String.format(", ours on arrays %.2f ms", arraysMs), a);
        if (arrays != null) {
            result.put(key + "_ours_on_arrays_ms", round(arraysMs));
        }
        result.put(key + "_reps", options.reps());
        result.put(key + "_ours_ms", round(oursBest));
        result.put(key + "_csr_ms", round(csrMs));
        result.put(key + "_jgrapht_ms", round(jgMs));
        result.put(key + "_cost", round(a));
        result.put(key + "_speedup_vs_jgrapht", round(jgMs / oursBest));
        result.put(key + "_slowdown_vs_csr", round(oursBest / csrMs));
        // The ceiling for the speed-up above: what the bare-array baseline itself achieves against JGraphT.
        result.put(key + "_csr_speedup_vs_jgrapht", round(jgMs / csrMs));
    }

    /** D* Lite repair vs fresh A*, after 1% of the arcs (those nearest the robot) triple in cost. */
    private void dstar(ObjectNode result, GridFixture f, Planner planner) {
        OffHeapGraph g = f.graph;
        int reps = Math.max(3, options.reps() / 2);
        double[] repairMs = new double[reps];
        double[] freshMs = new double[reps];
        long repairExpansions = 0;
        long freshExpansions = 0;
        int changed = 0;
        // Round 0 warms the JIT up and is not counted.
        for (int r = -1; r < reps; r++) {
            DStarLite d = new DStarLite(g, Heuristics.octile(), f.start, f.goal);
            Path initial = d.plan();
            int robot = initial.node(Math.min(20, initial.nodeCount() - 1));
            d.moveStart(robot);
            // The robot's sensors report changes around it: within the window of the 10% of arcs
            // nearest to it, a random tenth of the undirected edges (1% of all arcs) triple in cost.
            List<int[]> window = arcsNear(g, robot, g.edgeCount() / 10);
            Random random = new Random(options.seed() + r + 1);
            List<int[]> arcs = new ArrayList<>();
            for (int[] arc : window) {
                if (arc[0] < arc[1] && random.nextInt(10) == 0) {
                    arcs.add(arc);
                    arcs.add(new int[] {arc[1], arc[0]});
                }
            }
            changed = arcs.size();
            float[] old = new float[arcs.size()];
            for (int i = 0; i < arcs.size(); i++) {
                int[] arc = arcs.get(i);
                old[i] = g.weight(arc[0], arc[1]);
                g.setWeight(arc[0], arc[1], old[i] * 3f);
            }
            // The repair's time includes telling D* Lite about every changed arc.
            long t0 = System.nanoTime();
            for (int i = 0; i < arcs.size(); i++) {
                int[] arc = arcs.get(i);
                d.edgeChanged(arc[0], arc[1], old[i]);
            }
            Path repaired = d.plan();
            double repairTime = (System.nanoTime() - t0) / 1e6;
            double[] fresh = new double[3];
            Path a = null;
            for (int k = 0; k < fresh.length; k++) {
                long t1 = System.nanoTime();
                a = planner.aStar(robot, f.goal, Heuristics.octile(), SearchLimits.NONE);
                fresh[k] = (System.nanoTime() - t1) / 1e6;
            }
            Arrays.sort(fresh);
            if (r >= 0) {
                repairMs[r] = repairTime;
                freshMs[r] = fresh[1];
            }
            check("dstar repair vs fresh A*", a.cost(), repaired.cost());
            repairExpansions = repaired.expansions();
            freshExpansions = a.expansions();
            for (int i = 0; i < arcs.size(); i++) {
                int[] arc = arcs.get(i);
                g.setWeight(arc[0], arc[1], old[i]);
            }
        }
        double repair = medianOf(repairMs);
        double fresh = medianOf(freshMs);
        log.printf("dstar: repair %.2f ms (%d expansions), fresh A* %.2f ms (%d expansions), %d arcs changed%n",
                repair, repairExpansions, fresh, freshExpansions, changed);
        result.put("dstar_scenario", "robot 20 steps along its plan; a random 10% of the edges in the window of the 10% of arcs"
                + " nearest to it (1% of all arcs) triple in cost; D* Lite repair vs A* from scratch from the robot");
        result.put("dstar_changed_arcs", changed);
        result.put("dstar_changed_share", round((double) changed / g.edgeCount()));
        result.put("dstar_repair_ms", round(repair));
        result.put("dstar_repair_expansions", repairExpansions);
        result.put("dstar_fresh_astar_ms", round(fresh));
        result.put("dstar_fresh_astar_expansions", freshExpansions);
        result.put("dstar_replan_speedup", round(fresh / repair));
    }

    /** Cell size of the runtime-replan grid: the sample house's occupancy grid (maps/samples/house-grid.yaml). */
    private static final double RUNTIME_CELL_METERS = 0.05;
    /** Obstacle marks per round, their size across and along the route, and how far ahead the sensor sees them. */
    private static final int RUNTIME_MARKS = 20;
    private static final double MARK_WIDTH_METERS = 0.5;
    private static final double MARK_DEPTH_METERS = 0.2;
    private static final double MARK_NEAREST_METERS = 1.0;
    private static final double MARK_FARTHEST_METERS = 3.0;
    /** How far the robot drives along its route between two marks. */
    private static final double ADVANCE_METERS = 0.1;

    /**
     * What the planner agent does when the map writer marks an obstacle on the active route: D* Lite repair
     * ({@link RouteRepair}) against A* from scratch, on a {@code bigSize²} 8-connected grid of 5 cm cells
     * (the sample house's resolution), the robot mid-route, with the runtime's heuristic (Euclidean in
     * metres). Each of 20 successive marks blocks the cells of a 0.5 m x 0.2 m obstacle across the route
     * 1 to 3 m ahead of the robot (seeded; the rangers reach 4 m), which drove 0.1 m along its route since the
     * previous mark; the repair's time
     * includes telling the route which cells changed. One untimed round warms the JIT up, then three timed
     * rounds of 20 marks; medians over the 60 marks.
     */
    private void runtimeReplan(ObjectNode result) {
        int size = options.bigSize();
        log.printf("building %dx%d 8-connected grid of %.0f cm cells for the runtime replan...%n", size, size, RUNTIME_CELL_METERS * 100);
        try (GridFixture f = GridFixture.create(size, options.obstacleShare(), 8, options.seed() + 13, RUNTIME_CELL_METERS)) {
            OffHeapGraph g = f.graph;
            Planner planner = new Planner(g);
            Heuristic heuristic = Heuristics.euclidean();
            int rounds = 3;
            double[] astarMs = new double[rounds * RUNTIME_MARKS];
            double[] repairMs = new double[rounds * RUNTIME_MARKS];
            long astarExpansions = 0;
            long repairExpansions = 0;
            int cellsMarked = 0;
            for (int round = -1; round < rounds; round++) {
                RouteRepair route = new RouteRepair(g, heuristic);
                Path path = route.plan(f.start, f.goal);
                if (!path.found()) {
                    throw new IllegalStateException("runtime replan: no route across the grid");
                }
                int robot = path.node(path.nodeCount() / 2);
                path = route.plan(robot, f.goal);
                List<Integer> marked = new ArrayList<>();
                Random random = new Random(options.seed() + 17 + round);
                for (int mark = 0; mark < RUNTIME_MARKS; mark++) {
                    robot = nodeAlong(g, path, ADVANCE_METERS);
                    double ahead = MARK_NEAREST_METERS + (MARK_FARTHEST_METERS - MARK_NEAREST_METERS) * random.nextDouble();
                    int[] cells = obstacleAhead(f, g, path, robot, ahead);
                    for (int cell : cells) {
                        g.setBlocked(cell, true);
                        marked.add(cell);
                    }
                    long t0 = System.nanoTime();
                    for (int cell : cells) {
                        route.nodeChanged(cell);
                    }
                    Path repaired = route.plan(robot, f.goal);
                    long t1 = System.nanoTime();
                    Path fresh = planner.aStar(robot, f.goal, heuristic, SearchLimits.NONE);
                    long t2 = System.nanoTime();
                    check("runtime replan: repair vs fresh A*", fresh.cost(), repaired.cost());
                    if (!repaired.found()) {
                        throw new IllegalStateException("runtime replan: the marks cut the route off at mark " + mark + ": " + repaired + " vs " + fresh + " robot " + robot + " blocked " + g.isBlocked(robot) + " cells " + cells.length);
                    }
                    if (round >= 0) {
                        int at = round * RUNTIME_MARKS + mark;
                        repairMs[at] = (t1 - t0) / 1e6;
                        astarMs[at] = (t2 - t1) / 1e6;
                        repairExpansions += repaired.expansions();
                        astarExpansions += fresh.expansions();
                        cellsMarked += cells.length;
                    }
                    path = repaired;
                }
                if (route.freshSearches() != 1) {
                    throw new IllegalStateException("runtime replan: " + route.freshSearches() + " fresh searches in a round (1 expected; " + route.resyncs() + " after a stale repair)");
                }
                for (int cell : marked) {
                    g.setBlocked(cell, false);
                }
            }
            double astar = medianOf(astarMs);
            double repair = medianOf(repairMs);
            int marks = rounds * RUNTIME_MARKS;
            log.printf("dstar_runtime_replan: A* from scratch %.2f ms (%d expansions/mark), repair %.3f ms (%d expansions/mark), speed-up %.1f%n",
                    astar, astarExpansions / marks, repair, repairExpansions / marks, astar / repair);
            result.put("dstar_runtime_replan_scenario", size + "x" + size + " 8-connected grid of " + Math.round(RUNTIME_CELL_METERS * 100)
                    + " cm cells, " + Math.round(options.obstacleShare() * 100) + "% random obstacles, robot mid-route, Euclidean heuristic;"
                    + " 20 successive 0.5 m x 0.2 m obstacles marked across the route 1-3 m ahead, the robot 0.1 m further each time;"
                    + " RouteRepair (D* Lite) vs A* from scratch from the robot, medians of 3 rounds x 20 marks");
            result.put("dstar_runtime_replan_cells_per_mark", round((double) cellsMarked / marks));
            result.put("dstar_runtime_replan_astar_ms", round(astar));
            result.put("dstar_runtime_replan_repair_ms", round(repair));
            result.put("dstar_runtime_replan_astar_expansions", astarExpansions / marks);
            result.put("dstar_runtime_replan_repair_expansions", repairExpansions / marks);
            result.put("dstar_runtime_replan_speedup", round(astar / repair));
        }
    }

    /** The node of {@code path} at least {@code meters} along it from its start (its last node if it is shorter). */
    private static int nodeAlong(NavGraph g, Path path, double meters) {
        double along = 0;
        for (int i = 1; i < path.nodeCount(); i++) {
            along += Math.hypot(g.x(path.node(i)) - g.x(path.node(i - 1)), g.y(path.node(i)) - g.y(path.node(i - 1)));
            if (along >= meters) {
                return path.node(i);
            }
        }
        return path.node(path.nodeCount() - 1);
    }

    /**
     * The free cells a range sensor would mark for a 0.5 m x 0.2 m obstacle standing across the route
     * {@code aheadMeters} along it from {@code robot} (the path's first node): the cells whose centres lie inside the rectangle,
     * its long side across the route's direction there; never the robot's cell or the goal.
     */
    private static int[] obstacleAhead(GridFixture f, NavGraph g, Path path, int robot, double aheadMeters) {
        int index = 0;
        double along = 0;
        while (index + 1 < path.nodeCount() && along < aheadMeters) {
            along += Math.hypot(g.x(path.node(index + 1)) - g.x(path.node(index)), g.y(path.node(index + 1)) - g.y(path.node(index)));
            index++;
        }
        int centre = path.node(index);
        int before = path.node(Math.max(0, index - 2));
        int after = path.node(Math.min(path.nodeCount() - 1, index + 2));
        double dx = g.x(after) - g.x(before);
        double dy = g.y(after) - g.y(before);
        double length = Math.hypot(dx, dy);
        dx /= length;
        dy /= length;
        double cx = g.x(centre);
        double cy = g.y(centre);
        int reach = (int) Math.ceil(Math.hypot(MARK_WIDTH_METERS, MARK_DEPTH_METERS) / 2 / RUNTIME_CELL_METERS);
        int col = f.grid.col(centre);
        int row = f.grid.row(centre);
        List<Integer> cells = new ArrayList<>();
        for (int r = row - reach; r <= row + reach; r++) {
            for (int c = col - reach; c <= col + reach; c++) {
                int n = f.grid.node(c, r);
                if (n < 0 || n == robot || n == f.goal || g.isBlocked(n)) {
                    continue;
                }
                double ox = g.x(n) - cx;
                double oy = g.y(n) - cy;
                double alongRoute = ox * dx + oy * dy;
                double acrossRoute = -ox * dy + oy * dx;
                if (Math.abs(alongRoute) <= MARK_DEPTH_METERS / 2 + 1e-9 && Math.abs(acrossRoute) <= MARK_WIDTH_METERS / 2 + 1e-9) {
                    cells.add(n);
                }
            }
        }
        return cells.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The {@code count} arcs nearest {@code robot} by BFS over the graph (blocked cells included in the walk). */
    private static List<int[]> arcsNear(OffHeapGraph g, int robot, int count) {
        List<int[]> arcs = new ArrayList<>(count);
        boolean[] seen = new boolean[g.nodeIdLimit()];
        int[] queue = new int[g.nodeIdLimit()];
        int head = 0;
        int tail = 0;
        queue[tail++] = robot;
        seen[robot] = true;
        EdgeCursor out = g.edges();
        while (head < tail && arcs.size() < count) {
            int u = queue[head++];
            out.moveTo(u);
            while (out.next() && arcs.size() < count) {
                int v = out.to();
                arcs.add(new int[] {u, v});
                if (!seen[v]) {
                    seen[v] = true;
                    queue[tail++] = v;
                }
            }
        }
        return arcs;
    }

    private static double jgraphtBfsHops(Graph<Integer, DefaultWeightedEdge> g, int s, int t) {
        BreadthFirstIterator<Integer, DefaultWeightedEdge> it = new BreadthFirstIterator<>(g, s);
        while (it.hasNext()) {
            if (it.next() == t) {
                return it.getDepth(t);
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    private static void check(String what, double expected, double actual) {
        if (Math.abs(expected - actual) > 1e-3 * Math.max(1, Math.abs(expected))) {
            throw new IllegalStateException(what + ": engines disagree: " + expected + " vs " + actual);
        }
    }

    /**
     * Times {@code reps} rounds after {@code warmups} untimed runs of each engine. Interleaved: every round
     * times each engine once, so load from other processes on a shared machine hits all of them alike.
     * The order rotates forwards, then backwards (for three engines: all six orders), so that each
     * engine follows each other one equally often: JGraphT leaves the caches cold and garbage for the
     * collector's concurrent threads, and with a forward rotation only, "ours" ran right after it in
     * two rounds of three and the CSR baseline in one. Returns {@code ms[engine][round]}.
     */
    private static double[][] interleaved(DoubleSupplier[] engines, int reps, int warmups) {
        double[][] ms = new double[engines.length][reps];
        double sink = 0;
        for (DoubleSupplier e : engines) {
            for (int w = 0; w < warmups; w++) {
                sink += e.getAsDouble();
            }
        }
        for (int r = 0; r < reps; r++) {
            for (int k = 0; k < engines.length; k++) {
                int n = engines.length;
                int e = (r / n) % 2 == 0 ? (r + k) % n : Math.floorMod(r - k, n);
                long t0 = System.nanoTime();
                sink += engines[e].getAsDouble();
                ms[e][r] = (System.nanoTime() - t0) / 1e6;
            }
        }
        if (sink == Double.NEGATIVE_INFINITY) {
            throw new IllegalStateException("unreachable: keeps the results alive");
        }
        return ms;
    }

    private static double medianOf(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double round(double v) {
        return Math.round(v * 10000.0) / 10000.0;
    }
}
