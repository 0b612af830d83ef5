package io.wally.maps.store;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts, across the damage tests of one JVM, how each damaged store was classified, so one line can be
 * quoted: corruptions tried / detected / silently accepted (must be 0), and crash-like damage (a torn
 * or cleanly cut end of the last segment) tried / reported.
 */
final class IntegrityTally {

    private static final AtomicLong CORRUPTIONS = new AtomicLong();
    private static final AtomicLong DETECTED = new AtomicLong();
    private static final AtomicLong ACCEPTED = new AtomicLong();
    private static final AtomicLong TORN = new AtomicLong();
    private static final AtomicLong TORN_REPORTED = new AtomicLong();
    private static final AtomicLong CLEAN_ENDS = new AtomicLong();

    private IntegrityTally() {
    }

    /** A damage no crash can cause; {@code detected}: refused with a {@link StoreCorruptException} / {@link StoreException}. */
    static void corruption(boolean detected) {
        CORRUPTIONS.incrementAndGet();
        (detected ? DETECTED : ACCEPTED).incrementAndGet();
    }

    /** Damage a crash can cause at the end of the last segment; {@code reported}: a torn tail was reported. */
    static void crashLike(boolean reported, boolean cleanEnd) {
        TORN.incrementAndGet();
        if (reported) {
            TORN_REPORTED.incrementAndGet();
        }
        if (cleanEnd) {
            CLEAN_ENDS.incrementAndGet();
        }
    }

    /** The line the damage tests print after each class (cumulative over the JVM). */
    static String summary() {
        return "integrity tally: corruptions tried " + CORRUPTIONS.get() + ", detected " + DETECTED.get() + ", silently accepted " + ACCEPTED.get()
                + "; crash-like tail damage tried " + TORN.get() + ", torn tail reported " + TORN_REPORTED.get() + ", cut at a record boundary "
                + CLEAN_ENDS.get() + " (nothing to report)";
    }
}
