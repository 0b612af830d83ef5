package io.wally.runtime.agent;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The last hand-drive command ({@code cmd/drive}) and when it arrived, for the control loop: the
 * {@link MotionAgent} drives these speeds while the command is younger than the dead-man time and stops the
 * motors once it is older, so a browser tab or MQTT client that goes silent cannot leave the robot driving.
 *
 * <p>Threading: any thread offers (the command gateway, on the caller's thread) — the latest wins, published
 * as one immutable value so the control loop never sees a speed from one command and a time from another; the
 * control loop reads without locking or allocating.
 */
public final class ManualDrive {

    /** One drive command: speeds as asked for and the runtime clock time it arrived, nanoseconds. */
    public record Command(double linearMps, double angularRadPerS, long receivedNanos) {
    }

    private final long deadManNanos;
    private final AtomicReference<Command> latest = new AtomicReference<>();

    /** @param deadManNanos how long one command keeps the motors going, nanoseconds (> 0) */
    public ManualDrive(long deadManNanos) {
        if (deadManNanos <= 0) {
            throw new IllegalArgumentException("deadManNanos must be > 0; was " + deadManNanos);
        }
        this.deadManNanos = deadManNanos;
    }

    /** Records a drive command received at {@code nowNanos}. */
    public void offer(double linearMps, double angularRadPerS, long nowNanos) {
        latest.set(new Command(linearMps, angularRadPerS, nowNanos));
    }

    /** Forgets the last command (a stop, or a goal that takes over). */
    public void clear() {
        latest.set(null);
    }

    /** The command to drive at {@code nowNanos}: the last one if younger than the dead-man time, else null. */
    public Command active(long nowNanos) {
        Command c = latest.get();
        return c != null && nowNanos - c.receivedNanos() <= deadManNanos ? c : null;
    }

    /** The dead-man time, nanoseconds. */
    public long deadManNanos() {
        return deadManNanos;
    }
}
