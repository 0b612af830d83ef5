package io.wally.runtime.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RunTallyTest {

    @Test
    void shouldSumDistanceIgnoringJitterAndCountEachGoalOnce() {
        RunTally tally = new RunTally();
        tally.position(0, 0);
        tally.position(0.001, 0); // standing still: noise
        tally.position(3, 4);
        tally.position(3, 4.001);
        tally.goal(1, false);
        tally.goal(1, true);
        tally.goal(1, true); // still the same arrival
        tally.goal(2, false);
        tally.goal(3, true);

        assertThat(tally.distanceMeters()).isCloseTo(5.0, within(0.01));
        assertThat(tally.goalsReached()).isEqualTo(2);
        assertThat(tally.summary(Duration.ofSeconds(62), "map edits kept in /tmp/s"))
                .isEqualTo("stopped after 1m 02s: drove 5.00 m, 2 goals reached, map edits kept in /tmp/s");
    }

    @Test
    void shouldWriteShortClockAndSingularGoal() {
        RunTally tally = new RunTally();
        tally.goal(7, true);
        assertThat(tally.summary(Duration.ofMillis(4_900), "no map store"))
                .isEqualTo("stopped after 4s: drove 0.00 m, 1 goal reached, no map store");
        assertThat(RunTally.clock(Duration.ofMinutes(125))).isEqualTo("2h 05m");
    }
}
