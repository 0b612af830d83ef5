package io.wally.hal;

/**
 * A front bump switch.
 *
 * <p>Polling: {@link #latest()} never blocks. Threading: any thread. Lifecycle: created ready;
 * {@link #close()} releases the pin.
 */
public interface BumpSensor extends AutoCloseable {

    /** The current state; never null, never blocks. */
    BumpReading latest();

    /** Releases the pin; idempotent. */
    @Override
    void close();
}
