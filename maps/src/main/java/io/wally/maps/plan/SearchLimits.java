package io.wally.maps.plan;

/**
 * Upper bounds on one search: at most {@code maxExpansions} nodes expanded and at most {@code maxNanos}
 * of the planner's clock. A search that hits a bound returns a {@link Path} with status
 * {@link PlanStatus#EXPANSION_LIMIT} or {@link PlanStatus#TIME_LIMIT}, never a partial path.
 *
 * @param maxExpansions expansions allowed, {@code >= 1}
 * @param maxNanos nanoseconds allowed, {@code >= 1}; the clock is read every 256 expansions
 */
public record SearchLimits(long maxExpansions, long maxNanos) {

    /** No bound at all. */
    public static final SearchLimits NONE = new SearchLimits(Long.MAX_VALUE, Long.MAX_VALUE);

    /** Checks both bounds. */
    public SearchLimits {
        if (maxExpansions < 1) {
            throw new IllegalArgumentException("maxExpansions must be >= 1; was " + maxExpansions);
        }
        if (maxNanos < 1) {
            throw new IllegalArgumentException("maxNanos must be >= 1; was " + maxNanos);
        }
    }

    /** At most {@code maxExpansions} expansions, no time bound. */
    public static SearchLimits expansions(long maxExpansions) {
        return new SearchLimits(maxExpansions, Long.MAX_VALUE);
    }

    /** At most {@code maxMillis} milliseconds, no expansion bound. */
    public static SearchLimits millis(long maxMillis) {
        return new SearchLimits(Long.MAX_VALUE, Math.multiplyExact(maxMillis, 1_000_000L));
    }
}
