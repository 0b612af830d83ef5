package io.wally.hal;

import static io.wally.hal.ReadingContracts.assertWellFormed;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * What every {@link BumpSensor} promises; subclassed once per implementation (a switch on a Pi4J mock
 * input, simulation). Neither implementation has a failure mode that yields a FAULT reading (a switch line
 * is always high or low), so the contract has no fault case.
 */
public abstract class BumpSensorContract {

    /** A fresh, open instance whose switch is released (closed by the test). */
    protected abstract BumpSensor create();

    /** The clock injected into the instance last created. */
    protected abstract NanoClock clock();

    /** Lets the clock move on, then presses or releases the bumper. */
    protected abstract void press(boolean pressed);

    @Test
    void shouldReadReleasedAndValidWhenCreatedReleased() {
        try (BumpSensor bumper = create()) {
            BumpReading first = bumper.latest();

            assertWellFormed(first, Long.MIN_VALUE, clock().nanoTime());
            assertThat(first.health()).isEqualTo(Health.OK);
            assertThat(first.pressed()).isFalse();
        }
    }

    @Test
    void shouldReportPressAndReleaseStampedWithInjectedClockAtTheChange() {
        try (BumpSensor bumper = create()) {
            press(true);
            long pressedAt = clock().nanoTime();

            BumpReading pressed = bumper.latest();
            assertWellFormed(pressed, pressedAt, pressedAt);
            assertThat(pressed.pressed()).isTrue();
            assertThat(pressed.health()).isEqualTo(Health.OK);

            press(false);
            long releasedAt = clock().nanoTime();

            BumpReading released = bumper.latest();
            assertWellFormed(released, releasedAt, releasedAt);
            assertThat(released.pressed()).isFalse();
            assertThat(releasedAt).isGreaterThan(pressedAt);
        }
    }

    @Test
    void shouldReturnSameReadingWhenPolledWithoutChange() {
        try (BumpSensor bumper = create()) {
            press(true);
            BumpReading r = bumper.latest();

            assertThat(bumper.latest()).isSameAs(r);
        }
    }

    @Test
    void shouldStillAnswerLatestWhenClosedAndCloseTwice() {
        BumpSensor bumper = create();
        press(true);

        bumper.close();
        bumper.close();

        assertThat(bumper.latest()).isNotNull();
        assertThat(bumper.latest().pressed()).isTrue();
    }
}
