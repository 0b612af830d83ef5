package io.wally.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.wally.hal.BatteryCurve;
import io.wally.hal.BatteryMonitor;
import io.wally.hal.BatteryReading;
import io.wally.hal.Health;
import io.wally.runtime.homeassistant.HomeAssistantAdapter;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every consumer of the battery (telemetry, dashboard, Home Assistant, VDA 5050) sees the configured curve's percent. */
class BatteryMonitorConfigTest {

    @Test
    void shouldGiveThePercentOfTheConfiguredCurveNotTheDriversBuiltInOne() {
        // the driver's own percent comes from its built-in 2S curve
        double volts = 11.4;
        BatteryReading reading = new BatteryReading(1, volts, 0.5, volts * 0.5, Health.OK, "")
                .withPercent(BatteryCurve.TWO_CELL_LI_ION.percent(volts, 0.5));
        boolean[] closed = {false};
        Optional<BatteryMonitor> driver = Optional.of(new BatteryMonitor() {
            @Override
            public BatteryReading latest() {
                return reading;
            }

            @Override
            public void close() {
                closed[0] = true;
            }
        });
        WallyConfig threeCell = new ConfigLoader().load(Path.of("..", "robot-config", "sim.yaml"))
                .withBattery(new WallyConfig.Battery(20, 10, 12.6, 9.6, 0.1));

        BatteryReading seen = threeCell.batteryMonitor(driver).orElseThrow().latest();

        double expected = new BatteryCurve(12.6, 9.6, 0.1).percent(volts, 0.5);
        assertThat(seen.percent()).isCloseTo(expected, within(1e-9)).isNotCloseTo(100.0, within(1.0));
        assertThat(HomeAssistantAdapter.batteryPercent(seen)).isEqualTo((int) Math.round(expected));
        assertThat(seen.busVolts()).isEqualTo(volts);
        threeCell.batteryMonitor(driver).orElseThrow().close();
        assertThat(closed[0]).as("the driver closed with it").isTrue();
    }

    @Test
    void shouldHaveNoMonitorWhenTheRobotHasNoBattery() {
        assertThat(new ConfigLoader().load(Path.of("..", "robot-config", "sim.yaml")).batteryMonitor(Optional.empty())).isEmpty();
    }
}
