package io.wally.hal.sim;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a ROS {@code map_server} occupancy grid (a YAML file plus a PGM image) for the simulator, without
 * depending on the maps module.
 *
 * <p>YAML keys (one {@code key: value} per line, {@code #} comments): {@code image} (relative to the YAML
 * file), {@code resolution}, {@code origin: [x, y, yaw]} (yaw must be 0), {@code negate},
 * {@code free_thresh}, {@code mode} ({@code trinary} or {@code scale}). A pixel
 * {@code p} has occupancy {@code (maxval - p) / maxval} (or {@code p / maxval} with {@code negate: 1}); below
 * {@code free_thresh} it is free, otherwise occupied or unknown — and for a physical simulation an unknown
 * cell is a wall, so {@code occupied_thresh} is not needed. The image's top row is the grid's top (largest y).
 *
 * <p>PGM: binary {@code P5} and ASCII {@code P2}, maxval up to 65535, comments in the header.
 *
 * <p>Errors name the file and what is wrong (and the line or pixel where one applies), as
 * {@link IllegalArgumentException} for bad content and {@link IOException} for unreadable files.
 * Stateless; thread-safe.
 */
public final class WorldGridReader {

    private WorldGridReader() {
    }

    /** Reads the grid described by a ROS map_server YAML file. */
    public static WorldGrid readRosMap(Path yamlFile) throws IOException {
        List<String> lines = Files.readAllLines(yamlFile, StandardCharsets.UTF_8);
        Map<String, String> keys = new HashMap<>();
        Map<String, Integer> lineOf = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = stripComment(lines.get(i)).strip();
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(yamlFile + " line " + (i + 1) + ": expected 'key: value'; was '"
                        + line + "'");
            }
            keys.put(line.substring(0, colon).strip(), unquote(line.substring(colon + 1).strip()));
            lineOf.put(line.substring(0, colon).strip(), i + 1);
        }
        String image = required(keys, "image", yamlFile);
        double resolution = number(keys, lineOf, "resolution", yamlFile, Double.NaN);
        String originText = required(keys, "origin", yamlFile);
        double[] origin = origin(originText, yamlFile, lineOf.get("origin"));
        boolean negate = number(keys, lineOf, "negate", yamlFile, 0) != 0;
        double freeThresh = number(keys, lineOf, "free_thresh", yamlFile, 0.196);
        String mode = keys.getOrDefault("mode", "trinary");
        if (!mode.equals("trinary") && !mode.equals("scale")) {
            throw new IllegalArgumentException(yamlFile + " line " + lineOf.get("mode")
                    + ": mode must be trinary or scale for the simulator; was " + mode);
        }
        if (origin[2] != 0) {
            throw new IllegalArgumentException(yamlFile + " line " + lineOf.get("origin")
                    + ": a rotated origin (yaw " + origin[2] + ") is not supported; yaw must be 0");
        }
        Path imageFile = yamlFile.toAbsolutePath().getParent().resolve(image);
        return readPgm(imageFile, resolution, origin[0], origin[1], negate, freeThresh);
    }

    /**
     * Reads a PGM image as a grid: a pixel is free only when its occupancy is below {@code freeThresh};
     * occupied and unknown pixels are both walls to the simulator (so {@code occupied_thresh} does not matter).
     */
    private static WorldGrid readPgm(Path pgmFile, double resolutionMeters, double originX, double originY,
            boolean negate, double freeThresh) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(pgmFile))) {
            String magic = token(in);
            boolean binary = switch (magic) {
                case "P5" -> true;
                case "P2" -> false;
                default -> throw new IllegalArgumentException(pgmFile + ": not a PGM image (magic " + magic
                        + ", expected P5 or P2)");
            };
            int width = positive(token(in), "width", pgmFile);
            int height = positive(token(in), "height", pgmFile);
            int maxval = positive(token(in), "maxval", pgmFile);
            if (maxval > 65535) {
                throw new IllegalArgumentException(pgmFile + ": maxval must be <= 65535; was " + maxval);
            }
            BitSet bits = new BitSet(width * height);
            for (int imageRow = 0; imageRow < height; imageRow++) {
                int row = height - 1 - imageRow;
                for (int col = 0; col < width; col++) {
                    int raw = binary ? binarySample(in, maxval, pgmFile, col, imageRow)
                            : asciiSample(in, pgmFile, col, imageRow);
                    if (raw > maxval) {
                        throw new IllegalArgumentException(pgmFile + ": pixel (" + col + ", " + imageRow
                                + ") is " + raw + ", above maxval " + maxval);
                    }
                    double brightness = (double) raw / maxval;
                    double occupancy = negate ? brightness : 1 - brightness;
                    if (occupancy >= freeThresh) {
                        bits.set(row * width + col);
                    }
                }
            }
            return WorldGrid.ofBits(width, height, resolutionMeters, originX, originY, bits);
        }
    }

    private static int binarySample(InputStream in, int maxval, Path file, int col, int row) throws IOException {
        int hi = in.read();
        if (maxval < 256) {
            if (hi < 0) {
                throw truncated(file, col, row);
            }
            return hi;
        }
        int lo = in.read();
        if (lo < 0) {
            throw truncated(file, col, row);
        }
        return hi << 8 | lo;
    }

    private static int asciiSample(InputStream in, Path file, int col, int row) throws IOException {
        String t = token(in);
        if (t.isEmpty()) {
            throw truncated(file, col, row);
        }
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": pixel (" + col + ", " + row + ") is not a number: " + t);
        }
    }

    private static IllegalArgumentException truncated(Path file, int col, int row) {
        return new IllegalArgumentException(file + ": image data ends at pixel (" + col + ", " + row + ")");
    }

    /** The next whitespace-separated header token; skips {@code #} comments; consumes one trailing whitespace. */
    private static String token(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '#' && sb.isEmpty()) {
                while ((c = in.read()) >= 0 && c != '\n') {
                    // skip the comment line
                }
                continue;
            }
            if (Character.isWhitespace(c)) {
                if (sb.isEmpty()) {
                    continue;
                }
                break;
            }
            sb.append((char) c);
        }
        return sb.toString();
    }

    private static int positive(String token, String what, Path file) {
        try {
            int v = Integer.parseInt(token);
            if (v <= 0) {
                throw new IllegalArgumentException(file + ": " + what + " must be > 0; was " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": " + what + " is not a number: '" + token + "'");
        }
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        return hash < 0 ? line : line.substring(0, hash);
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static String required(Map<String, String> keys, String key, Path file) {
        String v = keys.get(key);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException(file + ": missing key '" + key + "'");
        }
        return v;
    }

    private static double number(Map<String, String> keys, Map<String, Integer> lineOf, String key, Path file,
            double fallback) {
        String v = keys.get(key);
        if (v == null) {
            if (Double.isNaN(fallback)) {
                throw new IllegalArgumentException(file + ": missing key '" + key + "'");
            }
            return fallback;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + " line " + lineOf.get(key) + ": " + key
                    + " must be a number; was '" + v + "'");
        }
    }

    private static double[] origin(String text, Path file, int line) {
        String t = text.strip();
        if (!t.startsWith("[") || !t.endsWith("]")) {
            throw new IllegalArgumentException(file + " line " + line + ": origin must be [x, y, yaw]; was " + text);
        }
        String[] parts = t.substring(1, t.length() - 1).split(",");
        if (parts.length != 3) {
            throw new IllegalArgumentException(file + " line " + line + ": origin must be [x, y, yaw]; was " + text);
        }
        double[] out = new double[3];
        for (int i = 0; i < 3; i++) {
            try {
                out[i] = Double.parseDouble(parts[i].strip().toLowerCase(Locale.ROOT));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + " line " + line + ": origin must be [x, y, yaw]; was "
                        + text);
            }
        }
        return out;
    }
}
