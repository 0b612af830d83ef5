package io.wally.hal.pi4j;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.pwm.Pwm;
import io.wally.hal.DriveMotors;
import java.util.Objects;

/**
 * The two drive motors on a dual H-bridge board: a Toshiba TB6612FNG ({@link #tb6612}) or an ST L298N
 * ({@link #l298n}).
 *
 * <p>Datasheets: Toshiba "TB6612FNG Driver IC for Dual DC motor" (2008-2014), H-SW control function table
 * (IN1/IN2/PWM/STBY); ST "L298 Dual full-bridge driver" (DocID1773 Rev 5), Fig. 6 (bidirectional DC motor
 * control: Ven, C, D). See {@link HBridgeChannel} for the exact pin traffic per sign of the duty.
 *
 * <p>A command of duty {@code d} in [-1, 1] drives the PWM at {@code |d| × maxDuty}, so a duty of 1 never
 * exceeds the configured limit. Duty 0 and {@link #stop()} brake (the TB6612's short brake; the L298N's
 * fast motor stop). {@link #close()} lets the wheels coast and puts a TB6612 into standby (STBY low).
 *
 * <p>Threading: {@link #setDuty} from one thread; {@link #stop()} from any thread. Both are
 * {@code synchronized}, so a stop issued by the watchdog is never interleaved with a half-applied duty;
 * pin writes take microseconds, so the lock is never held long. Lifecycle: created braked (and, for the
 * TB6612, out of standby); {@link #close()} is idempotent and leaves the bridge unpowered.
 */
public final class HBridgeMotors implements DriveMotors {

    private final HBridgeChannel left;
    private final HBridgeChannel right;
    private final DigitalOutput standby;
    private final double maxDuty;
    private double leftDuty;
    private double rightDuty;
    private boolean closed;

    private HBridgeMotors(HBridgeChannel left, HBridgeChannel right, DigitalOutput standby, double maxDuty) {
        if (!(maxDuty > 0 && maxDuty <= 1)) {
            throw new IllegalArgumentException("maxDuty must be in (0, 1]; was " + maxDuty);
        }
        this.left = left;
        this.right = right;
        this.standby = standby;
        this.maxDuty = maxDuty;
        left.brake();
        right.brake();
        if (standby != null) {
            standby.high();
        }
    }

    /**
     * A TB6612FNG: per channel PWM (PWMA/PWMB) and IN1/IN2 (AIN1/AIN2, BIN1/BIN2), one STBY line.
     *
     * @param maxDuty the duty a command of 1 produces, in (0, 1]
     * @param frequencyHz PWM frequency, Hz (the TB6612 accepts up to 100 kHz)
     */
    public static HBridgeMotors tb6612(Pwm pwmA, DigitalOutput ain1, DigitalOutput ain2, Pwm pwmB, DigitalOutput bin1,
            DigitalOutput bin2, DigitalOutput standby, double maxDuty, int frequencyHz) {
        Objects.requireNonNull(standby, "standby");
        return new HBridgeMotors(
                new HBridgeChannel("left", pwmA, ain1, ain2, frequencyHz, HBridgeChannel.Brake.BOTH_HIGH_PWM_OFF),
                new HBridgeChannel("right", pwmB, bin1, bin2, frequencyHz, HBridgeChannel.Brake.BOTH_HIGH_PWM_OFF),
                standby, maxDuty);
    }

    /**
     * An L298N: per channel the enable (ENA/ENB) as PWM and IN1/IN2 (IN3/IN4 for the second channel).
     *
     * @param maxDuty the duty a command of 1 produces, in (0, 1]
     * @param frequencyHz PWM frequency, Hz (the L298N's bipolar outputs switch well up to a few kHz)
     */
    public static HBridgeMotors l298n(Pwm enA, DigitalOutput in1, DigitalOutput in2, Pwm enB, DigitalOutput in3,
            DigitalOutput in4, double maxDuty, int frequencyHz) {
        return new HBridgeMotors(
                new HBridgeChannel("left", enA, in1, in2, frequencyHz, HBridgeChannel.Brake.BOTH_LOW_ENABLE_ON),
                new HBridgeChannel("right", enB, in3, in4, frequencyHz, HBridgeChannel.Brake.BOTH_LOW_ENABLE_ON),
                null, maxDuty);
    }

    @Override
    public synchronized void setDuty(double leftDuty, double rightDuty) {
        DriveMotors.checkDuty("left", leftDuty);
        DriveMotors.checkDuty("right", rightDuty);
        if (closed) {
            throw new IllegalStateException("motors are closed");
        }
        left.apply(leftDuty * maxDuty);
        right.apply(rightDuty * maxDuty);
        this.leftDuty = leftDuty;
        this.rightDuty = rightDuty;
    }

    @Override
    public synchronized void stop() {
        if (closed) {
            return;
        }
        left.brake();
        right.brake();
        leftDuty = 0;
        rightDuty = 0;
    }

    @Override
    public synchronized double leftDuty() {
        return leftDuty;
    }

    @Override
    public synchronized double rightDuty() {
        return rightDuty;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        leftDuty = 0;
        rightDuty = 0;
        try {
            left.coast();
            right.coast();
        } finally {
            if (standby != null) {
                standby.low();
            }
        }
    }
}
