package io.wally.hal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BatteryCurveTest {

    private final BatteryCurve curve = new BatteryCurve(8.4, 6.4);

    @Test
    void shouldGiveFullAndEmptyAtTheEndsAndClampBeyondThem() {
        assertThat(curve.percent(8.4)).isEqualTo(100.0);
        assertThat(curve.percent(9.0)).isEqualTo(100.0);
        assertThat(curve.percent(6.4)).isEqualTo(0.0);
        assertThat(curve.percent(5.0)).isEqualTo(0.0);
        assertThat(curve.percent(Double.NaN)).isNaN();
    }

    @Test
    void shouldFollowTheLiIonShapeWhenBetweenTheEnds() {
        // 3.84 V per cell is about half charge; 3.69 V about 10 %: the steep knee near empty
        assertThat(curve.percent(7.68)).isCloseTo(50.0, within(1e-9));
        assertThat(curve.percent(7.38)).isCloseTo(10.0, within(1e-9));
        assertThat(curve.percent(7.5)).isBetween(20.0, 30.0);
    }

    @Test
    void shouldRiseWithVoltageAndInvertWhenAskedForTheVoltageOfAPercent() {
        double last = -1;
        for (double v = 6.4; v <= 8.4; v += 0.01) {
            double p = curve.percent(v);
            assertThat(p).isGreaterThanOrEqualTo(last);
            last = p;
        }
        for (int p = 0; p <= 100; p += 7) {
            assertThat(curve.percent(curve.volts(p))).isCloseTo(p, within(1e-9));
        }
        assertThat(curve.volts(-5)).isEqualTo(6.4);
        assertThat(curve.volts(120)).isEqualTo(8.4);
    }

    @Test
    void shouldCorrectForLoadSagWhenGivenTheCurrent() {
        BatteryCurve withResistance = new BatteryCurve(8.4, 6.4, 0.2);

        assertThat(withResistance.percent(7.58, 0.5)).isCloseTo(withResistance.percent(7.68), within(1e-9));
        assertThat(withResistance.percent(7.68, Double.NaN)).isEqualTo(withResistance.percent(7.68));
    }

    @Test
    void shouldFillThePercentOfAnOkReadingAndLeaveAFaultUnknown() {
        BatteryReading ok = new BatteryReading(5, 7.68, 0, 0, Health.OK, "");
        BatteryReading fault = BatteryReading.fault(5, "no bus");

        assertThat(ok.hasPercent()).isFalse();
        assertThat(curve.apply(ok).percent()).isCloseTo(50.0, within(1e-9));
        assertThat(curve.apply(ok).busVolts()).isEqualTo(7.68);
        assertThat(curve.apply(fault).hasPercent()).isFalse();
        assertThat(curve.apply(ok).withHealth(Health.STALE, "old").percent()).isCloseTo(50.0, within(1e-9));
    }

    @Test
    void shouldRefuseCurvesAndPercentsThatMakeNoSense() {
        assertThatThrownBy(() -> new BatteryCurve(6.4, 8.4)).hasMessageContaining("emptyVolts < fullVolts").hasMessageContaining("8.4");
        assertThatThrownBy(() -> new BatteryCurve(8.4, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BatteryCurve(8.4, 6.4, -1)).hasMessageContaining("internalOhms");
        assertThatThrownBy(() -> new BatteryReading(0, 7, 0, 0, 101, Health.OK, "")).hasMessageContaining("101");
    }
}
