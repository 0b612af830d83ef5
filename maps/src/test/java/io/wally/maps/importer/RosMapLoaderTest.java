package io.wally.maps.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.wally.maps.ReferenceGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.awt.image.BufferedImage;
import javax.imageio.ImageIO;
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

    /** Writes {@code pixels} (rows top first) as a PNG of {@code type} beside a copy of tiny.yaml naming it. */
    private static Path pngMap(Path dir, int type, int[][] argb, String yamlEdits) throws IOException {
        BufferedImage image = new BufferedImage(argb[0].length, argb.length, type);
        for (int y = 0; y < argb.length; y++) {
            for (int x = 0; x < argb[y].length; x++) {
                if (type == BufferedImage.TYPE_BYTE_GRAY) {
                    image.getRaster().setSample(x, y, 0, argb[y][x] & 0xFF);
                } else {
                    image.setRGB(x, y, argb[y][x]);
                }
            }
        }
        ImageIO.write(image, "png", dir.resolve("map.png").toFile());
        Path yaml = dir.resolve("map.yaml");
        Files.writeString(yaml, Files.readString(Resources.path("tiny.yaml")).replace("tiny.pgm", "map.png") + yamlEdits);
        return yaml;
    }

    private static int grey(int v) {
        return 0xFF000000 | v << 16 | v << 8 | v;
    }

    @Test
    void shouldReadTheSameGridWhenImageIsGreyPng(@TempDir Path dir) throws IOException {
        // given tiny.pgm's pixels as an 8-bit grey PNG (nav2's own test map names a PNG)
        int[][] pixels = {{254, 254, 0, 254}, {254, 205, 0, 254}, {254, 254, 254, 254}};
        Path yaml = pngMap(dir, BufferedImage.TYPE_BYTE_GRAY, pixels, "");
        // when
        OccupancyGrid png = RosMapLoader.load(yaml);
        OccupancyGrid pgm = RosMapLoader.load(Resources.path("tiny.yaml"));
        // then
        for (int row = 0; row < 3; row++) {
            for (int col = 0; col < 4; col++) {
                assertThat(png.state(col, row)).as("cell (%d, %d)", col, row).isEqualTo(pgm.state(col, row));
            }
        }
    }

    @Test
    void shouldAverageColourChannelsWhenImageIsColourPng(@TempDir Path dir) throws IOException {
        // given red (mean 85: p = 0.67, occupied), yellow (mean 170: p = 0.33, unknown), white, black
        int[][] pixels = {{0xFFFF0000, 0xFFFFFF00, 0xFFFFFFFF, 0xFF000000}};
        OccupancyGrid grid = RosMapLoader.load(pngMap(dir, BufferedImage.TYPE_INT_RGB, pixels, ""));
        assertThat(grid.state(0, 0)).isEqualTo(CellState.OCCUPIED);
        assertThat(grid.state(1, 0)).isEqualTo(CellState.UNKNOWN);
        assertThat(grid.state(2, 0)).isEqualTo(CellState.FREE);
        assertThat(grid.state(3, 0)).isEqualTo(CellState.OCCUPIED);
    }

    @Test
    void shouldTreatAlphaAsMapServerDoesWhenPngHasTransparency(@TempDir Path dir) throws IOException {
        // given a white pixel that is fully transparent, and an opaque white one
        int[][] pixels = {{0x00FFFFFF, 0xFFFFFFFF}};
        // trinary: alpha joins the mean (3 x 1.0 + 0) / 4 = 0.75 -> p = 0.25: unknown
        OccupancyGrid trinary = RosMapLoader.load(pngMap(dir, BufferedImage.TYPE_INT_ARGB, pixels, ""));
        assertThat(trinary.state(0, 0)).isEqualTo(CellState.UNKNOWN);
        assertThat(trinary.state(1, 0)).isEqualTo(CellState.FREE);
        // scale: a pixel that is not opaque is unknown whatever its colour
        OccupancyGrid scale = RosMapLoader.load(pngMap(dir, BufferedImage.TYPE_INT_ARGB, pixels, "mode: scale\n"));
        assertThat(scale.state(0, 0)).isEqualTo(CellState.UNKNOWN);
        assertThat(scale.state(1, 0)).isEqualTo(CellState.FREE);
    }

    @Test
    void shouldLeavePixelExactlyOnThresholdUnknownAsMapServerLoaderDoes(@TempDir Path dir) throws IOException {
        // given a PGM of maximum 4, so that p = (4 - v) / 4 is exact: v = 1 -> 0.75, v = 3 -> 0.25
        Files.writeString(dir.resolve("steps.pgm"), "P2\n4 1\n4\n1 3 0 4\n");
        Path yaml = dir.resolve("map.yaml");
        Files.writeString(yaml, "image: steps.pgm\nresolution: 1\norigin: [0, 0, 0]\noccupied_thresh: 0.75\nfree_thresh: 0.25\n");
        // when
        OccupancyGrid grid = RosMapLoader.load(yaml);
        // then on the thresholds: unknown (nav2 map_io.cpp: occupied_thresh < occ, occ < free_thresh)
        assertThat(grid.state(0, 0)).isEqualTo(CellState.UNKNOWN);
        assertThat(grid.state(1, 0)).isEqualTo(CellState.UNKNOWN);
        // beyond each: occupied and free
        assertThat(grid.state(2, 0)).isEqualTo(CellState.OCCUPIED);
        assertThat(grid.state(3, 0)).isEqualTo(CellState.FREE);
    }

    @Test
    void shouldNameTheFileWhenPngIsNotAnImage(@TempDir Path dir) throws IOException {
        Path yaml = pngMap(dir, BufferedImage.TYPE_BYTE_GRAY, new int[][] {{0}}, "");
        Files.writeString(dir.resolve("map.png"), "not a png");
        assertThatThrownBy(() -> RosMapLoader.load(yaml)).isInstanceOf(MapFormatException.class)
                .hasMessageContaining("map.png").hasMessageContaining("not an image");
    }
}
