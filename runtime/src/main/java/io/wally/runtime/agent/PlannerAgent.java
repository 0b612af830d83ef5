package io.wally.runtime.agent;

import io.wally.hal.NanoClock;
import io.wally.maps.NavGraph;
import io.wally.maps.concurrent.ReplicatedNavGraph;
import io.wally.maps.plan.Heuristics;
import io.wally.maps.plan.Path;
import io.wally.maps.plan.Planner;
import io.wally.maps.plan.SearchLimits;
import io.wally.runtime.command.CommandReply;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * A reader of the navigation graph: answers plan requests, turns a goal into a path for the
 * {@link MotionAgent} ({@link PathBoard}), and repairs the active path when the {@link MapAgent}
 * reports that a change touched it (a fresh A* from the robot's cell on the newly published version).
 * Each search runs on a read view acquired for it and closed right after, so the writer is never held
 * up for longer than one search.
 *
 * <p>Threading: one agent thread (never the control loop's: a search may take longer than a control
 * period). Allocates per plan (the result), not per idle cycle.
 */
public final class PlannerAgent implements Agent {

    private final ReplicatedNavGraph.Reader reader;
    private final NodeLocator locator;
    private final RingBuffer commandsIn;
    private final RingBuffer eventsIn;
    private final PendingReplies replies;
    private final PoseBoard poseBoard;
    private final PathBoard pathBoard;
    private final Mission mission;
    private final SafetyState safety;
    private final PipelineCounters counters;
    private final NanoClock clock;
    private final SearchLimits limits;
    private final Supplier<Map<String, Object>> status;
    private final MessageHandler commandHandler = this::onCommand;
    private final MessageHandler eventHandler = this::onEvent;
    private final PoseBoard.Pose pose = new PoseBoard.Pose();
    private final double[] wx;
    private final double[] wy;
    private Planner planner;
    private int[] onPathStamp = new int[0];
    private int pathStamp;
    private long activeGoalId;
    private int activeGoalNode = NavGraph.NO_NODE;
    private boolean replanNeeded;
    private long seenStops;
    private final java.util.concurrent.atomic.AtomicLong stopRequests;

    public PlannerAgent(ReplicatedNavGraph graph, NodeLocator locator, RingBuffer commandsIn, RingBuffer eventsIn,
            CommandGateway gateway, PoseBoard poseBoard, PathBoard pathBoard, Mission mission, SafetyState safety,
            PipelineCounters counters, NanoClock clock, long planBudgetNanos,
            java.util.concurrent.atomic.AtomicLong stopRequests, Supplier<Map<String, Object>> status) {
        this.reader = graph.newReader();
        this.locator = locator;
        this.commandsIn = commandsIn;
        this.eventsIn = eventsIn;
        this.replies = gateway.replies();
        this.poseBoard = poseBoard;
        this.pathBoard = pathBoard;
        this.mission = mission;
        this.safety = safety;
        this.counters = counters;
        this.clock = clock;
        this.limits = new SearchLimits(Long.MAX_VALUE, planBudgetNanos);
        this.stopRequests = stopRequests;
        this.status = status;
        this.wx = new double[pathBoard.capacity()];
        this.wy = new double[pathBoard.capacity()];
    }

    @Override
    public String roleName() {
        return "wally-planner";
    }

    @Override
    public int doWork() {
        int work = 0;
        mission.settle();
        long stops = stopRequests.get();
        if (stops != seenStops) {
            seenStops = stops;
            cancelActive();
            work++;
        }
        work += eventsIn.read(eventHandler, 256);
        work += commandsIn.read(commandHandler, 4);
        if (replanNeeded) {
            replanNeeded = false;
            if (activeGoalId != 0 && activeGoalId == mission.goalId() && mission.state() == Mission.State.DRIVING) {
                counters.replans.incrementAndGet();
                String failure = planActive();
                if (failure != null) {
                    mission.end(activeGoalId, Mission.State.FAILED, failure, clock.nanoTime());
                    pathBoard.clear(activeGoalId);
                    activeGoalId = 0;
                } else {
                    mission.report("replan", Map.of("goalId", activeGoalId, "waypoints", mission.remainingWaypoints(),
                            "meters", mission.remainingMeters()));
                }
            }
            work++;
        }
        return work;
    }

    private void cancelActive() {
        if (activeGoalId != 0) {
            pathBoard.clear(activeGoalId);
            activeGoalId = 0;
            activeGoalNode = NavGraph.NO_NODE;
        }
    }

    private void onEvent(int msgTypeId, DirectBuffer buffer, int index, int length) {
        if (activeGoalId == 0 || replanNeeded) {
            return;
        }
        int from = buffer.getInt(index + MapEventDescriptor.FROM_OFFSET);
        int to = buffer.getInt(index + MapEventDescriptor.TO_OFFSET);
        if (from == NavGraph.NO_NODE || onPath(from) || (to != NavGraph.NO_NODE && onPath(to))) {
            replanNeeded = true;
        }
    }

    private boolean onPath(int node) {
        return node >= 0 && node < onPathStamp.length && onPathStamp[node] == pathStamp;
    }

    private void onCommand(int msgTypeId, DirectBuffer buffer, int index, int length) {
        CommandReply reply = replies.take(buffer.getInt(index + CommandRecordDescriptor.SLOT_OFFSET));
        int at = index + CommandRecordDescriptor.TEXT_OFFSET;
        String text1 = CommandText.read(buffer, at);
        at += CommandText.encodedLength(buffer, at);
        String text2 = CommandText.read(buffer, at);
        at += CommandText.encodedLength(buffer, at);
        String text3 = msgTypeId == CommandRecordDescriptor.PLAN_MSG_TYPE ? CommandText.read(buffer, at) : null;
        if (reply == null) {
            return;
        }
        switch (msgTypeId) {
            case CommandRecordDescriptor.PLAN_MSG_TYPE -> plan(text1, text2, text3, reply);
            case CommandRecordDescriptor.GOTO_MSG_TYPE -> goTo(text1, reply);
            case CommandRecordDescriptor.STATUS_MSG_TYPE -> reply.ok(status.get());
            default -> reply.error("bad_request", "unknown planner command type " + msgTypeId);
        }
    }

    private void plan(String from, String to, String algorithm, CommandReply reply) {
        String algo = algorithm == null ? "astar" : algorithm.strip().toLowerCase(java.util.Locale.ROOT);
        if (!algo.equals("astar") && !algo.equals("dijkstra") && !algo.equals("bfs")) {
            reply.error("bad_request", "unknown algorithm '" + algorithm + "' (astar, dijkstra, bfs)");
            return;
        }
        try (ReplicatedNavGraph.ReadView view = reader.acquire()) {
            Planner p = planner(view);
            int start = from == null ? robotNode(view) : resolve(view, from);
            int goal = resolve(view, to);
            if (start == NavGraph.NO_NODE) {
                reply.error(from == null ? "not_ready" : "unknown_node",
                        from == null ? "the robot's position is not on the map" : "unknown place '" + from + "'");
                return;
            }
            if (goal == NavGraph.NO_NODE) {
                reply.error("unknown_node", "unknown place '" + to + "'");
                return;
            }
            Path path = switch (algo) {
                case "dijkstra" -> p.dijkstra(start, goal, limits);
                case "bfs" -> p.bfs(start, goal, limits);
                default -> p.aStar(start, goal, Heuristics.euclidean(), limits);
            };
            counters.plans.incrementAndGet();
            if (!path.found()) {
                reply.error("no_path", "no path from " + describe(view, start) + " to " + describe(view, goal) + " (" + path.status() + ")");
                return;
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("algorithm", algo);
            result.put("from", describe(view, start));
            result.put("to", describe(view, goal));
            result.put("cost", path.cost());
            result.put("hops", path.hops());
            result.put("expansions", path.expansions());
            result.put("graphVersion", path.graphVersion());
            result.put("nodes", path.nodes());
            reply.ok(result);
        }
    }

    private void goTo(String target, CommandReply reply) {
        if (safety.faulted()) {
            reply.error("fault", "safety fault: " + safety.reason());
            return;
        }
        int goal;
        try (ReplicatedNavGraph.ReadView view = reader.acquire()) {
            goal = resolve(view, target);
        }
        if (goal == NavGraph.NO_NODE) {
            reply.error("unknown_node", "unknown place '" + target + "'");
            return;
        }
        long id = mission.begin(target, clock.nanoTime());
        activeGoalId = id;
        activeGoalNode = goal;
        String failure = planActive();
        if (failure != null) {
            mission.end(id, Mission.State.FAILED, failure, clock.nanoTime());
            pathBoard.clear(id);
            activeGoalId = 0;
            reply.error(failure.startsWith("the robot") ? "not_ready" : "no_path", failure);
            return;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("goal", target);
        result.put("goalId", id);
        result.put("waypoints", mission.remainingWaypoints());
        reply.ok(result);
    }

    /** Plans from the robot to the active goal and publishes the path; returns why it failed, or null. */
    private String planActive() {
        try (ReplicatedNavGraph.ReadView view = reader.acquire()) {
            Planner p = planner(view);
            int start = robotNode(view);
            if (start == NavGraph.NO_NODE) {
                return "the robot's position is not on the map";
            }
            Path path = p.aStar(start, activeGoalNode, Heuristics.euclidean(), limits);
            counters.plans.incrementAndGet();
            if (!path.found()) {
                return "no path to " + describe(view, activeGoalNode) + " (" + path.status() + ")";
            }
            if (path.nodeCount() > wx.length) {
                return "path of " + path.nodeCount() + " nodes exceeds the path board's " + wx.length;
            }
            int n = path.nodeCount();
            if (onPathStamp.length < view.nodeIdLimit()) {
                onPathStamp = new int[view.nodeIdLimit()];
            }
            pathStamp++;
            for (int i = 0; i < n; i++) {
                int node = path.node(i);
                wx[i] = view.x(node);
                wy[i] = view.y(node);
                onPathStamp[node] = pathStamp;
            }
            pathBoard.publish(wx, wy, n, activeGoalId, path.graphVersion());
            double meters = 0;
            for (int i = 1; i < n; i++) {
                meters += Math.hypot(wx[i] - wx[i - 1], wy[i] - wy[i - 1]);
            }
            mission.progress(n, meters);
            return null;
        }
    }

    private Planner planner(ReplicatedNavGraph.ReadView view) {
        if (planner == null) {
            planner = new Planner(view, clock::nanoTime); // the view's cursor follows later acquisitions
        }
        return planner;
    }

    /** The free grid cell under the robot (or the nearest free one within two cells). */
    private int robotNode(NavGraph view) {
        poseBoard.read(pose);
        int node = locator.nodeAt(pose.xMeters, pose.yMeters);
        if (node == NavGraph.NO_NODE || !view.containsNode(node) || !view.isBlocked(node)) {
            return node;
        }
        double cell = locator.cellSizeMeters();
        int best = NavGraph.NO_NODE;
        double bestD = Double.MAX_VALUE;
        for (int dy = -2; dy <= 2; dy++) {
            for (int dx = -2; dx <= 2; dx++) {
                int n = locator.nodeAt(pose.xMeters + dx * cell, pose.yMeters + dy * cell);
                double d = Math.hypot(dx, dy);
                if (n != NavGraph.NO_NODE && view.containsNode(n) && !view.isBlocked(n) && d < bestD) {
                    best = n;
                    bestD = d;
                }
            }
        }
        return best == NavGraph.NO_NODE ? node : best;
    }

    /** A place name, a node id, or "x,y" metres. */
    private int resolve(NavGraph view, String place) {
        if (place == null || place.isBlank()) {
            return NavGraph.NO_NODE;
        }
        int byName = view.nodeId(place);
        if (byName != NavGraph.NO_NODE) {
            return byName;
        }
        String s = place.strip();
        int comma = s.indexOf(',');
        try {
            if (comma > 0) {
                double px = Double.parseDouble(s.substring(0, comma).strip());
                double py = Double.parseDouble(s.substring(comma + 1).strip());
                return locator.nodeAt(px, py);
            }
            int id = Integer.parseInt(s);
            return view.containsNode(id) ? id : NavGraph.NO_NODE;
        } catch (NumberFormatException e) {
            return NavGraph.NO_NODE;
        }
    }

    private static String describe(NavGraph view, int node) {
        return view.name(node).orElse(node + " (" + view.x(node) + ", " + view.y(node) + ")");
    }
}
