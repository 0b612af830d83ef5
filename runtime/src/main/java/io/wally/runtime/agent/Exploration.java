package io.wally.runtime.agent;

import io.wally.hal.NanoClock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exploration mission ({@code cmd/explore}): drives to the nearest reachable frontier of the sensed grid
 * (Yamauchi 1997), again and again, until no reachable frontier is left or its time or distance budget ends.
 * Each target is an ordinary goal (the {@link PlannerAgent} plans it, the {@link MotionAgent} follows it, the map
 * changes repair it), so driving, replanning, zones and safety are those of {@code goto}.
 *
 * <p>The loop, as in the offline harness ({@code SimExploration}): turn once in place (the sonars look ahead and
 * at ±45°); wait for frontiers computed after the turn ({@link FrontierBoard}, filled by the map writer, which owns
 * the grid); drive to the nearest by path cost; on arrival turn once more and give the target up (a frontier still
 * there after a visit and a look round is one the sensors cannot resolve from there), as after
 * {@value #MAX_FAILURES_PER_TARGET} failed goals (a bump), a replan that found no path (the target was mapped blocked) or {@value #MAX_SECONDS_PER_TARGET} s on the way.
 * A target whose frontier vanished on the way (seen from afar) is replaced by the next. No frontier twice in a row
 * (with a turn between) ends it: done.
 *
 * <p>Ends at once on {@code stop} (the planner calls {@link #stopped}), when another goal or a hand drive replaces
 * its goal, or when its budget ends. Reports itself as telemetry events {@code explore} ({@code state}: started,
 * target, done, budget_ended, stopped).
 *
 * <p>Threading: the planner agent's thread only. Allocates per transition (events, a target choice), not per cycle.
 */
final class Exploration {

    /** What the planner does for the mission. */
    interface Driver {
        /**
         * The frontier of {@code frontiers} nearest to the robot by path cost, skipping those {@code given} up; writes
         * its target {x, y} (a free cell near it, metres) and the path's length (metres) into {@code out}; false when
         * none is reachable.
         */
        boolean nearestFrontier(FrontierBoard.Copy frontiers, Exploration given, double[] out);

        /** Plans from the robot to {@code (x, y)} and starts driving: the goal's id, or 0 when it could not be planned. */
        long driveTo(String name, double xMeters, double yMeters);

        /** Ends goal {@code goalId} (stopped, {@code why}) if it is still driving, and clears its path. */
        void endGoal(long goalId, String why);
    }

    /** Targets within this distance of a given-up one are given up too (a frontier's target moves as it shrinks), metres. */
    static final double GIVEN_UP_RADIUS_METERS = 0.4;
    static final int MAX_FAILURES_PER_TARGET = 3;
    static final double MAX_SECONDS_PER_TARGET = 60;
    /** Turn rate of the look round, rad/s; one full turn. */
    static final double LOOK_RATE_RAD_PER_S = 1.5;
    static final long LOOK_NANOS = (long) (2 * Math.PI / LOOK_RATE_RAD_PER_S * 1e9);
    /** A hand drive lives {@code Request.DRIVE_DEAD_MAN_MILLIS}; the look round renews it this often. */
    private static final long LOOK_RENEW_NANOS = 100_000_000L;
    /** While driving, a vanished target is checked against fresh frontiers at most this often. */
    private static final long RETARGET_NANOS = 2_000_000_000L;
    /** Pose changes below this are not counted as distance driven (odometry noise at a standstill), metres. */
    private static final double MIN_STEP_METERS = 0.01;

    enum Phase { IDLE, LOOKING, CHOOSING, DRIVING }

    private final Mission mission;
    private final FrontierBoard board;
    private final PoseBoard poseBoard;
    private final ManualDrive hand;
    private final SafetyState safety;
    private final NanoClock clock;
    private final FrontierBoard.Copy frontiers = new FrontierBoard.Copy();
    private final PoseBoard.Pose pose = new PoseBoard.Pose();
    private final double[] choice = new double[3];

    private long ids;
    private long id;
    private Phase phase = Phase.IDLE;
    private long startedNanos;
    private double budgetSeconds;
    private double maxMeters;
    private double drivenMeters;
    private double lastX;
    private double lastY;
    private int targets;
    private double[] givenUp = new double[32];
    private int givenUpCount;
    /** The goal driving to the current target (0: none). */
    private long goalId;
    private double targetX;
    private double targetY;
    private long targetStartedNanos;
    private int targetFailures;
    private long lookUntilNanos;
    private long lookRenewedNanos;
    /** Frontiers must be computed at or after this time to be chosen from. */
    private long frontiersAfterNanos;
    private long retargetCheckedNanos;
    private long seenRevision;
    /** The goal whose replan found no path (its cell was mapped blocked, or walled off): given up at once, not retried. */
    private long unreachableGoal;
    /** Looks round without finding a frontier, in a row. */
    private int emptyLooks;

    Exploration(Mission mission, FrontierBoard board, PoseBoard poseBoard, ManualDrive hand, SafetyState safety, NanoClock clock) {
        this.mission = mission;
        this.board = board;
        this.poseBoard = poseBoard;
        this.hand = hand;
        this.safety = safety;
        this.clock = clock;
    }

    /** Whether an exploration runs. */
    boolean active() {
        return phase != Phase.IDLE;
    }

    Phase phase() {
        return phase;
    }

    /**
     * Starts an exploration (ending one that runs: stopped, "replaced"); returns its id. The caller has ended any
     * goal and checked that driving is allowed.
     */
    long start(double budget, double maxDistanceMeters) {
        if (active()) {
            end("stopped", "replaced by a new exploration");
        }
        long now = clock.nanoTime();
        id = ++ids;
        startedNanos = now;
        budgetSeconds = budget;
        maxMeters = maxDistanceMeters;
        drivenMeters = 0;
        poseBoard.read(pose);
        lastX = pose.xMeters;
        lastY = pose.yMeters;
        targets = 0;
        givenUpCount = 0;
        goalId = mission.goalId(); // a goal other than this one appearing later means it was replaced
        emptyLooks = 0;
        seenRevision = -1;
        board.want(true);
        Map<String, Object> event = event("started");
        event.put("budgetSeconds", budget);
        event.put("maxDistanceMeters", maxDistanceMeters == Double.POSITIVE_INFINITY ? null : maxDistanceMeters);
        mission.report("explore", event);
        look(now);
        return id;
    }

    /** The planner found no path for goal {@code id} on a changed map (it fails): its target is given up at once. */
    void unreachable(long goal) {
        unreachableGoal = goal;
    }

    /** A stop ended everything at once (motors, goal, hand drive): the exploration ends too. */
    void stopped(String why) {
        if (active()) {
            goalId = 0; // the stop ended it already
            end("stopped", why);
        }
    }

    /** One step of the mission; returns work done. */
    int step(Driver driver) {
        if (!active()) {
            return 0;
        }
        long now = clock.nanoTime();
        trackDistance();
        if ((now - startedNanos) / 1e9 >= budgetSeconds) {
            endGoal(driver, "exploration budget ended");
            end("budget_ended", "time budget of " + budgetSeconds + " s used");
            return 1;
        }
        if (drivenMeters >= maxMeters) {
            endGoal(driver, "exploration budget ended");
            end("budget_ended", "distance budget of " + maxMeters + " m driven");
            return 1;
        }
        if (mission.goalId() != goalId) {
            end("stopped", "replaced by goal '" + mission.goal() + "'");
            return 1;
        }
        ManualDrive.Command driving = hand.active(now);
        if (phase != Phase.DRIVING && driving != null && (driving.linearMps() != 0 || driving.angularRadPerS() != LOOK_RATE_RAD_PER_S)) {
            end("stopped", "driven by hand"); // cmd/drive between targets (while driving to one, it ends the goal)
            return 1;
        }
        return switch (phase) {
            case LOOKING -> stepLooking(now);
            case CHOOSING -> stepChoosing(driver, now);
            case DRIVING -> stepDriving(driver, now);
            case IDLE -> 0;
        };
    }

    private int stepLooking(long now) {
        if (safety.faulted()) {
            return 0; // a bump: the motion agent holds the motors; the turn goes on once the fault has cleared
        }
        if (now >= lookUntilNanos) {
            hand.clear();
            phase = Phase.CHOOSING;
            frontiersAfterNanos = now;
            return 1;
        }
        if (now - lookRenewedNanos >= LOOK_RENEW_NANOS) {
            lookRenewedNanos = now;
            hand.offer(0, LOOK_RATE_RAD_PER_S, now);
            return 1;
        }
        return 0;
    }

    private int stepChoosing(Driver driver, long now) {
        if (safety.faulted() || board.revision() == 0) {
            return 0;
        }
        board.copyTo(frontiers);
        if (frontiers.computedAtNanos < frontiersAfterNanos) {
            return 0; // wait for frontiers that include what the last turn saw
        }
        seenRevision = frontiers.revision;
        if (!driver.nearestFrontier(frontiers, this, choice)) {
            if (++emptyLooks >= 2) {
                end("done", "no reachable frontier left");
            } else {
                look(now); // a turn in place may open a frontier the sensors missed
            }
            return 1;
        }
        emptyLooks = 0;
        beginTarget(driver, now);
        return 1;
    }

    private void beginTarget(Driver driver, long now) {
        long goal = driver.driveTo("explore frontier " + Rounding.meters(choice[0]) + "," + Rounding.meters(choice[1]), choice[0], choice[1]);
        if (goal == 0) {
            giveUp(choice[0], choice[1]); // chosen as reachable, yet it would not plan: never again
            frontiersAfterNanos = now;
            phase = Phase.CHOOSING;
            goalId = mission.goalId();
            return;
        }
        boolean sameTarget = targets > 0 && Math.hypot(choice[0] - targetX, choice[1] - targetY) <= GIVEN_UP_RADIUS_METERS;
        if (!sameTarget) {
            targetFailures = 0;
            targetStartedNanos = now;
        }
        targetX = choice[0];
        targetY = choice[1];
        goalId = goal;
        targets++;
        retargetCheckedNanos = now;
        phase = Phase.DRIVING;
        Map<String, Object> event = event("target");
        event.put("goalId", goal);
        event.put("x", Rounding.meters(targetX));
        event.put("y", Rounding.meters(targetY));
        event.put("pathMeters", Rounding.meters(choice[2]));
        event.put("frontiers", frontiers.count);
        event.put("freeSquareMeters", Math.round(frontiers.freeSquareMeters() * 100) / 100.0);
        mission.report("explore", event);
    }

    private int stepDriving(Driver driver, long now) {
        switch (mission.state()) {
            case ARRIVED -> {
                giveUp(targetX, targetY); // visited: whatever is left there, the sensors cannot resolve from here
                look(now);
                return 1;
            }
            case FAILED -> {
                if (unreachableGoal == goalId || ++targetFailures >= MAX_FAILURES_PER_TARGET) {
                    giveUp(targetX, targetY);
                }
                phase = Phase.CHOOSING;
                frontiersAfterNanos = now;
                return 1;
            }
            case STOPPED, IDLE -> {
                end("stopped", mission.reason().isEmpty() ? "its goal was stopped" : mission.reason());
                return 1;
            }
            case DRIVING -> { }
        }
        if ((now - targetStartedNanos) / 1e9 > MAX_SECONDS_PER_TARGET) {
            giveUp(targetX, targetY);
            phase = Phase.CHOOSING;
            frontiersAfterNanos = now;
            return 1;
        }
        if (now - retargetCheckedNanos >= RETARGET_NANOS && board.revision() != seenRevision) {
            retargetCheckedNanos = now;
            board.copyTo(frontiers);
            seenRevision = frontiers.revision;
            if (!frontierNear(targetX, targetY)) {
                // the target's frontier was seen from afar: on to the next, without stopping when there is one
                if (driver.nearestFrontier(frontiers, this, choice)) {
                    if (Math.hypot(choice[0] - targetX, choice[1] - targetY) > GIVEN_UP_RADIUS_METERS) {
                        beginTarget(driver, now);
                    }
                } else {
                    endGoal(driver, "exploration: its frontier is mapped");
                    goalId = mission.goalId();
                    look(now);
                }
                return 1;
            }
        }
        return 0;
    }

    private boolean frontierNear(double x, double y) {
        for (int i = 0; i < frontiers.count; i++) {
            if (Math.hypot(frontiers.x[i] - x, frontiers.y[i] - y) <= GIVEN_UP_RADIUS_METERS) {
                return true;
            }
        }
        return false;
    }

    private void look(long now) {
        phase = Phase.LOOKING;
        lookUntilNanos = now + LOOK_NANOS;
        lookRenewedNanos = now;
        hand.offer(0, LOOK_RATE_RAD_PER_S, now);
    }

    private void trackDistance() {
        poseBoard.read(pose);
        double step = Math.hypot(pose.xMeters - lastX, pose.yMeters - lastY);
        if (step >= MIN_STEP_METERS) {
            drivenMeters += step;
            lastX = pose.xMeters;
            lastY = pose.yMeters;
        }
    }

    private void endGoal(Driver driver, String why) {
        if (phase == Phase.DRIVING && goalId != 0) {
            driver.endGoal(goalId, why);
        }
    }

    /** Whether {@code (x, y)} lies within {@value #GIVEN_UP_RADIUS_METERS} m of a target given up. */
    boolean givenUp(double x, double y) {
        for (int i = 0; i < givenUpCount; i++) {
            if (Math.hypot(givenUp[2 * i] - x, givenUp[2 * i + 1] - y) <= GIVEN_UP_RADIUS_METERS) {
                return true;
            }
        }
        return false;
    }

    private void giveUp(double x, double y) {
        if (2 * givenUpCount + 2 > givenUp.length) {
            givenUp = Arrays.copyOf(givenUp, givenUp.length * 2);
        }
        givenUp[2 * givenUpCount] = x;
        givenUp[2 * givenUpCount + 1] = y;
        givenUpCount++;
    }

    private void end(String state, String reason) {
        hand.clear();
        board.want(false);
        phase = Phase.IDLE;
        Map<String, Object> event = event(state);
        event.put("reason", reason);
        event.put("seconds", Math.round((clock.nanoTime() - startedNanos) / 1e6) / 1e3);
        event.put("drivenMeters", Rounding.meters(drivenMeters));
        event.put("targets", targets);
        event.put("givenUp", givenUpCount);
        if (board.revision() != 0) {
            board.copyTo(frontiers);
            event.put("freeSquareMeters", Math.round(frontiers.freeSquareMeters() * 100) / 100.0);
            event.put("occupiedSquareMeters", Math.round(frontiers.occupiedSquareMeters() * 100) / 100.0);
        }
        mission.report("explore", event);
    }

    private Map<String, Object> event(String state) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("exploreId", id);
        event.put("state", state);
        return event;
    }

    /** Metres driven since the exploration started (pose steps of at least 1 cm). */
    double drivenMeters() {
        return drivenMeters;
    }

    /** Targets driven to so far. */
    int targets() {
        return targets;
    }
}
