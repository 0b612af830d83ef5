package io.wally.runtime.agent;

/**
 * When a periodic agent's next cycle is due: every {@code period} from its first poll, and after falling
 * more than a period behind (a stall, a slow cycle) one period from now rather than a burst of
 * catch-up cycles. Allocation-free; used by one agent thread.
 */
final class FixedRateSchedule {

    private final long periodNanos;
    private long nextDueNanos = Long.MIN_VALUE;
    private boolean overran;

    FixedRateSchedule(long periodNanos) {
        this.periodNanos = periodNanos;
    }

    /**
     * Whether a cycle is due at {@code now}; if so, the next one is scheduled. The first poll is always
     * due.
     */
    boolean due(long now) {
        if (nextDueNanos == Long.MIN_VALUE) {
            nextDueNanos = now;
        }
        if (now < nextDueNanos) {
            return false;
        }
        overran = now - nextDueNanos > periodNanos;
        nextDueNanos = overran ? now + periodNanos : nextDueNanos + periodNanos;
        return true;
    }

    /** Whether the cycle the last {@link #due} started came more than a period late (cycles were skipped). */
    boolean overran() {
        return overran;
    }
}
