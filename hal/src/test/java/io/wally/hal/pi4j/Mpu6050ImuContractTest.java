package io.wally.hal.pi4j;

import com.pi4j.plugin.mock.provider.i2c.MockI2C;
import io.wally.hal.Imu;
import io.wally.hal.ImuContract;
import io.wally.hal.NanoClock;
import org.junit.jupiter.api.AfterEach;

/**
 * The {@link Imu} contract on the MPU-6050 driver over Pi4J's mock I2C: a sample is one queued 14-byte burst
 * at ±2 g / ±250 °/s scaling; a fault is a short read (nothing queued, as from a chip that stopped answering).
 */
class Mpu6050ImuContractTest extends ImuContract {

    private final MockPi4j pi = new MockPi4j();
    private final MockPi4j.ManualClock clock = new MockPi4j.ManualClock();
    private final MockI2C i2c = pi.i2c(1, Mpu6050Imu.DEFAULT_ADDRESS);
    private Mpu6050Imu imu;

    @AfterEach
    void tearDown() {
        pi.close();
    }

    @Override
    protected Imu create() {
        imu = new Mpu6050Imu(i2c, clock, 0, 5_000_000_000L);
        imu.start(); // "created ready": the robot starts the chip when it builds it
        return imu;
    }

    @Override
    protected NanoClock clock() {
        return clock;
    }

    @Override
    protected void sampleTurning(double yawRateRadPerS) {
        int gz = (int) Math.round(Math.toDegrees(yawRateRadPerS) * Mpu6050Imu.GYRO_LSB_PER_DPS);
        int[] words = {0, 0, (int) Mpu6050Imu.ACCEL_LSB_PER_G, 0, 0, 0, gz};
        byte[] burst = new byte[Mpu6050Imu.BURST_BYTES];
        for (int i = 0; i < words.length; i++) {
            burst[2 * i] = (byte) (words[i] >> 8);
            burst[2 * i + 1] = (byte) words[i];
        }
        i2c.writeRegister(Mpu6050Imu.ACCEL_XOUT_H, burst, 0, burst.length);
        clock.advanceNanos(Mpu6050Imu.SAMPLE_PERIOD_NANOS);
        imu.measure();
    }

    @Override
    protected void sampleWithFault() {
        clock.advanceNanos(Mpu6050Imu.SAMPLE_PERIOD_NANOS);
        imu.measure(); // nothing queued: the read comes back short
    }
}
