package io.wally.maps.importer;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import javax.imageio.ImageIO;

/**
 * Reads ROS {@code map_server} occupancy grids: a YAML file naming a PGM, PNG or BMP image and its frame.
 *
 * <pre>
 * image: house.pgm            # relative to the YAML file; .pgm, .png or .bmp
 * resolution: 0.05            # metres per cell, &gt; 0
 * origin: [0.0, 0.0, 0.0]     # x, y (metres) of the lower-left pixel's corner; yaw (radians)
 * negate: 0                   # 0: white is free, black is occupied; 1: the reverse
 * occupied_thresh: 0.65       # occupancy probability above which a cell is occupied
 * free_thresh: 0.196          # occupancy probability below which a cell is free
 * mode: trinary               # trinary | scale | raw (optional, default trinary)
 * </pre>
 *
 * <p>Classification, as {@code map_server}'s loader does it: for a pixel value {@code v} of an image
 * with maximum {@code max}, the occupancy probability is {@code p = (max − v) / max} ({@code v / max}
 * with {@code negate: 1}); {@code p > occupied_thresh} is occupied, {@code p < free_thresh} free,
 * anything between unknown (a pixel exactly on a threshold is unknown: both comparisons are strict,
 * as in nav2's {@code map_io.cpp}; only its map <em>saver</em> compares inclusively). A colour pixel's
 * value is the mean of its red, green and blue; in {@code trinary} mode an alpha channel joins that
 * mean, in {@code scale} mode a pixel that is not opaque is unknown. In {@code raw} mode the pixel
 * value is the occupancy in percent: 0..100 compared with the thresholds scaled to percent, and any
 * value above 100 is unknown.
 *
 * <p>PGM: binary {@code P5} and plain {@code P2}, 8- or 16-bit, comments allowed in the header. PNG
 * and BMP (grey, grey with alpha, colour, palette) through {@code javax.imageio}.
 * Errors name the file and the line (YAML) or the pixel / byte offset (PGM). Stateless and
 * thread-safe.
 */
public final class RosMapLoader {

    private RosMapLoader() {
    }

    /** Reads the map YAML at {@code yamlFile} and the image it names into an {@link OccupancyGrid}. */
    public static OccupancyGrid load(Path yamlFile) {
        YamlDoc doc = YamlDoc.read(yamlFile);
        JsonNode root = doc.requireObject(doc.root(), "a ROS map YAML");
        return load(doc, root);
    }

