package io.wally.maps.plan;

import io.wally.maps.EdgeCursor;
import io.wally.maps.NavGraph;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Incremental replanning with D* Lite (S. Koenig and M. Likhachev, "D* Lite", AAAI 2002; the
 * optimized version of their Figure 4, with the key modifier {@code km}): the robot keeps one instance per goal,
 * and when edge costs change or nodes become blocked it repairs its plan instead of planning from
 * scratch. The search runs from the goal towards the robot, so changes near the robot — the usual
 * case, since that is where its sensors look — touch few nodes.
 *
 * <pre>{@code
 * DStarLite d = new DStarLite(graph, Heuristics.octile(), robot, goal);
 * Path p = d.plan();
 * // the map writer changes weights / blocks nodes, then tells us which:
 * d.edgeChanged(u, v, oldWeight); // weight of u -> v changed (O(1)); edgeChanged(u, v) if unknown
 * d.nodeChanged(n);              // n was blocked or unblocked
 * d.moveStart(robotNow);         // the robot moved
 * p = d.plan();                  // repaired: same cost as a fresh A*, far fewer expansions
 * }</pre>
 *
 * <p><b>Graph requirement.</b> D* Lite walks predecessors, and {@link NavGraph} only iterates out-edges.
 * This class therefore requires that every arc {@code u -> v} has a reverse arc {@code v -> u} (weights
 * may differ): then the predecessors of {@code s} are exactly its out-neighbours {@code p}, with cost
 * {@code weight(p, s)}. Navigation graphs built from undirected edges — everything the importers
 * produce — satisfy it. While every arc also weighs the same as its reverse (checked at construction
 * and at each {@link #edgeChanged}), the weight of {@code p -> s} is read from the cursor over
 * {@code s}'s out-edges instead of being looked up. The constructor checks it over every arc and throws
 * {@link IllegalArgumentException} naming an arc without a reverse; later changes must keep it.
 *
 * <p>Costs: {@code c(u, v)} is the arc's weight, infinite when there is no arc or either end is
 * blocked. The heuristic must be admissible and consistent (see {@link Heuristic}).
 *
 * <p><b>Threading and lifecycle.</b> Not thread-safe: one thread (normally the map writer, or a planner
 * that reads a stable view) calls every method. The instance keeps {@code g} and {@code rhs} arrays
 * sized by the graph's {@link NavGraph#nodeIdLimit()} for its whole life; nothing to close. A planner
 * that follows a moving robot and changing goals uses {@link RouteRepair}, which owns one instance and
 * restarts it in place instead of allocating a new one per goal.
 */
public final class DStarLite {

    private final NavGraph graph;
    private final Heuristic heuristic;
    private final EdgeCursor cursor;
    private final LongSupplier nanoClock;
    private final PairKeyHeap open = new PairKeyHeap();
    private int goal;
    private int start;
    private int lastStart;
    private double km;
    /**
     * Slack for the float rounding of node coordinates, in heuristic units: 8 ulps of the largest coordinate
     * magnitude. A coordinate heuristic reads coordinates rounded to float, so on a fine grid far from the
     * origin (5 cm cells 50 m out: an ulp is 4e-6 m, 1e-4 of an edge) it can exceed an edge's weight by a
     * few ulps, which {@link Heuristics#SLACK} does not cover. A* then loses at most that much optimality;
     * D* Lite would stop before expanding a neighbour of the start whose key exceeds the start's by those
     * ulps and read its stale g (found wrong by whole cells on such grids). So the loop stops only past the
     * start's key plus this slack, and each move adds it to km, which keeps old keys lower bounds.
     */
    private double keySlack;
    private double[] g = new double[0];
    private double[] rhs = new double[0];
    private int[] neighbours = new int[16];
    /** The path being extracted, reused so that a repair allocates only its result. */
    private int[] pathScratch = new int[16];
    /** Weight of arc u -> neighbours[i] as collected, which equals neighbours[i] -> u while weights are symmetric. */
    private float[] neighbourWeights = new float[16];
    /** Every arc weighs the same as its reverse (checked at construction, kept up by edgeChanged). */
    private boolean symmetricWeights = true;
    /** Head of the arc the last failed {@link #arcsReversible} check found without a reverse (for the message). */
    private int arcWithoutReverseTo = NavGraph.NO_NODE;
    private float startX;
    private float startY;

    /** D* Lite on {@code graph} from {@code start} to {@code goal}, timed with {@link System#nanoTime()}. */
    public DStarLite(NavGraph graph, Heuristic heuristic, int start, int goal) {
        this(graph, heuristic, start, goal, System::nanoTime);
    }

    /**
     * D* Lite on {@code graph} from {@code start} to {@code goal} (live node ids), timed with
     * {@code nanoClock}.
     *
     * @throws IllegalArgumentException when an arc has no reverse, or start/goal is not a live node
     */
    public DStarLite(NavGraph graph, Heuristic heuristic, int start, int goal, LongSupplier nanoClock) {
        this(graph, heuristic, nanoClock);
        requireNode(start, "start");
        requireNode(goal, "goal");
        int from = firstArcWithoutReverse();
        if (from != NavGraph.NO_NODE) {
            throw new IllegalArgumentException("D* Lite needs every arc to have a reverse arc; arc " + from + " -> "
                    + arcWithoutReverseTo + " has none (build the graph with undirected edges)");
        }
        restart(start, goal);
    }

    /**
     * An engine with no start or goal yet, for {@link RouteRepair}: it checks the reverse-arc requirement
     * itself ({@link #firstArcWithoutReverse()}) and calls {@link #restart} before the first {@link #plan()}.
     * Reads the graph (its cursor) here: on a replicated graph's view, call it while a view is acquired.
     */
    DStarLite(NavGraph graph, Heuristic heuristic, LongSupplier nanoClock) {
        this.graph = Objects.requireNonNull(graph, "graph");
        this.heuristic = Objects.requireNonNull(heuristic, "heuristic");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.cursor = graph.edges();
        this.goal = NavGraph.NO_NODE;
        this.start = NavGraph.NO_NODE;
        this.lastStart = NavGraph.NO_NODE;
    }

    /**
     * Forgets every search result and starts over from {@code start} to {@code goal} (live node ids):
     * the next {@link #plan()} is a full search, as from a new instance, but on the arrays already
     * allocated (O(node id limit) to clear them, no allocation unless the graph grew).
     */
    void restart(int start, int goal) {
        requireNode(start, "start");
        requireNode(goal, "goal");
        ensureCapacity();
        Arrays.fill(g, Double.POSITIVE_INFINITY);
        Arrays.fill(rhs, Double.POSITIVE_INFINITY);
        open.clear();
        km = 0.0;
        this.goal = goal;
        this.start = start;
        this.lastStart = start;
        this.startX = graph.x(start);
        this.startY = graph.y(start);
        rhs[goal] = 0.0;
        open.upsert(goal, h(goal), 0.0);
    }

    /**
     * The cost of the best path from the start to the goal as the last {@link #plan()} left it
     * ({@code +inf} when it found none); a path read from the graph must weigh exactly this.
     */
    double startDistance() {
        return rhs[start];
    }

    /** The node the robot is at (the path's first node). */
    public int start() {
        return start;
    }

    /** The goal node. */
    public int goal() {
        return goal;
    }

    /**
     * Tells D* Lite the robot moved to {@code newStart}. Call {@link #plan()} afterwards.
     */
    public void moveStart(int newStart) {
        requireNode(newStart, "start");
        km += heuristic.estimate(graph.x(lastStart), graph.y(lastStart), graph.x(newStart), graph.y(newStart)) + keySlack;
        lastStart = newStart;
        start = newStart;
        startX = graph.x(newStart);
        startY = graph.y(newStart);
    }

    /**
     * Tells D* Lite that the cost of arc {@code from -> to} changed (weight set, arc added or removed):
     * recomputes {@code rhs(from)} from all of its successors. Prefer
     * {@link #edgeChanged(int, int, float)} when the old weight is known: it is O(1).
     */
    public void edgeChanged(int from, int to) {
        checkArcPair(from, to);
        ensureCapacity();
        updateVertex(from);
    }

    /**
     * Tells D* Lite that the weight of arc {@code from -> to} changed from {@code oldWeight}
     * ({@code NaN} when the arc did not exist) to its current value (the arc may also have been removed).
     * The paper's optimized edge update: a cheaper arc can only lower {@code rhs(from)}; a dearer one
     * matters only when {@code from}'s best route used it.
     */
    public void edgeChanged(int from, int to, float oldWeight) {
        float now = checkArcPair(from, to);
        ensureCapacity();
        if (Float.isNaN(oldWeight)) {
            updateVertex(from);
            return;
        }
        if (from != goal) {
            boolean passable = !graph.isBlocked(from) && !graph.isBlocked(to);
            double cOld = passable ? oldWeight : Double.POSITIVE_INFINITY;
            double cNew = passable && !Float.isNaN(now) ? now : Double.POSITIVE_INFINITY;
            if (cOld > cNew) {
                double via = cNew + g[to];
                if (via < rhs[from]) {
                    rhs[from] = via;
                }
            } else if (cOld < cNew && rhs[from] == cOld + g[to]) {
                recomputeRhs(from);
            }
        }
        updateQueue(from);
    }

    /** Checks the reverse-arc requirement for the changed pair, tracks weight symmetry; returns weight(from, to). */
    private float checkArcPair(int from, int to) {
        requireNode(from, "from");
        requireNode(to, "to");
        float forward = graph.weight(from, to);
        float backward = graph.weight(to, from);
        if (Float.isNaN(forward) != Float.isNaN(backward)) {
            throw new IllegalStateException("D* Lite needs every arc to have a reverse arc; after the change, "
                    + (Float.isNaN(backward) ? "arc " + from + " -> " + to : "arc " + to + " -> " + from) + " has none");
        }
        if (symmetricWeights && Float.compare(forward, backward) != 0) {
            symmetricWeights = false;
        }
        return forward;
    }

    /**
     * Whether every arc out of {@code node} (a live node) still has a reverse arc, noting whether their weights
     * stay symmetric: what {@link RouteRepair} checks before it reports a node whose arcs may have changed.
     */
    boolean arcsReversible(int node) {
        cursor.moveTo(node);
        while (cursor.next()) {
            int to = cursor.to();
            float reverse = graph.weight(to, node);
            if (Float.isNaN(reverse)) {
                arcWithoutReverseTo = to;
                return false;
            }
            if (Float.compare(reverse, cursor.weight()) != 0) {
                symmetricWeights = false;
            }
        }
        return true;
    }

    /** Tells D* Lite that {@code node} was blocked or unblocked (every arc into and out of it changed cost). */
    public void nodeChanged(int node) {
        requireNode(node, "node");
        ensureCapacity();
        int count = collectNeighbours(node);
        for (int i = 0; i < count; i++) {
            updateVertex(neighbours[i]);
        }
        updateVertex(node);
    }

    /**
     * Repairs (or, the first time, computes) the shortest path from the current start to the goal and
     * returns it. Expansions counts the nodes popped from the queue by this call only.
     */
    public Path plan() {
        long t0 = nanoClock.getAsLong();
        long version = graph.version();
        ensureCapacity();
        if (graph.isBlocked(start) || graph.isBlocked(goal)) {
            return Path.notFound(PlanStatus.INVALID_ENDPOINT, 0, version, nanoClock.getAsLong() - t0);
        }
        long expansions = computeShortestPath();
        if (rhs[start] == Double.POSITIVE_INFINITY) {
            return Path.notFound(PlanStatus.NO_PATH, expansions, version, nanoClock.getAsLong() - t0);
        }
        int[] nodes = extractPath();
        if (nodes.length == 0) {
            return Path.notFound(PlanStatus.NO_PATH, expansions, version, nanoClock.getAsLong() - t0);
        }
        double cost = 0;
        for (int i = 1; i < nodes.length; i++) {
            cost += graph.weight(nodes[i - 1], nodes[i]);
        }
        return Path.found(nodes, cost, expansions, version, nanoClock.getAsLong() - t0);
    }

    private long computeShortestPath() {
        long expansions = 0;
        while (!open.isEmpty()) {
            double startK2 = Math.min(g[start], rhs[start]);
            double startK1 = startK2 + km; // h(start, start) = 0
            boolean topBelowStart = open.topK1() < startK1 + keySlack || PairKeyHeap.less(open.topK1(), open.topK2(), startK1, startK2);
            if (!topBelowStart && rhs[start] <= g[start]) {
                break;
            }
            double oldK1 = open.topK1();
            double oldK2 = open.topK2();
            int u = open.top();
            double newK2 = Math.min(g[u], rhs[u]);
            double newK1 = newK2 + h(u) + km;
            expansions++;
            if (PairKeyHeap.less(oldK1, oldK2, newK1, newK2)) {
                open.upsert(u, newK1, newK2);
            } else if (g[u] > rhs[u]) {
                // Overconsistent: settle u; a predecessor can only improve through u (O(1) each).
                double gu = rhs[u];
                g[u] = gu;
                open.remove(u);
                int count = collectNeighbours(u);
                for (int i = 0; i < count; i++) {
                    int s = neighbours[i];
                    if (s != goal && !graph.isBlocked(s)) {
                        double viaU = reverseWeight(i, s, u) + gu;
                        if (viaU < rhs[s]) {
                            rhs[s] = viaU;
                        }
                    }
                    updateQueue(s);
                }
            } else {
                // Underconsistent: u got more expensive; only predecessors whose best route went
                // through u need their rhs recomputed from all successors.
                double gOld = g[u];
                g[u] = Double.POSITIVE_INFINITY;
                int count = collectNeighbours(u);
                for (int i = 0; i < count; i++) {
                    int s = neighbours[i];
                    if (s != goal && rhs[s] == reverseWeight(i, s, u) + gOld) {
                        recomputeRhs(s);
                    }
                    updateQueue(s);
                }
                if (u != goal && rhs[u] == gOld) {
                    recomputeRhs(u);
                }
                updateQueue(u);
            }
        }
        return expansions;
    }

    /** UpdateVertex of the paper's first version: rhs from all successors, then the queue. */
    private void updateVertex(int u) {
        if (u != goal) {
            recomputeRhs(u);
        }
        updateQueue(u);
    }

    /** {@code rhs(u) = min over successors s of c(u, s) + g(s)}; infinite when u is blocked. */
    private void recomputeRhs(int u) {
        double best = Double.POSITIVE_INFINITY;
        if (!graph.isBlocked(u)) {
            cursor.moveTo(u);
            while (cursor.next()) {
                int s = cursor.to();
                double gs = g[s];
                if (gs != Double.POSITIVE_INFINITY) {
                    double c = cursor.weight() + gs;
                    if (c < best && !graph.isBlocked(s)) {
                        best = c;
                    }
                }
            }
        }
        rhs[u] = best;
    }

    /** Puts u in the queue with its current key when it is inconsistent, else takes it out. */
    private void updateQueue(int u) {
        if (g[u] != rhs[u]) {
            double k2 = Math.min(g[u], rhs[u]);
            open.upsert(u, k2 + h(u) + km, k2);
        } else {
            open.remove(u);
        }
    }

    private int[] extractPath() {
        int limit = graph.nodeIdLimit();
        int[] path = pathScratch;
        int length = 0;
        path[length++] = start;
        int s = start;
        while (s != goal) {
            if (length > limit) {
                return new int[0]; // a loop: cannot happen with consistent g values; never return a bad path
            }
            int best = -1;
            double bestCost = Double.POSITIVE_INFINITY;
            cursor.moveTo(s);
            while (cursor.next()) {
                int t = cursor.to();
                if (graph.isBlocked(t)) {
                    continue;
                }
                double c = cursor.weight() + g[t];
                if (c < bestCost) {
                    bestCost = c;
                    best = t;
                }
            }
            if (best < 0) {
                return new int[0];
            }
            if (length == path.length) {
                path = Arrays.copyOf(path, length * 2);
                pathScratch = path;
            }
            path[length++] = best;
            s = best;
        }
        return Arrays.copyOf(path, length);
    }

    /** Copies the out-neighbours (= predecessors, by the reverse-arc requirement) of {@code u} and the arcs' weights. */
    private int collectNeighbours(int u) {
        int count = 0;
        cursor.moveTo(u);
        while (cursor.next()) {
            if (count == neighbours.length) {
                neighbours = Arrays.copyOf(neighbours, count * 2);
                neighbourWeights = Arrays.copyOf(neighbourWeights, count * 2);
            }
            neighbourWeights[count] = cursor.weight();
            neighbours[count++] = cursor.to();
        }
        return count;
    }

    /** c(s, u) for the i-th collected neighbour s of u: the collected u -> s weight while weights are symmetric. */
    private double reverseWeight(int i, int s, int u) {
        return symmetricWeights ? neighbourWeights[i] : graph.weight(s, u);
    }

    private double h(int node) {
        return heuristic.estimate(graph.x(node), graph.y(node), startX, startY);
    }

    private void ensureCapacity() {
        int limit = graph.nodeIdLimit();
        if (g.length < limit) {
            int old = g.length;
            g = Arrays.copyOf(g, limit);
            rhs = Arrays.copyOf(rhs, limit);
            Arrays.fill(g, old, limit, Double.POSITIVE_INFINITY);
            Arrays.fill(rhs, old, limit, Double.POSITIVE_INFINITY);
            open.ensureNodeCapacity(limit);
            keySlack = 8 * Math.ulp(maxAbsCoordinate());
        }
    }

    /** The largest |x| or |y| of a live node (nodes never move, so this changes only when nodes are added). */
    private float maxAbsCoordinate() {
        float max = 0f;
        for (int n = 0, limit = graph.nodeIdLimit(); n < limit; n++) {
            if (graph.containsNode(n)) {
                max = Math.max(max, Math.max(Math.abs(graph.x(n)), Math.abs(graph.y(n))));
            }
        }
        return max;
    }

    private void requireNode(int node, String what) {
        if (!graph.containsNode(node)) {
            throw new IllegalArgumentException(what + " " + node + " is not a live node (node id limit " + graph.nodeIdLimit() + ")");
        }
    }

    /**
     * Checks the reverse-arc requirement over the whole graph (O(arcs)) and notes whether weights are
     * symmetric; returns a node with an arc that has no reverse, or {@link NavGraph#NO_NODE} when none.
     */
    int firstArcWithoutReverse() {
        symmetricWeights = true;
        int limit = graph.nodeIdLimit();
        for (int u = 0; u < limit; u++) {
            if (graph.containsNode(u) && !arcsReversible(u)) {
                return u;
            }
        }
        return NavGraph.NO_NODE;
    }
}
