package io.wally.maps.plan;

/** Why a search ended. Only {@link #FOUND} carries a path. */
public enum PlanStatus {
    /** A path from start to goal was found; it is optimal for Dijkstra, BFS (hops) and A* with an admissible heuristic. */
    FOUND,
    /** The search exhausted every node reachable from the start without reaching the goal. */
    NO_PATH,
    /** The start or the goal is not a live node, or is blocked. */
    INVALID_ENDPOINT,
    /** The search stopped at {@link SearchLimits#maxExpansions()} before it reached the goal. */
    EXPANSION_LIMIT,
    /** The search stopped at {@link SearchLimits#maxNanos()} before it reached the goal. */
    TIME_LIMIT
}
