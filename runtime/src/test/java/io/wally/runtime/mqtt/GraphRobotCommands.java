package io.wally.runtime.mqtt;

import io.wally.maps.EdgeCursor;
import io.wally.maps.GraphException;
import io.wally.maps.MutableNavGraph;
import io.wally.maps.NavGraph;
import io.wally.maps.ReferenceGraph;
import io.wally.runtime.command.Algorithm;
import io.wally.runtime.command.CommandReply;
import io.wally.runtime.command.ErrorCode;
import io.wally.runtime.command.MapEdit;
import io.wally.runtime.command.Place;
import io.wally.runtime.command.Request;
import io.wally.runtime.command.RobotCommands;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small but real {@link RobotCommands} for the bridge's tests: a {@link ReferenceGraph} owned by one
 * writer thread, Dijkstra over it, map edits applied by that thread, and a "robot" that only remembers
 * its goal. Replies come from the writer thread, as the contract says (never from the caller's).
 *
 * <pre>
 *   dock --1-- hall --2-- kitchen
 *               |
 *               4
 *               |
 *             garden          shed (no edges)
 * </pre>
 */
final class GraphRobotCommands implements RobotCommands, AutoCloseable {

    private final MutableNavGraph graph = new ReferenceGraph();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform()
            .name("test-graph-writer").daemon().unstarted(r));
    final AtomicInteger stops = new AtomicInteger();
    private volatile String goal;

    GraphRobotCommands() {
        int dock = graph.addNode("dock", 0, 0);
        int hall = graph.addNode("hall", 1, 0);
        int kitchen = graph.addNode("kitchen", 3, 0);
        int garden = graph.addNode("garden", 1, 4);
        graph.addNode("shed", 9, 9);
        graph.addUndirectedEdge(dock, hall, 1, 0);
        graph.addUndirectedEdge(hall, kitchen, 2, 0);
        graph.addUndirectedEdge(hall, garden, 4, 0);
    }

    private void onWriter(CommandReply reply, Runnable work) {
        try {
            writer.execute(() -> {
                try {
                    work.run();
                } catch (UnknownPlace e) {
                    reply.error(ErrorCode.UNKNOWN_NODE, e.getMessage());
                } catch (GraphException e) {
                    reply.error(ErrorCode.BAD_REQUEST, e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            reply.error(ErrorCode.BUSY, "shutting down");
        }
    }

    @Override
    public void submit(Request request, CommandReply reply) {
        switch (request) {
            case Request.Plan p -> plan(p.from(), p.to(), p.algorithm(), reply);
            case Request.GoTo g -> goTo(g.target(), reply);
            case Request.Stop s -> stop(s.reason(), reply);
            case Request.EditMap e -> editMap(e.edit(), reply);
            case Request.Status s -> status(reply);
            case Request.Similar s -> reply.error(ErrorCode.BAD_REQUEST, "this robot has no embeddings");
            case Request.Rooms r -> reply.error(ErrorCode.BAD_REQUEST, "this robot has no grid");
            case Request.Query q -> reply.error(ErrorCode.BAD_REQUEST, "this robot answers no queries");
            case Request.Drive d -> reply.error(ErrorCode.BAD_REQUEST, "this robot has no motors");
            case Request.Places p -> reply.error(ErrorCode.BAD_REQUEST, "this robot lists no places");
            case Request.Explore e -> reply.error(ErrorCode.BAD_REQUEST, "this robot does not explore");
        }
    }

    private void plan(Place from, Place to, Algorithm algorithm, CommandReply reply) {
        onWriter(reply, () -> {
            if (algorithm == Algorithm.BFS) {
                reply.error(ErrorCode.BAD_REQUEST, "this robot plans with dijkstra or astar only");
                return;
            }
            int source = from == null ? resolve(new Place.Named("dock")) : resolve(from);
            int target = resolve(to);
            List<String> path = dijkstra(source, target);
            if (path == null) {
                reply.error(ErrorCode.NO_PATH, "no path from " + from + " to " + to.text());
                return;
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("path", path);
            result.put("cost", cost);
            result.put("graphVersion", graph.version());
            reply.ok(result);
        });
    }

    private void goTo(Place target, CommandReply reply) {
        onWriter(reply, () -> {
            resolve(target);
            goal = target.text();
            reply.ok(Map.of("goal", target.text()));
        });
    }

    @Override
    public void stop(String reason, CommandReply reply) {
        stops.incrementAndGet();
        goal = null;
        reply.ok(Map.of("stopped", true, "reason", reason));
    }

    @Override
    public void editMap(MapEdit edit, CommandReply reply) {
        onWriter(reply, () -> {
            switch (edit) {
                case MapEdit.AddNode add -> reply.ok(Map.of("node", add.name() == null
                        ? graph.addNode(add.x(), add.y()) : graph.addNode(add.name(), add.x(), add.y())));
                case MapEdit.RemoveNode remove -> {
                    graph.removeNode(resolve(remove.node()));
                    reply.ok(Map.of("removed", remove.node().text()));
                }
                case MapEdit.AddEdge add -> {
                    int a = resolve(add.from());
                    int b = resolve(add.to());
                    if (add.undirected()) {
                        graph.addUndirectedEdge(a, b, add.weight(), 0);
                    } else {
                        graph.addEdge(a, b, add.weight(), 0);
                    }
                    reply.ok(Map.of("version", graph.version()));
                }
                case MapEdit.RemoveEdge remove -> reply.ok(Map.of("removed",
                        graph.removeEdge(resolve(remove.from()), resolve(remove.to()))));
                case MapEdit.SetBlocked blocked -> {
                    graph.setBlocked(resolve(blocked.node()), blocked.blocked());
                    reply.ok(Map.of("blocked", blocked.blocked()));
                }
                case MapEdit.SetWeight weight -> {
                    graph.setWeight(resolve(weight.from()), resolve(weight.to()), weight.weight());
                    reply.ok(Map.of("weight", weight.weight()));
                }
                case MapEdit.AddZone add -> {
                    io.wally.maps.zone.Zones.write(graph, add.zone());
                    reply.ok(Map.of("zone", add.zone().name()));
                }
                case MapEdit.RemoveZone remove -> reply.ok(Map.of("removed", io.wally.maps.zone.Zones.remove(graph, remove.name())));
                case MapEdit.ListZones list -> reply.ok(Map.of("zones", io.wally.maps.zone.Zones.read(graph).list().stream()
                        .map(io.wally.maps.zone.Zone::name).toList()));
                case MapEdit.GetMap get -> reply.error(ErrorCode.BAD_REQUEST, "this robot has no grid");
                case MapEdit.NameHere name -> reply.error(ErrorCode.BAD_REQUEST, "this robot has no pose");
                case MapEdit.Paint paint -> reply.error(ErrorCode.BAD_REQUEST, "this robot has no grid");
                case MapEdit.Erase erase -> reply.error(ErrorCode.BAD_REQUEST, "this robot has no grid");
            }
        });
    }

    @Override
    public void status(CommandReply reply) {
        onWriter(reply, () -> {
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("goal", goal);
            status.put("nodes", graph.nodeCount());
            status.put("stops", stops.get());
            reply.ok(status);
        });
    }

    /** Runs on the writer: the number of nodes. */
    int nodeCount() throws Exception {
        return writer.submit(graph::nodeCount).get(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        writer.shutdown();
        writer.awaitTermination(5, TimeUnit.SECONDS);
        graph.close();
    }

    private static final class UnknownPlace extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnknownPlace(String place) {
            super("unknown node '" + place + "'");
        }
    }

    private int resolve(Place where) {
        String place = where.text();
        int id = graph.nodeId(place);
        if (id != NavGraph.NO_NODE) {
            return id;
        }
        if (place.chars().allMatch(Character::isDigit)) {
            try {
                int numeric = Integer.parseInt(place);
                if (graph.containsNode(numeric)) {
                    return numeric;
                }
            } catch (NumberFormatException tooLarge) {
                throw new UnknownPlace(place);
            }
        }
        throw new UnknownPlace(place);
    }

    private float cost;

    /** Plain Dijkstra over the graph, skipping blocked nodes; null when unreachable. */
    private List<String> dijkstra(int source, int target) {
        float[] dist = new float[graph.nodeIdLimit()];
        int[] prev = new int[dist.length];
        Arrays.fill(dist, Float.POSITIVE_INFINITY);
        Arrays.fill(prev, -1);
        dist[source] = 0;
        PriorityQueue<float[]> queue = new PriorityQueue<>((p, q) -> Float.compare(p[0], q[0]));
        queue.add(new float[] {0, source});
        EdgeCursor out = graph.edges();
        while (!queue.isEmpty()) {
            float[] head = queue.poll();
            int node = (int) head[1];
            if (head[0] > dist[node]) {
                continue;
            }
            if (node == target) {
                break;
            }
            out.moveTo(node);
            while (out.next()) {
                int next = out.to();
                if (graph.isBlocked(next)) {
                    continue;
                }
                float candidate = dist[node] + out.weight();
                if (candidate < dist[next]) {
                    dist[next] = candidate;
                    prev[next] = node;
                    queue.add(new float[] {candidate, next});
                }
            }
        }
        if (dist[target] == Float.POSITIVE_INFINITY) {
            return null;
        }
        cost = dist[target];
        List<String> path = new ArrayList<>();
        for (int at = target; at != -1; at = prev[at]) {
            path.add(graph.name(at).orElse(Integer.toString(at)));
        }
        Collections.reverse(path);
        return path;
    }
}
