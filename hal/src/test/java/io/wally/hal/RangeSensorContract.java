package io.wally.hal;

import static io.wally.hal.ReadingContracts.assertWellFormed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * What every {@link RangeSensor} promises; subclassed once per implementation (HC-SR04 on Pi4J's mock
 * provider, ray-cast simulation). A subclass plays the world in front of the sensor and makes the sensor
 * take a measurement the way its own sampler would.
 */
public abstract class RangeSensorContract {

    /** The maximum range every instance under test is built with, metres. */
    protected static final double MAX_RANGE_METERS = 2.0;

    /**
     * A fresh, open sensor named {@code front} that has not measured yet, mounted at
     * {@code mountAngleDegrees} (counter-clockwise), with {@link #MAX_RANGE_METERS}; closed by the test.
     */
    protected abstract RangeSensor create(double mountAngleDegrees);

    /** The clock injected into the instance last created. */
    protected abstract NanoClock clock();

    /**
     * Places one obstacle {@code meters} ahead along the beam ({@code Double.POSITIVE_INFINITY}: nothing in
     * range) and has the sensor take one measurement, as its sampler would; may throw when the sensor is closed.
     */
    protected abstract void measureObstacleAt(double meters);

    /**
     * Has the sensor take one measurement that fails the way the device fails (no echo, a dead pin), or aborts
     * the test (Assumptions) with the reason when the implementation has no failure mode.
     */
    protected abstract void measureWithFault();

    @Test
    void shouldDescribeItselfWithinDocumentedRanges() {
        try (RangeSensor sensor = create(0)) {
            assertThat(sensor.name()).isEqualTo("front");
            assertThat(sensor.maxRangeMeters()).isEqualTo(MAX_RANGE_METERS);
            assertThat(sensor.mountAngleRadians()).isZero();
        }
    }

    @Test
    void shouldReportMountAngleInHalfOpenIntervalWhenMountedBackwardOrBeyondHalfTurn() {
        // (-π, π]: straight back is +π, never -π; 270° is -90°
        try (RangeSensor back = create(-180)) {
            assertThat(back.mountAngleRadians()).isEqualTo(Math.PI);
        }
        try (RangeSensor right = create(270)) {
            assertThat(right.mountAngleRadians()).isCloseTo(-Math.PI / 2, within(1e-12));
        }
    }

    @Test
    void shouldReturnFaultReadingWithReasonWhenNothingMeasuredYet() {
        try (RangeSensor sensor = create(0)) {
            RangeReading first = sensor.latest();

            assertWellFormed(first, Long.MIN_VALUE, clock().nanoTime());
            assertThat(first.health()).isEqualTo(Health.FAULT);
            assertThat(first.valid()).isFalse();
            assertThat(first.detected()).isFalse();
            assertThat(first.maxRangeMeters()).isEqualTo(MAX_RANGE_METERS);
        }
    }

    @Test
    void shouldReportObstacleDistanceStampedWithInjectedClockWhenMeasured() {
        try (RangeSensor sensor = create(0)) {
            // given an obstacle 1 m ahead
            long before = clock().nanoTime();

            // when
            measureObstacleAt(1.0);

            // then an OK reading of 1 m (within 5 cm: ray grid / edge timing), stamped during the measurement
            RangeReading reading = sensor.latest();
            assertWellFormed(reading, before, clock().nanoTime());
            assertThat(reading.health()).isEqualTo(Health.OK);
            assertThat(reading.rangeMeters()).isCloseTo(1.0, within(0.05));
            assertThat(reading.maxRangeMeters()).isEqualTo(sensor.maxRangeMeters());
            assertThat(reading.detected()).isTrue();
        }
    }

    @Test
    void shouldReportExactlyMaximumRangeWhenNothingWithinRange() {
        try (RangeSensor sensor = create(0)) {
            measureObstacleAt(Double.POSITIVE_INFINITY);

            RangeReading reading = sensor.latest();
            assertThat(reading.health()).isEqualTo(Health.OK);
            assertThat(reading.rangeMeters()).isEqualTo(MAX_RANGE_METERS);
            assertThat(reading.detected()).isFalse();
        }
    }

    @Test
    void shouldReturnSameInstanceUntilNextMeasurement() {
        try (RangeSensor sensor = create(0)) {
            measureObstacleAt(0.5);
            RangeReading first = sensor.latest();

            assertThat(sensor.latest()).isSameAs(first);

            measureObstacleAt(1.5);
            assertThat(sensor.latest()).isNotSameAs(first);
            assertThat(sensor.latest().rangeMeters()).isCloseTo(1.5, within(0.05));
        }
    }

    @Test
    void shouldReportFaultWithReasonWhenDeviceFails() {
        try (RangeSensor sensor = create(0)) {
            measureObstacleAt(1.0);
            long before = clock().nanoTime();

            measureWithFault();

            RangeReading reading = sensor.latest();
            assertWellFormed(reading, before, clock().nanoTime());
            assertThat(reading.health()).isEqualTo(Health.FAULT);
            assertThat(reading.valid()).isFalse();
            assertThat(reading.detected()).isFalse();
        }
    }

    @Test
    void shouldStopUpdatingReadingsWhenClosedAndCloseTwice() {
        RangeSensor sensor = create(0);
        measureObstacleAt(1.0);
        RangeReading last = sensor.latest();

        sensor.close();
        sensor.close();
        catchThrowable(() -> measureObstacleAt(0.5)); // refusing is allowed; updating is not

        RangeReading after = sensor.latest();
        assertThat(after).isNotNull();
        assertThat(after.timestampNanos()).isEqualTo(last.timestampNanos());
        assertThat(after.rangeMeters()).isEqualTo(last.rangeMeters());
    }
}
