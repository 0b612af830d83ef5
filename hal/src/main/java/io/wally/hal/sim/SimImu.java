package io.wally.hal.sim;

import io.wally.hal.Health;
import io.wally.hal.Imu;
import io.wally.hal.ImuReading;
import java.util.SplittableRandom;

/**
 * A simulated IMU on a flat floor: yaw rate from the drive model plus Gaussian noise, forward
 * acceleration from the change of speed, sideways acceleration {@code v × yaw rate}, and 1 g up. Roll and
 * pitch rates are 0 (plus noise).
 *
 * <p>Threading: {@link #sample} on the stepping thread; {@link #latest()} anywhere (volatile).
 */
final class SimImu implements Imu {

    private static final double STANDARD_GRAVITY_MPS2 = 9.80665;

    private final double gyroNoiseRadPerS;
    private final SplittableRandom random;
    private volatile ImuReading latest = ImuReading.fault(0, "no sample yet");

    SimImu(double gyroNoiseRadPerS, long seed) {
        this.gyroNoiseRadPerS = gyroNoiseRadPerS;
        this.random = new SplittableRandom(seed);
    }

    void sample(double yawRateRadPerS, double forwardAccelMps2, double forwardSpeedMps, long nowNanos) {
        latest = new ImuReading(nowNanos,
                gyroNoiseRadPerS * random.nextGaussian(),
                gyroNoiseRadPerS * random.nextGaussian(),
                yawRateRadPerS + gyroNoiseRadPerS * random.nextGaussian(),
                forwardAccelMps2, forwardSpeedMps * yawRateRadPerS, STANDARD_GRAVITY_MPS2, Health.OK, "");
    }

    @Override
    public ImuReading latest() {
        return latest;
    }

    @Override
    public void close() {
        // Nothing to release.
    }
}
