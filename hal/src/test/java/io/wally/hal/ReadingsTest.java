package io.wally.hal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReadingsTest {

    @Test
    void shouldRejectDutyOutsideUnitRangeWithValueInMessage() {
        assertThat(DriveMotors.checkDuty("left", -1.0)).isEqualTo(-1.0);
        assertThat(DriveMotors.checkDuty("left", 1.0)).isEqualTo(1.0);
        assertThatThrownBy(() -> DriveMotors.checkDuty("left", 1.7))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("left duty must be in [-1, 1]; was 1.7");
        assertThatThrownBy(() -> DriveMotors.checkDuty("right", Double.NaN))
                .hasMessage("right duty must be in [-1, 1]; was NaN");
    }

    @Test
    void shouldRejectRangeBeyondMaximumWhenBuildingReading() {
        assertThatThrownBy(() -> RangeReading.ok(0, 4.5, 4.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rangeMeters must be in [0, 4.0]; was 4.5");
        assertThatThrownBy(() -> RangeReading.ok(0, 1.0, 0.0))
                .hasMessage("maxRangeMeters must be > 0; was 0.0");
    }

    @Test
    void shouldReportDetectionOnlyForValidReadingsCloserThanMaximum() {
        assertThat(RangeReading.ok(1, 1.2, 4.0).detected()).isTrue();
        assertThat(RangeReading.ok(1, 4.0, 4.0).detected()).isFalse();
        RangeReading fault = RangeReading.fault(1, 4.0, "no echo within 30 ms");
        assertThat(fault.valid()).isFalse();
        assertThat(fault.detected()).isFalse();
        assertThat(fault.reason()).isEqualTo("no echo within 30 ms");
    }
}
