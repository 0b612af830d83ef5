package io.wally.hal.pi4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.pwm.Pwm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

class HBridgeMotorsTest {

    private final MockPi4j pi = new MockPi4j();
    private final Pwm pwmA = pi.pwm(0);
    private final Pwm pwmB = pi.pwm(1);
    private final DigitalOutput ain1 = pi.output(5);
    private final DigitalOutput ain2 = pi.output(6);
    private final DigitalOutput bin1 = pi.output(16);
    private final DigitalOutput bin2 = pi.output(20);
    private final DigitalOutput stby = pi.output(21);

    @AfterEach
    void tearDown() {
        pi.close();
    }

    @Test
    void shouldDriveForwardAndBackwardWithScaledDutyWhenTb6612Commanded() {
        // given a TB6612 limited to 80 % duty
        try (HBridgeMotors motors = HBridgeMotors.tb6612(pwmA, ain1, ain2, pwmB, bin1, bin2, stby, 0.8, 1000)) {
            assertThat(stby.state()).isEqualTo(DigitalState.HIGH);

            // when left forward at half, right backward at full
            motors.setDuty(0.5, -1.0);

            // then AIN1 high / AIN2 low with 40 %, BIN1 low / BIN2 high with 80 %
            assertThat(ain1.state()).isEqualTo(DigitalState.HIGH);
            assertThat(ain2.state()).isEqualTo(DigitalState.LOW);
            assertThat(pwmA.isOn()).isTrue();
            assertThat(pwmA.dutyCycle()).isEqualTo(40);
            assertThat(pwmA.frequency()).isEqualTo(1000);
            assertThat(bin1.state()).isEqualTo(DigitalState.LOW);
            assertThat(bin2.state()).isEqualTo(DigitalState.HIGH);
            assertThat(pwmB.dutyCycle()).isEqualTo(80);
            assertThat(motors.leftDuty()).isEqualTo(0.5);
            assertThat(motors.rightDuty()).isEqualTo(-1.0);
        }
    }

    @Test
    void shouldShortBrakeWhenTb6612DutyIsZeroOrStopped() {
        try (HBridgeMotors motors = HBridgeMotors.tb6612(pwmA, ain1, ain2, pwmB, bin1, bin2, stby, 1.0, 1000)) {
            // given both wheels running
            motors.setDuty(0.3, 0.3);

            // when the left duty goes to zero
            motors.setDuty(0.0, 0.3);

            // then left is in short brake (IN1 = IN2 = high, PWM off), right still runs
            assertThat(ain1.state()).isEqualTo(DigitalState.HIGH);
            assertThat(ain2.state()).isEqualTo(DigitalState.HIGH);
            assertThat(pwmA.isOn()).isFalse();
            assertThat(pwmB.isOn()).isTrue();

            // when stopped
            motors.stop();

            // then both brake and report zero
            assertThat(bin1.state()).isEqualTo(DigitalState.HIGH);
            assertThat(bin2.state()).isEqualTo(DigitalState.HIGH);
            assertThat(pwmB.isOn()).isFalse();
            assertThat(motors.leftDuty()).isZero();
            assertThat(motors.rightDuty()).isZero();
        }
    }

    @Test
    void shouldCoastAndEnterStandbyWhenTb6612Closed() {
        HBridgeMotors motors = HBridgeMotors.tb6612(pwmA, ain1, ain2, pwmB, bin1, bin2, stby, 1.0, 1000);
        motors.setDuty(1.0, 1.0);

        motors.close();
        motors.close(); // idempotent

        assertThat(stby.state()).isEqualTo(DigitalState.LOW);
        assertThat(ain1.state()).isEqualTo(DigitalState.LOW);
        assertThat(ain2.state()).isEqualTo(DigitalState.LOW);
        assertThat(pwmA.isOn()).isFalse();
        assertThat(pwmB.isOn()).isFalse();
        assertThatThrownBy(() -> motors.setDuty(0.1, 0.1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldRejectDutyOutsideRangeAndLeavePinsUnchanged() {
        try (HBridgeMotors motors = HBridgeMotors.tb6612(pwmA, ain1, ain2, pwmB, bin1, bin2, stby, 1.0, 1000)) {
            motors.setDuty(0.25, -0.25);

            assertThatThrownBy(() -> motors.setDuty(0.5, 1.7))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("right duty must be in [-1, 1]; was 1.7");
            assertThatThrownBy(() -> motors.setDuty(-1.01, 0))
                    .hasMessage("left duty must be in [-1, 1]; was -1.01");

            assertThat(pwmA.dutyCycle()).isEqualTo(25);
            assertThat(ain1.state()).isEqualTo(DigitalState.HIGH);
            assertThat(bin2.state()).isEqualTo(DigitalState.HIGH);
            assertThat(motors.leftDuty()).isEqualTo(0.25);
        }
    }

    @Test
    void shouldDriveEachSignAndFastStopWhenL298nCommanded() {
        DigitalOutput in1 = ain1;
        DigitalOutput in2 = ain2;
        DigitalOutput in3 = bin1;
        DigitalOutput in4 = bin2;
        try (HBridgeMotors motors = HBridgeMotors.l298n(pwmA, in1, in2, pwmB, in3, in4, 1.0, 2000)) {
            // when forward left, backward right
            motors.setDuty(0.6, -0.2);
            assertThat(in1.state()).isEqualTo(DigitalState.HIGH);
            assertThat(in2.state()).isEqualTo(DigitalState.LOW);
            assertThat(pwmA.dutyCycle()).isEqualTo(60);
            assertThat(pwmA.frequency()).isEqualTo(2000);
            assertThat(in3.state()).isEqualTo(DigitalState.LOW);
            assertThat(in4.state()).isEqualTo(DigitalState.HIGH);
            assertThat(pwmB.dutyCycle()).isEqualTo(20);

            // when zero: fast motor stop (IN1 = IN2 = low with the enable fully on)
            motors.setDuty(0, 0);
            assertThat(in1.state()).isEqualTo(DigitalState.LOW);
            assertThat(in2.state()).isEqualTo(DigitalState.LOW);
            assertThat(pwmA.isOn()).isTrue();
            assertThat(pwmA.dutyCycle()).isEqualTo(100);
            assertThat(in3.state()).isEqualTo(DigitalState.LOW);
            assertThat(in4.state()).isEqualTo(DigitalState.LOW);
            assertThat(pwmB.dutyCycle()).isEqualTo(100);
        }
        // closed: free running (enable off)
        assertThat(pwmA.isOn()).isFalse();
        assertThat(pwmB.isOn()).isFalse();
    }

    @Test
    void shouldSwitchTheOffDirectionLineBeforeTheOnLineWhenReversing() {
        // given Mockito lines (the exact order of writes is what matters here)
        Pwm pwm = mock(Pwm.class);
        DigitalOutput in1 = mock(DigitalOutput.class);
        DigitalOutput in2 = mock(DigitalOutput.class);
        HBridgeChannel channel = new HBridgeChannel("left", pwm, in1, in2, 1000, HBridgeChannel.Brake.BOTH_HIGH_PWM_OFF);

        // when forward, then backward
        channel.apply(0.5);
        channel.apply(-0.3);

        // then every change releases one line before driving the other, and PWM comes last
        InOrder order = inOrder(pwm, in1, in2);
        order.verify(in2).low();
        order.verify(in1).high();
        order.verify(pwm).on(50, 1000);
        order.verify(in1).low();
        order.verify(in2).high();
        order.verify(pwm).on(30, 1000);
        order.verifyNoMoreInteractions();
    }
}
