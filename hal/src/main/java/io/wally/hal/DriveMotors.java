package io.wally.hal;

/**
 * The two drive motors of a differential-drive base.
 *
 * <p>Duty is a signed fraction of full power in {@code [-1, 1]}: positive drives the wheel forward,
 * negative backward, zero stops it. Values outside that range (or NaN) are rejected with an
 * {@link IllegalArgumentException} naming the value; nothing is changed then.
 *
 * <p>Threading: {@link #setDuty} is called by one thread (the motion agent). {@link #stop()} may be called
 * from any thread at any time (the safety watchdog) and wins over a concurrent {@code setDuty}: after
 * {@code stop()} returns, the motors are stopped until the next {@code setDuty}. Setting duty never
 * blocks on anything slower than writing a few pins.
 *
 * <p>Lifecycle: created stopped; {@link #close()} stops the motors and releases the pins.
 */
public interface DriveMotors extends AutoCloseable {

    /**
     * Sets both wheels' duty.
     *
     * @param leftDuty left wheel, in {@code [-1, 1]}, forward positive
     * @param rightDuty right wheel, in {@code [-1, 1]}, forward positive
     * @throws IllegalArgumentException if a duty is outside {@code [-1, 1]} or NaN
     */
    void setDuty(double leftDuty, double rightDuty);

    /** Stops both motors now (duty 0); safe from any thread. */
    void stop();

    /** The left duty last applied, in {@code [-1, 1]}. */
    double leftDuty();

    /** The right duty last applied, in {@code [-1, 1]}. */
    double rightDuty();

    /** Stops the motors and releases the pins; idempotent. */
    @Override
    void close();

    /**
     * Checks one duty value.
     *
     * @param name which wheel, for the message
     * @param duty the value to check
     * @return {@code duty}
     * @throws IllegalArgumentException naming the wheel and the value when outside {@code [-1, 1]} or NaN
     */
    static double checkDuty(String name, double duty) {
        if (!(duty >= -1.0 && duty <= 1.0)) {
            throw new IllegalArgumentException(name + " duty must be in [-1, 1]; was " + duty);
        }
        return duty;
    }
}
