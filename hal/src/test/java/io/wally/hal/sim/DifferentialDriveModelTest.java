package io.wally.hal.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Steps the model by hand and compares with closed-form kinematics (tolerances stated per assertion). */
class DifferentialDriveModelTest {

    private static final double B = 0.15;
    private static final double VMAX = 0.4;

    private static void run(DifferentialDriveModel m, double seconds, double dt) {
        for (int i = 0, n = (int) Math.round(seconds / dt); i < n; i++) {
            m.update(dt);
        }
    }

    @Test
    void shouldDriveStraightAtDutyTimesMaxSpeedWhenBothDutiesEqual() {
        // given no motor lag, heading 30 degrees
        DifferentialDriveModel m = new DifferentialDriveModel(B, VMAX, 0);
        m.setPose(1, 2, Math.toRadians(30));
        m.setInputs(0.5, 0.5);

        run(m, 3.0, 0.01);

        // then 0.2 m/s for 3 s = 0.6 m along 30 degrees (tolerance 1e-9 m: exact integration)
        assertThat(m.xMeters()).isCloseTo(1 + 0.6 * Math.cos(Math.toRadians(30)), within(1e-9));
        assertThat(m.yMeters()).isCloseTo(2 + 0.6 * Math.sin(Math.toRadians(30)), within(1e-9));
        assertThat(m.headingRadians()).isCloseTo(Math.toRadians(30), within(1e-12));
        assertThat(m.leftDistanceMeters()).isCloseTo(0.6, within(1e-9));
    }

    @Test
    void shouldSpinInPlaceAtTwoVOverBWhenDutiesOpposite() {
        DifferentialDriveModel m = new DifferentialDriveModel(B, VMAX, 0);
        m.setInputs(-0.25, 0.25); // wheels at -0.1 / +0.1 m/s

        run(m, 1.0, 0.005);

        // then yaw rate 0.2 / 0.15 rad/s, position unchanged (1e-9)
        assertThat(m.yawRateRadPerS()).isCloseTo(0.2 / B, within(1e-12));
        assertThat(m.headingRadians()).isCloseTo(0.2 / B, within(1e-9));
        assertThat(m.xMeters()).isCloseTo(0, within(1e-9));
        assertThat(m.yMeters()).isCloseTo(0, within(1e-9));
    }

    @Test
    void shouldFollowCircleOfClosedFormRadiusWhenDutiesDiffer() {
        // given wheels at 0.2 and 0.4 m/s: R = B/2 (vr + vl)/(vr - vl) = 0.225 m, w = 0.2/B rad/s
        DifferentialDriveModel m = new DifferentialDriveModel(B, VMAX, 0);
        m.setInputs(0.5, 1.0);
        double omega = 0.2 / B;
        double radius = B / 2 * 3;
        double halfPeriod = Math.PI / omega;

        // when driving exactly half a circle in steps that divide it
        int n = 1000;
        for (int i = 0; i < n; i++) {
            m.update(halfPeriod / n);
        }

        // then the robot is on the far side of the circle centred at (0, R), heading back (1e-9)
        assertThat(m.xMeters()).isCloseTo(0, within(1e-9));
        assertThat(m.yMeters()).isCloseTo(2 * radius, within(1e-9));
        assertThat(Math.abs(m.headingRadians())).isCloseTo(Math.PI, within(1e-9));
    }

    @Test
    void shouldApproachTargetSpeedWithFirstOrderLag() {
        // given a 0.1 s motor time constant, full forward from rest
        double tau = 0.1;
        DifferentialDriveModel m = new DifferentialDriveModel(B, VMAX, tau);
        m.setInputs(1, 1);

        run(m, tau, 0.001);

        // then v(tau) = VMAX (1 - 1/e), x(tau) = VMAX (tau - tau (1 - 1/e)) (1e-9)
        assertThat(m.forwardSpeedMps()).isCloseTo(VMAX * (1 - Math.exp(-1)), within(1e-9));
        assertThat(m.xMeters()).isCloseTo(VMAX * (tau - tau * (1 - Math.exp(-1))), within(1e-9));
    }

    @Test
    void shouldRejectDutyOutsideRangeWithValue() {
        DifferentialDriveModel m = new DifferentialDriveModel(B, VMAX, 0);
        assertThatThrownBy(() -> m.setInputs(0, 1.5)).hasMessage("right duty must be in [-1, 1]; was 1.5");
        assertThatThrownBy(() -> m.update(-0.1)).hasMessage("dtSeconds must be finite and >= 0; was -0.1");
        assertThatThrownBy(() -> new DifferentialDriveModel(0, VMAX, 0)).hasMessage("wheelBaseMeters must be > 0; was 0.0");
    }
}
