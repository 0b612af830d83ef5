package io.wally.hal.pi4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyByte;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.pi4j.io.exception.IOException;
import com.pi4j.io.i2c.I2C;
import com.pi4j.plugin.mock.provider.i2c.MockI2C;
import io.wally.hal.Health;
import io.wally.hal.ImuReading;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Mpu6050ImuTest {

    private final MockPi4j pi = new MockPi4j();
    private final MockPi4j.ManualClock clock = new MockPi4j.ManualClock();
    private final MockI2C i2c = pi.i2c(1, 0x68);

    @AfterEach
    void tearDown() {
        pi.close();
    }

    /** Queues one 14-byte burst on register 0x3B (the mock's registers are FIFOs, one per address). */
    private void queueBurst(int ax, int ay, int az, int temp, int gx, int gy, int gz) {
        int[] words = {ax, ay, az, temp, gx, gy, gz};
        byte[] bytes = new byte[14];
        for (int i = 0; i < words.length; i++) {
            bytes[2 * i] = (byte) (words[i] >> 8);
            bytes[2 * i + 1] = (byte) words[i];
        }
        i2c.writeRegister(Mpu6050Imu.ACCEL_XOUT_H, bytes, 0, bytes.length);
    }

    @Test
    void shouldWakeAndConfigureChipWhenStarted() {
        try (Mpu6050Imu imu = new Mpu6050Imu(i2c, clock, 0, 100_000_000L)) {
            assertThat(imu.start()).isTrue();

            // then each configuration register received exactly its value (reading pops the FIFO)
            assertThat(i2c.readRegister(Mpu6050Imu.PWR_MGMT_1)).isEqualTo(0x01);
            assertThat(i2c.readRegister(Mpu6050Imu.SMPLRT_DIV)).isEqualTo(9);
            assertThat(i2c.readRegister(Mpu6050Imu.CONFIG)).isEqualTo(0x03);
            assertThat(i2c.readRegister(Mpu6050Imu.GYRO_CONFIG)).isEqualTo(0x00);
            assertThat(i2c.readRegister(Mpu6050Imu.ACCEL_CONFIG)).isEqualTo(0x00);
        }
        // and close put it to sleep
        assertThat(i2c.readRegister(Mpu6050Imu.PWR_MGMT_1)).isEqualTo(0x40);
    }

    @Test
    void shouldScaleRawCountsToSiUnitsWhenSampled() {
        try (Mpu6050Imu imu = new Mpu6050Imu(i2c, clock, 0, 100_000_000L)) {
            imu.start();
            // given 1 g on Z, -0.5 g on X; yaw rate +90 °/s (131 LSB per °/s), roll -250 °/s
            queueBurst(-8192, 0, 16384, 0, -32750, 0, 90 * 131);

            ImuReading r = imu.measure();

            assertThat(r.health()).isEqualTo(Health.OK);
            assertThat(r.accelZMps2()).isCloseTo(9.80665, within(1e-9));
            assertThat(r.accelXMps2()).isCloseTo(-9.80665 / 2, within(1e-9));
            assertThat(r.yawRateRadPerS()).isCloseTo(Math.PI / 2, within(1e-9));
            assertThat(r.gyroXRadPerS()).isCloseTo(Math.toRadians(-32750 / 131.0), within(1e-9));
            assertThat(r.timestampNanos()).isEqualTo(clock.nanoTime());
            assertThat(imu.latest()).isSameAs(r);
        }
    }

    @Test
    void shouldSubtractAveragedGyroBiasWhenCalibrated() {
        try (Mpu6050Imu imu = new Mpu6050Imu(i2c, clock, 4, 100_000_000L)) {
            // given four samples at rest averaging 2 °/s of yaw bias (262 LSB)
            queueBurst(0, 0, 16384, 0, 0, 0, 260);
            queueBurst(0, 0, 16384, 0, 0, 0, 264);
            queueBurst(0, 0, 16384, 0, 0, 0, 262);
            queueBurst(0, 0, 16384, 0, 0, 0, 262);
            assertThat(imu.start()).isTrue();
            assertThat(imu.gyroBiasRadPerS()[2]).isCloseTo(Math.toRadians(2), within(1e-12));

            // when the chip then reads 3 °/s
            queueBurst(0, 0, 16384, 0, 0, 0, 393);
            ImuReading r = imu.measure();

            // then 1 °/s is reported
            assertThat(r.yawRateRadPerS()).isCloseTo(Math.toRadians(1), within(1e-12));
        }
    }

    @Test
    void shouldReportFaultNotThrowWhenBusFails() {
        // given a bus whose reads fail (Mockito: the mock provider cannot fail on demand)
        I2C failing = mock(I2C.class);
        when(failing.readRegister(eq(Mpu6050Imu.ACCEL_XOUT_H), any(byte[].class), anyInt(), anyInt()))
                .thenThrow(new IOException("Remote I/O error"));
        try (Mpu6050Imu imu = new Mpu6050Imu(failing, clock, 0, 100_000_000L)) {
            assertThat(imu.start()).isTrue();

            ImuReading r = imu.measure();

            assertThat(r.health()).isEqualTo(Health.FAULT);
            assertThat(r.valid()).isFalse();
            assertThat(r.reason()).startsWith("MPU-6050 read of register 0x3b failed").contains("Remote I/O error");
            assertThat(imu.latest()).isSameAs(r);
        }
    }

    @Test
    void shouldRetryStartUpWhenWakeUpWriteFailed() {
        I2C flaky = mock(I2C.class);
        when(flaky.writeRegister(eq(Mpu6050Imu.PWR_MGMT_1), anyByte()))
                .thenThrow(new IOException("bus busy"))
                .thenReturn(1);
        when(flaky.readRegister(eq(Mpu6050Imu.ACCEL_XOUT_H), any(byte[].class), anyInt(), anyInt())).thenReturn(14);
        try (Mpu6050Imu imu = new Mpu6050Imu(flaky, clock, 0, 100_000_000L)) {
            assertThat(imu.start()).isFalse();
            assertThat(imu.latest().reason()).startsWith("MPU-6050 write of register 0x6b failed");

            ImuReading r = imu.measure();

            assertThat(r.health()).isEqualTo(Health.OK);
        }
    }

    @Test
    void shouldReportFaultWhenReadIsShort() {
        try (Mpu6050Imu imu = new Mpu6050Imu(i2c, clock, 0, 100_000_000L)) {
            imu.start();
            // nothing queued: the mock returns fewer than 14 bytes
            ImuReading r = imu.measure();

            assertThat(r.health()).isEqualTo(Health.FAULT);
            assertThat(r.reason()).startsWith("MPU-6050 read of register 0x3b");
        }
    }
}
