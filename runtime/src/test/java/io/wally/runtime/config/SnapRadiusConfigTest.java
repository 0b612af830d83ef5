package io.wally.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wally.runtime.agent.PlannerAgent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code map.snapRadiusMeters}: 0.25 m unless set, refused outside [0, 5] with the key named. */
class SnapRadiusConfigTest {

    @TempDir
    Path tmp;

    private final ConfigLoader loader = new ConfigLoader();

    private Path write(String yaml) throws IOException {
        return Files.writeString(tmp.resolve("c.yaml"), yaml);
    }

    @Test
    void shouldDefaultToAQuarterMetreAndTakeAGivenRadius() throws IOException {
        assertThat(loader.load(write("robot:\n  id: r1\n")).map().snapRadiusMeters()).isEqualTo(PlannerAgent.DEFAULT_SNAP_RADIUS_METERS)
                .isEqualTo(0.25);
        assertThat(loader.load(write("robot:\n  id: r1\nmap:\n  snapRadiusMeters: 0.6\n")).map().snapRadiusMeters()).isEqualTo(0.6);
    }

    @Test
    void shouldRefuseARadiusOutOfRangeNamingTheKey() throws IOException {
        Path file = write("robot:\n  id: r1\nmap:\n  snapRadiusMeters: 7\n");
        assertThatThrownBy(() -> loader.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("map.snapRadiusMeters must be in [0, 5]").hasMessageContaining("was 7");
    }
}
