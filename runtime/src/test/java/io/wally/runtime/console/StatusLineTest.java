package io.wally.runtime.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StatusLineTest {

    private static StatusLine sample() {
        return StatusLine.builder().add("t", "12.3s", 9).add("pos", "1.00,1.00", 8).add("hdg", "90\u00b0", 3)
                .add("", "driving", 9).add("goal", "kitchen", 7).add("mqtt", "connected", 10).add("map", "v42", 1);
    }

    @Test
    void shouldShowEveryNamedFieldWhenItFits() {
        assertThat(sample().render(200))
                .isEqualTo("t 12.3s  pos 1.00,1.00  hdg 90\u00b0  driving  goal kitchen  mqtt connected  map v42");
    }

    @Test
    void shouldLeaveOutLeastImportantFieldsFirstWhenNarrow() {
        // when the line is too wide for 61 columns, "map" (1) then "hdg" (3) go; the rest stays whole
        String line = sample().render(61);
        assertThat(line).isEqualTo("t 12.3s  pos 1.00,1.00  driving  goal kitchen  mqtt connected");
        assertThat(line.length()).isEqualTo(61);
        // narrower still: the goal (7), then the position (8) go, the MQTT state (10) stays to the end
        assertThat(sample().render(32)).isEqualTo("t 12.3s  driving  mqtt connected");
        // of two fields equally important (t and the state, 9), the later one goes first
        assertThat(sample().render(31)).isEqualTo("t 12.3s  mqtt connected");
        assertThat(sample().render(20)).isEqualTo("mqtt connected");
    }

    @Test
    void shouldCutSingleFieldTooWideWithMark() {
        assertThat(StatusLine.builder().add("fault", "a very long fault description", 10).render(20))
                .hasSize(20).endsWith("~").startsWith("fault a very");
    }

    @Test
    void shouldCountColumnsByCharacterAndRefuseZeroWidth() {
        assertThat(StatusLine.columns("90\u00b0")).isEqualTo(3);
        assertThat(sample().fields()).hasSize(7);
        assertThatThrownBy(() -> sample().render(0)).hasMessageContaining("was 0");
    }
}
