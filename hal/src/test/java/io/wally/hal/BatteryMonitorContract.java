package io.wally.hal;

import static io.wally.hal.ReadingContracts.assertWellFormed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * What every {@link BatteryMonitor} promises; subclassed once per implementation (INA219 on Pi4J's mock
 * I2C, simulation). A subclass plays the battery and makes the device take a sample as its sampler would.
 */
public abstract class BatteryMonitorContract {

    /** A fresh, open instance that has not sampled yet (closed by the test). */
    protected abstract BatteryMonitor create();

    /** The clock injected into the instance last created. */
    protected abstract NanoClock clock();

    /** Lets the clock move on and has the device take one sample of a 2-cell pack driving the motors. */
    protected abstract void sampleDischarging();

    /** Has the device take one sample that fails as the device fails, or aborts with the reason. */
    protected abstract void sampleWithFault();

    @Test
    void shouldReturnFaultReadingWithReasonBeforeFirstSample() {
        try (BatteryMonitor monitor = create()) {
            BatteryReading first = monitor.latest();

            assertWellFormed(first, Long.MIN_VALUE, clock().nanoTime());
            assertThat(first.health()).isEqualTo(Health.FAULT);
            assertThat(first.valid()).isFalse();
        }
    }

    @Test
    void shouldReportVoltsAmpsAndWattsStampedWithInjectedClockWhenDischarging() {
        try (BatteryMonitor monitor = create()) {
            long before = clock().nanoTime();

            sampleDischarging();

            BatteryReading r = monitor.latest();
            assertWellFormed(r, before, clock().nanoTime());
            assertThat(r.health()).isEqualTo(Health.OK);
            assertThat(r.busVolts()).isBetween(6.0, 8.5); // a 2-cell lithium pack, volts >= 0
            assertThat(r.currentAmps()).isPositive(); // discharging is positive
            assertThat(r.powerWatts()).isCloseTo(r.busVolts() * r.currentAmps(), within(1e-9));
            assertThat(r.percent()).isBetween(0.0, 100.0); // every monitor estimates the state of charge
        }
    }

    @Test
    void shouldReturnSameReadingWhenPolledWithoutNewSample() {
        try (BatteryMonitor monitor = create()) {
            sampleDischarging();
            BatteryReading r = monitor.latest();

            assertThat(monitor.latest()).isSameAs(r);
        }
    }

    @Test
    void shouldReportFaultWithReasonWhenDeviceFails() {
        try (BatteryMonitor monitor = create()) {
            sampleDischarging();
            long before = clock().nanoTime();

            sampleWithFault();

            BatteryReading r = monitor.latest();
            assertWellFormed(r, before, clock().nanoTime());
            assertThat(r.health()).isEqualTo(Health.FAULT);
            assertThat(r.valid()).isFalse();
            assertThat(r.hasPercent()).isFalse(); // no state of charge from a failed sample
        }
    }

    @Test
    void shouldStillAnswerLatestWhenClosedAndCloseTwice() {
        BatteryMonitor monitor = create();
        sampleDischarging();

        monitor.close();
        monitor.close();

        assertThat(monitor.latest()).isNotNull();
    }
}
