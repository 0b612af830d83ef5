package io.wally.bench.mqtt;

import io.wally.maps.NavGraph;
import io.wally.maps.graph.OffHeapGraph;
import io.wally.maps.plan.Heuristics;
import io.wally.maps.plan.Path;
import io.wally.maps.plan.Planner;
import io.wally.maps.plan.SearchLimits;
import io.wally.runtime.command.CommandReply;
import io.wally.runtime.command.ErrorCode;
import io.wally.runtime.command.Place;
import io.wally.runtime.command.Request;
import io.wally.runtime.command.RobotCommands;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The answering side of the MQTT benchmark: a square 8-connected grid in an {@link OffHeapGraph} with
 * walls (each with one gap, so routes wind) and A* (octile) on one planner thread, answering {@code
 * plan} as the runtime does: from another thread, with path length, cost and expansions.
 *
 * <pre>
 *  . . . . # . . . .     side x side cells, 1 m apart; straight edges 1, diagonal sqrt(2)
 *  . . . . # . . . .     a wall every 16 columns, open at one row
 *  . . . . . . . . .
 * </pre>
 *
 * Only {@code plan} and {@code status} are served; other commands answer {@code bad_request}.
 */
final class GridCommands implements RobotCommands, AutoCloseable {

    private final OffHeapGraph graph;
    private final int side;
    private final ExecutorService plannerThread = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform()
            .name("bench-planner").daemon().unstarted(r));
    private final Planner planner;
    private final Planner directPlanner;
    /** Whether plan replies carry the route (node ids and points in metres) as the runtime's do. */
    private volatile boolean routeInReply;

    GridCommands(int side) {
        this.side = side;
        this.graph = grid(side);
        this.planner = new Planner(graph);
        this.directPlanner = new Planner(graph);
    }

    /** The benchmark map: {@code side x side} cells, node id {@code y * side + x}; the same on every call. */
    static OffHeapGraph grid(int side) {
        OffHeapGraph graph = new OffHeapGraph(side * side);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                graph.addNode(x, y);
            }
        }
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int here = y * side + x;
                if (x % 16 == 15 && y != (x * 7) % side) {
                    graph.setBlocked(here, true);
                }
                if (x + 1 < side) {
                    graph.addUndirectedEdge(here, here + 1, 1f, 0);
                }
                if (y + 1 < side) {
                    graph.addUndirectedEdge(here, here + side, 1f, 0);
                    if (x + 1 < side) {
                        graph.addUndirectedEdge(here, here + side + 1, (float) Math.sqrt(2), 0);
                    }
                    if (x > 0) {
                        graph.addUndirectedEdge(here, here + side - 1, (float) Math.sqrt(2), 0);
                    }
                }
            }
        }
        return graph;
    }

    int id(int x, int y) {
        return y * side + x;
    }

    int nodeCount() {
        return graph.nodeCount();
    }

    /** Whether {@code node} can be a start or goal. Call before the bench starts (not thread-safe against planning). */
    boolean passable(int node) {
        return !graph.isBlocked(node);
    }

    /**
     * Plans on the calling thread: the direct-call column of the benchmark (no MQTT, no hand-off). One
     * caller thread, never while MQTT requests are being planned.
     */
    Path planDirect(int from, int to) {
        return directPlanner.aStar(from, to, Heuristics.octile(), SearchLimits.NONE);
    }

    @Override
    public void submit(Request request, CommandReply reply) {
        switch (request) {
            case Request.Plan p -> plan(p.from(), p.to(), reply);
            case Request.Stop s -> reply.ok(Map.of("stopped", true));
            case Request.Status s -> reply.ok(Map.of("nodes", side * side));
            case Request.GoTo g -> reply.error(ErrorCode.BAD_REQUEST, "the benchmark robot does not drive");
            case Request.EditMap e -> reply.error(ErrorCode.BAD_REQUEST, "the benchmark map is read-only");
            case Request.Similar s -> reply.error(ErrorCode.BAD_REQUEST, "the benchmark robot has no embeddings");
            case Request.Rooms r -> reply.error(ErrorCode.BAD_REQUEST, "the benchmark robot has no rooms");
            case Request.Query q -> reply.error(ErrorCode.BAD_REQUEST, "the benchmark robot answers no queries");
            case Request.Drive d -> reply.error(ErrorCode.BAD_REQUEST, "the benchmark robot does not drive");
            case Request.Places p -> reply.ok(Map.of("places", List.of()));
            case Request.Explore x -> reply.error(ErrorCode.BAD_REQUEST, "the benchmark robot does not explore");
        }
    }

    private void plan(Place from, Place to, CommandReply reply) {
        plannerThread.execute(() -> {
            int a = node(from);
            int b = node(to);
            if (a == NavGraph.NO_NODE || b == NavGraph.NO_NODE) {
                reply.error(ErrorCode.UNKNOWN_NODE, "unknown node '" + (a == NavGraph.NO_NODE ? from : to) + "'");
                return;
            }
            Path path = planner.aStar(a, b, Heuristics.octile(), SearchLimits.NONE);
            if (!path.found()) {
                reply.error(ErrorCode.NO_PATH, "no path from " + from.text() + " to " + to.text() + ": " + path.status());
                return;
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("nodes", path.nodeCount());
            result.put("cost", path.cost());
            result.put("expansions", path.expansions());
            if (routeInReply) {
                result.put("nodes", path.nodes());
                result.put("points", points(path));
            }
            reply.ok(result);
        });
    }

    /** From now on, plan replies carry the route as the runtime's do (or not). */
    void routeInReply(boolean on) {
        routeInReply = on;
    }

    private double[][] points(Path path) {
        double[][] out = new double[path.nodeCount()][];
        for (int i = 0; i < out.length; i++) {
            int node = path.node(i);
            out[i] = new double[] {Math.round(graph.x(node) * 1000) / 1000.0, Math.round(graph.y(node) * 1000) / 1000.0};
        }
        return out;
    }

    /** Node ids only: the benchmark's places are numbers. */
    private int node(Place place) {
        return place instanceof Place.Node(int id) && graph.containsNode(id) ? id : NavGraph.NO_NODE;
    }

    @Override
    public void close() throws InterruptedException {
        plannerThread.shutdown();
        plannerThread.awaitTermination(10, TimeUnit.SECONDS);
        graph.close();
    }
}
