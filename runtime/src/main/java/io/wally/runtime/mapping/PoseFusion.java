package io.wally.runtime.mapping;

import io.wally.hal.Angles;

/**
 * Dead reckoning from wheel encoders fused with the IMU's yaw rate by a complementary filter, with pose-jump
 * detection.
 *
 * <p>Why a complementary filter (not a Kalman filter): the two heading sources fail in complementary ways
 * and need no model beyond that. Encoder heading has no bias but jumps when a wheel slips (the slip goes
 * straight into {@code (dr - dl) / base}); a MEMS gyro's rate is not fooled by slip but integrates a slowly
 * changing bias. Blending the per-step heading change as {@code k * gyro + (1 - k) * encoders} with {@code k}
 * near 1 takes the gyro's short-term truth and lets the encoders pull the bias out over a few seconds
 * (time constant about {@code dt / (1 - k)}). A Kalman filter would need noise figures we do not have for
 * the kit's parts; the gain here is one number, chosen and measured in docs/mapping.md.
 *
 * <p>Pose jump: when the encoders' heading change and the gyro's disagree by more than
 * {@link #JUMP_RADIANS} in one update, or the wheels report more travel than the robot can make, the pose
 * is flagged {@link #jumped()} for {@link #SETTLE_UPDATES} updates so that mapping pauses instead of smearing
 * the map (a wheel slip, the robot picked up).
 *
 * <p>Threading: one owner thread. Allocates nothing.
 */
public final class PoseFusion {

    /** Heading-change disagreement in one update that counts as a jump, radians. */
    public static final double JUMP_RADIANS = 0.15;
    /** Updates the pose stays flagged after a jump. */
    public static final int SETTLE_UPDATES = 10;

    private final double metersPerTick;
    private final double wheelBaseMeters;
    private final double gyroWeight;
    private final double maxTravelPerSecondMeters;
    private double x;
    private double y;
    private double heading;
    private boolean haveTicks;
    private long lastLeft;
    private long lastRight;
    private int settle;
    private long jumps;

    /**
     * @param gyroWeight               k in [0, 1]: 0 = encoders only, 1 = gyro only for heading
     * @param maxTravelPerSecondMeters wheel travel per second above which an update is a jump
     */
    public PoseFusion(double metersPerTick, double wheelBaseMeters, double gyroWeight, double maxTravelPerSecondMeters,
            double startX, double startY, double startHeading) {
        if (!(gyroWeight >= 0 && gyroWeight <= 1)) {
            throw new IllegalArgumentException("gyroWeight must be in [0, 1]; was " + gyroWeight);
        }
        if (!(metersPerTick > 0) || !(wheelBaseMeters > 0) || !(maxTravelPerSecondMeters > 0)) {
            throw new IllegalArgumentException("metersPerTick, wheelBaseMeters, maxTravelPerSecondMeters must be > 0; were "
                    + metersPerTick + ", " + wheelBaseMeters + ", " + maxTravelPerSecondMeters);
        }
        this.metersPerTick = metersPerTick;
        this.wheelBaseMeters = wheelBaseMeters;
        this.gyroWeight = gyroWeight;
        this.maxTravelPerSecondMeters = maxTravelPerSecondMeters;
        this.x = startX;
        this.y = startY;
        this.heading = startHeading;
    }

    /**
     * One update from cumulative encoder ticks and the gyro's yaw rate over {@code dtSeconds}.
     */
    public void update(long leftTicks, long rightTicks, double yawRateRadPerS, double dtSeconds) {
        if (!haveTicks) {
            haveTicks = true;
            lastLeft = leftTicks;
            lastRight = rightTicks;
            return;
        }
        double dl = (leftTicks - lastLeft) * metersPerTick;
        double dr = (rightTicks - lastRight) * metersPerTick;
        lastLeft = leftTicks;
        lastRight = rightTicks;
        double d = (dl + dr) / 2;
        double encoderTurn = (dr - dl) / wheelBaseMeters;
        double gyroTurn = Double.isFinite(yawRateRadPerS) ? yawRateRadPerS * dtSeconds : encoderTurn;
        boolean jump = Math.abs(encoderTurn - gyroTurn) > JUMP_RADIANS
                || Math.max(Math.abs(dl), Math.abs(dr)) > maxTravelPerSecondMeters * dtSeconds;
        if (jump) {
            jumps++;
            settle = SETTLE_UPDATES;
        } else if (settle > 0) {
            settle--;
        }
        double turn = gyroWeight * gyroTurn + (1 - gyroWeight) * encoderTurn;
        double mid = heading + turn / 2;
        x += d * Math.cos(mid);
        y += d * Math.sin(mid);
        heading = Angles.wrap(heading + turn);
    }

    /** Replaces the pose (a correction, or the pose re-established after a jump). */
    public void reset(double xMeters, double yMeters, double headingRadians) {
        x = xMeters;
        y = yMeters;
        heading = headingRadians;
        settle = 0;
    }

    /** Estimated x, metres. */
    public double xMeters() {
        return x;
    }

    /** Estimated y, metres. */
    public double yMeters() {
        return y;
    }

    /** Estimated heading, radians in (-pi, pi]. */
    public double headingRadians() {
        return heading;
    }

    /** True while the pose is settling after a jump: do not map. */
    public boolean jumped() {
        return settle > 0;
    }

    /** Jumps detected so far. */
    public long jumps() {
        return jumps;
    }
}
