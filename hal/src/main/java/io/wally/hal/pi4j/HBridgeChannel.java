package io.wally.hal.pi4j;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.pwm.Pwm;
import java.util.Objects;

/**
 * One channel of an H-bridge: a PWM line for the speed and two direction lines (IN1 "forward",
 * IN2 "backward"). Both the TB6612FNG and the L298N are driven this way; they differ only in how a
 * brake is made, which the caller chooses with {@link Brake}.
 *
 * <p>Pin traffic for a signed duty {@code d} (already scaled to the duty limit):
 * <pre>
 *   d &gt; 0 : IN2 low, IN1 high, PWM on at round(|d| × 100) %   (forward)
 *   d &lt; 0 : IN1 low, IN2 high, PWM on at round(|d| × 100) %   (backward)
 *   d = 0 : the brake of the chip (see {@link Brake})
 * </pre>
 * The line that is switched off is always written before the one switched on, so the bridge never sees
 * both direction inputs changing towards a shoot-through state in the same instant.
 *
 * <p>Threading: not thread-safe; the owning motor driver serialises calls. Pi4J 3 PWM duty is an integer
 * percentage, so the resolution is 1 %.
 */
final class HBridgeChannel {

    /** How a channel stops. */
    enum Brake {
        /** TB6612FNG "short brake": IN1 = IN2 = high, PWM off (datasheet truth table, H/H/x → short brake). */
        BOTH_HIGH_PWM_OFF,
        /** L298N "fast motor stop": IN1 = IN2 = low with the enable (PWM) fully on (datasheet Fig. 6, C = D, Ven = H). */
        BOTH_LOW_ENABLE_ON
    }

    private final String name;
    private final Pwm pwm;
    private final DigitalOutput forward;
    private final DigitalOutput backward;
    private final int frequencyHz;
    private final Brake brake;

    HBridgeChannel(String name, Pwm pwm, DigitalOutput forward, DigitalOutput backward, int frequencyHz, Brake brake) {
        this.name = Objects.requireNonNull(name, "name");
        this.pwm = Objects.requireNonNull(pwm, "pwm");
        this.forward = Objects.requireNonNull(forward, "forward");
        this.backward = Objects.requireNonNull(backward, "backward");
        this.frequencyHz = frequencyHz;
        this.brake = Objects.requireNonNull(brake, "brake");
    }

    /** Applies a duty in [-1, 1] (already checked and scaled by the caller). */
    void apply(double duty) {
        if (duty > 0) {
            backward.low();
            forward.high();
            pwm.on(percent(duty), frequencyHz);
        } else if (duty < 0) {
            forward.low();
            backward.high();
            pwm.on(percent(duty), frequencyHz);
        } else {
            brake();
        }
    }

    /** Stops the wheel with the chip's brake. */
    void brake() {
        switch (brake) {
            case BOTH_HIGH_PWM_OFF -> {
                pwm.off();
                forward.high();
                backward.high();
            }
            case BOTH_LOW_ENABLE_ON -> {
                forward.low();
                backward.low();
                pwm.on(100, frequencyHz);
            }
        }
    }

    /** Lets the wheel run free: everything low, PWM off (used when closing). */
    void coast() {
        pwm.off();
        forward.low();
        backward.low();
    }

    String name() {
        return name;
    }

    private static int percent(double duty) {
        return (int) Math.round(Math.abs(duty) * 100);
    }
}
