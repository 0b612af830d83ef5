package io.wally.hal.pi4j;

import com.pi4j.io.i2c.I2C;
import io.wally.hal.BatteryCurve;
import io.wally.hal.BatteryMonitor;
import io.wally.hal.BatteryReading;
import io.wally.hal.Health;
import io.wally.hal.NanoClock;
import java.util.Objects;

/**
 * Texas Instruments INA219 current and bus-voltage monitor on I2C, on the battery's positive lead.
 *
 * <p>Datasheet: "INA219 Zerø-Drift, Bidirectional Current/Power Monitor With I2C Interface", SBOS448G
 * (section 8.6, register map). Registers are 16 bits, most significant byte first.
 *
 * <p>Start-up writes {@code CONFIGURATION = 0x399F} (32 V bus range, PGA ÷8 = ±320 mV shunt range, 12-bit
 * conversions, shunt and bus continuous: the power-on default, written so that a previously
 * reconfigured chip is put back). A sample reads {@code SHUNT_VOLTAGE} (signed, 10 µV per LSB) and
 * {@code BUS_VOLTAGE} (bits 15..3, 4 mV per LSB; bit 0 OVF). Current is computed here from the shunt
 * voltage and the shunt resistance (so the chip's calibration register is not needed), power as
 * volts × amps, the state of charge from a {@link BatteryCurve} (a 2S Li-ion pack unless given). OVF set, an I2C exception or a short read gives a FAULT reading naming the register.
 *
 * <p>Threading: {@link #measure()} from one sampling thread; {@link #latest()} from any thread, never
 * blocking. Lifecycle: construct, then sample (the first {@link #measure()} configures the chip, and
 * retries after a bus error); {@link #close()} is idempotent — the I2C handle belongs to the Pi4J context.
 */
public final class Ina219BatteryMonitor implements BatteryMonitor {

    /** Default 7-bit address (A0 and A1 to GND). */
    public static final int DEFAULT_ADDRESS = 0x40;
    /** Configuration register (8.6.2.1). */
    public static final int CONFIGURATION = 0x00;
    /** Shunt voltage register, signed, 10 µV/LSB (8.6.3.1). */
    public static final int SHUNT_VOLTAGE = 0x01;
    /** Bus voltage register, bits 15..3 at 4 mV/LSB, bit 1 CNVR, bit 0 OVF (8.6.3.2). */
    public static final int BUS_VOLTAGE = 0x02;
    /** Configuration value: BRNG 32 V, PG ÷8, BADC and SADC 12-bit, mode shunt and bus continuous. */
    public static final int CONFIGURATION_32V_320MV_12BIT_CONTINUOUS = 0x399F;
    /** Shunt voltage LSB, volts. */
    public static final double SHUNT_VOLTS_PER_LSB = 10e-6;
    /** Bus voltage LSB (after shifting out bits 2..0), volts. */
    public static final double BUS_VOLTS_PER_LSB = 4e-3;
    /** Shunt resistance of the common breakout boards, ohms (R100). */
    public static final double DEFAULT_SHUNT_OHMS = 0.1;

    private final I2C i2c;
    private final NanoClock clock;
    private final double shuntOhms;
    private final BatteryCurve curve;
    private final LatestReading<BatteryReading> latest;
    private final byte[] word = new byte[2];
    private boolean configured;
    private volatile boolean closed;

    /**
     * @param i2c the device handle (bus and address already chosen)
     * @param clock stamps readings
     * @param shuntOhms the shunt resistor, ohms, {@code > 0}
     * @param staleAfterNanos {@link #latest()} marks a reading STALE when it is older than this, ns
     */
    public Ina219BatteryMonitor(I2C i2c, NanoClock clock, double shuntOhms, long staleAfterNanos) {
        this(i2c, clock, shuntOhms, staleAfterNanos, BatteryCurve.TWO_CELL_LI_ION);
    }

    /**
     * As {@link #Ina219BatteryMonitor(I2C, NanoClock, double, long)}, with the pack's curve for the percent.
     *
     * @param curve the battery's voltage curve
     */
    public Ina219BatteryMonitor(I2C i2c, NanoClock clock, double shuntOhms, long staleAfterNanos, BatteryCurve curve) {
        this.curve = Objects.requireNonNull(curve, "curve");
        this.i2c = Objects.requireNonNull(i2c, "i2c");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (!(shuntOhms > 0)) {
            throw new IllegalArgumentException("shuntOhms must be > 0; was " + shuntOhms);
        }
        this.shuntOhms = shuntOhms;
        this.latest = new LatestReading<>(clock, staleAfterNanos, BatteryReading.fault(clock.nanoTime(), "no sample yet"));
    }

    /** Reads one sample, publishes it as {@link #latest()} and returns it; a bus error gives a FAULT reading. */
    public BatteryReading measure() {
        if (closed) {
            throw new IllegalStateException("battery monitor is closed");
        }
        BatteryReading reading;
        try {
            if (!configured) {
                write(CONFIGURATION, CONFIGURATION_32V_320MV_12BIT_CONTINUOUS);
                configured = true;
            }
            int shuntRaw = (short) read(SHUNT_VOLTAGE);
            int busRaw = read(BUS_VOLTAGE);
            long now = clock.nanoTime();
            if ((busRaw & 0x1) != 0) {
                reading = BatteryReading.fault(now, "INA219 overflow flag (OVF) set: current beyond the shunt range");
            } else {
                double busVolts = (busRaw >>> 3) * BUS_VOLTS_PER_LSB;
                double amps = shuntRaw * SHUNT_VOLTS_PER_LSB / shuntOhms;
                reading = curve.apply(new BatteryReading(now, busVolts, amps, busVolts * amps, Health.OK, ""));
            }
        } catch (I2cFailure e) {
            reading = BatteryReading.fault(clock.nanoTime(), e.getMessage());
        }
        latest.publish(reading);
        return reading;
    }

    @Override
    public BatteryReading latest() {
        return latest.get();
    }

    @Override
    public void close() {
        closed = true;
    }

    private void write(int register, int value) {
        try {
            i2c.writeRegister(register, new byte[] {(byte) (value >>> 8), (byte) value}, 0, 2);
        } catch (RuntimeException e) {
            throw new I2cFailure("INA219 write of register 0x" + Integer.toHexString(register) + " failed: " + e, e);
        }
    }

    /** Reads a 16-bit register, MSB first, as an unsigned value. */
    private int read(int register) {
        int n;
        try {
            n = i2c.readRegister(register, word, 0, 2);
        } catch (RuntimeException e) {
            throw new I2cFailure("INA219 read of register 0x" + Integer.toHexString(register) + " failed: " + e, e);
        }
        if (n != 2) {
            throw new I2cFailure("INA219 read of register 0x" + Integer.toHexString(register) + " returned " + n
                    + " of 2 bytes", null);
        }
        return (word[0] & 0xFF) << 8 | (word[1] & 0xFF);
    }
}