    /** Reads a map whose YAML mapping {@code root} lives in {@code doc} (also used for an inline grid). */
    static OccupancyGrid load(YamlDoc doc, JsonNode root) {
        String image = doc.requireText(root, "image");
        double resolution = doc.requireNumber(root, "resolution");
        if (!(resolution > 0) || Double.isInfinite(resolution)) {
            throw doc.error(doc.where(root, "resolution"), "resolution must be finite and > 0; was " + resolution);
        }
        JsonNode origin = root.get("origin");
        if (origin == null || !origin.isArray() || origin.size() != 3) {
            throw doc.error(doc.where(root, "origin"), "origin must be a list [x, y, yaw]");
        }
        double ox = doc.number(origin.get(0), doc.where(origin, 0), "origin x");
        double oy = doc.number(origin.get(1), doc.where(origin, 1), "origin y");
        double yaw = doc.number(origin.get(2), doc.where(origin, 2), "origin yaw");
        if (!Double.isFinite(ox) || !Double.isFinite(oy) || !Double.isFinite(yaw)) {
            throw doc.error(doc.where(root, "origin"), "origin must be finite numbers");
        }
        double negateValue = doc.optionalNumber(root, "negate", 0);
        if (negateValue != 0 && negateValue != 1) {
            throw doc.error(doc.where(root, "negate"), "negate must be 0 or 1; was " + negateValue);
        }
        boolean negate = negateValue == 1;
        double occupied = doc.requireNumber(root, "occupied_thresh");
        double free = doc.requireNumber(root, "free_thresh");
        if (!(occupied >= 0 && occupied <= 1)) {
            throw doc.error(doc.where(root, "occupied_thresh"), "occupied_thresh must be in [0, 1]; was " + occupied);
        }
        if (!(free >= 0 && free <= 1)) {
            throw doc.error(doc.where(root, "free_thresh"), "free_thresh must be in [0, 1]; was " + free);
        }
        if (free > occupied) {
            throw doc.error(doc.where(root, "free_thresh"), "free_thresh (" + free + ") must not exceed occupied_thresh (" + occupied + ")");
        }
        String mode = doc.has(root, "mode") ? doc.requireText(root, "mode").toLowerCase(Locale.ROOT) : "trinary";
        if (!mode.equals("trinary") && !mode.equals("scale") && !mode.equals("raw")) {
            throw doc.error(doc.where(root, "mode"), "mode must be trinary, scale or raw; was '" + mode + "'");
        }
        Path dir = doc.file().toAbsolutePath().getParent();
        Path imageFile = dir.resolve(image);
        String lower = image.toLowerCase(Locale.ROOT);
        boolean pgmFile = lower.endsWith(".pgm");
        if (!pgmFile && !lower.endsWith(".png") && !lower.endsWith(".bmp")) {
            throw doc.error(doc.where(root, "image"), "image must be a .pgm (P5 or P2), .png or .bmp file; was '" + image + "'");
        }
        Classifier classify = new Classifier(mode, negate, occupied, free);
        if (pgmFile) {
            Pgm pgm = Pgm.read(imageFile);
            CellState[] states = new CellState[pgm.width * pgm.height];
            for (int i = 0; i < states.length; i++) {
                int v = pgm.pixels[i];
                states[i] = classify.cell((double) v / pgm.maxValue, v, true);
            }
            return new OccupancyGrid(pgm.width, pgm.height, resolution, ox, oy, yaw, states);
        }
        BufferedImage picture = readPicture(imageFile);
        int width = picture.getWidth();
        int height = picture.getHeight();
        CellState[] states = new CellState[width * height];
        Raster raster = picture.getRaster();
        boolean grey = picture.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
        boolean alpha = picture.getColorModel().hasAlpha();
        boolean averageAlpha = alpha && mode.equals("trinary");
        double greyMax = grey ? (1 << picture.getColorModel().getComponentSize(0)) - 1 : 255;
        double alphaMax = grey && alpha ? (1 << picture.getColorModel().getComponentSize(1)) - 1 : 255;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                // The mean of the colour channels, as map_server computes it; in trinary mode an alpha
                // channel joins the mean (map_server keeps that for compatibility), in scale mode a pixel
                // that is not opaque is unknown. Grey images are read from their samples: getRGB would
                // convert their linear grey to sRGB and shift every value.
                double shade;
                double opacity;
                if (grey) {
                    double g = raster.getSample(x, y, 0) / greyMax;
                    opacity = alpha ? raster.getSample(x, y, 1) / alphaMax : 1.0;
                    shade = averageAlpha ? (3 * g + opacity) / 4 : g;
                } else {
                    int argb = picture.getRGB(x, y);
                    double r = (argb >>> 16 & 0xFF) / 255.0;
                    double g = (argb >>> 8 & 0xFF) / 255.0;
                    double b = (argb & 0xFF) / 255.0;
                    opacity = (argb >>> 24) / 255.0;
                    shade = averageAlpha ? (r + g + b + opacity) / 4 : (r + g + b) / 3;
                }
                states[y * width + x] = classify.cell(shade, (int) Math.round(shade * 255), opacity >= 1.0);
            }
        }
        return new OccupancyGrid(width, height, resolution, ox, oy, yaw, states);
    }

    /**
     * One pixel to a cell, as {@code map_server}'s loader does it: {@code p = 1 − shade} ({@code shade}
     * with {@code negate: 1}); occupied when {@code occupied_thresh < p}, free when {@code p <
     * free_thresh}, unknown otherwise — both comparisons strict, so a pixel exactly on a threshold is
     * unknown (nav2_map_server map_io.cpp, loadMapFromFile). In raw mode the value 0..100 is the
     * occupancy in percent against the thresholds in percent, above 100 unknown.
     */
    private record Classifier(String mode, boolean negate, double occupied, double free) {
        CellState cell(double shade, int rawValue, boolean opaque) {
            if (mode.equals("raw")) {
                return rawValue > 100 ? CellState.UNKNOWN
                        : rawValue > occupied * 100 ? CellState.OCCUPIED : rawValue < free * 100 ? CellState.FREE : CellState.UNKNOWN;
            }
            if (mode.equals("scale") && !opaque) {
                return CellState.UNKNOWN;
            }
            double p = negate ? shade : 1.0 - shade;
            return occupied < p ? CellState.OCCUPIED : p < free ? CellState.FREE : CellState.UNKNOWN;
        }
    }

    private static BufferedImage readPicture(Path file) {
        BufferedImage picture;
        try {
            picture = ImageIO.read(file.toFile());
        } catch (IOException e) {
            if (!Files.exists(file)) {
                throw new MapFormatException(file, "", "no such image file");
            }
            throw new MapFormatException(file, "", "cannot read the image: " + e.getMessage(), e);
        }
        if (picture == null) {
            throw new MapFormatException(file, "", Files.exists(file) ? "not an image this reader knows (PNG or BMP)" : "no such image file");
        }
        if ((long) picture.getWidth() * picture.getHeight() > 100_000_000L) {
            throw new MapFormatException(file, "header", "image size must be at most 100 million pixels; was "
                    + picture.getWidth() + " x " + picture.getHeight());
        }
        return picture;
    }

    /** A decoded PGM image: pixel values row-major, row 0 at the top. */
    static final class Pgm {
        final int width;
        final int height;
        final int maxValue;
        final int[] pixels;

        private Pgm(int width, int height, int maxValue, int[] pixels) {
            this.width = width;
            this.height = height;
            this.maxValue = maxValue;
            this.pixels = pixels;
        }

        static Pgm read(Path file) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                return new Reader(file, in).read();
            } catch (NoSuchFileException e) {
                throw new MapFormatException(file, "", "no such image file");
            } catch (IOException e) {
                throw new MapFormatException(file, "", "cannot read: " + e.getMessage(), e);
            }
        }
    }

    private static final class Reader {
        private final Path file;
        private final InputStream in;
        private long offset;
        private int peeked = -2;

        Reader(Path file, InputStream in) {
            this.file = file;
            this.in = in;
        }

        Pgm read() throws IOException {
            int m1 = readByte();
            int m2 = readByte();
            if (m1 != 'P' || (m2 != '5' && m2 != '2')) {
                throw new MapFormatException(file, "byte 0", "not a PGM image: magic must be P5 or P2");
            }
            boolean binary = m2 == '5';
            int width = headerNumber("width");
            int height = headerNumber("height");
            int max = headerNumber("maximum value");
            if (width < 1 || height < 1 || (long) width * height > 100_000_000L) {
                throw new MapFormatException(file, "header", "image size must be between 1 x 1 and 100 million pixels; was " + width + " x " + height);
            }
            if (max < 1 || max > 65535) {
                throw new MapFormatException(file, "header", "maximum value must be in [1, 65535]; was " + max);
            }
            int[] pixels = new int[width * height];
            if (binary) {
                // Exactly one whitespace byte separates the header from the raster.
                readByte();
                boolean wide = max > 255;
                for (int i = 0; i < pixels.length; i++) {
                    int v = readByte();
                    if (v < 0) {
                        throw truncated(i, width, pixels.length);
                    }
                    if (wide) {
                        int lo = readByte();
                        if (lo < 0) {
                            throw truncated(i, width, pixels.length);
                        }
                        v = (v << 8) | lo;
                    }
                    if (v > max) {
                        throw new MapFormatException(file, "pixel (" + i % width + ", " + i / width + ")", "value " + v + " exceeds the maximum " + max);
                    }
                    pixels[i] = v;
                }
            } else {
                for (int i = 0; i < pixels.length; i++) {
                    int v = number(true);
                    if (v == -1) {
                        throw truncated(i, width, pixels.length);
                    }
                    if (v > max) {
                        throw new MapFormatException(file, "pixel (" + i % width + ", " + i / width + ")", "value " + v + " exceeds the maximum " + max);
                    }
                    pixels[i] = v;
                }
            }
            return new Pgm(width, height, max, pixels);
        }

        private MapFormatException truncated(int i, int width, int total) {
            return new MapFormatException(file, "pixel (" + i % width + ", " + i / width + ")",
                    "image data ends early: " + i + " of " + total + " pixels present");
        }

        private int headerNumber(String what) throws IOException {
            int v = number(true);
            if (v < 0) {
                throw new MapFormatException(file, "byte " + offset, "bad PGM header: missing or invalid " + what);
            }
            return v;
        }

        /** Reads a decimal number after whitespace and comments; -1 at end of file, -2 for a non-digit. */
        private int number(boolean allowComments) throws IOException {
            int c = readByte();
            while (c == ' ' || c == '\t' || c == '\n' || c == '\r' || (allowComments && c == '#')) {
                if (c == '#') {
                    while (c != '\n' && c != '\r' && c >= 0) {
                        c = readByte();
                    }
                }
                c = readByte();
            }
            if (c < 0) {
                return -1;
            }
            if (c < '0' || c > '9') {
                throw new MapFormatException(file, "byte " + (offset - 1), "expected a decimal number, found '" + (char) c + "'");
            }
            long v = 0;
            while (c >= '0' && c <= '9') {
                v = v * 10 + (c - '0');
                if (v > Integer.MAX_VALUE) {
                    throw new MapFormatException(file, "byte " + offset, "number too large");
                }
                c = peek();
                if (c >= '0' && c <= '9') {
                    readByte();
                }
            }
            return (int) v;
        }

        private int peek() throws IOException {
            if (peeked == -2) {
                peeked = in.read();
            }
            return peeked;
        }

        private int readByte() throws IOException {
            int c;
            if (peeked != -2) {
                c = peeked;
                peeked = -2;
            } else {
                c = in.read();
            }
            if (c >= 0) {
                offset++;
            }
            return c;
        }
    }
}
