package io.wally.hal;

/**
 * A battery voltage and current monitor, such as the INA219.
 *
 * <p>Polling: {@link #latest()} never blocks and returns the most recent sample. Threading: any thread.
 * Lifecycle: created ready; {@link #close()} releases the bus handle.
 */
public interface BatteryMonitor extends AutoCloseable {

    /** The most recent sample; never null, never blocks (before the first sample: a FAULT reading). */
    BatteryReading latest();

    /** Releases the device; idempotent. */
    @Override
    void close();
}
