package io.wally.runtime.hardware;

import io.wally.hal.pi4j.Pi4jRobotSettings;
import io.wally.runtime.config.WallyConfig;
import java.util.List;

/**
 * Maps a {@link WallyConfig} onto {@link Pi4jRobotSettings}, so that hal never sees the configuration
 * classes. Stateless; thread-safe.
 */
public final class Pi4jSettingsMapper {

    private Pi4jSettingsMapper() {
    }

    /**
     * The Pi4J wiring for {@code config}.
     *
     * @throws IllegalArgumentException naming the key when a value is missing or out of range for the kit
     */
    public static Pi4jRobotSettings settings(WallyConfig config) {
        WallyConfig.Motors m = config.motors();
        WallyConfig.Sensors s = config.sensors();
        if (m == null || m.left() == null || m.right() == null) {
            throw new IllegalArgumentException("motors.left and motors.right are required on the Pi kit");
        }
        if (s == null || s.encoders() == null || s.imu() == null) {
            throw new IllegalArgumentException("sensors.encoders and sensors.imu are required on the Pi kit");
        }
        List<Pi4jRobotSettings.RangerPins> rangers = s.rangers() == null ? List.of()
                : s.rangers().stream()
                        .map(r -> new Pi4jRobotSettings.RangerPins(r.name(), r.triggerPin(), r.echoPin(),
                                r.angleDegrees(), r.maxRangeMeters()))
                        .toList();
        return new Pi4jRobotSettings(
                Pi4jRobotSettings.MotorDriverKind.parse(m.driver()), m.maxDuty(), m.pwmFrequencyHz(),
                new Pi4jRobotSettings.MotorPins(m.left().pwmPin(), m.left().forwardPin(), m.left().backwardPin()),
                new Pi4jRobotSettings.MotorPins(m.right().pwmPin(), m.right().forwardPin(), m.right().backwardPin()),
                m.standbyPin(), rangers,
                new Pi4jRobotSettings.EncoderPins(s.encoders().leftA(), s.encoders().leftB(), s.encoders().rightA(),
                        s.encoders().rightB()),
                config.drive().encoderTicksPerRev(),
                new Pi4jRobotSettings.I2cAddress(s.imu().bus(), s.imu().address()),
                s.battery() == null ? null : new Pi4jRobotSettings.I2cAddress(s.battery().bus(), s.battery().address()),
                s.bumperPin());
    }
}
