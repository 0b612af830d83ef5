package io.wally.hal.pi4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.pi4j.io.exception.IOException;
import com.pi4j.io.i2c.I2C;
import com.pi4j.plugin.mock.provider.i2c.MockI2C;
import io.wally.hal.BatteryCurve;
import io.wally.hal.BatteryReading;
import io.wally.hal.Health;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Ina219BatteryMonitorTest {

    private final MockPi4j pi = new MockPi4j();
    private final MockPi4j.ManualClock clock = new MockPi4j.ManualClock();
    private final MockI2C i2c = pi.i2c(1, 0x40);

    @AfterEach
    void tearDown() {
        pi.close();
    }

    private void queueWord(int register, int value) {
        i2c.writeRegister(register, new byte[] {(byte) (value >> 8), (byte) value}, 0, 2);
    }

    @Test
    void shouldConfigureAndConvertVoltageAndCurrentWhenSampled() {
        try (Ina219BatteryMonitor monitor = new Ina219BatteryMonitor(i2c, clock, 0.1, 5_000_000_000L)) {
            // given 7.4 V on the bus (1850 LSB of 4 mV, shifted left by 3, CNVR set) and 50 mV on the 0.1 ohm shunt
            queueWord(Ina219BatteryMonitor.SHUNT_VOLTAGE, 5000);
            queueWord(Ina219BatteryMonitor.BUS_VOLTAGE, 1850 << 3 | 0b10);

            BatteryReading r = monitor.measure();

            // then the configuration word went out MSB first, and the values are in SI units
            byte[] config = new byte[2];
            assertThat(i2c.readRegister(Ina219BatteryMonitor.CONFIGURATION, config, 0, 2)).isEqualTo(2);
            assertThat(config).containsExactly(0x39, 0x9F);
            assertThat(r.health()).isEqualTo(Health.OK);
            assertThat(r.busVolts()).isCloseTo(7.4, within(1e-9));
            assertThat(r.currentAmps()).isCloseTo(0.5, within(1e-9));
            assertThat(r.powerWatts()).isCloseTo(3.7, within(1e-9));
            // and the percent of the default 2S curve, load-corrected: 7.4 V + 0.5 A x 0.15 ohm
            assertThat(r.percent()).isCloseTo(BatteryCurve.TWO_CELL_LI_ION.percent(7.475), within(1e-9)).isBetween(20.0, 60.0);
        }
    }

    @Test
    void shouldComputePercentWithTheGivenCurveWhenOneIsConfigured() {
        BatteryCurve threeCell = new BatteryCurve(12.6, 9.6, 0);
        try (Ina219BatteryMonitor monitor = new Ina219BatteryMonitor(i2c, clock, 0.1, 5_000_000_000L, threeCell)) {
            queueWord(Ina219BatteryMonitor.SHUNT_VOLTAGE, 0);
            queueWord(Ina219BatteryMonitor.BUS_VOLTAGE, 3150 << 3); // 12.6 V: full

            BatteryReading r = monitor.measure();

            assertThat(r.percent()).isEqualTo(100.0);
        }
    }

    @Test
    void shouldReadNegativeShuntVoltageAsChargingCurrent() {
        try (Ina219BatteryMonitor monitor = new Ina219BatteryMonitor(i2c, clock, 0.1, 5_000_000_000L)) {
            queueWord(Ina219BatteryMonitor.SHUNT_VOLTAGE, -2000 & 0xFFFF);
            queueWord(Ina219BatteryMonitor.BUS_VOLTAGE, 2000 << 3);

            BatteryReading r = monitor.measure();

            assertThat(r.currentAmps()).isCloseTo(-0.2, within(1e-9));
            assertThat(r.busVolts()).isCloseTo(8.0, within(1e-9));
        }
    }

    @Test
    void shouldReportFaultWhenOverflowFlagSet() {
        try (Ina219BatteryMonitor monitor = new Ina219BatteryMonitor(i2c, clock, 0.1, 5_000_000_000L)) {
            queueWord(Ina219BatteryMonitor.SHUNT_VOLTAGE, 32000);
            queueWord(Ina219BatteryMonitor.BUS_VOLTAGE, 2000 << 3 | 1);

            BatteryReading r = monitor.measure();

            assertThat(r.health()).isEqualTo(Health.FAULT);
            assertThat(r.reason()).contains("overflow");
        }
    }

    @Test
    void shouldReportFaultNotThrowWhenBusFails() {
        I2C failing = mock(I2C.class);
        when(failing.readRegister(eq(Ina219BatteryMonitor.SHUNT_VOLTAGE), any(byte[].class), anyInt(), anyInt()))
                .thenThrow(new IOException("Remote I/O error"));
        try (Ina219BatteryMonitor monitor = new Ina219BatteryMonitor(failing, clock, 0.1, 5_000_000_000L)) {
            BatteryReading r = monitor.measure();

            assertThat(r.health()).isEqualTo(Health.FAULT);
            assertThat(r.reason()).startsWith("INA219 read of register 0x1 failed").contains("Remote I/O error");
            assertThat(monitor.latest()).isSameAs(r);
        }
    }

    @Test
    void shouldMarkStaleWhenNotSampledForLongerThanDeadline() {
        try (Ina219BatteryMonitor monitor = new Ina219BatteryMonitor(i2c, clock, 0.1, 5_000_000_000L)) {
            queueWord(Ina219BatteryMonitor.SHUNT_VOLTAGE, 100);
            queueWord(Ina219BatteryMonitor.BUS_VOLTAGE, 2000 << 3);
            monitor.measure();

            clock.advanceNanos(5_000_000_001L);

            assertThat(monitor.latest().health()).isEqualTo(Health.STALE);
            assertThat(monitor.latest().busVolts()).isCloseTo(8.0, within(1e-9));
        }
    }
}
