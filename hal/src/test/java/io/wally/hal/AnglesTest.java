package io.wally.hal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AnglesTest {

    @Test
    void shouldWrapIntoHalfOpenRangeAroundZero() {
        assertThat(Angles.wrap(0.5)).isEqualTo(0.5);
        assertThat(Angles.wrap(Math.PI)).isEqualTo(Math.PI);
        assertThat(Angles.wrap(-Math.PI)).isEqualTo(Math.PI);
        assertThat(Angles.wrap(3 * Math.PI / 2)).isCloseTo(-Math.PI / 2, within(1e-12));
        assertThat(Angles.wrap(-3 * Math.PI / 2)).isCloseTo(Math.PI / 2, within(1e-12));
        assertThat(Angles.wrap(1e9)).isBetween(-Math.PI, Math.PI).isNotEqualTo(-Math.PI);
    }

    @Test
    void shouldGiveNaNForNonFiniteInputInsteadOfLooping() {
        assertThat(Angles.wrap(Double.POSITIVE_INFINITY)).isNaN();
        assertThat(Angles.wrap(Double.NaN)).isNaN();
    }
}
