package io.wally.maps.plan;

import io.wally.maps.EdgeCursor;
import io.wally.maps.NavGraph;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Point-to-point searches and traversals on a {@link NavGraph}: BFS, DFS, Dijkstra and A*.
 *
 * <p>The planner reads the graph only through {@link NavGraph} and one {@link EdgeCursor}; it never
 * copies the graph. Blocked nodes are impassable: never entered, and a blocked start or goal gives
 * {@link PlanStatus#INVALID_ENDPOINT}.
 *
 * <p><b>Working memory.</b> A planner owns per-node arrays sized by {@link NavGraph#nodeIdLimit()}
 * (cost so far, parent, one visit stamp), a monotone priority queue ({@link RadixHeap}) and a FIFO
 * queue. They grow when the graph grows and are reused by every later query: instead of clearing
 * them, each query takes a new generation number and treats a node whose stamp is older as unvisited.
 * Repeated queries therefore allocate nothing on the hot path except their result.
 *
 * <p><b>Heuristics.</b> A* never reopens an expanded node and its queue needs keys that never decrease,
 * so it is optimal with a consistent heuristic — all of {@link Heuristics} are, on the graphs each is
 * documented for.
 *
 * <p><b>Threading.</b> One planner per thread: it is not thread-safe, and its cursor must not be used
 * by anyone else. Create one per thread that plans (they are cheap until the first query sizes them).
 * The graph must not change during a query; the result names the {@link NavGraph#version()} it saw.
 *
 * <p>Lifecycle: no resources beyond heap arrays; nothing to close.
 */
public final class Planner {

    private final NavGraph graph;
    private final EdgeCursor cursor;
    private final LongSupplier nanoClock;
    private final RadixHeap heap = new RadixHeap();

    /** Stamp of the current query: {@code mark[n] == generation} reached, {@code generation + 1} expanded. */
    private int generation;
    /** The last query was a BFS, which marks nodes reached but not expanded. */
    private boolean lastSearchReachOnly;
    /** Expansions of the last search loop. */
    private long lastExpansions;
    /** Nodes queued by the last {@link #bfsLoop} (its visit order is {@code queue[0, lastReached)}). */
    private int lastReached;
    /**
     * Visit stamp per node, one array so that a neighbour costs one read: {@code generation} = reached
     * in this query ({@code cost[n]} and {@code parent[n]} belong to it), {@code generation + 1} =
     * expanded (or found blocked) in this query, anything else = not reached.
     */
    private int[] mark = new int[0];
    private double[] cost = new double[0];
    private int[] parent = new int[0];
    private int[] queue = new int[0];
    /** A second per-node int array: the DFS stack's parents, the parents or hops a BFS caller does not keep. */
    private int[] scratch = new int[0];

    /** A planner on {@code graph} timed with {@link System#nanoTime()}. */
    public Planner(NavGraph graph) {
        this(graph, System::nanoTime);
    }

    /** A planner on {@code graph} timed with {@code nanoClock} (monotonic nanoseconds; injected in tests). */
    public Planner(NavGraph graph, LongSupplier nanoClock) {
        this.graph = Objects.requireNonNull(graph, "graph");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.cursor = graph.edges();
    }

    /** The graph this planner searches. */
    public NavGraph graph() {
        return graph;
    }

    /**
     * Shortest path by edge weight (Dijkstra, stops at the goal) within {@code limits}
     * ({@link SearchLimits#NONE} for no bound).
     */
    public Path dijkstra(int start, int goal, SearchLimits limits) {
        return search(start, goal, null, limits);
    }

    /**
     * Shortest path by edge weight guided by {@code heuristic} (A*) within {@code limits}
     * ({@link SearchLimits#NONE} for no bound); optimal when the heuristic is admissible.
     */
    public Path aStar(int start, int goal, Heuristic heuristic, SearchLimits limits) {
        return search(start, goal, Objects.requireNonNull(heuristic, "heuristic"), limits);
    }

    /**
     * Path with the fewest edges (BFS, stops at the goal) within {@code limits} ({@link SearchLimits#NONE}
     * for no bound); its cost is the hop count.
     */
    public Path bfs(int start, int goal, SearchLimits limits) {
        Objects.requireNonNull(limits, "limits");
        long t0 = nanoClock.getAsLong();
        long version = graph.version();
        if (!passable(start) || !passable(goal)) {
            return Path.notFound(PlanStatus.INVALID_ENDPOINT, 0, version, nanoClock.getAsLong() - t0);
        }
        int gen = begin();
        lastSearchReachOnly = true;
        PlanStatus status = bfsLoop(start, goal, gen, parent, null, limits, t0);
        if (status == PlanStatus.FOUND) {
            int[] nodes = tracePath(goal);
            return Path.found(nodes, nodes.length - 1, lastExpansions, version, nanoClock.getAsLong() - t0);
        }
        return Path.notFound(status, lastExpansions, version, nanoClock.getAsLong() - t0);
    }

    /** Full BFS from {@code start}: visit order, fewest-edge hop distances and the BFS tree. */
    public Traversal bfsTraversal(int start) {
        long t0 = nanoClock.getAsLong();
        long version = graph.version();
        int limit = graph.nodeIdLimit();
        int[] hops = new int[limit];
        Arrays.fill(hops, -1);
        int[] parents = new int[limit];
        if (!passable(start)) {
            return new Traversal(NavGraph.NO_NODE, new int[0], hops, parents, version, nanoClock.getAsLong() - t0);
        }
        int gen = begin();
        bfsLoop(start, NavGraph.NO_NODE, gen, parents, hops, SearchLimits.NONE, t0);
        return new Traversal(start, Arrays.copyOf(queue, lastReached), hops, parents, version, nanoClock.getAsLong() - t0);
    }

    /**
     * Full BFS from {@code start} that writes the hop distance of each of {@code targets} into
     * {@code hopsOut[offset + i]} (-1 when unreachable, blocked or not a live node) and allocates
     * nothing: the building block of {@link ParallelBfs}.
     *
     * @return number of nodes visited, 0 when the start is invalid or blocked
     */
    public int hopsTo(int start, int[] targets, int[] hopsOut, int offset) {
        if (!passable(start)) {
            Arrays.fill(hopsOut, offset, offset + targets.length, -1);
            return 0;
        }
        int gen = begin();
        int[] hops = this.parent;
        bfsLoop(start, NavGraph.NO_NODE, gen, scratch, hops, SearchLimits.NONE, 0L);
        int[] seen = this.mark;
        for (int i = 0; i < targets.length; i++) {
            int t = targets[i];
            hopsOut[offset + i] = t >= 0 && t < seen.length && seen[t] == gen ? hops[t] : -1;
        }
        return lastReached;
    }

    /**
     * The one BFS loop, behind {@link #bfs}, {@link #bfsTraversal} and {@link #hopsTo} (split from its
     * callers for the JIT, as {@link #searchLoop}): from {@code start}, in the order of {@link #queue},
     * until {@code goal} is taken from the queue ({@link NavGraph#NO_NODE}: never, a full traversal) or a
     * bound of {@code limits} is hit. Writes each reached node's BFS parent and hop distance into
     * {@code parents} and {@code hops} ({@code -1} hops for a blocked neighbour, which is marked reached
     * but never entered; {@code hops} null: not kept); expansions go to {@link #lastExpansions}, the number of nodes queued to
     * {@link #lastReached}.
     */
    private PlanStatus bfsLoop(int start, int goal, int gen, int[] parents, int[] hops, SearchLimits limits, long t0) {
        int[] seen = this.mark;
        int[] queue = this.queue;
        EdgeCursor out = cursor;
        NavGraph graph = this.graph;
        long maxExpansions = limits.maxExpansions();
        seen[start] = gen;
        parents[start] = -1;
        if (hops != null) {
            hops[start] = 0;
        }
        queue[0] = start;
        int head = 0;
        int tail = 1;
        // Hop counts come from the queue's layers (one boundary per level), so a caller that does not keep
        // them (point-to-point bfs) pays no per-node write for them.
        int level = 0;
        int levelEnd = 1;
        long expansions = 0;
        PlanStatus status = PlanStatus.NO_PATH;
        while (head < tail) {
            if (head == levelEnd) {
                level++;
                levelEnd = tail;
            }
            int u = queue[head++];
            expansions++;
            if (u == goal) {
                status = PlanStatus.FOUND;
                break;
            }
            if (expansions >= maxExpansions || (expansions & 255) == 0) {
                PlanStatus stop = checkLimits(expansions, limits, t0);
                if (stop != null) {
                    status = stop;
                    break;
                }
            }
            int nextHop = level + 1;
            out.moveTo(u);
            while (out.next()) {
                int v = out.to();
                if (seen[v] != gen) {
                    seen[v] = gen;
                    if (graph.isBlocked(v)) {
                        if (hops != null) {
                            hops[v] = -1;
                        }
                        continue;
                    }
                    parents[v] = u;
                    if (hops != null) {
                        hops[v] = nextHop;
                    }
                    queue[tail++] = v;
                }
            }
        }
        lastExpansions = expansions;
        lastReached = tail;
        return status;
    }

    /**
     * Full depth-first traversal from {@code start}: preorder visit order, each node's depth in the DFS
     * tree and its parent. Neighbours are explored in the cursor's order. Iterative (no recursion), so a
     * long corridor cannot overflow the thread's stack; the explicit stack holds up to one entry per
     * edge.
     */
    public Traversal dfsTraversal(int start) {
        long t0 = nanoClock.getAsLong();
        long version = graph.version();
        int limit = graph.nodeIdLimit();
        int[] hops = new int[limit];
        Arrays.fill(hops, -1);
        int[] parents = new int[limit];
        if (!passable(start)) {
            return new Traversal(NavGraph.NO_NODE, new int[0], hops, parents, version, nanoClock.getAsLong() - t0);
        }
        int gen = begin();
        int[] seen = this.mark;
        int[] order = this.queue;
        int visited = 0;
        // The stack holds (node, parent) pairs: a node may be pushed once per in-edge and is visited
        // at its first pop; pushing out-neighbours in reverse visits them in cursor order.
        int[] stack = this.parent;
        int[] stackFrom = this.scratch;
        int top = 0;
        stack[top] = start;
        stackFrom[top++] = -1;
        EdgeCursor out = cursor;
        while (top > 0) {
            top--;
            int u = stack[top];
            int from = stackFrom[top];
            if (seen[u] == gen) {
                continue;
            }
            seen[u] = gen;
            order[visited++] = u;
            parents[u] = from;
            hops[u] = from < 0 ? 0 : hops[from] + 1;
            int firstPushed = top;
            out.moveTo(u);
            while (out.next()) {
                int v = out.to();
                if (seen[v] == gen || graph.isBlocked(v)) {
                    continue;
                }
                if (top == stack.length) {
                    stack = Arrays.copyOf(stack, top * 2);
                    stackFrom = Arrays.copyOf(stackFrom, top * 2);
                    this.parent = stack;
                    this.scratch = stackFrom;
                }
                stack[top] = v;
                stackFrom[top++] = u;
            }
            reverse(stack, firstPushed, top);
        }
        return new Traversal(start, Arrays.copyOf(order, visited), hops, parents, version, nanoClock.getAsLong() - t0);
    }

    /** A path from {@code start} to {@code goal} along the DFS tree (not shortest); cost is its weight. */
    public Path dfs(int start, int goal) {
        long t0 = nanoClock.getAsLong();
        long version = graph.version();
        if (!passable(start) || !passable(goal)) {
            return Path.notFound(PlanStatus.INVALID_ENDPOINT, 0, version, nanoClock.getAsLong() - t0);
        }
        Traversal tree = dfsTraversal(start);
        if (!tree.reached(goal)) {
            return Path.notFound(PlanStatus.NO_PATH, tree.visitedCount(), version, nanoClock.getAsLong() - t0);
        }
        int[] nodes = tree.pathTo(goal);
        long expansions = 0;
        while (expansions < tree.visitedCount() && tree.visited((int) expansions) != goal) {
            expansions++;
        }
        return Path.found(nodes, weightOf(nodes), expansions + 1, version, nanoClock.getAsLong() - t0);
    }

    /**
     * Whether {@code node} was explored by this planner's most recent query (valid until the next one);
     * used to draw the explored area. Dijkstra and A*: expanded (taken from the heap). BFS: reached
     * (expanded or waiting in the queue) — BFS keeps no per-node expanded mark, to save a memory write
     * per node on its hot path.
     */
    public boolean wasExpanded(int node) {
        if (node < 0 || node >= mark.length || generation == 0) {
            return false;
        }
        return lastSearchReachOnly ? mark[node] == generation && !graph.isBlocked(node) : mark[node] == generation + 1;
    }

    /** Sum of the weights along {@code nodes}; {@code +inf} when two consecutive nodes are not joined. */
    public double weightOf(int[] nodes) {
        double sum = 0;
        for (int i = 1; i < nodes.length; i++) {
            float w = graph.weight(nodes[i - 1], nodes[i]);
            if (Float.isNaN(w)) {
                return Double.POSITIVE_INFINITY;
            }
            sum += w;
        }
        return sum;
    }

    /*
     * Dijkstra and A* are split in a cold driver (checks, set-up, the result) and one small loop method
     * they share: the JIT compiles the loop on its own, so its inlining budget goes to the cursor, the heap
     * and the heuristic instead of the result-building code (with one big method, C2 hit its
     * node-count cutoff and left next(), push() and the heuristic as real calls per edge).
     */
    private Path search(int start, int goal, Heuristic heuristic, SearchLimits limits) {
        Objects.requireNonNull(limits, "limits");
        long t0 = nanoClock.getAsLong();
        long version = graph.version();
        if (!passable(start) || !passable(goal)) {
            return Path.notFound(PlanStatus.INVALID_ENDPOINT, 0, version, nanoClock.getAsLong() - t0);
        }
        int gen = begin();
        mark[start] = gen;
        cost[start] = 0.0;
        parent[start] = -1;
        PlanStatus status;
        try {
            float goalX = graph.x(goal);
            float goalY = graph.y(goal);
            heap.push(start, heuristic == null ? 0.0 : heuristic.estimate(start, graph.x(start), graph.y(start), goal, goalX, goalY));
            status = searchLoop(goal, gen, heuristic, goalX, goalY, limits, t0);
            if (status == PlanStatus.FOUND) {
                int[] nodes = tracePath(goal);
                return Path.found(nodes, cost[goal], lastExpansions, version, nanoClock.getAsLong() - t0);
            }
            return Path.notFound(status, lastExpansions, version, nanoClock.getAsLong() - t0);
        } finally {
            heap.clear();
        }
    }

    /**
     * The main loop of Dijkstra ({@code heuristic == null}: key = cost so far) and A* (key = cost so far
     * + estimate to the goal), from the queue as {@link #search} left it; expansions go to
     * {@link #lastExpansions}. A node whose cost drops is pushed again (the queue has no decrease-key);
     * the older entry is skipped when popped, as its node is then already expanded.
     */
    private PlanStatus searchLoop(int goal, int gen, Heuristic heuristic, float goalX, float goalY, SearchLimits limits,
            long t0) {
        int[] mark = this.mark;
        double[] cost = this.cost;
        int[] parent = this.parent;
        RadixHeap open = heap;
        EdgeCursor out = cursor;
        NavGraph graph = this.graph;
        int expanded = gen + 1;
        long maxExpansions = limits.maxExpansions();
        long expansions = 0;
        while (!open.isEmpty()) {
            int u = open.pop();
            if (mark[u] == expanded) {
                continue;
            }
            mark[u] = expanded;
            expansions++;
            if (u == goal) {
                lastExpansions = expansions;
                return PlanStatus.FOUND;
            }
            if (expansions >= maxExpansions || (expansions & 255) == 0) {
                PlanStatus stop = checkLimits(expansions, limits, t0);
                if (stop != null) {
                    lastExpansions = expansions;
                    return stop;
                }
            }
            double costU = cost[u];
            out.moveTo(u);
            while (out.next()) {
                int v = out.to();
                int m = mark[v];
                if (m == expanded) {
                    continue;
                }
                double costV = costU + out.weight();
                if (m != gen) {
                    if (graph.isBlocked(v)) {
                        mark[v] = expanded;
                        continue;
                    }
                    mark[v] = gen;
                } else if (costV >= cost[v]) {
                    continue;
                }
                cost[v] = costV;
                parent[v] = u;
                open.push(v, heuristic == null ? costV : costV + heuristic.estimate(v, graph.x(v), graph.y(v), goal, goalX, goalY));
            }
        }
        lastExpansions = expansions;
        return PlanStatus.NO_PATH;
    }

    private PlanStatus checkLimits(long expansions, SearchLimits limits, long t0) {
        if (expansions >= limits.maxExpansions()) {
            return PlanStatus.EXPANSION_LIMIT;
        }
        if ((expansions & 255) == 0 && limits.maxNanos() != Long.MAX_VALUE && nanoClock.getAsLong() - t0 >= limits.maxNanos()) {
            return PlanStatus.TIME_LIMIT;
        }
        return null;
    }

    private boolean passable(int node) {
        return graph.containsNode(node) && !graph.isBlocked(node);
    }

    private int[] tracePath(int goal) {
        int length = 1;
        for (int n = goal; parent[n] >= 0; n = parent[n]) {
            length++;
        }
        int[] nodes = new int[length];
        int n = goal;
        for (int i = length - 1; i >= 0; i--) {
            nodes[i] = n;
            n = parent[n];
        }
        return nodes;
    }

    /** Sizes the working memory for the graph and starts a new generation of stamps. */
    private int begin() {
        int limit = graph.nodeIdLimit();
        if (mark.length < limit) {
            int capacity = Math.max(limit, mark.length + (mark.length >> 1));
            mark = Arrays.copyOf(mark, capacity);
            cost = new double[capacity];
            parent = new int[capacity];
            queue = new int[capacity];
            scratch = new int[capacity];
        }
        lastSearchReachOnly = false;
        generation += 2;
        if (generation >= Integer.MAX_VALUE - 2) {
            // After 2^30 queries the stamps would wrap; clear them once and start over.
            Arrays.fill(mark, 0);
            generation = 1;
        }
        return generation;
    }

    private static void reverse(int[] a, int from, int to) {
        for (int i = from, j = to - 1; i < j; i++, j--) {
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
