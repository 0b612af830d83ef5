package io.wally.runtime.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wally.maps.importer.CellState;
import io.wally.maps.importer.OccupancyGrid;
import io.wally.maps.importer.RosMapLoader;
import io.wally.maps.mapping.LogOddsGrid;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RosMapWriterTest {

    /**
     * Cells -2..2 x -1..1 touched: (-2, -1) occupied, (2, 1) free, (0, 0) left between the thresholds; the file
     * read back by the ROS loader has one unknown cell of margin, row 0 at the top, and the origin at the
     * lower-left corner of the margin.
     */
    @Test
    void shouldReadBackTheSameCellsWhenWrittenAsARosMap(@TempDir Path dir) throws Exception {
        try (LogOddsGrid grid = new LogOddsGrid(0.05, 0, 0, -2f, 2f)) {
            grid.add(-2, -1, 2f);
            grid.add(2, 1, -2f);
            grid.add(0, 0, 0.1f);
            Path yaml = dir.resolve("out/explored.yaml");
            Path pgm = RosMapWriter.write(grid, yaml);
            assertThat(pgm).isEqualTo(dir.resolve("out/explored.pgm"));
            assertThat(Files.readString(yaml)).contains("image: explored.pgm", "mode: trinary");

            OccupancyGrid back = RosMapLoader.load(yaml);
            assertThat(back.width()).isEqualTo(7);
            assertThat(back.height()).isEqualTo(5);
            assertThat(back.originX()).isCloseTo(-0.15, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(back.originY()).isCloseTo(-0.10, org.assertj.core.data.Offset.offset(1e-9));
            // image column = col + 3, image row = (height - 1) - (row + 2)
            assertThat(back.state(1, 3)).isEqualTo(CellState.OCCUPIED);
            assertThat(back.state(5, 1)).isEqualTo(CellState.FREE);
            assertThat(back.state(3, 2)).isEqualTo(CellState.UNKNOWN);
            assertThat(back.state(0, 0)).isEqualTo(CellState.UNKNOWN);
        }
    }

    @Test
    void shouldRefuseAnEmptyGridOrANameThatIsNotYaml(@TempDir Path dir) {
        try (LogOddsGrid grid = new LogOddsGrid(0.05, 0, 0, -2f, 2f)) {
            assertThatThrownBy(() -> RosMapWriter.write(grid, dir.resolve("m.yaml"))).hasMessageContaining("empty");
            grid.add(0, 0, -2f);
            assertThatThrownBy(() -> RosMapWriter.write(grid, dir.resolve("m.pgm"))).hasMessageContaining("m.pgm");
        }
    }
}
