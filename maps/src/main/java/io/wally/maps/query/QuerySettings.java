package io.wally.maps.query;

/**
 * Limits and tuning of a {@link QueryEngine}.
 *
 * @param maxRows result rows a query may return (after SKIP and LIMIT), {@code >= 1}
 * @param timeLimitMillis wall time a query may run, milliseconds, {@code >= 1}
 * @param maxExpansions edges a query may follow, {@code >= 1}
 * @param compileThreshold runs of the same query text (and parameter types) after which it runs compiled;
 *        0 compiles on the first run, {@code Integer.MAX_VALUE} never compiles
 */
public record QuerySettings(long maxRows, long timeLimitMillis, long maxExpansions, int compileThreshold) {

    /** 100,000 rows, 10 s, 100 million expansions, compiled from the third run. */
    public static final QuerySettings DEFAULTS = new QuerySettings(100_000, 10_000, 100_000_000L, 2);

    /** Checks the ranges; the message names the field and its value. */
    public QuerySettings {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be >= 1; was " + maxRows);
        }
        if (timeLimitMillis < 1) {
            throw new IllegalArgumentException("timeLimitMillis must be >= 1; was " + timeLimitMillis);
        }
        if (maxExpansions < 1) {
            throw new IllegalArgumentException("maxExpansions must be >= 1; was " + maxExpansions);
        }
        if (compileThreshold < 0) {
            throw new IllegalArgumentException("compileThreshold must be >= 0; was " + compileThreshold);
        }
    }

    /** These settings with another compile threshold. */
    public QuerySettings withCompileThreshold(int runs) {
        return new QuerySettings(maxRows, timeLimitMillis, maxExpansions, runs);
    }
}
