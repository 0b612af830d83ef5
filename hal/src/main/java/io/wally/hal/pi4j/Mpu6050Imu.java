package io.wally.hal.pi4j;

import com.pi4j.io.i2c.I2C;
import io.wally.hal.Health;
import io.wally.hal.Imu;
import io.wally.hal.ImuReading;
import io.wally.hal.NanoClock;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * InvenSense MPU-6050 six-axis IMU on I2C.
 *
 * <p>Datasheets: "MPU-6000 and MPU-6050 Register Map and Descriptions" RM-MPU-6000A-00 rev 4.2 (register
 * addresses and scaling below, section numbers in the constants' comments) and "MPU-6000/MPU-6050 Product
 * Specification" PS-MPU-6000A-00 rev 3.4 (full-scale ranges and sensitivities, table 6.1 and 6.2).
 *
 * <p>Start-up ({@link #start()}): write {@code PWR_MGMT_1 = 0x01} (SLEEP cleared, clock from the X gyro's
 * PLL, as the register map recommends over the internal oscillator), {@code SMPLRT_DIV = 9} (100 Hz from
 * the 1 kHz DLPF rate), {@code CONFIG = 0x03} (DLPF 44 Hz), {@code GYRO_CONFIG = 0x00} (±250 °/s,
 * 131 LSB/(°/s)), {@code ACCEL_CONFIG = 0x00} (±2 g, 16384 LSB/g); then average
 * {@code calibrationSamples} gyro samples, one per 10 ms output period, with the robot at rest and subtract that bias from every later
 * sample (the MPU-6050's zero-rate offset is up to ±20 °/s per the product specification).
 *
 * <p>A sample ({@link #measure()}) is one 14-byte burst read from {@code ACCEL_XOUT_H} (0x3B): accel X/Y/Z,
 * temperature, gyro X/Y/Z, each a big-endian two's-complement 16-bit value. An I2C exception (or a short
 * read) becomes a FAULT reading naming the register, never an exception to the caller.
 *
 * <p>Axes: the chip is assumed mounted with its X axis forward and Z up (then its axes are the robot's).
 *
 * <p>Threading: {@link #start()} and {@link #measure()} from one sampling thread; {@link #latest()} from
 * any thread, never blocking. Lifecycle: construct, {@link #start()}, then sample; {@link #close()} puts
 * the chip to sleep (best effort) — the I2C handle belongs to the Pi4J context.
 */
public final class Mpu6050Imu implements Imu {

    /** Default 7-bit address (AD0 low); 0x69 with AD0 high. */
    public static final int DEFAULT_ADDRESS = 0x68;
    /** Sample rate divider (register map 4.2). */
    public static final int SMPLRT_DIV = 0x19;
    /** DLPF configuration (4.3). */
    public static final int CONFIG = 0x1A;
    /** Gyro full scale (4.4). */
    public static final int GYRO_CONFIG = 0x1B;
    /** Accel full scale (4.5). */
    public static final int ACCEL_CONFIG = 0x1C;
    /** First of the 14 measurement registers, accel X high byte (4.17). */
    public static final int ACCEL_XOUT_H = 0x3B;
    /** Power management 1: SLEEP bit 6, clock select bits 2:0 (4.28). */
    public static final int PWR_MGMT_1 = 0x6B;
    /** Identity register: bits 6:1 of the address, read-only (4.32). */
    public static final int WHO_AM_I = 0x75;
    /** What {@link #WHO_AM_I} reads on an MPU-6050, whatever the AD0 pin (4.32). */
    public static final int WHO_AM_I_MPU6050 = 0x68;

    /** PWR_MGMT_1 value: awake, clock from the X gyro PLL. */
    public static final int PWR_MGMT_1_WAKE_PLL_X = 0x01;
    /** PWR_MGMT_1 value: SLEEP bit set. */
    public static final int PWR_MGMT_1_SLEEP = 0x40;
    /** SMPLRT_DIV value: 1 kHz / (1 + 9) = 100 Hz. */
    public static final int SMPLRT_DIV_100HZ = 9;
    /** CONFIG value: DLPF_CFG 3, 44 Hz accel / 42 Hz gyro bandwidth. */
    public static final int CONFIG_DLPF_44HZ = 0x03;
    /** GYRO_CONFIG value: FS_SEL 0, ±250 °/s. */
    public static final int GYRO_FS_250DPS = 0x00;
    /** ACCEL_CONFIG value: AFS_SEL 0, ±2 g. */
    public static final int ACCEL_FS_2G = 0x00;

    /** Gyro sensitivity at ±250 °/s, LSB per °/s (product spec table 6.1). */
    public static final double GYRO_LSB_PER_DPS = 131.0;
    /** Accel sensitivity at ±2 g, LSB per g (product spec table 6.2). */
    public static final double ACCEL_LSB_PER_G = 16384.0;
    /** Standard gravity, m/s². */
    public static final double STANDARD_GRAVITY_MPS2 = 9.80665;
    /** Output period at {@link #SMPLRT_DIV_100HZ}, ns. */
    public static final long SAMPLE_PERIOD_NANOS = 10_000_000L;
    /** Bytes in one burst: accel (6), temperature (2), gyro (6). */
    public static final int BURST_BYTES = 14;

    private static final System.Logger LOG = System.getLogger(Mpu6050Imu.class.getName());
    private static final double RAD_PER_S_PER_LSB = Math.toRadians(1.0 / GYRO_LSB_PER_DPS);
    private static final double MPS2_PER_LSB = STANDARD_GRAVITY_MPS2 / ACCEL_LSB_PER_G;

    private final I2C i2c;
    private final NanoClock clock;
    private final int calibrationSamples;
    private final LatestReading<ImuReading> latest;
    private final byte[] burst = new byte[BURST_BYTES];
    private double gyroBiasX;
    private double gyroBiasY;
    private double gyroBiasZ;
    private boolean started;
    private volatile boolean closed;

    /**
     * @param i2c the device handle (bus and address already chosen)
     * @param clock stamps readings
     * @param calibrationSamples gyro samples averaged at start for the bias, {@code >= 0} (0: no calibration)
     * @param staleAfterNanos {@link #latest()} marks a reading STALE when it is older than this, ns
     */
    public Mpu6050Imu(I2C i2c, NanoClock clock, int calibrationSamples, long staleAfterNanos) {
        this.i2c = Objects.requireNonNull(i2c, "i2c");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (calibrationSamples < 0) {
            throw new IllegalArgumentException("calibrationSamples must be >= 0; was " + calibrationSamples);
        }
        this.calibrationSamples = calibrationSamples;
        this.latest = new LatestReading<>(clock, staleAfterNanos, ImuReading.fault(clock.nanoTime(), "not started"));
    }

    /**
     * Wakes and configures the chip, then calibrates the gyro bias (the robot must be at rest).
     *
     * @return true when the chip answered; false after a bus error, which is then published as a FAULT
     *     reading naming the register ({@link #measure()} retries the start-up on its next call)
     */
    public boolean start() {
        try {
            writeRegister(PWR_MGMT_1, PWR_MGMT_1_WAKE_PLL_X);
            writeRegister(SMPLRT_DIV, SMPLRT_DIV_100HZ);
            writeRegister(CONFIG, CONFIG_DLPF_44HZ);
            writeRegister(GYRO_CONFIG, GYRO_FS_250DPS);
            writeRegister(ACCEL_CONFIG, ACCEL_FS_2G);
            double sumX = 0;
            double sumY = 0;
            double sumZ = 0;
            for (int i = 0; i < calibrationSamples; i++) {
                if (i > 0) {
                    // one new sample per output period (100 Hz): reading faster would average repeats
                    LockSupport.parkNanos(SAMPLE_PERIOD_NANOS);
                }
                readBurst();
                sumX += word(8);
                sumY += word(10);
                sumZ += word(12);
            }
            if (calibrationSamples > 0) {
                gyroBiasX = sumX / calibrationSamples * RAD_PER_S_PER_LSB;
                gyroBiasY = sumY / calibrationSamples * RAD_PER_S_PER_LSB;
                gyroBiasZ = sumZ / calibrationSamples * RAD_PER_S_PER_LSB;
            }
            started = true;
            latest.publish(ImuReading.fault(clock.nanoTime(), "started; no sample yet"));
        } catch (I2cFailure e) {
            latest.publish(ImuReading.fault(clock.nanoTime(), e.getMessage()));
        }
        return started;
    }

    /** Reads one sample, publishes it as {@link #latest()} and returns it; a bus error gives a FAULT reading. */
    public ImuReading measure() {
        if (closed) {
            throw new IllegalStateException("IMU is closed");
        }
        if (!started && !start()) {
            return latest.get();
        }
        ImuReading reading;
        try {
            readBurst();
            long now = clock.nanoTime();
            reading = new ImuReading(now,
                    word(8) * RAD_PER_S_PER_LSB - gyroBiasX,
                    word(10) * RAD_PER_S_PER_LSB - gyroBiasY,
                    word(12) * RAD_PER_S_PER_LSB - gyroBiasZ,
                    word(0) * MPS2_PER_LSB,
                    word(2) * MPS2_PER_LSB,
                    word(4) * MPS2_PER_LSB,
                    Health.OK, "");
        } catch (I2cFailure e) {
            reading = ImuReading.fault(clock.nanoTime(), e.getMessage());
        }
        latest.publish(reading);
        return reading;
    }

    /** The gyro bias removed from every sample (X, Y, Z), rad/s; zero before calibration. */
    public double[] gyroBiasRadPerS() {
        return new double[] {gyroBiasX, gyroBiasY, gyroBiasZ};
    }

    @Override
    public ImuReading latest() {
        return latest.get();
    }

    /** Puts the chip to sleep (best effort: a bus error here is logged, not thrown); idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            i2c.writeRegister(PWR_MGMT_1, (byte) PWR_MGMT_1_SLEEP);
        } catch (RuntimeException e) {
            // Closing must not fail because the bus is already gone; say so and carry on releasing.
            LOG.log(System.Logger.Level.WARNING, "MPU-6050: could not put the chip to sleep on close: {0}",
                    e.toString());
        }
    }

    private void writeRegister(int register, int value) {
        try {
            i2c.writeRegister(register, (byte) value);
        } catch (RuntimeException e) {
            throw new I2cFailure("MPU-6050 write of register 0x" + Integer.toHexString(register) + " failed: " + e, e);
        }
    }

    private void readBurst() {
        int n;
        try {
            n = i2c.readRegister(ACCEL_XOUT_H, burst, 0, BURST_BYTES);
        } catch (RuntimeException e) {
            throw new I2cFailure("MPU-6050 read of register 0x3b failed: " + e, e);
        }
        if (n != BURST_BYTES) {
            throw new I2cFailure("MPU-6050 read of register 0x3b returned " + n + " of " + BURST_BYTES + " bytes", null);
        }
    }

    /** The signed big-endian 16-bit value at {@code offset} of the burst. */
    private int word(int offset) {
        return (short) ((burst[offset] & 0xFF) << 8 | (burst[offset + 1] & 0xFF));
    }
}
