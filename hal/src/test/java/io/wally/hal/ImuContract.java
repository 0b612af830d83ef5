package io.wally.hal;

import static io.wally.hal.ReadingContracts.assertWellFormed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * What every {@link Imu} promises; subclassed once per implementation (MPU-6050 on Pi4J's mock I2C,
 * simulation). A subclass plays the robot's motion and makes the device take a sample as its sampler would.
 */
public abstract class ImuContract {

    /** A fresh, open, ready instance that has not sampled yet (closed by the test). */
    protected abstract Imu create();

    /** The clock injected into the instance last created. */
    protected abstract NanoClock clock();

    /**
     * Lets the clock move on and has the device take one sample of a robot on a flat floor, not accelerating,
     * turning counter-clockwise (left) at {@code yawRateRadPerS}.
     */
    protected abstract void sampleTurning(double yawRateRadPerS);

    /** Has the device take one sample that fails as the device fails, or aborts with the reason. */
    protected abstract void sampleWithFault();

    @Test
    void shouldReturnFaultReadingWithReasonBeforeFirstSample() {
        try (Imu imu = create()) {
            ImuReading first = imu.latest();

            assertWellFormed(first, Long.MIN_VALUE, clock().nanoTime());
            assertThat(first.health()).isEqualTo(Health.FAULT);
            assertThat(first.valid()).isFalse();
        }
    }

    @Test
    void shouldReportOneGravityUpAndNoRotationAtRestStampedWithInjectedClock() {
        try (Imu imu = create()) {
            long before = clock().nanoTime();

            sampleTurning(0);

            ImuReading r = imu.latest();
            assertWellFormed(r, before, clock().nanoTime());
            assertThat(r.health()).isEqualTo(Health.OK);
            assertThat(r.accelZMps2()).isCloseTo(9.81, within(0.01)); // m/s², z up
            assertThat(r.accelXMps2()).isCloseTo(0, within(0.01));
            assertThat(r.accelYMps2()).isCloseTo(0, within(0.01));
            assertThat(r.gyroXRadPerS()).isCloseTo(0, within(0.01));
            assertThat(r.gyroYRadPerS()).isCloseTo(0, within(0.01));
            assertThat(r.gyroZRadPerS()).isCloseTo(0, within(0.01));
        }
    }

    @Test
    void shouldReportPositiveYawRateInRadiansPerSecondWhenTurningLeft() {
        try (Imu imu = create()) {
            sampleTurning(1.0);
            assertThat(imu.latest().yawRateRadPerS()).isCloseTo(1.0, within(0.01));

            sampleTurning(-0.5);
            assertThat(imu.latest().gyroZRadPerS()).isCloseTo(-0.5, within(0.01));
        }
    }

    @Test
    void shouldReturnSameReadingWhenPolledWithoutNewSample() {
        try (Imu imu = create()) {
            sampleTurning(0.25);
            ImuReading r = imu.latest();

            assertThat(imu.latest()).isSameAs(r);
        }
    }

    @Test
    void shouldReportFaultWithReasonWhenDeviceFails() {
        try (Imu imu = create()) {
            sampleTurning(0);
            long before = clock().nanoTime();

            sampleWithFault();

            ImuReading r = imu.latest();
            assertWellFormed(r, before, clock().nanoTime());
            assertThat(r.health()).isEqualTo(Health.FAULT);
            assertThat(r.valid()).isFalse();
        }
    }

    @Test
    void shouldStillAnswerLatestWhenClosedAndCloseTwice() {
        Imu imu = create();
        sampleTurning(0);

        imu.close();
        imu.close();

        assertThat(imu.latest()).isNotNull();
    }
}
