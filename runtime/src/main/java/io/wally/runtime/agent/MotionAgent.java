package io.wally.runtime.agent;

import io.wally.hal.Angles;
import io.wally.hal.DriveMotors;
import io.wally.hal.NanoClock;
import io.wally.runtime.zone.ZoneBoard;
import org.agrona.concurrent.Agent;

/**
 * The control loop: once per period it reads the pose ({@link PoseBoard}) and the active path
 * ({@link PathBoard}) and drives the wheels along the path with a pure-pursuit follower (look-ahead
 * point on the path, curvature to reach it, turn in place when it lies far off the heading), limited
 * by {@code drive.maxSpeedMps}, {@code drive.maxTurnRateRadPerS} and {@code motors.maxDuty}. Within
 * {@code drive.goalToleranceMeters} of the last waypoint it stops and reports arrival. While a safety
 * fault is raised it drives nothing and reports the goal failed (reports are lock-free; the
 * {@link PlannerAgent} settles them, so the control loop never takes a lock). Its cycle time stamps the heartbeat the
 * {@link SafetyWatchdog} checks.
 *
 * <p>Hand driving ({@link ManualDrive}, {@code cmd/drive}): while no goal is driving, a drive command younger
 * than its dead-man time sets the wheel speeds (clamped to the same limits); once it is older the motors stop.
 * A safety fault stops hand driving like any other.
 *
 * <p>Duty mapping: a wheel speed of {@code maxSpeedMps} maps to {@code maxDuty}; the geometric
 * follower corrects from odometry, so the mapping need not be exact.
 *
 * <p>Threading: one agent thread (the control runner). Allocates nothing per cycle once warm.
 */
public final class MotionAgent implements Agent {

    /** Shortest look-ahead of the pure-pursuit follower, metres. */
    static final double MIN_LOOK_AHEAD_METERS = 0.15;
    /** Look-ahead as a multiple of the goal tolerance (beyond the minimum). */
    static final double LOOK_AHEAD_PER_TOLERANCE = 1.5;
    /** A look-ahead point further off the heading than this turns the robot in place, radians. */
    static final double TURN_IN_PLACE_ABOVE_RADIANS = Math.PI / 3;
    /** Turning in place runs at this fraction of the maximum turn rate. */
    static final double TURN_IN_PLACE_RATE_FRACTION = 0.5;
    /** Slowest forward speed while following, m/s: near the goal the speed tapers to this, not to zero. */
    static final double MIN_FOLLOW_SPEED_MPS = 0.05;
    /** Smallest distance used in the curvature formula, metres (a look-ahead point right under the robot). */
    static final double MIN_CURVATURE_DISTANCE_METERS = 1e-3;

    /**
     * Limits and geometry of the control law.
     *
     * @param periodNanos          control period (1 / control.loopHz)
     * @param maxSpeedMps          drive.maxSpeedMps
     * @param maxTurnRadPerS       drive.maxTurnRateRadPerS
     * @param maxDuty              motors.maxDuty, the duty a wheel at maxSpeedMps gets
     * @param wheelBaseMeters      drive.wheelBaseMeters
     * @param goalToleranceMeters  drive.goalToleranceMeters
     */
    public record Settings(long periodNanos, double maxSpeedMps, double maxTurnRadPerS, double maxDuty,
            double wheelBaseMeters, double goalToleranceMeters) {
    }

    private final DriveMotors motors;
    private final PoseBoard poseBoard;
    private final PathBoard pathBoard;
    private final Mission mission;
    private final SafetyState safety;
    private final PipelineCounters counters;
    private final NanoClock clock;
    private final NanoClock wallClock;
    private final double maxSpeedMps;
    /** Speed zones: the cap under the robot, read each cycle (an immutable set behind a volatile reference). */
    private final ZoneBoard zones;
    private final double maxTurnRadPerS;
    private final double maxDuty;
    private final double halfTrackMeters;
    private final double toleranceMeters;
    private final double lookAheadMeters;
    private final PoseBoard.Pose pose = new PoseBoard.Pose();
    private final PathBoard.Copy path;
    private final FixedRateSchedule schedule;
    private final ManualDrive manual;
    private volatile long lastCycleNanos;
    private int target;
    private boolean driving;

    /** @param manual hand-drive commands ({@code cmd/drive}) this loop obeys while no goal drives */
    public MotionAgent(Settings settings, PipelineParts parts, DriveMotors motors, ManualDrive manual) {
        this.motors = motors;
        this.manual = manual;
        this.poseBoard = parts.pose();
        this.pathBoard = parts.path();
        this.mission = parts.mission();
        this.safety = parts.safety();
        this.counters = parts.counters();
        this.clock = parts.clock();
        this.wallClock = parts.wallClock();
        this.zones = parts.zones();
        this.schedule = new FixedRateSchedule(settings.periodNanos());
        this.maxSpeedMps = settings.maxSpeedMps();
        this.maxTurnRadPerS = settings.maxTurnRadPerS();
        this.maxDuty = settings.maxDuty();
        this.halfTrackMeters = settings.wheelBaseMeters() / 2;
        this.toleranceMeters = settings.goalToleranceMeters();
        this.lookAheadMeters = Math.max(MIN_LOOK_AHEAD_METERS, LOOK_AHEAD_PER_TOLERANCE * settings.goalToleranceMeters());
        this.path = new PathBoard.Copy(pathBoard.capacity());
        this.path.revision = -1;
        // the watchdog may look before this agent's runner thread has started (onStart): a heartbeat of 0
        // would read as "no cycle since the machine booted" and trip it at once
        this.lastCycleNanos = clock.nanoTime();
    }

