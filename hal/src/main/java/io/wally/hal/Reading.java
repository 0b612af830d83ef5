package io.wally.hal;

/**
 * What every sensor reading has: when it was taken and whether it may be used.
 *
 * <p>Implemented by the immutable reading records; {@code R} is the implementing record itself.
 *
 * @param <R> the reading type
 */
public interface Reading<R extends Reading<R>> {

    /** When the measurement was taken, nanoseconds on the device's {@link NanoClock}. */
    long timestampNanos();

    /** Whether the value may be used. */
    Health health();

    /**
     * Why the reading is not {@link Health#OK}, in plain words; never empty when not OK. Empty when OK,
     * unless the reading type documents a caveat that an OK value may carry (see {@link EncoderReading}).
     */
    String reason();

    /** The same values with another health and reason (for example marked {@link Health#STALE}). */
    R withHealth(Health health, String reason);
}
