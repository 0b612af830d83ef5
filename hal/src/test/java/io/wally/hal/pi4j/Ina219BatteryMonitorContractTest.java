package io.wally.hal.pi4j;

import com.pi4j.plugin.mock.provider.i2c.MockI2C;
import io.wally.hal.BatteryMonitor;
import io.wally.hal.BatteryMonitorContract;
import io.wally.hal.NanoClock;
import org.junit.jupiter.api.AfterEach;

/**
 * The {@link BatteryMonitor} contract on the INA219 driver over Pi4J's mock I2C: a sample is a queued shunt
 * and bus word (7.4 V, 50 mV across 0.1 Ω = 0.5 A); a fault is a short read (nothing queued).
 */
class Ina219BatteryMonitorContractTest extends BatteryMonitorContract {

    private final MockPi4j pi = new MockPi4j();
    private final MockPi4j.ManualClock clock = new MockPi4j.ManualClock();
    private final MockI2C i2c = pi.i2c(1, Ina219BatteryMonitor.DEFAULT_ADDRESS);
    private Ina219BatteryMonitor monitor;

    @AfterEach
    void tearDown() {
        pi.close();
    }

    @Override
    protected BatteryMonitor create() {
        monitor = new Ina219BatteryMonitor(i2c, clock, Ina219BatteryMonitor.DEFAULT_SHUNT_OHMS, 5_000_000_000L);
        return monitor;
    }

    @Override
    protected NanoClock clock() {
        return clock;
    }

    @Override
    protected void sampleDischarging() {
        queueWord(Ina219BatteryMonitor.SHUNT_VOLTAGE, 5000);
        queueWord(Ina219BatteryMonitor.BUS_VOLTAGE, 1850 << 3);
        clock.advanceNanos(100_000_000);
        monitor.measure();
    }

    @Override
    protected void sampleWithFault() {
        clock.advanceNanos(100_000_000);
        monitor.measure(); // nothing queued: the read comes back short
    }

    private void queueWord(int register, int value) {
        i2c.writeRegister(register, new byte[] {(byte) (value >> 8), (byte) value}, 0, 2);
    }
}
