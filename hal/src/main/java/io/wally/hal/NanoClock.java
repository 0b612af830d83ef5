package io.wally.hal;

/**
 * A monotonic clock in nanoseconds, injected into every device and model so that tests and the
 * simulator control time.
 *
 * <p>Threading: implementations are safe to call from any thread. Values are only meaningful as
 * differences between two calls on the same clock (like {@link System#nanoTime()}).
 */
@FunctionalInterface
public interface NanoClock {

    /** The machine's monotonic clock, {@link System#nanoTime()}. */
    NanoClock SYSTEM = System::nanoTime;

    /** Now, in nanoseconds since an arbitrary fixed origin; never decreases. */
    long nanoTime();
}
