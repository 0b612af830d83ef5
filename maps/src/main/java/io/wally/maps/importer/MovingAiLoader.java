package io.wally.maps.importer;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Moving AI Lab grid benchmarks (N. Sturtevant, "Benchmarks for Grid-Based Pathfinding", 2012):
 * {@code .map} grids and {@code .scen} scenario lists.
 *
 * <pre>
 * type octile
 * height 4
 * width 5
 * map
 * ..@..
 * .@@..
 * .....
 * T..G.
 * </pre>
 *
 * <p>Terrain: {@code .} and {@code G} are free, {@code S} (swamp) is free, {@code @}, {@code O}
 * (out of bounds), {@code T} (trees) and {@code W} (water; passable only from water, which land
 * robots never are) are occupied. Only {@code type octile} exists: movement is 8-connected with
 * weights 1 and √2 and a diagonal may not cut the corner of a blocked cell, so build the graph with
 * connectivity 8 ({@link GridGraph} forbids corner cutting). The grid gets resolution 1 and origin 0,
 * and scenario coordinates are {@code (column, row)} with row 0 the first map line.
 *
 * <p>Errors name the file, the line (and column) and what is wrong. Stateless and thread-safe.
 */
public final class MovingAiLoader {

    private MovingAiLoader() {
    }

    /** One scenario line: find a path in {@code map} from {@code (startX, startY)} to {@code (goalX, goalY)}. */
    public record Scenario(int line, int bucket, String map, int mapWidth, int mapHeight,
            int startX, int startY, int goalX, int goalY, double optimalLength) {
    }

    /** Reads a {@code .map} file. */
    public static OccupancyGrid loadMap(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file)) {
            String type = header(file, in, 1, "type");
            if (!type.equals("octile")) {
                throw new MapFormatException(file, "line 1", "only 'type octile' maps are supported; was '" + type + "'");
            }
            int height = positive(file, 2, "height", header(file, in, 2, "height"));
            int width = positive(file, 3, "width", header(file, in, 3, "width"));
            String map = in.readLine();
            if (map == null || !map.strip().equals("map")) {
                throw new MapFormatException(file, "line 4", "expected 'map'");
            }
            if ((long) width * height > 100_000_000L) {
                throw new MapFormatException(file, "line 2", "map too large: " + width + " x " + height);
            }
            CellState[] states = new CellState[width * height];
            for (int row = 0; row < height; row++) {
                int lineNo = 5 + row;
                String line = in.readLine();
                if (line == null) {
                    throw new MapFormatException(file, "line " + lineNo, "map ends after " + row + " of " + height + " rows");
                }
                line = stripLineEnd(line);
                if (line.length() != width) {
                    throw new MapFormatException(file, "line " + lineNo, "row " + row + " has " + line.length() + " cells; width is " + width);
                }
                for (int col = 0; col < width; col++) {
                    char c = line.charAt(col);
                    CellState s = switch (c) {
                        case '.', 'G', 'S' -> CellState.FREE;
                        case '@', 'O', 'T', 'W' -> CellState.OCCUPIED;
                        default -> throw new MapFormatException(file, "line " + lineNo + " column " + (col + 1),
                                "unknown terrain '" + c + "' (expected . G S @ O T W)");
                    };
                    states[row * width + col] = s;
                }
            }
            String extra;
            int lineNo = 5 + height;
            while ((extra = in.readLine()) != null) {
                if (!extra.isBlank()) {
                    throw new MapFormatException(file, "line " + lineNo, "unexpected text after the last of " + height + " rows");
                }
                lineNo++;
            }
            return new OccupancyGrid(width, height, 1.0, 0, 0, 0, states);
        } catch (NoSuchFileException e) {
            throw new MapFormatException(file, "", "no such file");
        } catch (IOException e) {
            throw new MapFormatException(file, "", "cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads a {@code .scen} file (version 1). */
    public static List<Scenario> loadScenarios(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file)) {
            String first = in.readLine();
            if (first == null || !first.strip().matches("version\\s+1(\\.0)?")) {
                throw new MapFormatException(file, "line 1", "expected 'version 1'");
            }
            List<Scenario> scenarios = new ArrayList<>();
            String line;
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.strip().split("\\s+");
                if (f.length != 9) {
                    throw new MapFormatException(file, "line " + lineNo,
                            "expected 9 fields (bucket map width height startX startY goalX goalY optimal); found " + f.length);
                }
                try {
                    int bucket = Integer.parseInt(f[0]);
                    int w = Integer.parseInt(f[2]);
                    int h = Integer.parseInt(f[3]);
                    int sx = Integer.parseInt(f[4]);
                    int sy = Integer.parseInt(f[5]);
                    int gx = Integer.parseInt(f[6]);
                    int gy = Integer.parseInt(f[7]);
                    double optimal = Double.parseDouble(f[8]);
                    if (sx < 0 || sx >= w || sy < 0 || sy >= h || gx < 0 || gx >= w || gy < 0 || gy >= h) {
                        throw new MapFormatException(file, "line " + lineNo, "start or goal outside the " + w + " x " + h + " map");
                    }
                    if (!(optimal >= 0) || Double.isInfinite(optimal)) {
                        throw new MapFormatException(file, "line " + lineNo, "optimal length must be finite and >= 0; was " + f[8]);
                    }
                    scenarios.add(new Scenario(lineNo, bucket, f[1], w, h, sx, sy, gx, gy, optimal));
                } catch (NumberFormatException e) {
                    throw new MapFormatException(file, "line " + lineNo, "not a number: " + e.getMessage());
                }
            }
            return scenarios;
        } catch (NoSuchFileException e) {
            throw new MapFormatException(file, "", "no such file");
        } catch (IOException e) {
            throw new MapFormatException(file, "", "cannot read: " + e.getMessage(), e);
        }
    }

    private static String header(Path file, BufferedReader in, int lineNo, String key) throws IOException {
        String line = in.readLine();
        if (line == null) {
            throw new MapFormatException(file, "line " + lineNo, "file ends before '" + key + "'");
        }
        String[] parts = line.strip().split("\\s+");
        if (parts.length != 2 || !parts[0].equals(key)) {
            throw new MapFormatException(file, "line " + lineNo, "expected '" + key + " <value>'; found '" + line.strip() + "'");
        }
        return parts[1];
    }

    private static int positive(Path file, int lineNo, String key, String value) {
        try {
            int v = Integer.parseInt(value);
            if (v < 1) {
                throw new MapFormatException(file, "line " + lineNo, key + " must be >= 1; was " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new MapFormatException(file, "line " + lineNo, key + " must be a whole number; was '" + value + "'");
        }
    }

    private static String stripLineEnd(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == '\r' || line.charAt(end - 1) == ' ')) {
            end--;
        }
        return line.substring(0, end);
    }
}
