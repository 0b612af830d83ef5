/**
 * Hardware abstraction: small interfaces for WALLY's sensors and actuators ({@link io.wally.hal.RangeSensor},
 * {@link io.wally.hal.WheelEncoders}, {@link io.wally.hal.Imu}, {@link io.wally.hal.DriveMotors},
 * {@link io.wally.hal.BumpSensor}, {@link io.wally.hal.BatteryMonitor}), the immutable timestamped
 * readings they return (each with a {@link io.wally.hal.Health}), and {@link io.wally.hal.Robot}, the set
 * of devices the runtime is given.
 *
 * <p>Every sensor is polled: {@code latest()} never blocks and returns the most recent reading, while
 * the device does its own timing. Time comes from an injected {@link io.wally.hal.NanoClock}. The Pi4J
 * drivers live in {@code io.wally.hal.pi4j} (the only package that imports {@code com.pi4j}) and the
 * simulated robot in {@code io.wally.hal.sim}. Imports neither {@code io.wally.maps} nor
 * {@code io.wally.runtime}.
 */
package io.wally.hal;
