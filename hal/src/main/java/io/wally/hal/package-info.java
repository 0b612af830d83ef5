/**
 * Hardware abstraction: small interfaces for WALLY's sensors and actuators ({@link RangeSensor},
 * {@link WheelEncoders}, {@link Imu}, {@link DriveMotors}, {@link BumpSensor}, {@link BatteryMonitor}), the
 * immutable timestamped readings they return (each with a {@link Health}), and {@link Robot}, the set of
 * devices the runtime is given.
 *
 * <p>Every sensor is polled: {@code latest()} never blocks and returns the most recent reading, while
 * the device does its own timing. Time comes from an injected {@link NanoClock}. The Pi4J
 * drivers live in {@code io.wally.hal.pi4j} (the only package that imports {@code com.pi4j}) and the
 * simulated robot in {@code io.wally.hal.sim}. Imports neither {@code io.wally.maps} nor
 * {@code io.wally.runtime}.
 */
package io.wally.hal;
