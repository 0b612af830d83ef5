package io.wally.runtime.agent;

import io.wally.hal.NanoClock;
import io.wally.maps.NavGraph;
import io.wally.maps.concurrent.ReplicatedNavGraph;
import io.wally.maps.plan.Heuristic;
import io.wally.maps.plan.Heuristics;
import io.wally.maps.plan.JumpPointSearch;
import io.wally.maps.plan.Path;
import io.wally.maps.plan.PlanStatus;
import io.wally.maps.plan.Planner;
import io.wally.maps.plan.RouteRepair;
import io.wally.maps.plan.SearchLimits;
import io.wally.maps.zone.Zone;
import io.wally.maps.zone.ZoneCosts;
import io.wally.maps.zone.ZoneExit;
import io.wally.maps.zone.ZonedGraph;
import io.wally.maps.zone.Zones;
import io.wally.runtime.command.Algorithm;
import io.wally.runtime.command.CommandQueue;
import io.wally.runtime.command.CommandReply;
import io.wally.runtime.command.ErrorCode;
import io.wally.runtime.command.Place;
import io.wally.runtime.command.Request;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * A reader of the navigation graph: answers plan requests, turns a goal into a path for the
 * {@link MotionAgent} ({@link PathBoard}), and repairs the active path when the {@link MapAgent}
 * reports that a change touched it: a fresh A* from the robot's cell on the newly published version, or, with
 * {@link Settings#repairWithDStarLite()}, a D* Lite repair of the previous search ({@link RouteRepair}; a search
 * from scratch only for a new goal, a start that jumped or nodes added; every change is reported to the route).
 * Each search runs on a read view acquired for it and closed right after, so the writer is never held
 * up for longer than one search.
 *
 * <p>Requests arrive typed ({@link Request.Plan}, {@link Request.GoTo}) on its {@link CommandQueue}; places
 * are resolved to nodes on the view the search runs on. Errors carry an {@link ErrorCode} chosen where
 * they arise.
 *
 * <p>Threading: one agent thread (never the control loop's: a search may take longer than a control
 * period). Allocates per plan (the result), not per idle cycle.
 */
public final class PlannerAgent implements Agent {

    private static final System.Logger LOG = System.getLogger(PlannerAgent.class.getName());

    /**
     * @param planBudgetNanos     longest a search may run before it gives up (no_path, budget exhausted)
     * @param snapRadiusMeters    a point ({@code "x,y"}) on a blocked cell moves to the nearest free cell within this
     *     distance ({@link CellSnap}); none there is {@code no_free_cell}
     * @param repairWithDStarLite repair the active route with D* Lite ({@link RouteRepair}) instead of a fresh A*
     *     per change; off by default (see docs/planning.md: its routes tie-break differently, and in the
     *     simulated house that lets the sonar mark door frames into doorways)
     */
    public record Settings(long planBudgetNanos, boolean repairWithDStarLite, double snapRadiusMeters) {

        /** Settings with the default snap radius ({@value #DEFAULT_SNAP_RADIUS_METERS} m). */
        public Settings(long planBudgetNanos, boolean repairWithDStarLite) {
            this(planBudgetNanos, repairWithDStarLite, DEFAULT_SNAP_RADIUS_METERS);
        }
    }

    /** How far a point ({@code "x,y"}) may be moved to the nearest free cell by default, metres ({@code map.snapRadiusMeters}). */
    public static final double DEFAULT_SNAP_RADIUS_METERS = 0.25;
    /** How far a {@code no_free_cell} message looks for the free cell it suggests, metres. */
    private static final double SNAP_HINT_RADIUS_METERS = 2.0;

    /** Why a plan failed: a code and a message. */
    private record Failure(ErrorCode code, String message) {
    }

