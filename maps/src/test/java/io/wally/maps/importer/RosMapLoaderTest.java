package io.wally.maps.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.wally.maps.ReferenceGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RosMapLoaderTest {

    // tiny.pgm, 4 x 3, resolution 0.5, origin (1, 2):
    //   row 0:  free free OCC  free
    //   row 1:  free UNK  OCC  free
    //   row 2:  free free free free      (bottom row, y in [2.0, 2.5))

    @Test
    void shouldClassifyCellsWhenReadingPlainPgm() {
        OccupancyGrid grid = RosMapLoader.load(Resources.path("tiny.yaml"));

        assertThat(grid.width()).isEqualTo(4);
        assertThat(grid.height()).isEqualTo(3);
        assertThat(grid.state(0, 0)).isEqualTo(CellState.FREE);
        assertThat(grid.state(2, 0)).isEqualTo(CellState.OCCUPIED);
        assertThat(grid.state(1, 1)).isEqualTo(CellState.UNKNOWN);
        assertThat(grid.cellCentreX(0, 2)).isCloseTo(1.25, within(1e-9));
        assertThat(grid.cellCentreY(0, 2)).isCloseTo(2.25, within(1e-9));
        assertThat(grid.cellCentreY(0, 0)).isCloseTo(3.25, within(1e-9));
    }

    @Test
    void shouldReadTheSameGridWhenBinaryPgm() {
        OccupancyGrid plain = RosMapLoader.load(Resources.path("tiny.yaml"));
        OccupancyGrid binary = RosMapLoader.load(Resources.path("tiny-p5.yaml"));

        for (int row = 0; row < 3; row++) {
            for (int col = 0; col < 4; col++) {
                assertThat(binary.state(col, row)).isEqualTo(plain.state(col, row));
            }
        }
    }

    @Test
    void shouldInvertWhenNegateIsSet(@TempDir Path dir) throws IOException {
        Files.copy(Resources.path("tiny.pgm"), dir.resolve("tiny.pgm"));
        Path yaml = dir.resolve("map.yaml");
        Files.writeString(yaml, Files.readString(Resources.path("tiny.yaml")).replace("negate: 0", "negate: 1"));

        OccupancyGrid grid = RosMapLoader.load(yaml);

        assertThat(grid.state(0, 0)).isEqualTo(CellState.OCCUPIED);
        assertThat(grid.state(2, 0)).isEqualTo(CellState.FREE);
    }

    @Test
    void shouldBuildBlockedNodesAndNoCornerCuttingWhenEightConnected() {
        OccupancyGrid grid = RosMapLoader.load(Resources.path("tiny.yaml"));

        GridGraph gg = GridGraph.build(grid, 8, UnknownCells.BLOCKED, ReferenceGraph::new);

        try (var g = gg.graph()) {
            assertThat(g.nodeCount()).isEqualTo(12);
            assertThat(g.isBlocked(gg.node(2, 0))).isTrue();
            assertThat(g.isBlocked(gg.node(1, 1))).isTrue();
            // (0,0) -> (1,1) would be diagonal into an unknown cell: absent.
            assertThat(g.hasEdge(gg.node(0, 0), gg.node(1, 0))).isTrue();
            assertThat(g.weight(gg.node(0, 0), gg.node(1, 0))).isEqualTo(0.5f);
            // (3,1) -> (2,2): passes between occupied (2,1) and free (3,2): a corner cut, absent.
            assertThat(g.hasEdge(gg.node(3, 1), gg.node(2, 2))).isFalse();
            assertThat(g.hasEdge(gg.node(3, 1), gg.node(3, 2))).isTrue();
            assertThat(gg.nodeAt(1.25, 2.25)).isEqualTo(gg.node(0, 2));
        }
    }

    @Test
    void shouldTreatUnknownAsFreeWhenConfigured() {
        OccupancyGrid grid = RosMapLoader.load(Resources.path("tiny.yaml"));

        GridGraph gg = GridGraph.build(grid, 4, UnknownCells.FREE, ReferenceGraph::new);

        try (var g = gg.graph()) {
            assertThat(g.isBlocked(gg.node(1, 1))).isFalse();
            assertThat(g.hasEdge(gg.node(1, 1), gg.node(1, 0))).isTrue();
        }
    }

    @Test
    void shouldNameTheLineWhenResolutionIsNegative() {
        assertThatThrownBy(() -> RosMapLoader.load(Resources.path("bad-resolution.yaml")))
                .isInstanceOf(MapFormatException.class)
                .hasMessageContaining("bad-resolution.yaml line 2")
                .hasMessageContaining("resolution must be finite and > 0; was -0.05");
    }

    @Test
    void shouldNameThePixelWhenImageIsTruncated() {
        assertThatThrownBy(() -> RosMapLoader.load(Resources.path("truncated.yaml")))
                .isInstanceOf(MapFormatException.class)
                .hasMessageContaining("truncated.pgm pixel (3, 1)")
                .hasMessageContaining("7 of 12 pixels");
    }

    @Test
    void shouldSayNoSuchImageWhenTheImageIsMissing(@TempDir Path dir) throws IOException {
        Path yaml = dir.resolve("map.yaml");
        Files.writeString(yaml, Files.readString(Resources.path("tiny.yaml")));

        assertThatThrownBy(() -> RosMapLoader.load(yaml))
                .isInstanceOf(MapFormatException.class)
                .hasMessageContaining("tiny.pgm: no such image file");
    }

    @Test
    void shouldNameTheLineWhenYamlIsMalformed(@TempDir Path dir) throws IOException {
        Path yaml = dir.resolve("map.yaml");
        Files.writeString(yaml, "image: x.pgm\nresolution: [0.05\norigin: [0, 0, 0]\n");

        assertThatThrownBy(() -> RosMapLoader.load(yaml))
                .isInstanceOf(MapFormatException.class)
                .hasMessageContaining("map.yaml line")
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void shouldRejectAPgmWithAWrongMagic(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("tiny.pgm"), "P6\n4 3\n255\n");
        Path yaml = dir.resolve("map.yaml");
        Files.writeString(yaml, Files.readString(Resources.path("tiny.yaml")));

        assertThatThrownBy(() -> RosMapLoader.load(yaml)).hasMessageContaining("magic must be P5 or P2");
    }
}
