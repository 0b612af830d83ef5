package io.wally.hal.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.pwm.Pwm;
import com.pi4j.io.pwm.PwmType;
import io.wally.hal.NanoClock;
import java.util.Objects;

/**
 * Provisions the kit's lines on a Pi4J context and builds the drivers on them, one id per line (for example
 * {@code ranger-front-trig}). Shared by {@link Pi4jRobot} (everything at once) and {@link Pi4jSelftest}
 * (device by device, so that one missing device does not hide the others), so both wire the same pins the
 * same way.
 *
 * <p>Not thread-safe: used while building, from one thread. The lines belong to the context.
 */
final class Pi4jWiring {

    private final Context context;
    private final NanoClock clock;

    Pi4jWiring(Context context, NanoClock clock) {
        this.context = Objects.requireNonNull(context, "context");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The H-bridge of {@code s}, braked (and a TB6612 out of standby). */
    HBridgeMotors motors(Pi4jRobotSettings s) {
        return switch (s.motorDriver()) {
            case TB6612 -> HBridgeMotors.tb6612(
                    pwm("motor-left-pwm", s.leftMotor().pwmPin(), s.pwmFrequencyHz()),
                    output("motor-left-in1", s.leftMotor().forwardPin()),
                    output("motor-left-in2", s.leftMotor().backwardPin()),
                    pwm("motor-right-pwm", s.rightMotor().pwmPin(), s.pwmFrequencyHz()),
                    output("motor-right-in1", s.rightMotor().forwardPin()),
                    output("motor-right-in2", s.rightMotor().backwardPin()),
                    output("motor-standby", s.standbyPin()), s.maxDuty(), s.pwmFrequencyHz());
            case L298N -> HBridgeMotors.l298n(
                    pwm("motor-left-en", s.leftMotor().pwmPin(), s.pwmFrequencyHz()),
                    output("motor-left-in1", s.leftMotor().forwardPin()),
                    output("motor-left-in2", s.leftMotor().backwardPin()),
                    pwm("motor-right-en", s.rightMotor().pwmPin(), s.pwmFrequencyHz()),
                    output("motor-right-in3", s.rightMotor().forwardPin()),
                    output("motor-right-in4", s.rightMotor().backwardPin()), s.maxDuty(), s.pwmFrequencyHz());
        };
    }

    /** Both wheels' quadrature decoders (inputs with pull-ups). */
    QuadratureEncoders encoders(Pi4jRobotSettings s, long staleAfterNanos) {
        return new QuadratureEncoders(
                input("encoder-left-a", s.encoders().leftA(), PullResistance.PULL_UP, 0),
                input("encoder-left-b", s.encoders().leftB(), PullResistance.PULL_UP, 0),
                input("encoder-right-a", s.encoders().rightA(), PullResistance.PULL_UP, 0),
                input("encoder-right-b", s.encoders().rightB(), PullResistance.PULL_UP, 0),
                clock, s.encoderTicksPerRev(), staleAfterNanos);
    }

    /** One HC-SR04 with the default echo timeout. */
    Hcsr04RangeSensor ranger(Pi4jRobotSettings.RangerPins r, long staleAfterNanos) {
        return new Hcsr04RangeSensor(r.name(),
                output("ranger-" + r.name() + "-trig", r.triggerPin()),
                input("ranger-" + r.name() + "-echo", r.echoPin(), PullResistance.OFF, 0),
                clock, r.angleDegrees(), r.maxRangeMeters(), Hcsr04RangeSensor.DEFAULT_ECHO_TIMEOUT_NANOS,
                staleAfterNanos);
    }

    /** The bump switch (to ground, internal pull-up, Pi4J's default debounce). */
    SwitchBumpSensor bumper(int bcm) {
        return new SwitchBumpSensor(input("bumper", bcm, PullResistance.PULL_UP, DigitalInput.DEFAULT_DEBOUNCE), clock);
    }

    DigitalOutput output(String id, int bcm) {
        return context.create(DigitalOutput.newConfigBuilder(context).id(id).name(id + " (BCM " + bcm + ")")
                .address(bcm).initial(DigitalState.LOW).shutdown(DigitalState.LOW).build());
    }

    DigitalInput input(String id, int bcm, PullResistance pull, long debounceMicros) {
        return context.create(DigitalInput.newConfigBuilder(context).id(id).name(id + " (BCM " + bcm + ")")
                .address(bcm).pull(pull).debounce(debounceMicros).build());
    }

    Pwm pwm(String id, int bcm, int frequencyHz) {
        return context.create(Pwm.newConfigBuilder(context).id(id).name(id + " (BCM " + bcm + ")")
                .address(Pi4jRobot.hardwarePwmChannel(bcm)).pwmType(PwmType.HARDWARE).frequency(frequencyHz)
                .initial(0).shutdown(0).build());
    }

    I2C i2c(String id, Pi4jRobotSettings.I2cAddress address) {
        return context.create(I2C.newConfigBuilder(context).id(id)
                .name(id + " (bus " + address.bus() + ", 0x" + Integer.toHexString(address.address()) + ")")
                .bus(address.bus()).device(address.address()).build());
    }
}
