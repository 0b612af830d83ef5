package io.wally.hal;

/**
 * The quadrature encoders of the two drive wheels.
 *
 * <p>Polling: {@link #latest()} never blocks and returns the counts as of now (hardware counts edges in
 * interrupt callbacks; the simulation counts in {@code update(dt)}).
 *
 * <p>Threading: {@link #latest()} may be called from any thread. Lifecycle: counting starts at zero when
 * created; {@link #close()} releases the pins.
 */
public interface WheelEncoders extends AutoCloseable {

    /** Ticks per wheel revolution as counted (all edges of both channels after gearing), {@code > 0}. */
    int ticksPerRevolution();

    /** The current cumulative counts; never null, never blocks. */
    EncoderReading latest();

    /** Releases the pins; idempotent. */
    @Override
    void close();
}
