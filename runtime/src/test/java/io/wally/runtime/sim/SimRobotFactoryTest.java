package io.wally.runtime.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.wally.hal.sim.SimRobot;
import io.wally.hal.sim.WorldGrid;
import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimRobotFactoryTest {

    private final WallyConfig sim = new ConfigLoader().load(Path.of("../robot-config/sim.yaml"));

    @Test
    void shouldLoadHouseGridThroughNamedPlacesFile() {
        WorldGrid grid = SimRobotFactory.grid(Path.of(sim.map().file()));

        // house-grid.yaml: 200 x 160 cells of 5 cm from (0, 0)
        assertThat(grid.widthCells()).isEqualTo(200);
        assertThat(grid.heightCells()).isEqualTo(160);
        assertThat(grid.resolutionMeters()).isEqualTo(0.05);
        // the dock (1, 1) is free; the outer wall is not
        assertThat(grid.occupied(grid.col(1.0), grid.row(1.0))).isFalse();
        assertThat(grid.occupied(0, 0)).isTrue();
    }

    @Test
    void shouldPlaceRobotAtConfiguredStartWithConfiguredGeometry() {
        try (SimRobot robot = SimRobotFactory.create(sim, Path.of(sim.map().file()))) {
            assertThat(robot.truePose().xMeters()).isEqualTo(sim.sim().startX());
            assertThat(robot.truePose().yMeters()).isEqualTo(sim.sim().startY());
            assertThat(robot.settings().wheelBaseMeters()).isEqualTo(sim.drive().wheelBaseMeters());
            assertThat(robot.settings().maxWheelSpeedMps()).isEqualTo(sim.drive().maxSpeedMps());
            assertThat(robot.rangeSensors()).hasSameSizeAs(sim.sensors().rangers());

            // driving at duty 0.5 for 1 s moves about maxSpeed / 2 (motor lag: 0.1 s, noise 1 %)
            robot.motors().setDuty(0.5, 0.5);
            robot.advanceSeconds(1.0);
            double expected = sim.drive().maxSpeedMps() / 2 * (1 - 0.1 * (1 - Math.exp(-10)));
            assertThat(robot.truePose().xMeters() - sim.sim().startX()).isCloseTo(expected, within(1e-6));
        }
    }

    @Test
    void shouldNameMapFileWithoutGrid(@TempDir Path dir) throws IOException {
        Path places = Files.writeString(dir.resolve("places.yaml"), "places:\n  - {name: a, x: 0, y: 0}\n");

        assertThatThrownBy(() -> SimRobotFactory.grid(places))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("places.yaml has neither 'image:'");
        assertThatThrownBy(() -> SimRobotFactory.grid(dir.resolve("missing.yaml")))
                .hasMessageEndingWith("missing.yaml does not exist");
    }

    @Test
    void shouldRefuseAMapFileWithADuplicateKeyOrAnAliasWithItsLine(@TempDir Path dir) throws IOException {
        // given: before, the last 'grid' won silently, and an alias was read as its name
        Path dup = Files.writeString(dir.resolve("dup.yaml"), "grid: a.yaml\ngrid: b.yaml\nplaces: []\n");
        Path alias = Files.writeString(dir.resolve("alias.yaml"), "x: &g house-grid.yaml\ngrid: *g\n");

        assertThatThrownBy(() -> SimRobotFactory.grid(dup)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("map file " + dup + " line 2: duplicate key 'grid' (each key may appear once in a mapping)");
        assertThatThrownBy(() -> SimRobotFactory.grid(alias)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("map file " + alias + " line 2: anchors and aliases are not supported in wally files:"
                        + " write the value of *g out in full");
    }
}