    private final ReplicatedNavGraph.Reader reader;
    private final NodeLocator locator;
    private final CommandQueue commandsIn;
    private final RingBuffer eventsIn;
    private final PoseBoard poseBoard;
    private final PathBoard pathBoard;
    private final Mission mission;
    private final SafetyState safety;
    private final PipelineCounters counters;
    private final NanoClock clock;
    private final SearchLimits limits;
    private final AtomicLong stopRequests;
    private final boolean repairWithDStarLite;
    private final double snapRadiusMeters;
    private final BiConsumer<Request, CommandReply> commandHandler = this::onCommand;
    private final MessageHandler eventHandler = this::onEvent;
    private final MapEventRecord event = new MapEventRecord();
    private final PoseBoard.Pose pose = new PoseBoard.Pose();
    private final double[] wx;
    private final double[] wy;
    private Planner planner;
    /** Jump point search for cmd/plan where the map is still its uniform grid. */
    private final GridJumpPoints jumpPoints;
    /**
     * One planner per replica, searching the pinned replica directly: used while no zone covers a node, so a
     * search pays neither the zones' nor the view's per-call indirection (a third slower on a 100k grid).
     */
    private Planner[] pinnedPlanners = new Planner[0];
    /** The locator as the zones' cell look-up. */
    private final ZoneCosts.CellLookup cells;
    /** The read view seen through the map's zones (keep-out cells blocked, speed cells dearer): what every search runs on. */
    private ZonedGraph zoned;
    /** The zones the searches see (read from the graph's view before each search; a change forgets the route). */
    private Zones zones = Zones.none();
    /** A* heuristic admissible on the map (octile, scaled down where an edge is shorter); null: compute before the next search. */
    private Heuristic heuristic;
    /** The active route's D* Lite state; null: made afresh at the next plan of the active goal. */
    private RouteRepair route;
    private int[] onPathStamp = new int[0];
    private int pathStamp;
    private long activeGoalId;
    private int activeGoalNode = NavGraph.NO_NODE;
    private boolean replanNeeded;
    /** The map changed wholesale (a zone came, say) while no goal was active: check the robot is not in a keep-out zone. */
    private boolean keepoutCheckNeeded;
    private long seenStops;
    /** The exploration mission ({@code cmd/explore}): its state and rules; this agent plans and starts its goals. */
    private final Exploration exploration;
    private final Exploration.Driver explorationDriver = new ExplorationDriver();

    /**
     * @param hand the hand-drive slot of the control loop: an exploration turns in place with it between targets
     */
    public PlannerAgent(Settings settings, PipelineParts parts, ReplicatedNavGraph graph, NodeLocator locator, ManualDrive hand) {
        this.reader = graph.newReader();
        this.locator = locator;
        this.jumpPoints = GridJumpPoints.of(locator);
        this.cells = new ZoneCosts.CellLookup() {
            @Override
            public int nodeAt(double xMeters, double yMeters) {
                return locator.nodeAt(xMeters, yMeters);
            }

            @Override
            public double cellMeters() {
                return locator.cellSizeMeters();
            }
        };
        this.commandsIn = parts.plannerCommands();
        this.eventsIn = parts.mapEventRing();
        this.poseBoard = parts.pose();
        this.pathBoard = parts.path();
        this.mission = parts.mission();
        this.safety = parts.safety();
        this.counters = parts.counters();
        this.clock = parts.clock();
        this.limits = new SearchLimits(Long.MAX_VALUE, settings.planBudgetNanos());
        this.repairWithDStarLite = settings.repairWithDStarLite();
        this.snapRadiusMeters = settings.snapRadiusMeters();
        this.stopRequests = parts.stopRequests();
        this.wx = new double[pathBoard.capacity()];
        this.wy = new double[pathBoard.capacity()];
        this.exploration = new Exploration(mission, parts.frontiers(), poseBoard, hand, safety, clock);
    }

