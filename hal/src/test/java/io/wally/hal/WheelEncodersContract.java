package io.wally.hal;

import static io.wally.hal.ReadingContracts.assertWellFormed;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * What every {@link WheelEncoders} promises; subclassed once per implementation (quadrature decoding on
 * Pi4J's mock inputs, simulation). Neither implementation has a failure mode that yields a FAULT reading
 * (edges either arrive or not), so the contract has no fault case.
 */
public abstract class WheelEncodersContract {

    /** A fresh, open instance (closed by the test). */
    protected abstract WheelEncoders create();

    /** The clock injected into the instance last created. */
    protected abstract NanoClock clock();

    /**
     * Turns the wheels by that many encoder ticks of travel (forward positive), letting the clock move on,
     * then lets the device take its sample as its sampler would.
     */
    protected abstract void turnWheels(long leftTicks, long rightTicks);

    @Test
    void shouldStartAtZeroWithValidCountsWhenCreated() {
        try (WheelEncoders encoders = create()) {
            EncoderReading first = encoders.latest();

            assertWellFormed(first, Long.MIN_VALUE, clock().nanoTime());
            assertThat(first.health()).isEqualTo(Health.OK);
            assertThat(first.leftTicks()).isZero();
            assertThat(first.rightTicks()).isZero();
            assertThat(encoders.ticksPerRevolution()).isPositive();
        }
    }

    @Test
    void shouldCountForwardUpAndBackwardDownStampedWithInjectedClock() {
        try (WheelEncoders encoders = create()) {
            long before = clock().nanoTime();

            // when the left wheel turns forward and the right one backward
            turnWheels(12, -5);

            // then
            EncoderReading reading = encoders.latest();
            assertWellFormed(reading, before, clock().nanoTime());
            assertThat(reading.health()).isEqualTo(Health.OK);
            assertThat(reading.leftTicks()).isEqualTo(12);
            assertThat(reading.rightTicks()).isEqualTo(-5);
        }
    }

    @Test
    void shouldAccumulateCountsSinceCreation() {
        try (WheelEncoders encoders = create()) {
            turnWheels(7, 7);
            turnWheels(3, -2);
            turnWheels(-10, 1);

            EncoderReading reading = encoders.latest();
            assertThat(reading.leftTicks()).isZero();
            assertThat(reading.rightTicks()).isEqualTo(6);
        }
    }

    @Test
    void shouldCountOneRevolutionAsTicksPerRevolution() {
        try (WheelEncoders encoders = create()) {
            int perRevolution = encoders.ticksPerRevolution();

            turnWheels(perRevolution, -perRevolution);

            assertThat(encoders.latest().leftTicks()).isEqualTo(perRevolution);
            assertThat(encoders.latest().rightTicks()).isEqualTo(-perRevolution);
        }
    }

    @Test
    void shouldStillAnswerLatestWhenClosedAndCloseTwice() {
        WheelEncoders encoders = create();
        turnWheels(4, 4);

        encoders.close();
        encoders.close();

        assertThat(encoders.latest()).isNotNull();
        assertThat(encoders.latest().leftTicks()).isEqualTo(4);
    }
}
