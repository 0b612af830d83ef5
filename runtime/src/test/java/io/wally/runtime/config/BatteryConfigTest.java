package io.wally.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.wally.hal.BatteryCurve;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code battery} section and {@code mqtt.telemetry.batteryHz}: defaults, a file's values, and refusals that name the key. */
class BatteryConfigTest {

    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader();

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("robot.yaml"), "robot:\n  id: tiny\n" + yaml);
    }

    @Test
    void shouldDefaultToATwoCellPackWarningAt20AndDockingAt10() throws IOException {
        WallyConfig config = loader.load(write(""));

        assertThat(config.battery()).isEqualTo(WallyConfig.Battery.DEFAULTS);
        assertThat(config.battery().lowPercent()).isEqualTo(20);
        assertThat(config.battery().dockPercent()).isEqualTo(10);
        assertThat(config.battery().curve()).isEqualTo(BatteryCurve.TWO_CELL_LI_ION);
        assertThat(config.mqtt().telemetry().batteryHz()).isEqualTo(1);
    }

    @Test
    void shouldTakeAFilesPackAndLevels() throws IOException {
        WallyConfig config = loader.load(write("""
                battery: {fullVolts: 12.6, emptyVolts: 9.6, lowPercent: 30, dockPercent: 0}
                mqtt:
                  telemetry: {batteryHz: 0.5}
                """));

        assertThat(config.battery().curve().percent(12.6)).isEqualTo(100.0);
        assertThat(config.battery().internalOhms()).isCloseTo(0.15, within(1e-12)); // the default kept
        assertThat(config.battery().lowPercent()).isEqualTo(30);
        assertThat(config.battery().dockPercent()).isZero();
        assertThat(config.mqtt().telemetry().batteryHz()).isEqualTo(0.5);
        assertThat(config.mqtt().telemetry().poseHz()).isEqualTo(10); // the other rates keep their defaults
    }

    @Test
    void shouldRefuseADockLevelAboveTheWarningAndNameBothKeys() throws IOException {
        Path file = write("battery: {lowPercent: 10, dockPercent: 15}\n");

        assertThatThrownBy(() -> loader.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("battery.dockPercent must not be above battery.lowPercent").hasMessageContaining("15 > 10");
    }

    @Test
    void shouldRefuseAnEmptyVoltageAboveTheFullOneAndOutOfRangeValues() throws IOException {
        Path file = write("""
                battery: {fullVolts: 6, emptyVolts: 7, lowPercent: 120, internalOhms: -1}
                mqtt:
                  telemetry: {batteryHz: 500}
                """);

        assertThatThrownBy(() -> loader.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("battery.fullVolts must be above battery.emptyVolts; was 6 <= 7")
                .hasMessageContaining("battery.lowPercent must be in [0, 100]; was 120")
                .hasMessageContaining("battery.internalOhms must be in [0, 10]; was -1")
                .hasMessageContaining("mqtt.telemetry.batteryHz must be in [0, 100]; was 500");
    }

    @Test
    void shouldNameTheKeyWhenABatteryKeyIsMisspelt() throws IOException {
        Path file = write("battery: {dockPercnt: 5}\n");

        assertThatThrownBy(() -> loader.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("battery.dockPercnt is not a known key").hasMessageContaining("dockPercent");
    }
}
