package io.wally.hal.pi4j;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything {@link Pi4jRobot} needs to wire the kit: pin numbers (BCM GPIO numbering, not header pins),
 * I2C buses and addresses, and a few limits. Plain values only, so that the runtime can map its own
 * configuration onto it without hal knowing that configuration.
 *
 * <p>Immutable; validated on construction (a bad value fails with its name and value in the message).
 *
 * @param motorDriver which H-bridge drives the motors
 * @param maxDuty duty that a command of 1.0 produces, in (0, 1]
 * @param pwmFrequencyHz PWM frequency, Hz, in [1, 100000]
 * @param leftMotor pins of the left motor channel
 * @param rightMotor pins of the right motor channel
 * @param standbyPin TB6612 STBY pin, or null (L298N has none)
 * @param rangers the ultrasonic rangers, possibly empty
 * @param encoders quadrature encoder pins
 * @param encoderTicksPerRev edges per wheel revolution, both channels counted, {@code > 0}
 * @param imu the MPU-6050's bus and address
 * @param battery the INA219's bus and address, or null when not fitted
 * @param bumperPin the bump switch pin (to ground, internal pull-up), or null when not fitted
 */
public record Pi4jRobotSettings(
        MotorDriverKind motorDriver, double maxDuty, int pwmFrequencyHz, MotorPins leftMotor, MotorPins rightMotor,
        Integer standbyPin, List<RangerPins> rangers, EncoderPins encoders, int encoderTicksPerRev, I2cAddress imu,
        I2cAddress battery, Integer bumperPin) {

    /** The supported H-bridge boards. */
    public enum MotorDriverKind {
        /** Toshiba TB6612FNG: PWM plus IN1/IN2 per channel, one STBY pin. */
        TB6612,
        /** ST L298N: ENA/ENB (PWM) plus IN1/IN2 per channel. */
        L298N;

        /** Parses the configuration word ({@code tb6612} or {@code l298n}, any case). */
        public static MotorDriverKind parse(String word) {
            return switch (Objects.requireNonNull(word, "motor driver").toLowerCase(Locale.ROOT)) {
                case "tb6612" -> TB6612;
                case "l298n" -> L298N;
                default -> throw new IllegalArgumentException("motor driver must be tb6612 or l298n; was " + word);
            };
        }
    }

    /** One motor channel: the PWM pin (hardware PWM: BCM 12, 13, 18 or 19) and the two direction pins. */
    public record MotorPins(int pwmPin, int forwardPin, int backwardPin) {
        /** Checks the pins. */
        public MotorPins {
            checkPin("pwmPin", pwmPin);
            checkPin("forwardPin", forwardPin);
            checkPin("backwardPin", backwardPin);
        }
    }

    /**
     * One HC-SR04 ranger.
     *
     * @param name unique name (for example {@code front})
     * @param triggerPin TRIG pin
     * @param echoPin ECHO pin (through a 5 V to 3.3 V divider)
     * @param angleDegrees mounting direction relative to the heading, degrees, counter-clockwise positive
     * @param maxRangeMeters farthest distance reported, metres, in (0, 4.5]
     */
    public record RangerPins(String name, int triggerPin, int echoPin, double angleDegrees, double maxRangeMeters) {
        /** Checks the values. */
        public RangerPins {
            Objects.requireNonNull(name, "ranger name");
            checkPin("triggerPin of ranger " + name, triggerPin);
            checkPin("echoPin of ranger " + name, echoPin);
            if (!(maxRangeMeters > 0 && maxRangeMeters <= Hcsr04RangeSensor.DATASHEET_MAX_RANGE_METERS)) {
                throw new IllegalArgumentException("maxRangeMeters of ranger " + name + " must be in (0, "
                        + Hcsr04RangeSensor.DATASHEET_MAX_RANGE_METERS + "]; was " + maxRangeMeters);
            }
        }
    }

    /** Channel A and B pins of both wheels' quadrature encoders. */
    public record EncoderPins(int leftA, int leftB, int rightA, int rightB) {
        /** Checks the pins. */
        public EncoderPins {
            checkPin("leftA", leftA);
            checkPin("leftB", leftB);
            checkPin("rightA", rightA);
            checkPin("rightB", rightB);
        }
    }

    /** A device on an I2C bus: bus number ({@code /dev/i2c-N}) and 7-bit address. */
    public record I2cAddress(int bus, int address) {
        /** Checks the values. */
        public I2cAddress {
            if (bus < 0) {
                throw new IllegalArgumentException("I2C bus must be >= 0; was " + bus);
            }
            if (address < 0x03 || address > 0x77) {
                throw new IllegalArgumentException(
                        "I2C address must be in [0x03, 0x77]; was 0x" + Integer.toHexString(address));
            }
        }
    }

    /** Validates the whole set. */
    public Pi4jRobotSettings {
        Objects.requireNonNull(motorDriver, "motorDriver");
        Objects.requireNonNull(leftMotor, "leftMotor");
        Objects.requireNonNull(rightMotor, "rightMotor");
        Objects.requireNonNull(encoders, "encoders");
        Objects.requireNonNull(imu, "imu");
        rangers = List.copyOf(Objects.requireNonNull(rangers, "rangers"));
        if (!(maxDuty > 0 && maxDuty <= 1)) {
            throw new IllegalArgumentException("maxDuty must be in (0, 1]; was " + maxDuty);
        }
        if (pwmFrequencyHz < 1 || pwmFrequencyHz > 100_000) {
            throw new IllegalArgumentException("pwmFrequencyHz must be in [1, 100000]; was " + pwmFrequencyHz);
        }
        if (encoderTicksPerRev <= 0) {
            throw new IllegalArgumentException("encoderTicksPerRev must be > 0; was " + encoderTicksPerRev);
        }
        if (motorDriver == MotorDriverKind.TB6612 && standbyPin == null) {
            throw new IllegalArgumentException("a TB6612 needs standbyPin (STBY); was null");
        }
        if (standbyPin != null) {
            checkPin("standbyPin", standbyPin);
        }
        if (bumperPin != null) {
            checkPin("bumperPin", bumperPin);
        }
        long distinctNames = rangers.stream().map(RangerPins::name).distinct().count();
        if (distinctNames != rangers.size()) {
            throw new IllegalArgumentException("ranger names must be unique; were "
                    + rangers.stream().map(RangerPins::name).toList());
        }
    }

    private static void checkPin(String what, int pin) {
        if (pin < 0 || pin > 27) {
            throw new IllegalArgumentException(what + " must be a BCM GPIO number in [0, 27]; was " + pin);
        }
    }
}
