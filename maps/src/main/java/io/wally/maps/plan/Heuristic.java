package io.wally.maps.plan;

/**
 * An estimate of the remaining cost from a node to the goal, for A* and D* Lite, computed from the two
 * nodes' coordinates (metres, or cells on Moving AI maps).
 *
 * <p><b>Admissibility.</b> A* returns an optimal path only when the heuristic never overestimates the
 * true remaining cost. Every heuristic here is a distance between coordinates; it is admissible (and
 * consistent, so A* never reopens a closed node) on every graph whose edges each weigh at least that
 * distance between their endpoints. {@link Heuristics} says which grid each one fits:
 * <ul>
 *   <li>{@link Heuristics#manhattan()} — 4-connected grids (a move changes x or y, not both);</li>
 *   <li>{@link Heuristics#octile()} — 8-connected grids with diagonal moves weighing √2 cells;</li>
 *   <li>{@link Heuristics#euclidean()} — any graph whose edge weights are at least the straight-line
 *       distance (free-form waypoint graphs, and grids of either kind);</li>
 *   <li>{@link Heuristics#zero()} — always admissible; A* then expands exactly what Dijkstra does.</li>
 * </ul>
 * Manhattan on an 8-connected grid overestimates (a diagonal step of √2 covers a Manhattan distance of
 * 2) and is therefore not admissible there.
 *
 * <p>Implementations are stateless and thread-safe; {@link #estimate} allocates nothing.
 */
@FunctionalInterface
public interface Heuristic {

    /**
     * Lower bound on the cost from {@code (x, y)} to {@code (goalX, goalY)}, {@code >= 0}, in the unit
     * of the graph's edge weights.
     */
    double estimate(float x, float y, float goalX, float goalY);

    /**
     * The same bound for graph node {@code node} at {@code (x, y)} and goal node {@code goal}: what A*
     * calls. Coordinate heuristics need only the coordinates (this default); a heuristic built from the
     * graph itself, such as {@link Landmarks}, uses the node ids.
     */
    default double estimate(int node, float x, float y, int goal, float goalX, float goalY) {
        return estimate(x, y, goalX, goalY);
    }
}
