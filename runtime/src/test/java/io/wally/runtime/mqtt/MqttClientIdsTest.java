package io.wally.runtime.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-installation MQTT client id: made once, kept in the state directory, reused after a restart. */
class MqttClientIdsTest {

    @TempDir
    Path tmp;

    @Test
    void shouldKeepSuffixAndReuseItWhenStartedAgain() throws Exception {
        // given a state directory that does not exist yet
        Path state = tmp.resolve("store");
        // when the robot starts twice
        String first = MqttClientIds.forRobot("wally-01", state);
        String second = MqttClientIds.forRobot("wally-01", state);
        // then the id carries a random suffix, kept in the directory, and is the same both times
        assertThat(first).matches("wally-wally-01-[a-z2-7]{6}").isEqualTo(second);
        assertThat(state.resolve(MqttClientIds.FILE_NAME)).content().isEqualToIgnoringNewLines(first.substring(first.length() - 6));
        assertThat(first).isNotEqualTo("wally-wally-01");
    }

    @Test
    void shouldDifferBetweenInstallationsWhenRobotIdIsTheSame() {
        assertThat(MqttClientIds.forRobot("wally-01", tmp.resolve("a")))
                .isNotEqualTo(MqttClientIds.forRobot("wally-01", tmp.resolve("b")));
    }

    @Test
    void shouldMakeNewSuffixWhenKeptOneIsGarbage() throws Exception {
        Files.writeString(tmp.resolve(MqttClientIds.FILE_NAME), "not a suffix\n");
        String id = MqttClientIds.forRobot("r", tmp);
        assertThat(id).matches("wally-r-[a-z2-7]{6}");
        assertThat(MqttClientIds.forRobot("r", tmp)).isEqualTo(id);
    }

    @Test
    void shouldStayWithin23CharactersWhenRobotIdIsLong() {
        String id = MqttClientIds.forRobot("a-very-long-robot-identifier", tmp);
        assertThat(id).hasSizeLessThanOrEqualTo(23).startsWith("wally-a-very-lo").matches(".*-[a-z2-7]{6}");
    }
}
