package io.wally.runtime.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PoseFusionTest {

    private static final double TICK = 0.001; // metres per tick
    private static final double BASE = 0.15;

    @Test
    void shouldDriveStraightWhenBothWheelsTurnAlike() {
        PoseFusion f = new PoseFusion(TICK, BASE, 0.98, 1.0, 1, 2, 0);
        f.update(0, 0, 0, 0.05);
        for (int i = 1; i <= 20; i++) {
            f.update(i * 10L, i * 10L, 0, 0.05); // 1 cm per update: 0.2 m/s
        }
        assertThat(f.xMeters()).isCloseTo(1.2, within(1e-9));
        assertThat(f.yMeters()).isCloseTo(2.0, within(1e-9));
        assertThat(f.jumped()).isFalse();
    }

    @Test
    void shouldTrustTheGyroForHeadingWhenAWheelSlipsSlightly() {
        // the right wheel reports 2 mm more per update than it travelled (slip): encoders alone would turn
        PoseFusion fused = new PoseFusion(TICK, BASE, 0.98, 1.0, 0, 0, 0);
        PoseFusion encoders = new PoseFusion(TICK, BASE, 0.0, 1.0, 0, 0, 0);
        for (PoseFusion f : new PoseFusion[] {fused, encoders}) {
            f.update(0, 0, 0, 0.05);
            for (int i = 1; i <= 50; i++) {
                f.update(i * 10L, i * 12L, 0.0, 0.05); // the gyro says: no turn
            }
        }
        assertThat(encoders.headingRadians()).isCloseTo(50 * 0.002 / BASE, within(1e-9));
        assertThat(Math.abs(fused.headingRadians())).isLessThan(0.03 * Math.abs(encoders.headingRadians()));
    }

    @Test
    void shouldFlagAJumpAndSettleWhenTheWheelsReportImpossibleTravel() {
        PoseFusion f = new PoseFusion(TICK, BASE, 0.98, 1.0, 0, 0, 0);
        f.update(0, 0, 0, 0.05);
        f.update(500, 500, 0, 0.05); // 0.5 m in 50 ms: picked up and carried, or a glitch
        assertThat(f.jumped()).isTrue();
        assertThat(f.jumps()).isEqualTo(1);
        for (int i = 1; i <= PoseFusion.SETTLE_UPDATES; i++) {
            f.update(500 + i, 500 + i, 0, 0.05);
        }
        assertThat(f.jumped()).isFalse();
        f.update(600, 0, 0, 0.05); // wheels disagree with the gyro by far more than JUMP_RADIANS
        assertThat(f.jumped()).isTrue();
        f.reset(1, 1, 0);
        assertThat(f.jumped()).isFalse();
        assertThat(f.xMeters()).isEqualTo(1.0);
    }

    @Test
    void shouldRefuseAGainOutsideZeroToOne() {
        assertThatThrownBy(() -> new PoseFusion(TICK, BASE, 1.5, 1.0, 0, 0, 0)).hasMessageContaining("was 1.5");
    }
}
