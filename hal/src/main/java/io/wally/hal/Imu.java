package io.wally.hal;

/**
 * A six-axis IMU (gyroscope and accelerometer), such as the MPU-6050.
 *
 * <p>Polling: {@link #latest()} never blocks and returns the most recent sample; the device samples on
 * its own schedule. Threading: {@link #latest()} may be called from any thread. Lifecycle: created
 * ready (woken and calibrated); {@link #close()} releases the bus handle.
 */
public interface Imu extends AutoCloseable {

    /** The most recent sample; never null, never blocks (before the first sample: a FAULT reading). */
    ImuReading latest();

    /** Releases the device; idempotent. */
    @Override
    void close();
}