    @Override
    public void onStart() {
        commandsIn.bindConsumer();
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
            if (activeGoalId != 0) {
                // ended by the stop already, unless this agent began it while the stop was being carried out
                mission.end(activeGoalId, Mission.State.STOPPED, "stop requested", clock.nanoTime());
            }
            cancelActive();
            exploration.stopped("stop requested");
            work++;
        }
        work += eventsIn.read(eventHandler, 256);
        work += commandsIn.drain(commandHandler, 4);
        if (exploration.active()) {
            work += exploration.step(explorationDriver);
            if (stopRequests.get() != seenStops) {
                return work + 1; // a stop came while the exploration acted: the next cycle undoes what it started
            }
        }
        if (keepoutCheckNeeded) {
            keepoutCheckNeeded = false;
            if (activeGoalId == 0) {
                leaveKeepoutIfInside();
            }
            work++;
        }
        if (replanNeeded) {
            replanNeeded = false;
            if (activeGoalId != 0 && activeGoalId == mission.goalId() && mission.state() == Mission.State.DRIVING) {
                counters.replans.incrementAndGet();
                Failure failure = planActive();
                if (failure != null) {
                    exploration.unreachable(activeGoalId);
                    mission.end(activeGoalId, Mission.State.FAILED, failure.message(), clock.nanoTime());
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
        event.wrap(buffer, index);
        int from = event.from();
        int to = event.to();
        if (msgTypeId == MapEventRecord.EDGE_CHANGED) {
            heuristic = null; // an edge came or its weight changed: the scale may have to go down
            route = null; // and the route's search state was built with the old heuristic
        } else if (route != null) {
            if (from == NavGraph.NO_NODE) {
                route.everythingChanged(); // too many changes to list: the next plan searches afresh
            } else {
                route.nodeChanged(from);
            }
        }
        if (activeGoalId == 0 && from == NavGraph.NO_NODE) {
            keepoutCheckNeeded = true;
        }
        if (activeGoalId == 0 || replanNeeded) {
            return;
        }
        if (from == NavGraph.NO_NODE || onPath(from) || (to != NavGraph.NO_NODE && onPath(to))) {
            replanNeeded = true;
        }
    }

    private boolean onPath(int node) {
        return node >= 0 && node < onPathStamp.length && onPathStamp[node] == pathStamp;
    }

    private void onCommand(Request request, CommandReply reply) {
        switch (request) {
            case Request.Plan p -> plan(p.from(), p.to(), p.algorithm(), reply);
            case Request.GoTo g -> goTo(g.target(), reply);
            case Request.Explore e -> explore(e, reply);
            default -> reply.error(ErrorCode.INTERNAL, "the planner does not serve " + request.command());
        }
    }

    private void plan(Place from, Place to, Algorithm algorithm, CommandReply reply) {
        try (ReplicatedNavGraph.ReadView view = reader.acquire()) {
            Planner zonedPlanner = planner(view);
            boolean noZones = zoneCosts(view).isEmpty();
            Planner p = noZones ? pinnedPlanner(view) : zonedPlanner;
            int start = from == null ? robotNode(view) : resolve(view, from);
            int goal = resolve(view, to);
            if (start == NavGraph.NO_NODE) {
                if (from == null) {
                    reply.error(ErrorCode.NOT_READY, "the robot's position is not on the map");
                } else {
                    reply.error(unknownCode(view, from), unknown(view, from));
                }
                return;
            }
            if (goal == NavGraph.NO_NODE) {
                reply.error(unknownCode(view, to), unknown(view, to));
                return;
            }
            Algorithm ran = algorithm;
            Path path;
            if (algorithm == Algorithm.AUTO || algorithm == Algorithm.JPS) {
                // zones make moves dearer and keep-outs walls: A* on the zoned view then
                JumpPointSearch jps = noZones ? jumpPoints.search(view) : null;
                path = jps == null ? null : jps.find(start, goal);
                if (path != null && path.status() != PlanStatus.INVALID_ENDPOINT) {
                    ran = Algorithm.JPS;
                } else if (algorithm == Algorithm.JPS) {
                    reply.error(ErrorCode.BAD_REQUEST, "algorithm jps needs the map's 8-connected grid as imported: no zones,"
                            + " no edges added, removed or re-weighted, start and goal free cells or places on them; use auto or astar");
                    return;
                } else {
                    ran = Algorithm.ASTAR;
                    path = p.aStar(start, goal, heuristic(view), limits);
                }
            } else {
                path = switch (algorithm) {
                    case DIJKSTRA -> p.dijkstra(start, goal, limits);
                    case BFS -> p.bfs(start, goal, limits);
                    default -> p.aStar(start, goal, heuristic(view), limits);
                };
            }
            counters.plans.incrementAndGet();
            if (!path.found()) {
                reply.error(ErrorCode.NO_PATH, "no path from " + describe(view, start) + " to " + describe(view, goal) + " (" + path.status() + ")"
                        + inKeepout(view, "start", start) + inKeepout(view, "goal", goal));
                return;
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("algorithm", ran.wireName());
            result.put("from", describe(view, start));
            result.put("to", describe(view, goal));
            result.put("cost", path.cost());
            result.put("hops", path.hops());
            result.put("expansions", path.expansions());
            result.put("graphVersion", path.graphVersion());
            result.put("nodes", path.nodes());
            result.put("points", points(view, path));
            reply.ok(result);
        }
    }

    private void goTo(Place target, CommandReply reply) {
        if (safety.faulted()) {
            reply.error(ErrorCode.FAULT, "safety fault: " + safety.reason());
            return;
        }
        int goal;
        try (ReplicatedNavGraph.ReadView view = reader.acquire()) {
            goal = resolve(view, target);
            if (goal == NavGraph.NO_NODE) {
                reply.error(unknownCode(view, target), unknown(view, target));
                return;
            }
        }
        if (exploration.active()) {
            exploration.stopped("replaced by goal '" + target.text() + "'");
        }
        Failure failure = startGoal(target.text(), goal);
        if (failure != null) {
            reply.error(failure.code(), failure.message());
            return;
        }
        long id = activeGoalId;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("goal", target.text());
        result.put("goalId", id);
        result.put("waypoints", mission.remainingWaypoints());
        result.put("points", publishedPoints(mission.remainingWaypoints()));
        reply.ok(result);
    }

    /**
     * Starts an exploration ({@link Exploration}): refused during a safety fault, on a map without a grid, or while
     * the robot is off the map; otherwise any goal ends (stopped, replaced) and the reply says what it will do.
     */
    private void explore(Request.Explore request, CommandReply reply) {
        if (safety.faulted()) {
            reply.error(ErrorCode.FAULT, "safety fault: " + safety.reason());
            return;
        }
        if (!(locator instanceof GridLocator)) {
            reply.error(ErrorCode.BAD_REQUEST, "this map has no occupancy grid: there is nothing to explore on");
            return;
        }
        try (ReplicatedNavGraph.ReadView view = reader.acquire()) {
            if (robotNode(view) == NavGraph.NO_NODE) {
                reply.error(ErrorCode.NOT_READY, "the robot's position is not on the map");
                return;
            }
        }
        boolean replaced = exploration.active() || mission.state() == Mission.State.DRIVING;
        if (mission.state() == Mission.State.DRIVING) {
            mission.end(mission.goalId(), Mission.State.STOPPED, "replaced by an exploration", clock.nanoTime());
        }
        cancelActive();
        long id = exploration.start(request.budgetSeconds(), request.maxDistanceMeters());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("exploreId", id);
        result.put("state", "started");
        result.put("budgetSeconds", request.budgetSeconds());
        result.put("maxDistanceMeters", request.maxDistanceMeters() == Double.POSITIVE_INFINITY ? null : request.maxDistanceMeters());
        result.put("replaced", replaced);
        reply.ok(result);
    }

    /** How far a frontier's target may move to the nearest free cell (it often lies in a wall's inflation), metres. */
    private static final double FRONTIER_SNAP_METERS = 0.3;
    /** Most path searches per frontier choice (nearest first by straight line, so the best is usually among the first). */
    private static final int MAX_FRONTIER_SEARCHES = 12;

    /** The planner's side of an exploration: choosing the nearest frontier by path cost, starting and ending its goals. */
    private final class ExplorationDriver implements Exploration.Driver {

        private final int[] order = new int[FrontierBoard.CAPACITY];
        private final double[] straight = new double[FrontierBoard.CAPACITY];

        @Override
        public boolean nearestFrontier(FrontierBoard.Copy frontiers, Exploration given, double[] out) {
            try (ReplicatedNavGraph.ReadView view = reader.acquire()) {
                Planner zonedPlanner = planner(view);
                ZoneCosts costs = zoneCosts(view);
                Planner p = costs.isEmpty() ? pinnedPlanner(view) : zonedPlanner;
                int start = robotNode(view);
                if (start == NavGraph.NO_NODE) {
                    return false;
                }
                int n = 0;
                for (int i = 0; i < frontiers.count; i++) {
                    if (!given.givenUp(frontiers.x[i], frontiers.y[i]) && zones.keepoutAt(frontiers.x[i], frontiers.y[i]) == null) {
                        order[n] = i;
                        straight[i] = Math.hypot(frontiers.x[i] - pose.xMeters, frontiers.y[i] - pose.yMeters);
                        n++;
                    }
                }
                // nearest by straight line first; a straight line never beats the path, so stop once it is longer than the best path
                for (int a = 1; a < n; a++) {
                    int k = order[a];
                    int b = a - 1;
                    while (b >= 0 && straight[order[b]] > straight[k]) {
                        order[b + 1] = order[b];
                        b--;
                    }
                    order[b + 1] = k;
                }
                double best = Double.POSITIVE_INFINITY;
                int searches = 0;
                for (int a = 0; a < n && searches < MAX_FRONTIER_SEARCHES; a++) {
                    int i = order[a];
                    if (straight[i] >= best) {
                        break;
                    }
                    int goal = CellSnap.nearestFree(view, locator, frontiers.x[i], frontiers.y[i], FRONTIER_SNAP_METERS);
                    if (goal == NavGraph.NO_NODE) {
                        continue;
                    }
                    searches++;
                    Path path = p.aStar(start, goal, heuristic(view), limits);
                    counters.plans.incrementAndGet();
                    if (path.found() && path.cost() < best) {
                        best = path.cost();
                        out[0] = view.x(goal);
                        out[1] = view.y(goal);
                        out[2] = path.cost();
                    }
                }
                return best < Double.POSITIVE_INFINITY;
            }
        }

        @Override
        public long driveTo(String name, double xMeters, double yMeters) {
            int goal;
            try (ReplicatedNavGraph.ReadView view = reader.acquire()) {
                goal = CellSnap.nearestFree(view, locator, xMeters, yMeters, FRONTIER_SNAP_METERS);
            }
            if (goal == NavGraph.NO_NODE || safety.faulted()) {
                return 0;
            }
            return startGoal(name, goal) == null ? activeGoalId : 0;
        }

        @Override
        public void endGoal(long goalId, String why) {
            mission.end(goalId, Mission.State.STOPPED, why, clock.nanoTime());
            if (activeGoalId == goalId) {
                cancelActive();
            }
        }
    }

    /** Begins a goal to {@code goal} and plans it; null when it drives (its id in {@link #activeGoalId}), else why not (the goal failed). */
    private Failure startGoal(String name, int goal) {
        long id = mission.begin(name, clock.nanoTime());
        activeGoalId = id;
        activeGoalNode = goal;
        Failure failure = planActive();
        if (failure != null) {
            mission.end(id, Mission.State.FAILED, failure.message(), clock.nanoTime());
            pathBoard.clear(id);
            activeGoalId = 0;
        }
        return failure;
    }

    /**
     * A robot standing still inside a keep-out zone (one was drawn around it) leaves by the shortest way out: a
     * mission to the nearest cell outside, reported like any goal ("goal" events) and by a "zone_exit" event.
     */
    private void leaveKeepoutIfInside() {
        int exit;
        String zoneName;
        try (ReplicatedNavGraph.ReadView view = reader.acquire()) {
            planner(view);
            ZoneCosts costs = zoneCosts(view);
            int start = robotNode(view);
            if (start == NavGraph.NO_NODE || !ZoneExit.inKeepout(view, costs, start)) {
                return;
            }
            int[] wayOut = ZoneExit.wayOut(view, costs, start);
            Zone zone = zones.keepoutAt(view.x(start), view.y(start));
            zoneName = zone == null ? "?" : zone.name();
            if (wayOut == null) {
                LOG.log(System.Logger.Level.WARNING, "the robot is inside keep-out zone '" + zoneName + "' and no way out of it is free");
                return;
            }
            exit = wayOut[wayOut.length - 1];
        }
        if (safety.faulted()) {
            return;
        }
        long id = mission.begin("leave keep-out zone '" + zoneName + "'", clock.nanoTime());
        activeGoalId = id;
        activeGoalNode = exit;
        Failure failure = planActive();
        if (failure != null) {
            mission.end(id, Mission.State.FAILED, failure.message(), clock.nanoTime());
            pathBoard.clear(id);
            activeGoalId = 0;
        }
    }

    /** Plans from the robot to the active goal and publishes the path; returns why it failed, or null. */
    private Failure planActive() {
        try (ReplicatedNavGraph.ReadView view = reader.acquire()) {
            Planner zonedPlanner = planner(view);
            ZoneCosts costs = zoneCosts(view);
            Planner p = costs.isEmpty() ? pinnedPlanner(view) : zonedPlanner;
            int start = robotNode(view);
            if (start == NavGraph.NO_NODE) {
                return new Failure(ErrorCode.NOT_READY, "the robot's position is not on the map");
            }
            if (zones.keepoutAt(view.x(activeGoalNode), view.y(activeGoalNode)) != null) {
                return new Failure(ErrorCode.NO_PATH, "the goal " + describe(view, activeGoalNode) + " is" + inKeepout(view, "", activeGoalNode));
            }
            // A robot inside a keep-out zone (drawn around it) first leaves it by the shortest way out, and says so.
            int[] wayOut = ZoneExit.wayOut(view, costs, start);
            if (wayOut == null) {
                return new Failure(ErrorCode.NO_PATH, "the robot is" + inKeepout(view, "", start) + " and no way out of it is free");
            }
            if (wayOut.length > 1) {
                Zone zone = zones.keepoutAt(view.x(start), view.y(start));
                mission.report("zone_exit", Map.of("goalId", activeGoalId, "zone", zone == null ? "" : zone.name(),
                        "meters", lengthOf(view, wayOut)));
                start = wayOut[wayOut.length - 1];
            }
            Path path;
            if (repairWithDStarLite) {
                RouteRepair active = route(view);
                long repairsBefore = active.repairs();
                path = active.plan(start, activeGoalNode);
                if (active.repairs() != repairsBefore) {
                    counters.routeRepairs.incrementAndGet();
                }
            } else {
                path = p.aStar(start, activeGoalNode, heuristic(view), limits);
            }
            if (!path.found() && repairWithDStarLite) {
                // A route that says "no path" is checked by a search from scratch before the goal fails: a
                // goal must never fail on a stale repair state. A disagreement is counted and logged.
                Path fresh = p.aStar(start, activeGoalNode, heuristic(view), limits);
                if (fresh.found()) {
                    counters.routeRepairMisses.incrementAndGet();
                    LOG.log(System.Logger.Level.WARNING, "route repair found no path from " + start + " to " + activeGoalNode
                            + " where A* found one (cost " + fresh.cost() + "); using A*'s and searching afresh next time");
                    route = null;
                    path = fresh;
                }
            }
            counters.plans.incrementAndGet();
            if (!path.found()) {
                return new Failure(ErrorCode.NO_PATH, "no path to " + describe(view, activeGoalNode) + " (" + path.status() + ")");
            }
            int n = wayOut.length - 1 + path.nodeCount();
            if (n > wx.length) {
                return new Failure(ErrorCode.NO_PATH, "path of " + n + " nodes exceeds the path board's " + wx.length);
            }
            if (onPathStamp.length < view.nodeIdLimit()) {
                onPathStamp = new int[view.nodeIdLimit()];
            }
            pathStamp++;
            for (int i = 0; i < n; i++) {
                int node = i < wayOut.length - 1 ? wayOut[i] : path.node(i - wayOut.length + 1);
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

    /**
     * Octile distance, exact on 8-connected grids with √2 diagonals and admissible on 4-connected ones, made
     * admissible on the whole map ({@link Heuristics#admissibleOn}): far fewer expansions than the Euclidean
     * distance on grids, the same optimal costs. Recomputed (one pass over the edges) after an edge change.
     */
    private Heuristic heuristic(NavGraph view) {
        if (heuristic == null) {
            heuristic = Heuristics.admissibleOn(view, Heuristics.octile());
        }
        return heuristic;
    }

    /**
     * The active route, repaired with D* Lite when the map writer marks or clears cells (a search from
     * scratch only for a new goal, a start that jumped, or nodes added); made on first use with the view.
     */
    private RouteRepair route(ReplicatedNavGraph.ReadView view) {
        if (route == null) {
            route = new RouteRepair(zoned, heuristic(view), RouteRepair.Settings.DEFAULTS, clock::nanoTime);
        }
        return route;
    }

    private Planner pinnedPlanner(ReplicatedNavGraph.ReadView view) {
        int r = view.replica();
        if (r >= pinnedPlanners.length) {
            pinnedPlanners = Arrays.copyOf(pinnedPlanners, r + 1);
        }
        if (pinnedPlanners[r] == null) {
            pinnedPlanners[r] = new Planner(view.pinned(), clock::nanoTime); // a replica is the same object for good
        }
        return pinnedPlanners[r];
    }

    private Planner planner(ReplicatedNavGraph.ReadView view) {
        if (planner == null) {
            zoned = new ZonedGraph(view, ZoneCosts.none());
            planner = new Planner(zoned, clock::nanoTime); // the view's cursor follows later acquisitions
        }
        return planner;
    }

    /**
     * The zones of this view laid onto its nodes, for the searches on {@link #zoned}; laid out again only when the
     * zones changed (they are one graph property each, so this view has each zone whole or not at all). The nodes
     * whose factor changed are reported to the route's repair state. The heuristic stays: zone factors are >= 1.
     */
    private ZoneCosts zoneCosts(ReplicatedNavGraph.ReadView view) {
        Zones now = Zones.read(view);
        if (!now.equals(zones)) {
            zones = now;
            // On a grid only the cells under the zones are visited (the locator finds them); else every node.
            int anchor = Zones.anchor(view);
            boolean grid = anchor != NavGraph.NO_NODE && locator.nodeAt(view.x(anchor), view.y(anchor)) != NavGraph.NO_NODE;
            ZoneCosts before = zoned.costs();
            ZoneCosts after = grid ? ZoneCosts.of(view, now, cells) : ZoneCosts.of(view, now);
            zoned.use(after);
            if (route != null) { // a D* Lite route repairs around the nodes the edit touched
                RouteRepair active = route;
                ZoneCosts.forEachChange(before, after, active::nodeChanged);
            }
        }
        return zoned.costs();
    }

    /** {@code " inside keep-out zone 'x'"} with a leading label when {@code node} lies in one, else empty. */
    private String inKeepout(NavGraph view, String label, int node) {
        Zone zone = node == NavGraph.NO_NODE ? null : zones.keepoutAt(view.x(node), view.y(node));
        return zone == null ? "" : (label.isEmpty() ? "" : "; the " + label + " is") + " inside keep-out zone '" + zone.name() + "'";
    }

    private static double lengthOf(NavGraph view, int[] nodes) {
        double meters = 0;
        for (int i = 1; i < nodes.length; i++) {
            meters += Math.hypot(view.x(nodes[i]) - view.x(nodes[i - 1]), view.y(nodes[i]) - view.y(nodes[i - 1]));
        }
        return Math.round(meters * 1000) / 1000.0;
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

    /** The code for a place that resolved to no node: {@code no_free_cell} for a point with no free cell near, else unknown_node. */
    private ErrorCode unknownCode(NavGraph view, Place place) {
        return place instanceof Place.Point p && CellSnap.offMap(locator, p.xMeters(), p.yMeters()) == null
                ? ErrorCode.NO_FREE_CELL : ErrorCode.UNKNOWN_NODE;
    }

    /** Why {@code place} resolved to no node, with the nearest names when it was a name, the map's extent when off it. */
    private String unknown(NavGraph view, Place place) {
        return switch (place) {
            case Place.Named named -> "unknown place '" + named.name() + "'" + NearestNames.hint(view, named.name());
            case Place.Node node -> "no node " + node.id() + " on the map (ids below " + view.nodeIdLimit() + ")";
            case Place.Point point -> {
                String off = CellSnap.offMap(locator, point.xMeters(), point.yMeters());
                if (off != null) {
                    yield off;
                }
                String why = "no free cell within map.snapRadiusMeters = " + snapRadiusMeters + " m of (" + point.xMeters() + ", "
                        + point.yMeters() + "): it lies inside a wall or an obstacle";
                int nearest = CellSnap.nearestFree(view, locator, point.xMeters(), point.yMeters(), SNAP_HINT_RADIUS_METERS);
                yield nearest == NavGraph.NO_NODE ? why + "; pick a point nearer the free floor"
                        : why + "; the nearest free cell is " + Rounding.meters(Math.hypot(view.x(nearest) - point.xMeters(),
                                view.y(nearest) - point.yMeters())) + " m away, at " + Rounding.meters(view.x(nearest)) + ","
                                + Rounding.meters(view.y(nearest));
            }
        };
    }

    /**
     * The node {@code place} names on {@code view}, or {@code NO_NODE}. A point on a blocked cell (a wall, or the
     * margin inflated around it) moves to the nearest free cell within the snap radius ({@link CellSnap}).
     */
    private int resolve(NavGraph view, Place place) {
        return switch (place) {
            case Place.Named named -> view.nodeId(named.name());
            case Place.Node node -> view.containsNode(node.id()) ? node.id() : NavGraph.NO_NODE;
            case Place.Point point -> CellSnap.nearestFree(view, locator, point.xMeters(), point.yMeters(), snapRadiusMeters);
        };
    }

    /** The first {@code n} waypoints just published for the active goal, as {@code [x, y]} metres (goto replies). */
    private double[][] publishedPoints(int n) {
        double[][] out = new double[Math.min(n, wx.length)][];
        for (int i = 0; i < out.length; i++) {
            out[i] = new double[] {Rounding.meters(wx[i]), Rounding.meters(wy[i])};
        }
        return out;
    }

    /** The path's waypoints as {@code [x, y]} in metres, rounded to millimetres (plan replies). */
    private static double[][] points(NavGraph view, Path path) {
        double[][] out = new double[path.nodeCount()][];
        for (int i = 0; i < out.length; i++) {
            int node = path.node(i);
            out[i] = new double[] {Rounding.meters(view.x(node)), Rounding.meters(view.y(node))};
        }
        return out;
    }

    private static String describe(NavGraph view, int node) {
        return view.name(node).orElse(node + " (" + view.x(node) + ", " + view.y(node) + ")");
    }
}
