package io.wally.bench.plan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wally.maps.NavGraph;
import io.wally.maps.graph.OffHeapGraph;
import io.wally.maps.plan.Heuristic;
import io.wally.maps.plan.Heuristics;
import io.wally.maps.plan.Path;
import io.wally.maps.plan.Planner;
import io.wally.maps.plan.RouteRepair;
import io.wally.maps.plan.SearchLimits;
import io.wally.maps.zone.Zone;
import io.wally.maps.zone.ZoneCosts;
import io.wally.maps.zone.ZonedGraph;
import io.wally.maps.zone.Zones;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code zone_edit_to_replan_ms}: a keep-out zone drawn across the active route, to the repaired plan, on the 1M
 * grid of 5 cm cells with the robot mid-route, timed as the runtime does it on one thread: the zone written into
 * the graph (one property), the zones read back and laid onto the million nodes, the changed cells reported to the
 * active route's D* Lite search ({@link RouteRepair}) and the route repaired. Beside it,
 * {@code zone_edit_to_fresh_astar_ms}: the same edit followed by A* from scratch from the robot (what the runtime
 * does with {@code repairRoutesWithDStarLite(false)}, and the cost both must reach). Each of 20 edits draws a 1 m
 * square centred on the route 1-3 m ahead of the robot, then removes it (untimed); one untimed round warms the JIT
 * up, then three timed rounds: medians of the 60 edits. Every repaired route is checked: found, no node inside the
 * zone, no cheaper than before, and the D* Lite repair costs what A* found.
 */
final class ZoneEditBench {

    private static final double CELL_METERS = 0.05;
    private static final int EDITS = 20;
    private static final double SIDE_METERS = 1.0;

    private final PlanBench.Options options;
    private final PrintStream log;

    ZoneEditBench(PlanBench.Options options, PrintStream log) {
        this.options = options;
        this.log = log;
    }

