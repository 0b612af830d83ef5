package io.wally.runtime.agent;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The robot's current goal and how it ends: set by the {@link PlannerAgent} (goal accepted, replanned,
 * failed, and the outcomes the motion agent reported), and by a stop. Each goal has an identity; an
 * outcome for an older goal is ignored.
 *
 * <p>Threading: any thread; transitions are atomic per goal (a short lock, never taken on the control
 * loop: the {@link MotionAgent} only reports, lock-free, and the planner agent settles).
 */
public final class Mission {

    /** Where the robot is with its goal. */
    public enum State { IDLE, DRIVING, ARRIVED, FAILED, STOPPED }

    /** How a goal ended. */
    public record Outcome(long goalId, String goal, State state, String reason, double seconds) {
    }

    private final AtomicLong goalIds = new AtomicLong();
    private final TelemetryEvents events;
    private volatile long goalId;
    private volatile String goal;
    private volatile State state = State.IDLE;
    private volatile String reason = "";
    private volatile long startedNanos;
    private volatile CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private volatile int remainingWaypoints;
    private volatile double remainingMeters;

    /** A mission reporting its transitions to {@code events}. */
    public Mission(TelemetryEvents events) {
        this.events = events;
    }

    /** Starts a new goal (cancelling the previous one, which ends STOPPED); returns its identity. */
    public synchronized long begin(String goalName, long nowNanos) {
        end(goalId, State.STOPPED, "replaced by a new goal", nowNanos);
        long id = goalIds.incrementAndGet();
        goal = goalName;
        reason = "";
        startedNanos = nowNanos;
        outcome = new CompletableFuture<>();
        state = State.DRIVING;
        goalId = id;
        events.offer("goal", Map.of("goalId", id, "goal", goalName, "state", "driving"));
        return id;
    }

    /** Ends goal {@code id} with {@code how} (ARRIVED, FAILED or STOPPED) unless it already ended. */
    public synchronized void end(long id, State how, String why, long nowNanos) {
        if (id != goalId || state != State.DRIVING) {
            return;
        }
        state = how;
        reason = why;
        double seconds = (nowNanos - startedNanos) / 1e9;
        events.offer("goal", Map.of("goalId", id, "goal", goal, "state", how.name().toLowerCase(Locale.ROOT),
                "reason", why, "seconds", seconds));
        outcome.complete(new Outcome(id, goal, how, why, seconds));
    }

    private final AtomicLong arrivedGoal = new AtomicLong();
    private volatile long arrivedAtNanos;
    private final AtomicLong faultedGoal = new AtomicLong();
    private volatile long faultedAtNanos;
    private volatile String faultReason;

    /**
     * The control loop's report that goal {@code id} arrived: lock-free and allocation-free; the
     * transition itself happens in {@link #settle()} on another thread.
     */
    void reportArrived(long id, long nowNanos) {
        arrivedAtNanos = nowNanos;
        arrivedGoal.set(id);
    }

    /** The control loop's report that goal {@code id} must fail because of safety fault {@code reason}. */
    void reportFaulted(long id, String reason, long nowNanos) {
        faultReason = reason;
        faultedAtNanos = nowNanos;
        faultedGoal.set(id);
    }

    /** Applies what the control loop reported (called by the planner agent, off the control loop). */
    void settle() {
        long arrived = arrivedGoal.getAndSet(0);
        if (arrived != 0) {
            end(arrived, State.ARRIVED, "", arrivedAtNanos);
        }
        long faulted = faultedGoal.getAndSet(0);
        if (faulted != 0) {
            String why = faultReason;
            end(faulted, State.FAILED, "safety fault: " + (why == null ? "(cleared since)" : why), faultedAtNanos);
        }
    }

    /** Reports an event about the current goal (e.g. a repaired path) to telemetry. */
    void report(String name, Map<String, Object> payload) {
        events.offer(name, payload);
    }

    /** Identity of the current (or last) goal; 0 before the first. */
    public long goalId() {
        return goalId;
    }

    /** Name of the current (or last) goal; null before the first. */
    public String goal() {
        return goal;
    }

    /** State of the current (or last) goal. */
    public State state() {
        return state;
    }

    /** Why the last goal failed or stopped; empty otherwise. */
    public String reason() {
        return reason;
    }

    /** Completes when the current goal ends. */
    public CompletableFuture<Outcome> outcome() {
        return outcome;
    }

    /** Set by the motion agent: waypoints and metres of path left. */
    void progress(int waypoints, double meters) {
        remainingWaypoints = waypoints;
        remainingMeters = meters;
    }

    /** Waypoints of the active path not yet reached. */
    public int remainingWaypoints() {
        return remainingWaypoints;
    }

    /** Length of the active path not yet driven, metres. */
    public double remainingMeters() {
        return remainingMeters;
    }
}
