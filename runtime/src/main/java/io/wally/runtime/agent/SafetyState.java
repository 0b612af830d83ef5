package io.wally.runtime.agent;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The latched safety fault of the pipeline: raised by the {@link SafetyWatchdog} (control loop or a
 * sensor missed its deadline) or the {@link SensorAgent} (a sensor reports a fault, the bumper is
 * pressed); while raised, the {@link MotionAgent} drives nothing and the active goal fails. Cleared
 * when its cause has gone (the loop runs again, the sensor answers again); the goal stays failed.
 *
 * <p>Threading: any thread.
 */
public final class SafetyState {

    private final AtomicReference<String> reason = new AtomicReference<>();
    private final AtomicLong raised = new AtomicLong();
    private volatile long raisedAtNanos;

    /** Raises {@code why} unless a fault is already raised; true when this call raised it. */
    public boolean raise(String why, long nowNanos) {
        if (reason.compareAndSet(null, why)) {
            raisedAtNanos = nowNanos;
            raised.incrementAndGet();
            return true;
        }
        return false;
    }

    /** Clears the fault if it is still {@code why} (a later, different fault stays). */
    public void clear(String why) {
        reason.compareAndSet(why, null);
    }

    /** Whether a fault is raised now. */
    public boolean faulted() {
        return reason.get() != null;
    }

    /** The fault's reason, or null. */
    public String reason() {
        return reason.get();
    }

    /** When the current fault was raised, runtime clock nanoseconds. */
    public long raisedAtNanos() {
        return raisedAtNanos;
    }

    /** Faults raised since start. */
    public long faultsRaised() {
        return raised.get();
    }
}
