package io.wally.runtime.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SimDurationsTest {

    @Test
    void shouldParseUnitsAndPlainSeconds() {
        assertThat(SimDurations.parse("120s")).isEqualTo(Duration.ofSeconds(120));
        assertThat(SimDurations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(SimDurations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(SimDurations.parse("1.5")).isEqualTo(Duration.ofMillis(1500));
        assertThat(SimDurations.parse("1h")).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void shouldRejectNonsenseWithTheText() {
        assertThatThrownBy(() -> SimDurations.parse("soon"))
                .hasMessage("duration must look like 120s, 2m, 500ms or 90 (seconds); was 'soon'");
        assertThatThrownBy(() -> SimDurations.parse("0s")).hasMessage("duration must be > 0; was '0s'");
    }
}
