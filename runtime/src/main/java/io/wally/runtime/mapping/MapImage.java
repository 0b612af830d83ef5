package io.wally.runtime.mapping;

import io.wally.hal.sim.WorldGrid;
import io.wally.maps.importer.CellState;
import io.wally.maps.mapping.LogOddsGrid;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Draws the true grid and a mapped grid side by side as a PNG (white free, black occupied, grey unknown; the
 * robot's driven track in red on the mapped side), for a person to look at. Stateless.
 */
public final class MapImage {

    private static final int SCALE = 3;
    private static final int GAP = 10;

    private MapImage() {
    }

    /** Writes the picture to {@code out}; {@code trackXY} holds x, y pairs in metres. */
    public static void write(Path out, WorldGrid truth, LogOddsGrid map, double[] trackXY, int trackPoints) {
        int w = truth.widthCells();
        int h = truth.heightCells();
        BufferedImage img = new BufferedImage((2 * w) * SCALE + GAP, h * SCALE, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                img.setRGB(x, y, 0x3060a0);
            }
        }
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                int truthRgb = truth.occupied(c, r) ? 0x000000 : 0xffffff;
                CellState s = map.state(map.colAt(truth.centerX(c)), map.rowAt(truth.centerY(r)));
                int mapRgb = switch (s) {
                    case FREE -> 0xffffff;
                    case OCCUPIED -> 0x000000;
                    case UNKNOWN -> 0x9a9a9a;
                };
                fill(img, c * SCALE, (h - 1 - r) * SCALE, truthRgb);
                fill(img, w * SCALE + GAP + c * SCALE, (h - 1 - r) * SCALE, mapRgb);
            }
        }
        for (int i = 0; i < trackPoints; i++) {
            int c = truth.col(trackXY[2 * i]);
            int r = truth.row(trackXY[2 * i + 1]);
            if (truth.contains(c, r)) {
                img.setRGB(w * SCALE + GAP + c * SCALE + 1, (h - 1 - r) * SCALE + 1, 0xe02020);
            }
        }
        try {
            ImageIO.write(img, "png", out.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
    }

    private static void fill(BufferedImage img, int x0, int y0, int rgb) {
        for (int dy = 0; dy < SCALE; dy++) {
            for (int dx = 0; dx < SCALE; dx++) {
                img.setRGB(x0 + dx, y0 + dy, rgb);
            }
        }
    }
}
