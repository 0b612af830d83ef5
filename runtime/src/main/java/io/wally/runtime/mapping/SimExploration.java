package io.wally.runtime.mapping;

import io.wally.hal.Angles;
import io.wally.hal.Health;
import io.wally.hal.ImuReading;
import io.wally.hal.RangeReading;
import io.wally.hal.RangeSensor;
import io.wally.hal.sim.SimRobot;
import io.wally.maps.importer.CellState;
import io.wally.maps.importer.OccupancyGrid;
import io.wally.maps.mapping.CellTransitions;
import io.wally.maps.mapping.Frontiers;
import io.wally.maps.mapping.LogOddsGrid;
import io.wally.maps.mapping.ScanToMapCorrelator;
import io.wally.maps.mapping.SonarConeModel;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Frontier exploration (Yamauchi 1997) of a simulated robot that starts with no map: it maps with the sonar
 * cone model into a growing {@link LogOddsGrid} on the pose of {@link PoseFusion} (gyro integrated at the physics
 * rate), and drives to the nearest reachable frontier (by path length over mapped-free cells kept
 * {@code clearanceMeters} from mapped obstacles) until none is left or the time budget ends. Frontier cells
 * beside mapped walls are not goals; on arrival the robot turns once in place, and a target that is still
 * frontier after that, after 3 bumps or after 60 s on the way is given up (its sensors cannot resolve it). A bump
 * stops the robot, marks the cells ahead occupied and backs off. The run steps the simulator in lockstep (as fast
 * as the machine goes). The estimate is compared with the simulator's true pose every tick ({@link Drift}); with
 * {@link Settings#driftCorrection()} the readings are matched against the map before they are inserted
 * ({@link ScanToMapCorrelator}).
 *
 * <p>Driven directly on the hal robot, beside the runtime (not through its command path): it is what
 * {@code wally explore} and {@code wally bench explore} run, and the measurement harness of the mapping (ground
 * truth, figures, picture).
 *
 * <p>Threading: the caller's thread owns the robot and the grid for the run. Lifecycle: {@link #close()} frees the grid.
 */
public final class SimExploration implements AutoCloseable {

    /**
     * @param budgetSimSeconds  simulated time after which exploration stops
     * @param clearanceMeters   how far paths keep from mapped obstacles (the robot's radius and a margin)
     * @param minFrontierCells  smallest frontier worth driving to
     * @param cruiseMps         forward speed
     * @param gyroWeight        complementary filter gain, see {@link PoseFusion}
     * @param frontierWallMarginMeters frontier cells this close to a mapped obstacle are not driven to (see {@link Frontiers#find(LogOddsGrid, int, int)})
     * @param driftCorrection   true: readings are held for 2 s, correlated with the map ({@link ScanToMapCorrelator}) to
     *                          correct the pose (a tenth of the correction found is applied), then inserted at the
     *                          corrected pose; off by default: on the sample house it does not pay (docs/mapping.md)
     */
    public record Settings(double budgetSimSeconds, double clearanceMeters, int minFrontierCells, double cruiseMps, double gyroWeight,
            double frontierWallMarginMeters, boolean driftCorrection) {
        /** Values used for the sample house. */
        public static Settings defaults() {
            return new Settings(900, 0.15, 4, 0.25, 0.98, 0.1, false);
        }

        /** These settings with a time budget of {@code seconds} of simulated time. */
        public Settings withBudget(double seconds) {
            return new Settings(seconds, clearanceMeters, minFrontierCells, cruiseMps, gyroWeight, frontierWallMarginMeters, driftCorrection);
        }

        /** These settings with the complementary filter's gain {@code k}. */
        public Settings withGyroWeight(double k) {
            return new Settings(budgetSimSeconds, clearanceMeters, minFrontierCells, cruiseMps, k, frontierWallMarginMeters, driftCorrection);
        }

        /** These settings with drift correction on or off. */
        public Settings withDriftCorrection(boolean on) {
            return new Settings(budgetSimSeconds, clearanceMeters, minFrontierCells, cruiseMps, gyroWeight, frontierWallMarginMeters, on);
        }
    }

    /**
     * @param simSeconds       simulated time used
     * @param finished         true when no reachable frontier was left (else the budget ended)
     * @param score            the map against the simulator's truth
     * @param updateNanosP99   99th percentile of one range reading's map update, nanoseconds
     * @param readingsIgnored  bad readings ignored
     * @param poseJumps        pose jumps detected (mapping paused)
     * @param finalPoseErrorMeters distance between the fused and the true pose at the end
     * @param bumps            bumps
     * @param drift            the pose estimate against the simulator's true pose over the run
     * @param correction       what drift correction did (all zero when off)
     */
    public record Result(double simSeconds, boolean finished, MapScore score, long updateNanosP99, long readingsIgnored, long poseJumps,
            double finalPoseErrorMeters, long bumps, Drift drift, Correction correction) {
    }

    /**
     * What drift correction did over a run.
     *
     * @param steps          correlations run (one per 2 s of mapping)
     * @param applied        corrections applied (clearly better than no change)
     * @param stepNanosP50   median cost of one correlation, nanoseconds (wall clock)
     * @param stepNanosP99   99th percentile of it
     * @param shiftedMeters  sum of the position changes applied (a tenth of those found), metres
     * @param turnedDegrees  sum of the absolute heading changes applied, degrees
     */
    public record Correction(long steps, long applied, long stepNanosP50, long stepNanosP99, double shiftedMeters, double turnedDegrees) {
    }

    /**
     * The estimated pose (fused, and corrected when correction is on) against the simulator's true pose, sampled
     * every control tick.
     *
     * @param drivenMeters        distance the robot truly travelled (turns in place add nothing)
     * @param positionFinalMeters position error at the end, metres
     * @param positionMaxMeters   largest position error over the run, metres
     * @param headingFinalDegrees heading error at the end, degrees, absolute
     * @param headingMaxDegrees   largest absolute heading error over the run, degrees
     */
    public record Drift(double drivenMeters, double positionFinalMeters, double positionMaxMeters, double headingFinalDegrees,
            double headingMaxDegrees) {
        /** Final position error per metre truly driven (0 when the robot did not move). */
        public double positionPerMeter() {
            return drivenMeters > 0 ? positionFinalMeters / drivenMeters : 0;
        }
    }

    /**
     * How a run is going, handed to the listener of {@link #run(Consumer, double)}.
     *
     * @param simSeconds    simulated time so far
     * @param freeSquareMeters   area mapped free
     * @param occupiedSquareMeters area mapped occupied
     * @param frontiers     frontiers found at the last plan (all, including those given up)
     * @param givenUp       frontier targets given up (visited without resolving, or bumped into)
     * @param bumps         bumps so far
     * @param xMeters       estimated position
     * @param yMeters       estimated position
     */
    public record Progress(double simSeconds, double freeSquareMeters, double occupiedSquareMeters, int frontiers, int givenUp, long bumps,
            double xMeters, double yMeters) {
    }

    private static final double TICK_SECONDS = 0.05;
    private static final double REPLAN_SECONDS = 2.0;
    private static final int MAX_BUMPS_PER_GOAL = 3;
    private static final double MAX_SECONDS_PER_GOAL = 60;
    private static final double GIVEN_UP_RADIUS_METERS = 0.4;
    /** With drift correction, readings are held and correlated once per this many ticks (2 s). */
    private static final int CORRECT_EVERY_TICKS = 40;
    /** Readings held between two correlations at most (three sonars at 20 Hz give 120 in 2 s). */
    private static final int PENDING_CAPACITY = 256;
    /** Share of a correction found that is applied. */
    private static final double CORRECTION_STEP = 0.1;

    private final SimRobot robot;
    private final Settings settings;
    private final LogOddsGrid grid;
    private final SonarConeModel model;
    private final PoseFusion pose;
    private final double wheelBase;
    private final double maxWheelSpeed;
    private final long[] lastRangeNanos;
    private long[] updateNanos = new long[1 << 16];
    private int updates;
    private double[] track = new double[4096];
    private int trackPoints;
    private int[] path = new int[0];
    /** True when the path was dropped (at a bump) and not replanned since: the robot has not arrived. */
    private boolean pathDropped;
    private int pathAt;
    private long bumps;
    /** Frontier targets driven to that stayed frontier (or kept bumping), x, y pairs: not chosen again. */
    private double[] given = new double[64];
    private int givenUp;
    private int lastFrontiers;
    private double elapsed;
    private double nextProgress;
    private double progressEvery = Double.POSITIVE_INFINITY;
    private Consumer<Progress> progress = p -> { };
    private boolean haveGoal;
    private double goalX;
    private double goalY;
    private int goalBumps;
    private boolean goalLooked;
    private double goalSeconds;
    private double drivenMeters;
    private double lastTrueX;
    private double lastTrueY;
    private double positionErrorMax;
    private double headingErrorMax;
    private final ScanToMapCorrelator correlator;
    /** Readings held for the next correlation (drift correction on): sensor pose, range, maximum, echo. */
    private final double[] pendingX = new double[PENDING_CAPACITY];
    private final double[] pendingY = new double[PENDING_CAPACITY];
    private final double[] pendingAxis = new double[PENDING_CAPACITY];
    private final double[] pendingRange = new double[PENDING_CAPACITY];
    private final double[] pendingMax = new double[PENDING_CAPACITY];
    private final boolean[] pendingEcho = new boolean[PENDING_CAPACITY];
    private int pending;
    private int ticksSinceCorrection;
    private long[] correctionNanos = new long[1024];
    private int corrections;
    private long correctionsApplied;
    private double shiftedMeters;
    private double turnedDegrees;

    /** A run on {@code robot} (at its start pose, which the pose estimate starts from). */
    public SimExploration(SimRobot robot, Settings settings, double resolutionMeters) {
        this.robot = robot;
        this.settings = settings;
        var s = robot.settings();
        this.wheelBase = s.wheelBaseMeters();
        this.maxWheelSpeed = s.maxWheelSpeedMps();
        this.grid = new LogOddsGrid(resolutionMeters, 0, 0, -2f, 2f);
        double half = Math.toRadians(s.rangers().isEmpty() ? 15 : s.rangers().getFirst().beamHalfAngleDegrees());
        this.model = new SonarConeModel(SonarConeModel.Settings.defaults(half, resolutionMeters).withArcOffset(resolutionMeters / 2));
        double metersPerTick = 2 * Math.PI * s.wheelRadiusMeters() / s.encoderTicksPerRev();
        SimRobot.Pose p = robot.truePose();
        this.pose = new PoseFusion(metersPerTick, wheelBase, settings.gyroWeight(), 3 * maxWheelSpeed, p.xMeters(), p.yMeters(),
                p.headingRadians());
        // PoseFusion's first update only learns the encoders' counts: give it them now, or the first tick's motion (the
        // start of the look-around turn, 0.9 degrees) is never integrated and stays in the heading for the whole run
        var enc = robot.encoders().latest();
        pose.update(enc.leftTicks(), enc.rightTicks(), 0, 0);
        this.lastRangeNanos = new long[robot.rangeSensors().size()];
        this.lastTrueX = p.xMeters();
        this.lastTrueY = p.yMeters();
        // stricter than the correlator's defaults: on the house, sonar maps are blurred, and two seconds of readings
        // (up to 120 echoes) with a gain of 0.5 per reading was the least harmful of the settings tried (docs/mapping.md)
        var cs = ScanToMapCorrelator.Settings.defaults(half, resolutionMeters);
        this.correlator = new ScanToMapCorrelator(new ScanToMapCorrelator.Settings(PENDING_CAPACITY, cs.searchCells(), cs.searchRadians(),
                cs.stepRadians(), cs.beamHalfAngleRadians(), cs.beamSamples(), cs.arcOffsetMeters(), cs.maxRangeMeters(), 0.5,
                cs.minMatchedReadings()));
    }

    /** Runs to the end (no frontier left, or the budget) and scores the map. */
    public Result run() {
        return run(p -> { }, Double.POSITIVE_INFINITY);
    }

    /**
     * Runs to the end (no frontier left, or the budget) and scores the map, telling {@code progress} how it goes
     * every {@code everySimSeconds} of simulated time (on the caller's thread, between two control ticks).
     */
    public Result run(Consumer<Progress> progress, double everySimSeconds) {
        if (!(everySimSeconds > 0)) {
            throw new IllegalArgumentException("everySimSeconds must be > 0; was " + everySimSeconds);
        }
        this.progress = progress;
        this.progressEvery = everySimSeconds;
        SimRobot.Pose start = robot.truePose();
        double t = 0;
        double sinceReplan = REPLAN_SECONDS;
        boolean finished = false;
        int failedPlans = 0;
        // look around first: the sensors only see ahead and to the sides
        while (t < 2 * Math.PI / 1.5 && t < settings.budgetSimSeconds()) {
            drive(0, 1.5);
            t += tick();
        }
        while (t < settings.budgetSimSeconds()) {
            if (bumped()) {
                bumps++;
                markAhead();
                if (haveGoal && ++goalBumps >= MAX_BUMPS_PER_GOAL) {
                    giveUp();
                }
                drive(-0.15, 0);
                for (int i = 0; i < 12; i++) {
                    t += tick();
                }
                path = new int[0];
                pathDropped = true;
                sinceReplan = REPLAN_SECONDS;
                continue;
            }
            // a path dropped at a bump is not an arrival: without this check every goal planned after a bump was
            // "reached", looked round from wherever the robot stood and given up (seed 43 gave up the hallway's
            // frontier that way, standing in the living room, and ended at coverage 0.29)
            boolean arrived = pathAt >= path.length && !pathDropped;
            if (haveGoal && arrived && !goalLooked) {
                // arrived: the sensors look ahead and at 45 degrees, so turn once in place before judging the frontier
                goalLooked = true;
                for (double turned = 0; turned < 2 * Math.PI && t < settings.budgetSimSeconds(); turned += 1.5 * TICK_SECONDS) {
                    drive(0, 1.5);
                    t += tick();
                }
                sinceReplan = REPLAN_SECONDS;
                continue;
            }
            if (haveGoal && (arrived || goalSeconds > MAX_SECONDS_PER_GOAL)) {
                // arrived and looked round (or too long on the way): if it is still a frontier, the sensors cannot resolve it from there
                giveUp();
            }
            if (sinceReplan >= REPLAN_SECONDS || pathAt >= path.length) {
                sinceReplan = 0;
                if (!plan()) {
                    if (++failedPlans >= 2) {
                        finished = true;
                        break;
                    }
                    // look around once more: a turn in place may open a frontier the sensors missed
                    for (double turned = 0; turned < 2 * Math.PI && t < settings.budgetSimSeconds(); turned += 1.5 * TICK_SECONDS) {
                        drive(0, 1.5);
                        t += tick();
                    }
                    continue;
                }
                failedPlans = 0;
            }
            follow();
            t += tick();
            sinceReplan += TICK_SECONDS;
            goalSeconds += TICK_SECONDS;
        }
        // stop with the pose still updated: the robot coasts for a few ticks (a turn in place 0.1 rad), and an end
        // pose compared after coasting unseen would count that as drift
        robot.motors().stop();
        for (int i = 0; i < 4; i++) {
            tick();
        }
        correctAndInsert();
        SimRobot.Pose end = robot.truePose();
        MapScore score = MapScore.of(grid, robot.world().grid(), start.xMeters(), start.yMeters());
        long[] sorted = Arrays.copyOf(updateNanos, Math.min(updates, updateNanos.length));
        Arrays.sort(sorted);
        long p99 = percentile(sorted, 0.99);
        long[] steps = Arrays.copyOf(correctionNanos, Math.min(corrections, correctionNanos.length));
        Arrays.sort(steps);
        Correction correction = new Correction(corrections, correctionsApplied, percentile(steps, 0.5), percentile(steps, 0.99), shiftedMeters,
                turnedDegrees);
        double endError = Math.hypot(end.xMeters() - pose.xMeters(), end.yMeters() - pose.yMeters());
        double endHeading = Math.toDegrees(Math.abs(Angles.wrap(end.headingRadians() - pose.headingRadians())));
        Drift drift = new Drift(drivenMeters, endError, Math.max(positionErrorMax, endError), endHeading, Math.max(headingErrorMax, endHeading));
        return new Result(t, finished, score, p99, model.readingsIgnored(), pose.jumps(), endError, bumps, drift, correction);
    }

    private static long percentile(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
    }

    /** The map built (valid until {@link #close()}). */
    public LogOddsGrid grid() {
        return grid;
    }

    /** The fused pose track, x, y pairs. */
    public double[] track() {
        return Arrays.copyOf(track, 2 * trackPoints);
    }

    /** Steps the simulator one control tick, updates the pose and maps new readings; the seconds passed. */
    private double tick() {
        // The gyro is integrated at the physics rate, as an IMU's driver integrates its samples: one rate
        // sample per control tick turned every start, stop and bump inside the tick into heading error
        // (0.2 rad after a few minutes of bumps, worse than the encoders alone).
        long target = robot.clock().nanoTime() + Math.round(TICK_SECONDS * 1e9);
        double turned = 0;
        boolean gyroOk = true;
        long before = robot.clock().nanoTime();
        while (robot.clock().nanoTime() < target) {
            long t0 = robot.clock().nanoTime();
            robot.step();
            ImuReading imu = robot.imu().latest();
            gyroOk &= imu.health() == Health.OK;
            turned += imu.gyroZRadPerS() * (robot.clock().nanoTime() - t0) / 1e9;
        }
        double dt = (robot.clock().nanoTime() - before) / 1e9;
        var enc = robot.encoders().latest();
        pose.update(enc.leftTicks(), enc.rightTicks(), gyroOk ? turned / dt : Double.NaN, dt);
        if (trackPoints * 2 + 2 > track.length) {
            track = Arrays.copyOf(track, track.length * 2);
        }
        elapsed += dt;
        measureDrift();
        if (elapsed >= nextProgress) {
            nextProgress = elapsed + progressEvery;
            progress.accept(progressNow());
        }
        track[2 * trackPoints] = pose.xMeters();
        track[2 * trackPoints + 1] = pose.yMeters();
        trackPoints++;
        if (pose.jumped()) {
            return TICK_SECONDS; // mapping pauses until the pose settles
        }
        // the robot's own footprint is free space
        double r = robot.settings().robotRadiusMeters() * 0.7;
        for (int row = grid.rowAt(pose.yMeters() - r); row <= grid.rowAt(pose.yMeters() + r); row++) {
            for (int col = grid.colAt(pose.xMeters() - r); col <= grid.colAt(pose.xMeters() + r); col++) {
                if (Math.hypot(grid.centreX(col) - pose.xMeters(), grid.centreY(row) - pose.yMeters()) <= r) {
                    grid.add(col, row, -0.4f);
                }
            }
        }
        List<RangeSensor> rangers = robot.rangeSensors();
        for (int i = 0; i < rangers.size(); i++) {
            RangeSensor sensor = rangers.get(i);
            RangeReading reading = sensor.latest();
            if (reading.timestampNanos() == lastRangeNanos[i] || reading.health() != Health.OK) {
                continue;
            }
            lastRangeNanos[i] = reading.timestampNanos();
            boolean echo = reading.rangeMeters() < reading.maxRangeMeters();
            double axis = pose.headingRadians() + sensor.mountAngleRadians();
            if (!settings.driftCorrection()) {
                insert(pose.xMeters(), pose.yMeters(), axis, reading.rangeMeters(), reading.maxRangeMeters(), echo);
                continue;
            }
            // match, then insert: held readings are correlated with the map they are not yet part of
            if (pending == PENDING_CAPACITY) {
                correctAndInsert();
            }
            pendingX[pending] = pose.xMeters();
            pendingY[pending] = pose.yMeters();
            pendingAxis[pending] = axis;
            pendingRange[pending] = reading.rangeMeters();
            pendingMax[pending] = reading.maxRangeMeters();
            pendingEcho[pending] = echo;
            pending++;
            if (echo) {
                correlator.add(pose.xMeters(), pose.yMeters(), axis, reading.rangeMeters());
            }
        }
        if (settings.driftCorrection() && ++ticksSinceCorrection >= CORRECT_EVERY_TICKS) {
            correctAndInsert();
        }
        return TICK_SECONDS;
    }

    /** One reading into the map, timed (the per-reading figure of the mapping path). */
    private void insert(double x, double y, double axis, double rangeMeters, double maxRangeMeters, boolean echo) {
        long t0 = System.nanoTime();
        model.apply(grid, x, y, axis, rangeMeters, maxRangeMeters, echo, CellTransitions.NONE);
        long spent = System.nanoTime() - t0;
        if (updates < updateNanos.length) {
            updateNanos[updates] = spent;
        }
        updates++;
    }

    /**
     * Correlates the held readings with the map; when a clearly better pose is found, moves the pose estimate and the
     * held readings by that correction; then inserts the held readings into the map.
     */
    private void correctAndInsert() {
        ticksSinceCorrection = 0;
        if (pending == 0) {
            return;
        }
        if (correlator.size() > 0 && !grid.isEmpty()) {
            long t0 = System.nanoTime();
            ScanToMapCorrelator.Match m = correlator.correlate(grid, pose.xMeters(), pose.yMeters());
            long spent = System.nanoTime() - t0;
            if (corrections == correctionNanos.length) {
                correctionNanos = Arrays.copyOf(correctionNanos, corrections * 2);
            }
            correctionNanos[corrections++] = spent;
            if (m.applied()) {
                // a step of a tenth: one correlation is noisy at the scale of a cell, the odometry over 2 s is not
                m = new ScanToMapCorrelator.Match(true, m.pivotXMeters(), m.pivotYMeters(), CORRECTION_STEP * m.dxMeters(),
                        CORRECTION_STEP * m.dyMeters(), CORRECTION_STEP * m.dThetaRadians(), m.gainLogOdds(), m.readings(), m.matched(),
                        m.candidates());
                correctionsApplied++;
                shiftedMeters += Math.hypot(m.dxMeters(), m.dyMeters());
                turnedDegrees += Math.toDegrees(Math.abs(m.dThetaRadians()));
                pose.reset(m.x(pose.xMeters(), pose.yMeters()), m.y(pose.xMeters(), pose.yMeters()),
                        Angles.wrap(pose.headingRadians() + m.dThetaRadians()));
                for (int k = 0; k < pending; k++) {
                    double x = pendingX[k];
                    double y = pendingY[k];
                    pendingX[k] = m.x(x, y);
                    pendingY[k] = m.y(x, y);
                    pendingAxis[k] += m.dThetaRadians();
                }
            }
        }
        for (int k = 0; k < pending; k++) {
            insert(pendingX[k], pendingY[k], pendingAxis[k], pendingRange[k], pendingMax[k], pendingEcho[k]);
        }
        pending = 0;
        correlator.clear();
    }

    /** Compares the estimate with the simulator's true pose (the estimate never reads it). */
    private void measureDrift() {
        SimRobot.Pose truth = robot.truePose();
        drivenMeters += Math.hypot(truth.xMeters() - lastTrueX, truth.yMeters() - lastTrueY);
        lastTrueX = truth.xMeters();
        lastTrueY = truth.yMeters();
        positionErrorMax = Math.max(positionErrorMax, Math.hypot(truth.xMeters() - pose.xMeters(), truth.yMeters() - pose.yMeters()));
        headingErrorMax = Math.max(headingErrorMax,
                Math.toDegrees(Math.abs(Angles.wrap(truth.headingRadians() - pose.headingRadians()))));
    }

    private boolean bumped() {
        return robot.bumper().map(b -> b.latest().health() == Health.OK && b.latest().pressed()).orElse(false);
    }

    private void markAhead() {
        double d = robot.settings().robotRadiusMeters() + grid.resolutionMeters() / 2;
        // the bumper spans the front: mark the cells across it
        for (double side = -0.6; side <= 0.6; side += 0.3) {
            double a = pose.headingRadians() + side;
            grid.add(grid.colAt(pose.xMeters() + d * Math.cos(a)), grid.rowAt(pose.yMeters() + d * Math.sin(a)), 4f);
        }
    }

    /** Plans a path to the nearest reachable frontier; false when there is none. */
    private boolean plan() {
        return plan(null);
    }

    /** Plans a path to the nearest reachable target of {@code targets}, or of the frontiers when null; false when none is reachable. */
    private boolean plan(List<Frontiers.Frontier> targets) {
        if (grid.isEmpty()) {
            return false;
        }
        int c0 = grid.minCol() - 1;
        int r0 = grid.minRow() - 1;
        int w = grid.maxCol() - c0 + 2;
        int h = grid.maxRow() - r0 + 2;
        int rings = (int) Math.ceil(settings.clearanceMeters() / grid.resolutionMeters());
        boolean[] open = new boolean[w * h];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                open[r * w + c] = grid.state(c0 + c, r0 + r) == CellState.FREE;
            }
        }
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                if (grid.state(c0 + c, r0 + r) != CellState.OCCUPIED) {
                    continue;
                }
                for (int dr = -rings; dr <= rings; dr++) {
                    for (int dc = -rings; dc <= rings; dc++) {
                        int cc = c + dc;
                        int rr = r + dr;
                        if (cc >= 0 && rr >= 0 && cc < w && rr < h && dr * dr + dc * dc <= rings * rings) {
                            open[rr * w + cc] = false;
                        }
                    }
                }
            }
        }
        int sc = grid.colAt(pose.xMeters()) - c0;
        int sr = grid.rowAt(pose.yMeters()) - r0;
        if (sc < 0 || sr < 0 || sc >= w || sr >= h) {
            return false;
        }
        int startIdx = sr * w + sc;
        // the robot may stand inside the clearance band (it came close to something): let it leave over free cells
        for (int dr = -rings - 1; dr <= rings + 1; dr++) {
            for (int dc = -rings - 1; dc <= rings + 1; dc++) {
                int cc = sc + dc;
                int rr = sr + dr;
                if (cc >= 0 && rr >= 0 && cc < w && rr < h && grid.state(c0 + cc, r0 + rr) == CellState.FREE) {
                    open[rr * w + cc] = true;
                }
            }
        }
        open[startIdx] = true;
        int[] parent = new int[w * h];
        Arrays.fill(parent, -1);
        parent[startIdx] = startIdx;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(startIdx);
        while (!queue.isEmpty()) {
            int i = queue.poll();
            int c = i % w;
            int r = i / w;
            for (int dr = -1; dr <= 1; dr++) {
                for (int dc = -1; dc <= 1; dc++) {
                    int cc = c + dc;
                    int rr = r + dr;
                    if ((dr != 0 || dc != 0) && cc >= 0 && rr >= 0 && cc < w && rr < h && open[rr * w + cc] && parent[rr * w + cc] < 0) {
                        parent[rr * w + cc] = i;
                        queue.add(rr * w + cc);
                    }
                }
            }
        }
        int best = -1;
        int bestLen = Integer.MAX_VALUE;
        Frontiers.Frontier chosen = null;
        int bestOff = Integer.MAX_VALUE;
        List<Frontiers.Frontier> frontiers = targets != null ? targets : Frontiers.find(grid, settings.minFrontierCells(), wallMarginCells());
        if (targets == null) {
            lastFrontiers = frontiers.size();
        }
        for (Frontiers.Frontier f : frontiers) {
            if (targets == null && givenUp(f.targetXMeters(), f.targetYMeters())) {
                continue;
            }
            // the frontier's cell may sit inside the clearance band: drive to the nearest reached cell around it
            int tc = f.targetCol() - c0;
            int tr = f.targetRow() - r0;
            for (int dr = -rings - 1; dr <= rings + 1; dr++) {
                for (int dc = -rings - 1; dc <= rings + 1; dc++) {
                    int cc = tc + dc;
                    int rr = tr + dr;
                    if (cc < 0 || rr < 0 || cc >= w || rr >= h || parent[rr * w + cc] < 0) {
                        continue;
                    }
                    int len = 0;
                    for (int k = rr * w + cc; k != startIdx && len <= w * h; k = parent[k]) {
                        len++;
                    }
                    // a frontier: the nearest by path; a goal: the reached cell nearest to it
                    int off = targets == null ? 0 : dr * dr + dc * dc;
                    if (off < bestOff || off == bestOff && len < bestLen) {
                        bestOff = off;
                        bestLen = len;
                        best = rr * w + cc;
                        chosen = f;
                    }
                }
            }
        }
        if (best < 0) {
            haveGoal = false;
            return false;
        }
        if (!haveGoal || Math.hypot(chosen.targetXMeters() - goalX, chosen.targetYMeters() - goalY) > GIVEN_UP_RADIUS_METERS) {
            haveGoal = true;
            goalX = chosen.targetXMeters();
            goalY = chosen.targetYMeters();
            goalBumps = 0;
            goalSeconds = 0;
            goalLooked = false;
        }
        int[] cells = new int[bestLen + 1];
        int n = 0;
        for (int k = best; k != startIdx; k = parent[k]) {
            cells[n++] = k;
        }
        path = new int[2 * n];
        for (int i = 0; i < n; i++) {
            int k = cells[n - 1 - i];
            path[2 * i] = c0 + k % w;
            path[2 * i + 1] = r0 + k / w;
        }
        pathAt = 0;
        pathDropped = false;
        return true;
    }

    /**
     * Seeds the grid from a saved map (a ROS map read back, say): its occupied cells sure occupied, its free cells
     * sure free, unknown left unknown. The map's cells must have this grid's resolution and lie on its cell
     * boundaries (as maps written by {@link RosMapWriter} from a grid with origin (0, 0) do).
     *
     * @throws IllegalArgumentException when the resolutions differ
     */
    public void load(OccupancyGrid map) {
        if (Math.abs(map.resolutionMetres() - grid.resolutionMeters()) > 1e-9) {
            throw new IllegalArgumentException("the map's resolution " + map.resolutionMetres() + " m differs from the grid's "
                    + grid.resolutionMeters() + " m");
        }
        for (int row = 0; row < map.height(); row++) {
            for (int col = 0; col < map.width(); col++) {
                CellState st = map.state(col, row);
                if (st != CellState.UNKNOWN) {
                    grid.add(grid.colAt(map.cellCentreX(col, row)), grid.rowAt(map.cellCentreY(col, row)), st == CellState.OCCUPIED ? 8f : -8f);
                }
            }
        }
    }

    /**
     * Drives to {@code (x, y)} on the map the grid holds (explored, or {@link #load loaded}), replanning every 2 s
     * and backing off at bumps, mapping as it goes; returns when the estimated pose is within
     * {@code toleranceMeters} of the goal (true), or when the goal is unreachable or {@code timeoutSimSeconds}
     * have passed (false).
     */
    public boolean goTo(double x, double y, double toleranceMeters, double timeoutSimSeconds) {
        List<Frontiers.Frontier> goal = List.of(new Frontiers.Frontier(1, x, y, grid.colAt(x), grid.rowAt(y), x, y));
        double t = 0;
        double sinceReplan = REPLAN_SECONDS;
        while (t < timeoutSimSeconds) {
            if (Math.hypot(x - pose.xMeters(), y - pose.yMeters()) <= toleranceMeters) {
                drive(0, 0);
                return true;
            }
            if (bumped()) {
                bumps++;
                markAhead();
                drive(-0.15, 0);
                for (int i = 0; i < 12; i++) {
                    t += tick();
                }
                sinceReplan = REPLAN_SECONDS;
                continue;
            }
            if (sinceReplan >= REPLAN_SECONDS || pathAt >= path.length) {
                sinceReplan = 0;
                if (!plan(goal)) {
                    drive(0, 0);
                    return false;
                }
            }
            follow();
            t += tick();
            sinceReplan += TICK_SECONDS;
        }
        drive(0, 0);
        return false;
    }

    /** The fused pose estimate, x metres. */
    public double xMeters() {
        return pose.xMeters();
    }

    /** The fused pose estimate, y metres. */
    public double yMeters() {
        return pose.yMeters();
    }

    private Progress progressNow() {
        long free = 0;
        long occupied = 0;
        if (!grid.isEmpty()) {
            for (int row = grid.minRow(); row <= grid.maxRow(); row++) {
                for (int col = grid.minCol(); col <= grid.maxCol(); col++) {
                    CellState st = grid.state(col, row);
                    free += st == CellState.FREE ? 1 : 0;
                    occupied += st == CellState.OCCUPIED ? 1 : 0;
                }
            }
        }
        double cell = grid.resolutionMeters() * grid.resolutionMeters();
        return new Progress(elapsed, free * cell, occupied * cell, lastFrontiers, givenUp, bumps, pose.xMeters(), pose.yMeters());
    }

    private int wallMarginCells() {
        return (int) Math.round(settings.frontierWallMarginMeters() / grid.resolutionMeters());
    }

    private void giveUp() {
        if (2 * givenUp + 2 > given.length) {
            given = Arrays.copyOf(given, given.length * 2);
        }
        given[2 * givenUp] = goalX;
        given[2 * givenUp + 1] = goalY;
        givenUp++;
        haveGoal = false;
        path = new int[0];
    }

    private boolean givenUp(double x, double y) {
        for (int i = 0; i < givenUp; i++) {
            if (Math.hypot(given[2 * i] - x, given[2 * i + 1] - y) <= GIVEN_UP_RADIUS_METERS) {
                return true;
            }
        }
        return false;
    }

    /** Steers along the path: a point 0.25 m ahead; turns in place when it is far off the heading. */
    private void follow() {
        while (pathAt < path.length) {
            double px = grid.centreX(path[pathAt]);
            double py = grid.centreY(path[pathAt + 1]);
            if (Math.hypot(px - pose.xMeters(), py - pose.yMeters()) > 0.25 || pathAt + 2 >= path.length) {
                break;
            }
            pathAt += 2;
        }
        if (pathAt >= path.length) {
            drive(0, 0);
            return;
        }
        double px = grid.centreX(path[pathAt]);
        double py = grid.centreY(path[pathAt + 1]);
        if (pathAt + 2 >= path.length && Math.hypot(px - pose.xMeters(), py - pose.yMeters()) < 0.08) {
            pathAt = path.length;
            drive(0, 0);
            return;
        }
        double err = Angles.wrap(Math.atan2(py - pose.yMeters(), px - pose.xMeters()) - pose.headingRadians());
        if (Math.abs(err) > 0.6) {
            drive(0, Math.copySign(1.5, err));
        } else {
            drive(settings.cruiseMps() * Math.cos(err), 2.5 * err);
        }
    }

    private void drive(double speedMps, double turnRadPerS) {
        double left = (speedMps - turnRadPerS * wheelBase / 2) / maxWheelSpeed;
        double right = (speedMps + turnRadPerS * wheelBase / 2) / maxWheelSpeed;
        double scale = Math.max(1, Math.max(Math.abs(left), Math.abs(right)) / 0.8);
        robot.motors().setDuty(left / scale, right / scale);
    }

    @Override
    public void close() {
        grid.close();
    }
}