    @Override
    public String roleName() {
        return "wally-motion";
    }

    /** Runtime clock time of the last control cycle (the watchdog's heartbeat). */
    public long lastCycleNanos() {
        return lastCycleNanos;
    }

    @Override
    public void onStart() {
        lastCycleNanos = clock.nanoTime();
    }

    @Override
    public int doWork() {
        long now = clock.nanoTime();
        if (!schedule.due(now)) {
            return 0;
        }
        if (schedule.overran()) {
            counters.controlOverruns.incrementAndGet();
        }
        long started = wallClock.nanoTime();
        runCycle(now);
        long took = wallClock.nanoTime() - started; // on the wall clock: simulated time stands still within a cycle
        counters.lastCycleNanos.lazySet(took);
        if (took > counters.maxCycleNanos.get()) {
            counters.maxCycleNanos.lazySet(took);
        }
        return 1;
    }

    /** One control cycle at {@code now} (also used by tests that step the pipeline by hand). */
    public void runCycle(long now) {
        lastCycleNanos = now;
        counters.controlCycles.incrementAndGet();
        if (pathBoard.revision() != path.revision) {
            pathBoard.copyTo(path);
            target = path.count > 1 ? 1 : 0;
        }
        if (safety.faulted()) {
            halt();
            if (mission.state() == Mission.State.DRIVING) {
                mission.reportFaulted(mission.goalId(), safety.reason(), now);
            }
            return;
        }
        if (mission.state() != Mission.State.DRIVING) {
            ManualDrive.Command hand = manual.active(now);
            if (hand != null) {
                drive(hand.linearMps(), hand.angularRadPerS());
            } else {
                halt();
            }
            return;
        }
        if (path.count == 0 || path.goalId != mission.goalId()) {
            halt();
            return;
        }
        poseBoard.read(pose);
        int last = path.count - 1;
        double toGoal = Math.hypot(path.x[last] - pose.xMeters, path.y[last] - pose.yMeters);
        if (toGoal <= toleranceMeters) {
            halt();
            mission.progress(0, 0);
            mission.reportArrived(path.goalId, now);
            return;
        }
        // Advance the target to the first waypoint at least one look-ahead away (never backwards).
        while (target < last && Math.hypot(path.x[target] - pose.xMeters, path.y[target] - pose.yMeters) < lookAheadMeters) {
            target++;
        }
        double dx = path.x[target] - pose.xMeters;
        double dy = path.y[target] - pose.yMeters;
        double distance = Math.hypot(dx, dy);
        double alpha = Angles.wrap(Math.atan2(dy, dx) - pose.headingRadians);
        double v;
        double omega;
        if (Math.abs(alpha) > TURN_IN_PLACE_ABOVE_RADIANS) {
            v = 0;
            omega = Math.copySign(maxTurnRadPerS * TURN_IN_PLACE_RATE_FRACTION, alpha); // turn in place towards the path
        } else {
            double cap = zones.zones().speedCapAt(pose.xMeters, pose.yMeters);
            zones.capInForce(cap);
            v = Math.min(Math.min(maxSpeedMps, cap), Math.max(MIN_FOLLOW_SPEED_MPS, toGoal)) * Math.cos(alpha);
            // pure pursuit: the arc through the look-ahead point has curvature 2 sin(alpha) / distance
            omega = 2 * v * Math.sin(alpha) / Math.max(distance, MIN_CURVATURE_DISTANCE_METERS);
            omega = Math.max(-maxTurnRadPerS, Math.min(maxTurnRadPerS, omega));
        }
        if (!drive(v, omega)) {
            return;
        }
        double remaining = distance;
        for (int i = target; i < last; i++) {
            remaining += Math.hypot(path.x[i + 1] - path.x[i], path.y[i + 1] - path.y[i]);
        }
        mission.progress(last - target + 1, remaining);
    }

    /**
     * Sets the wheels for forward speed {@code v} (m/s) and turn rate {@code omega} (rad/s), each clamped to its
     * limit and scaled together so no wheel exceeds the duty limit; false (motors halted) when a fault was raised.
     */
    private boolean drive(double v, double omega) {
        v = Math.max(-maxSpeedMps, Math.min(maxSpeedMps, v));
        omega = Math.max(-maxTurnRadPerS, Math.min(maxTurnRadPerS, omega));
        double left = (v - omega * halfTrackMeters) / maxSpeedMps * maxDuty;
        double right = (v + omega * halfTrackMeters) / maxSpeedMps * maxDuty;
        double scale = Math.max(1.0, Math.max(Math.abs(left), Math.abs(right)) / maxDuty);
        left /= scale;
        right /= scale;
        if (safety.faulted()) { // re-check right before driving: the watchdog may have stopped us meanwhile
            halt();
            return false;
        }
        motors.setDuty(left, right);
        driving = true;
        return true;
    }

    private void halt() {
        if (driving) {
            motors.stop();
            driving = false;
        }
    }
}
