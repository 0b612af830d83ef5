package io.wally.hal.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.wally.hal.BatteryReading;
import org.junit.jupiter.api.Test;

class SimBatteryMonitorTest {

    private static final long MINUTE = 60_000_000_000L;

    private final SimBatteryMonitor monitor = new SimBatteryMonitor();

    @Test
    void shouldDrainFasterWhenDrivingThanWhenIdle() {
        SimBatteryMonitor idle = new SimBatteryMonitor();
        monitor.sample(0, 0, 0);
        idle.sample(0, 0, 0);
        double start = monitor.latest().percent();

        for (long t = 1; t <= 600; t++) { // ten minutes, a sample per second
            monitor.sample(0.8, 0.8, t * 1_000_000_000L);
            idle.sample(0, 0, t * 1_000_000_000L);
        }
        monitor.sample(0, 0, 601_000_000_000L); // at rest again, so the load sag does not count

        double drivenDrop = start - monitor.latest().percent();
        double idleDrop = start - idle.latest().percent();
        assertThat(idleDrop).isPositive();
        assertThat(drivenDrop).isGreaterThan(2 * idleDrop);
        // 1.63 A for 10 min of 2 Ah is 13.6 % of the charge: the curve turns that into a few percent, not tens
        assertThat(drivenDrop).isBetween(1.0, 30.0);
    }

    @Test
    void shouldSagUnderLoadAndReportTheCurrent() {
        monitor.sample(0, 0, 0);
        BatteryReading rest = monitor.latest();
        monitor.sample(1, 1, 1);
        BatteryReading load = monitor.latest();

        assertThat(rest.currentAmps()).isCloseTo(SimBatteryMonitor.IDLE_AMPS, within(1e-9));
        assertThat(load.currentAmps()).isCloseTo(SimBatteryMonitor.IDLE_AMPS + SimBatteryMonitor.FULL_LOAD_AMPS, within(1e-9));
        assertThat(load.busVolts()).isLessThan(rest.busVolts());
        assertThat(load.percent()).isCloseTo(rest.percent(), within(0.5)); // the curve corrects for the sag
    }

    @Test
    void shouldStartFromASetChargeAtTheNextSample() {
        monitor.sample(0, 0, 0);
        monitor.setPercent(12);
        assertThat(monitor.latest().percent()).isGreaterThan(80);

        monitor.sample(0, 0, MINUTE);

        assertThat(monitor.latest().percent()).isCloseTo(12, within(0.5));
        assertThatThrownBy(() -> monitor.setPercent(-1)).hasMessageContaining("-1");
    }

    @Test
    void shouldNeverGoBelowEmpty() {
        monitor.setPercent(0);
        monitor.sample(1, 1, 0);
        monitor.sample(1, 1, 600 * MINUTE);

        assertThat(monitor.latest().percent()).isEqualTo(0.0);
        assertThat(monitor.latest().busVolts()).isGreaterThanOrEqualTo(0);
    }
}
