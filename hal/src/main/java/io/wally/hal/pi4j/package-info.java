/**
 * Drivers for the Raspberry Pi kit over Pi4J 3: HC-SR04 rangers, TB6612FNG / L298N motor bridges,
 * quadrature encoders, MPU-6050 IMU, INA219 battery monitor, a bump switch, and
 * {@link Pi4jRobot}, the one class that builds the Pi4J context and wires them from
 * {@link Pi4jRobotSettings}; {@link Pi4jSelftest}, the bring-up check of each of those devices; and
 * {@link RaspberryPi}, which tells a Pi from any other machine before Pi4J starts. The only package of WALLY
 * that imports {@code com.pi4j}.
 *
 * <p>Each driver takes the narrowest I/O it uses (a {@code Pwm}, {@code DigitalOutput}s, a
 * {@code DigitalInput}, an {@code I2C}), cites its datasheet, and names its registers as constants. Bus and
 * pin failures of sensors become FAULT readings, never exceptions to the control loop.
 */
package io.wally.hal.pi4j;
