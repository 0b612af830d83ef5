package io.wally.hal;

import java.util.List;
import java.util.Optional;

/**
 * All devices of one robot, real ({@code io.wally.hal.pi4j.Pi4jRobot}) or simulated
 * ({@code io.wally.hal.sim.SimRobot}): what the runtime is given, so that the same runtime code drives
 * either.
 *
 * <p>Threading: the accessors may be called from any thread and return the same instances every time.
 * Each device documents its own threading rule. Lifecycle: the robot owns its devices; {@link #close()}
 * stops the motors first, then closes every device and the underlying platform (Pi4J context,
 * simulation thread). Callers never close the devices themselves.
 */
public interface Robot extends AutoCloseable {

    /** The clock every device's readings are stamped with; the runtime should use the same one. */
    NanoClock clock();

    /** The drive motors. */
    DriveMotors motors();

    /** The wheel encoders. */
    WheelEncoders encoders();

    /** The IMU. */
    Imu imu();

    /** The range sensors, in configuration order; may be empty. */
    List<RangeSensor> rangeSensors();

    /** The front bump switch, when the robot has one. */
    Optional<BumpSensor> bumper();

    /** The battery monitor, when the robot has one. */
    Optional<BatteryMonitor> battery();

    /** Stops the motors, then releases every device; idempotent. */
    @Override
    void close();
}
