package io.wally.hal.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OccupancyGridReaderTest {

    @TempDir
    Path dir;

    /**
     * 3 x 2 image, top row first:
     * <pre>
     *   row 0 (top, y = 0.1..0.2):    254   0   205
     *   row 1 (bottom, y = 0..0.1):     0 254   254
     * </pre>
     * 254 = free, 0 = occupied, 205 = unknown (occupancy 0.196..0.65) - a wall for the simulator.
     */
    private void writeP5(String name) throws IOException {
        byte[] header = "P5\n# test image\n3 2\n255\n".getBytes(StandardCharsets.US_ASCII);
        byte[] pixels = {(byte) 254, 0, (byte) 205, 0, (byte) 254, (byte) 254};
        byte[] all = new byte[header.length + pixels.length];
        System.arraycopy(header, 0, all, 0, header.length);
        System.arraycopy(pixels, 0, all, header.length, pixels.length);
        Files.write(dir.resolve(name), all);
    }

    private Path yaml(String body) throws IOException {
        return Files.writeString(dir.resolve("map.yaml"), body);
    }

    @Test
    void shouldReadRosMapWithTopImageRowAsLargestY() throws IOException {
        writeP5("map.pgm");
        Path file = yaml("""
                image: map.pgm   # relative to this file
                resolution: 0.1
                origin: [-0.5, 2.0, 0.0]
                negate: 0
                occupied_thresh: 0.65
                free_thresh: 0.196
                """);

        WorldGrid grid = WorldGridReader.readRosMap(file);

        assertThat(grid.widthCells()).isEqualTo(3);
        assertThat(grid.heightCells()).isEqualTo(2);
        assertThat(grid.originX()).isEqualTo(-0.5);
        // bottom row (image row 1): occupied, free, free
        assertThat(grid.occupied(0, 0)).isTrue();
        assertThat(grid.occupied(1, 0)).isFalse();
        assertThat(grid.occupied(2, 0)).isFalse();
        // top row (image row 0): free, occupied, unknown = occupied
        assertThat(grid.occupied(0, 1)).isFalse();
        assertThat(grid.occupied(1, 1)).isTrue();
        assertThat(grid.occupied(2, 1)).isTrue();
        // world lookups
        assertThat(grid.col(-0.45)).isZero();
        assertThat(grid.row(2.15)).isEqualTo(1);
        assertThat(grid.occupied(3, 0)).isTrue(); // outside
    }

    @Test
    void shouldReadAsciiPgmAndHonourNegate() throws IOException {
        Files.writeString(dir.resolve("a.pgm"), "P2\n2 1\n# max\n15\n15 0\n");
        Path file = yaml("image: a.pgm\nresolution: 1\norigin: [0, 0, 0]\nnegate: 1\nfree_thresh: 0.2\n");

        WorldGrid grid = WorldGridReader.readRosMap(file);

        // negate: bright is occupied
        assertThat(grid.occupied(0, 0)).isTrue();
        assertThat(grid.occupied(1, 0)).isFalse();
    }

    @Test
    void shouldNameFileAndProblemWhenInputIsBad() throws IOException {
        writeP5("map.pgm");
        assertThatThrownBy(() -> WorldGridReader.readRosMap(yaml("image: map.pgm\norigin: [0, 0, 0]\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("map.yaml: missing key 'resolution'");
        assertThatThrownBy(() -> WorldGridReader.readRosMap(
                yaml("image: map.pgm\nresolution: fine\norigin: [0, 0, 0]\n")))
                .hasMessageEndingWith("map.yaml line 2: resolution must be a number; was 'fine'");
        assertThatThrownBy(() -> WorldGridReader.readRosMap(
                yaml("image: map.pgm\nresolution: 0.1\norigin: [0, 0, 0.5]\n")))
                .hasMessageContaining("yaw must be 0");

        Files.write(dir.resolve("short.pgm"), "P5\n3 2\n255\n\u0001\u0002".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> WorldGridReader.readRosMap(
                yaml("image: short.pgm\nresolution: 0.1\norigin: [0, 0, 0]\n")))
                .hasMessageEndingWith("short.pgm: image data ends at pixel (2, 0)");
    }
}
