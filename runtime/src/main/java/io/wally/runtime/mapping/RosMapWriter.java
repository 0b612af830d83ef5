package io.wally.runtime.mapping;

import io.wally.maps.importer.CellState;
import io.wally.maps.mapping.LogOddsGrid;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a {@link LogOddsGrid} as a ROS {@code map_server} map: a YAML file and a binary PGM ({@code P5}) beside
 * it, as {@code map_saver} writes them (trinary: 0 occupied, 254 free, 205 unknown; thresholds 0.65 / 0.196;
 * origin the lower-left corner of the bounding box of the touched cells, row 0 of the image the top row), so the
 * map opens in ROS tools and in {@code wally map info} / {@code wally sim --map}.
 *
 * <p>Stateless; reads the grid on the caller's thread (its writer, or after the run).
 */
public final class RosMapWriter {

    /** PGM value of an occupied cell. */
    public static final int OCCUPIED = 0;
    /** PGM value of a free cell. */
    public static final int FREE = 254;
    /** PGM value of an unknown cell ({@code (255 - 205) / 255} lies between the two thresholds). */
    public static final int UNKNOWN = 205;

    private RosMapWriter() {
    }

    /**
     * Writes {@code yamlFile} and the PGM named after it ({@code house.yaml} -> {@code house.pgm}), with one
     * cell of unknown margin around the touched cells.
     *
     * @return the PGM file written
     * @throws IllegalArgumentException when the grid is empty or the file name does not end in {@code .yaml}
     */
    public static Path write(LogOddsGrid grid, Path yamlFile) throws IOException {
        String name = yamlFile.getFileName().toString();
        if (!name.endsWith(".yaml") && !name.endsWith(".yml")) {
            throw new IllegalArgumentException("the map file must end in .yaml; was " + yamlFile);
        }
        if (grid.isEmpty()) {
            throw new IllegalArgumentException("nothing mapped: the grid is empty");
        }
        Path pgm = yamlFile.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".pgm");
        int c0 = grid.minCol() - 1;
        int r0 = grid.minRow() - 1;
        int width = grid.maxCol() + 1 - c0 + 1;
        int height = grid.maxRow() + 1 - r0 + 1;
        byte[] pixels = new byte[width * height];
        for (int y = 0; y < height; y++) {
            int row = r0 + height - 1 - y; // image row 0 is the map's top
            for (int x = 0; x < width; x++) {
                CellState s = grid.state(c0 + x, row);
                pixels[y * width + x] = (byte) (s == CellState.OCCUPIED ? OCCUPIED : s == CellState.FREE ? FREE : UNKNOWN);
            }
        }
        Path dir = yamlFile.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        try (OutputStream out = Files.newOutputStream(pgm)) {
            out.write(String.format(Locale.ROOT, "P5\n# WALLY explored map\n%d %d\n255\n", width, height).getBytes(StandardCharsets.US_ASCII));
            out.write(pixels);
        }
        double res = grid.resolutionMeters();
        double originX = grid.centreX(c0) - res / 2;
        double originY = grid.centreY(r0) - res / 2;
        Files.writeString(yamlFile, String.format(Locale.ROOT, """
                # Written by WALLY from a mapped log-odds grid (ROS map_server format, docs/mapping.md).
                image: %s
                resolution: %s
                origin: [%.4f, %.4f, 0.0]
                negate: 0
                occupied_thresh: %s
                free_thresh: %s
                mode: trinary
                """, pgm.getFileName(), res, originX, originY, LogOddsGrid.OCCUPIED_PROBABILITY, LogOddsGrid.FREE_PROBABILITY));
        return pgm;
    }
}