    void run(ObjectNode result) {
        int size = options.bigSize();
        log.printf("building %dx%d 8-connected grid of %.0f cm cells for the zone edit...%n", size, size, CELL_METERS * 100);
        try (GridFixture f = GridFixture.create(size, options.obstacleShare(), 8, options.seed() + 29, CELL_METERS)) {
            OffHeapGraph g = f.graph;
            Heuristic heuristic = Heuristics.admissibleOn(g, Heuristics.octile());
            ZonedGraph zoned = new ZonedGraph(g, ZoneCosts.none());
            Planner planner = new Planner(zoned);
            Path first = planner.aStar(f.start, f.goal, heuristic, SearchLimits.NONE);
            if (!first.found()) {
                throw new IllegalStateException("zone edit: no route across the grid");
            }
            int robot = first.node(first.nodeCount() / 2);
            Path route = planner.aStar(robot, f.goal, heuristic, SearchLimits.NONE);
            ZoneCosts.CellLookup cells = new ZoneCosts.CellLookup() {
                @Override
                public int nodeAt(double xMeters, double yMeters) {
                    return f.grid.nodeAt(xMeters, yMeters);
                }

                @Override
                public double cellMeters() {
                    return CELL_METERS;
                }
            };
            double[] plainMs = new double[3 * EDITS];
            double[] repairMs = new double[3 * EDITS];
            int rounds = 3;
            double[] totalMs = new double[rounds * EDITS];
            double[] layMs = new double[rounds * EDITS];
            double[] searchMs = new double[rounds * EDITS];
            long covered = 0;
            for (int round = -1; round < rounds; round++) {
                for (int edit = 0; edit < EDITS; edit++) {
                    double ahead = 1.0 + 2.0 * edit / (EDITS - 1);
                    int centre = along(g, route, ahead);
                    Zone zone = square("edit-" + edit, g.x(centre), g.y(centre));
                    long t0 = System.nanoTime();
                    Zones.write(g, zone);
                    ZoneCosts costs = ZoneCosts.of(g, Zones.read(g), cells);
                    zoned.use(costs);
                    long t1 = System.nanoTime();
                    Path repaired = planner.aStar(robot, f.goal, heuristic, SearchLimits.NONE);
                    long t2 = System.nanoTime();
                    check(g, zone, route, repaired);
                    Zones.remove(g, zone.name());
                    zoned.use(ZoneCosts.none());
                    long t3 = System.nanoTime();
                    planner.aStar(robot, f.goal, heuristic, SearchLimits.NONE);
                    long t4 = System.nanoTime();
                    // the same edit as the runtime makes it: D* Lite, told which cells changed, repairs the active route
                    RouteRepair repair = new RouteRepair(zoned, heuristic);
                    repair.plan(robot, f.goal);
                    long t5 = System.nanoTime();
                    Zones.write(g, zone);
                    ZoneCosts again = ZoneCosts.of(g, Zones.read(g), cells);
                    zoned.use(again);
                    ZoneCosts.forEachChange(ZoneCosts.none(), again, repair::nodeChanged);
                    Path repairedByDStar = repair.plan(robot, f.goal);
                    long t6 = System.nanoTime();
                    check(g, zone, route, repairedByDStar);
                    if (Math.abs(repairedByDStar.cost() - repaired.cost()) > 1e-6 * repaired.cost()) {
                        throw new IllegalStateException("zone edit: D* Lite repair " + repairedByDStar.cost() + " vs A* " + repaired.cost());
                    }
                    Zones.remove(g, zone.name());
                    zoned.use(ZoneCosts.none());
                    if (round >= 0) {
                        int at = round * EDITS + edit;
                        totalMs[at] = (t2 - t0) / 1e6;
                        layMs[at] = (t1 - t0) / 1e6;
                        searchMs[at] = (t2 - t1) / 1e6;
                        plainMs[at] = (t4 - t3) / 1e6;
                        repairMs[at] = (t6 - t5) / 1e6;
                        covered += costs.coveredNodes();
                    }
                }
            }
            double total = median(totalMs);
            log.printf("zone_edit_to_replan (D* Lite repair): %.2f ms; with a fresh A* instead %.2f ms (zone written and laid out"
                    + " %.3f ms, A* %.2f ms; A* without the zone %.2f ms); %d cells per zone%n",
                    median(repairMs), total, median(layMs), median(searchMs), median(plainMs), covered / (rounds * EDITS));
            result.put("zone_edit_scenario", size + "x" + size + " 8-connected grid of " + Math.round(CELL_METERS * 100) + " cm cells, "
                    + Math.round(options.obstacleShare() * 100) + "% random obstacles, robot mid-route; a 1 m square keep-out zone centred"
                    + " on the route 1-3 m ahead written, laid onto the grid and the route repaired by D* Lite (the runtime's default), beside"
                    + " A* from scratch from the robot; medians of 3 rounds x 20 edits");
            result.put("zone_edit_cells", covered / (rounds * EDITS));
            result.put("zone_edit_layout_ms", round(median(layMs)));
            result.put("zone_edit_astar_ms", round(median(searchMs)));
            result.put("zone_edit_astar_without_zone_ms", round(median(plainMs)));
            result.put("zone_edit_to_replan_ms", round(median(repairMs)));
            result.put("zone_edit_to_fresh_astar_ms", round(total));
        }
    }

    private static Zone square(String name, double cx, double cy) {
        double h = SIDE_METERS / 2;
        return Zone.keepout(name, new double[] {cx - h, cy - h, cx + h, cy - h, cx + h, cy + h, cx - h, cy + h});
    }

    /** The node of {@code path} at least {@code meters} along it (its last node if it is shorter). */
    private static int along(NavGraph g, Path path, double meters) {
        double d = 0;
        for (int i = 1; i < path.nodeCount(); i++) {
            d += Math.hypot(g.x(path.node(i)) - g.x(path.node(i - 1)), g.y(path.node(i)) - g.y(path.node(i - 1)));
            if (d >= meters) {
                return path.node(i);
            }
        }
        return path.node(path.nodeCount() - 1);
    }

    private static void check(NavGraph g, Zone zone, Path before, Path repaired) {
        if (!repaired.found()) {
            throw new IllegalStateException("zone edit: no route around " + zone);
        }
        for (int n : repaired.nodes()) {
            if (zone.contains(g.x(n), g.y(n))) {
                throw new IllegalStateException("zone edit: the repaired route enters " + zone + " at node " + n);
            }
        }
        if (repaired.cost() < before.cost() - 1e-6) {
            throw new IllegalStateException("zone edit: the route got cheaper with a keep-out zone: " + repaired.cost() + " < " + before.cost());
        }
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double round(double v) {
        return Math.round(v * 10000.0) / 10000.0;
    }
}
