package io.wally.maps.query;

import java.util.function.LongSupplier;

/**
 * The budget of one query run: a deadline, an expansion count and a row count, checked by both
 * runtimes; going over throws a {@link QueryException} naming the limit and its value.
 *
 * <p>One per run; confined to the running thread.
 */
final class Limits {

    private final QuerySettings settings;
    private final LongSupplier nanoClock;
    private final long deadlineNanos;
    long expansions;

    Limits(QuerySettings settings, LongSupplier nanoClock) {
        this.settings = settings;
        this.nanoClock = nanoClock;
        this.deadlineNanos = nanoClock.getAsLong() + settings.timeLimitMillis() * 1_000_000L;
    }

    void checkTime() {
        if (nanoClock.getAsLong() - deadlineNanos > 0) {
            throw timeout();
        }
    }

    QueryException timeout() {
        return new QueryException(QueryException.Code.TIME_LIMIT, "query ran longer than its time limit of " + settings.timeLimitMillis()
                + " ms; narrow the pattern or raise the limit");
    }

    void expansion() {
        if (++expansions > settings.maxExpansions()) {
            throw expansionsExceeded();
        }
        if ((expansions & 4095) == 0) {
            checkTime();
        }
    }

    long maxExpansions() {
        return settings.maxExpansions();
    }

    QueryException expansionsExceeded() {
        return new QueryException(QueryException.Code.EXPANSION_LIMIT, "query followed more than " + settings.maxExpansions()
                + " edges (its expansion limit); bound variable-length patterns (*1..3) or raise the limit");
    }

    void checkRows(long rows) {
        if (rows > settings.maxRows()) {
            throw new QueryException(QueryException.Code.ROW_LIMIT, "query returned more than " + settings.maxRows()
                    + " rows (its row limit); add LIMIT or raise the limit");
        }
    }
}
