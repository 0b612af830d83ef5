package io.wally.maps.plan;

import io.wally.maps.NavGraph;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The active route of a robot, kept up to date by repairing it with {@link DStarLite} instead of planning
 * it again from scratch: the planner that drives the robot owns one, tells it which nodes and arcs the
 * map writer changed, and asks it for the route from wherever the robot is now.
 *
 * <pre>{@code
 * RouteRepair route = new RouteRepair(view, Heuristics.euclidean(), RouteRepair.Settings.DEFAULTS, clock);
 * // on a map event (any time, also outside a read view):
 * route.nodeChanged(node);            // blocked, freed, or its arcs changed
 * route.edgeChanged(from, to);        // weight changed, arc came or went
 * // each planning cycle, with the view acquired:
 * Path path = route.plan(robotNode, goalNode);
 * }</pre>
 *
 * <p><b>Repair or fresh search.</b> {@link #plan} repairs the previous search (D* Lite: the reported
 * changes, then the robot's move through its key modifier) and searches afresh — a full D* Lite search,
 * which expands what A* would — only when
 * <ul>
 *   <li>there is no previous search, or the goal is another node;</li>
 *   <li>the start jumped: it is neither on the previous path nor within {@link Settings#maxStartShift()}
 *       (straight line, graph coordinates) of the previous start — a relocalised robot, not one that drove;</li>
 *   <li>the graph's {@link NavGraph#nodeIdLimit()} grew (nodes were added);</li>
 *   <li>the repair state is invalid: {@link #everythingChanged()} was called, more changes were reported
 *       than {@link Settings#maxPendingChanges()} between two plans, a reported node was removed, or the
 *       repaired path does not weigh what D* Lite computed (a change was not reported — e.g. an event
 *       dropped on a full queue — so the state no longer matches the graph).</li>
 * </ul>
 * The result always has the cost of a fresh A* on the graph as it is, provided every change is reported.
 *
 * <p><b>Graph.</b> D* Lite needs every arc to have a reverse arc ({@link DStarLite}); this is checked over
 * the whole graph (O(arcs)) at the first plan, and around each reported node or arc. While some arc has
 * no reverse, every plan is a fresh A* ({@link Planner}); the whole graph is checked again at the next
 * fresh-search trigger. The graph may be a reusable view over replicas (the same {@link NavGraph} object
 * re-acquired between calls, as {@code ReplicatedNavGraph.ReadView}): {@link #plan} reads it, so call it
 * with the view acquired; the change notifications only record node ids and may be called at any time.
 *
 * <p><b>Heuristic.</b> Consistent and in the unit of the edge weights, as for A*: {@link Heuristics#euclidean()}
 * when coordinates and weights are both metres (the runtime's grids), {@link Heuristics#forGrid} on grids in
 * cells, {@link Heuristics#admissibleOn} when weights may be less than the straight line.
 *
 * <p><b>Threading and lifecycle.</b> Not thread-safe: one thread (the planner's) calls every method. The
 * working arrays are sized by the graph's node id limit and reused; a repair allocates nothing but its
 * result {@link Path}. Nothing to close.
 */
public final class RouteRepair {

    /**
     * When the route is searched afresh rather than repaired.
     *
     * @param maxStartShift straight-line distance (graph coordinates: metres on metric maps, cells on
     *     grids in cells) the start may move off the previous path before it counts as a jump, {@code >= 0}
     * @param maxPendingChanges changes recorded between two plans, {@code >= 1}; more make the next plan
     *     a fresh search (after that many, one search from scratch costs about what the repairs would)
     */
    public record Settings(double maxStartShift, int maxPendingChanges) {

        /** Two metres (or cells) of shift, 4096 changes between plans. */
        public static final Settings DEFAULTS = new Settings(2.0, 4096);

        /** Checks both bounds. */
        public Settings {
            if (!(maxStartShift >= 0) || Double.isInfinite(maxStartShift)) {
                throw new IllegalArgumentException("maxStartShift must be finite and >= 0; was " + maxStartShift);
            }
            if (maxPendingChanges < 1) {
                throw new IllegalArgumentException("maxPendingChanges must be >= 1; was " + maxPendingChanges);
            }
        }
    }

    private static final int NODE_CHANGE = -2;
    /** Relative tolerance between a path's weight read from the graph and the distance D* Lite computed. */
    private static final double COST_TOLERANCE = 1e-7;

    private final NavGraph graph;
    private final Heuristic heuristic;
    private final Settings settings;
    private final LongSupplier nanoClock;
    /** Pending changes: {@code pendingFrom[i]} with {@code pendingTo[i]} an arc's head, or {@link #NODE_CHANGE}. */
    private final int[] pendingFrom;
    private final int[] pendingTo;
    private int pendingCount;
    /** The next plan searches afresh. */
    private boolean invalid = true;
    /** Changes went unrecorded, so arcs without a reverse may have appeared anywhere: check the whole graph. */
    private boolean arcsUnknown = true;

    private DStarLite engine;
    private Planner fallback;
    private boolean oneWayArcs;
    private int knownIdLimit;
    private int lastStart = NavGraph.NO_NODE;
    private int lastGoal = NavGraph.NO_NODE;
    /** The last path found (for the jump test), null when the last plan found none. */
    private Path lastPath;

    private long freshSearches;
    private long repairs;
    private long resyncs;

    /** A route on {@code graph} with the default settings, timed with {@link System#nanoTime()}. */
    public RouteRepair(NavGraph graph, Heuristic heuristic) {
        this(graph, heuristic, Settings.DEFAULTS, System::nanoTime);
    }

    /**
     * A route on {@code graph} (read only by {@link #plan}) searched with {@code heuristic}, timed with
     * {@code nanoClock} (monotonic nanoseconds).
     */
    public RouteRepair(NavGraph graph, Heuristic heuristic, Settings settings, LongSupplier nanoClock) {
        this.graph = Objects.requireNonNull(graph, "graph");
        this.heuristic = Objects.requireNonNull(heuristic, "heuristic");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.pendingFrom = new int[settings.maxPendingChanges()];
        this.pendingTo = new int[settings.maxPendingChanges()];
    }

    /**
     * Records that {@code node} was blocked or freed, or that its arcs changed (also: removed); applied
     * at the next {@link #plan}. {@link NavGraph#NO_NODE} means "anything may have changed", as
     * {@link #everythingChanged()}.
     */
    public void nodeChanged(int node) {
        if (node == NavGraph.NO_NODE) {
            everythingChanged();
        } else {
            record(node, NODE_CHANGE);
        }
    }

    /** Records that the arc {@code from -> to} changed weight, came or went; applied at the next {@link #plan}. */
    public void edgeChanged(int from, int to) {
        record(from, to);
    }

    /** Makes the next {@link #plan} a fresh search (the changes since the last one are unknown). */
    public void everythingChanged() {
        invalid = true;
        arcsUnknown = true;
        pendingCount = 0;
    }

    private void record(int a, int b) {
        if (arcsUnknown) {
            return; // the whole graph is checked and searched afresh anyway
        }
        if (pendingCount == pendingFrom.length) {
            everythingChanged();
            return;
        }
        pendingFrom[pendingCount] = a;
        pendingTo[pendingCount++] = b;
    }

    /**
     * The shortest path from {@code start} (where the robot is now) to {@code goal}, repaired from the
     * previous one when possible (see the class comment). Expansions count this call's work only.
     * Reads the graph: on a replicated graph's view, call it with the view acquired.
     *
     * @return never null; {@link PlanStatus#INVALID_ENDPOINT} when either end is not a live node or is blocked
     */
    public Path plan(int start, int goal) {
        if (!graph.containsNode(start) || !graph.containsNode(goal)) {
            return Path.notFound(PlanStatus.INVALID_ENDPOINT, 0, graph.version(), 0);
        }
        if (engine == null) {
            engine = new DStarLite(graph, heuristic, nanoClock);
            everythingChanged();
        }
        int idLimit = graph.nodeIdLimit();
        boolean fresh = invalid || goal != lastGoal || idLimit > knownIdLimit || jumped(start);
        if (arcsUnknown || (oneWayArcs && fresh)) {
            oneWayArcs = engine.firstArcWithoutReverse() != NavGraph.NO_NODE;
            fresh = true;
        } else if (oneWayArcs) {
            fresh = true; // stays so until the next fresh-search trigger checks the whole graph again
        } else if (fresh) {
            oneWayArcs = !pendingArcsReversible();
        } else {
            fresh = !applyPending();
        }
        pendingCount = 0;
        invalid = false;
        arcsUnknown = false;
        knownIdLimit = idLimit;
        lastStart = start;
        lastGoal = goal;
        if (oneWayArcs) {
            // D* Lite cannot walk predecessors here: plan as A* until a later check finds every reverse arc.
            freshSearches++;
            return remember(fallback().aStar(start, goal, heuristic, SearchLimits.NONE));
        }
        if (fresh) {
            freshSearches++;
            engine.restart(start, goal);
            return remember(engine.plan());
        }
        repairs++;
        if (start != engine.start()) {
            engine.moveStart(start);
        }
        Path path = engine.plan();
        if (!matchesComputedDistance(path)) {
            resyncs++;
            freshSearches++;
            engine.restart(start, goal);
            path = engine.plan();
        }
        return remember(path);
    }

    /** Applies the pending changes to the engine; false when the state cannot be repaired (search afresh). */
    private boolean applyPending() {
        for (int i = 0; i < pendingCount; i++) {
            int a = pendingFrom[i];
            int b = pendingTo[i];
            if (b == NODE_CHANGE) {
                if (!graph.containsNode(a)) {
                    return false; // removed: its former neighbours can no longer be found from it
                }
                if (!engine.arcsReversible(a)) {
                    oneWayArcs = true;
                    return true;
                }
                engine.nodeChanged(a);
            } else {
                if (!graph.containsNode(a) || !graph.containsNode(b)) {
                    return false;
                }
                if (Float.isNaN(graph.weight(a, b)) != Float.isNaN(graph.weight(b, a))) {
                    oneWayArcs = true;
                    return true;
                }
                // Both directions: an undirected edit changes both arcs, and an unchanged one costs O(degree).
                engine.edgeChanged(a, b);
                engine.edgeChanged(b, a);
            }
        }
        return true;
    }

    /** Whether every pending change keeps the reverse-arc requirement (checked only; a fresh search follows). */
    private boolean pendingArcsReversible() {
        for (int i = 0; i < pendingCount; i++) {
            int a = pendingFrom[i];
            int b = pendingTo[i];
            if (b == NODE_CHANGE) {
                if (graph.containsNode(a) && !engine.arcsReversible(a)) {
                    return false;
                }
            } else if (graph.containsNode(a) && graph.containsNode(b)
                    && Float.isNaN(graph.weight(a, b)) != Float.isNaN(graph.weight(b, a))) {
                return false;
            }
        }
        return true;
    }

    /** The start is neither the previous start, nor on the previous path, nor within maxStartShift of the previous start. */
    private boolean jumped(int start) {
        int previous = lastStart;
        if (start == previous) {
            return false;
        }
        if (!graph.containsNode(previous)) {
            return true;
        }
        double dx = (double) graph.x(start) - graph.x(previous);
        double dy = (double) graph.y(start) - graph.y(previous);
        if (Math.sqrt(dx * dx + dy * dy) <= settings.maxStartShift()) {
            return false;
        }
        Path last = lastPath;
        if (last != null) {
            for (int i = 0, n = last.nodeCount(); i < n; i++) {
                if (last.node(i) == start) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Whether the result agrees with the distance D* Lite computed: a path weighs it (read from the graph),
     * "no path" comes with an infinite one. Otherwise a change went unreported and the state is stale.
     */
    private boolean matchesComputedDistance(Path path) {
        double expected = engine.startDistance();
        if (path.found()) {
            return Math.abs(path.cost() - expected) <= COST_TOLERANCE * Math.max(1.0, expected);
        }
        return path.status() != PlanStatus.NO_PATH || expected == Double.POSITIVE_INFINITY;
    }

    private Path remember(Path path) {
        lastPath = path.found() ? path : null;
        return path;
    }

    private Planner fallback() {
        if (fallback == null) {
            fallback = new Planner(graph, nanoClock);
        }
        return fallback;
    }

    /** Plans that searched from scratch (first plan, new goal, jump, growth, invalid state, one-way arcs). */
    public long freshSearches() {
        return freshSearches;
    }

    /** Plans answered by repairing the previous search. */
    public long repairs() {
        return repairs;
    }

    /** Repairs whose path did not weigh what was computed (an unreported change), answered by a fresh search. */
    public long resyncs() {
        return resyncs;
    }
}
