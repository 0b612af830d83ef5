package io.wally.maps.zone;

import io.wally.maps.GraphLimits;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A keep-out or speed zone: a named polygon in world metres (corners in order, closed implicitly; the
 * even-odd rule decides what is inside, so a self-crossing outline covers what a ray test says it does).
 *
 * <p>Keep-out zones carry neither cost factor nor speed ({@code costFactor} is +inf, {@code maxSpeedMps} NaN).
 * A speed zone has {@code costFactor >= 1} (so the planners' distance heuristics stay admissible) and a
 * positive {@code maxSpeedMps}, or NaN when it only makes routes avoid it.
 *
 * <p>Immutable and thread-safe; the corner array is copied in and never handed out.
 */
public final class Zone {

    /** Most corners of one zone: keeps a zone's log record and its point test small. */
    public static final int MAX_CORNERS = 256;

    private static final byte FORMAT = 1;

    private final String name;
    private final ZoneKind kind;
    private final double[] xy;
    private final double costFactor;
    private final double maxSpeedMps;
    private final double minX;
    private final double minY;
    private final double maxX;
    private final double maxY;

    private Zone(String name, ZoneKind kind, double[] xy, double costFactor, double maxSpeedMps) {
        this.name = name;
        this.kind = kind;
        this.xy = xy;
        this.costFactor = costFactor;
        this.maxSpeedMps = maxSpeedMps;
        double x0 = Double.POSITIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < xy.length; i += 2) {
            x0 = Math.min(x0, xy[i]);
            x1 = Math.max(x1, xy[i]);
            y0 = Math.min(y0, xy[i + 1]);
            y1 = Math.max(y1, xy[i + 1]);
        }
        minX = x0;
        minY = y0;
        maxX = x1;
        maxY = y1;
    }

    /**
     * A keep-out zone.
     *
     * @param xy corners as {@code x0, y0, x1, y1, ...} metres (at least 3 corners)
     * @throws IllegalArgumentException naming the value when the name or a corner is invalid
     */
    public static Zone keepout(String name, double[] xy) {
        return new Zone(checkName(name), ZoneKind.KEEPOUT, checkCorners(name, xy), Double.POSITIVE_INFINITY, Double.NaN);
    }

    /**
     * A speed zone.
     *
     * @param costFactor  what an edge into the zone costs, times its length: finite and {@code >= 1}
     * @param maxSpeedMps the speed cap inside, m/s, {@code > 0}; NaN for none
     * @throws IllegalArgumentException naming the value when anything is invalid
     */
    public static Zone speed(String name, double[] xy, double costFactor, double maxSpeedMps) {
        checkName(name);
        if (!(costFactor >= 1.0) || Double.isInfinite(costFactor)) {
            throw new IllegalArgumentException("zone '" + name + "': costFactor must be finite and >= 1 (a cheaper zone would make"
                    + " the distance heuristic overestimate); was " + costFactor);
        }
        if (!Double.isNaN(maxSpeedMps) && !(maxSpeedMps > 0 && Double.isFinite(maxSpeedMps))) {
            throw new IllegalArgumentException("zone '" + name + "': maxSpeedMps must be finite and > 0; was " + maxSpeedMps);
        }
        if (costFactor == 1.0 && Double.isNaN(maxSpeedMps)) {
            throw new IllegalArgumentException("zone '" + name + "': a speed zone needs costFactor > 1 or maxSpeedMps (it would change nothing)");
        }
        return new Zone(name, ZoneKind.SPEED, checkCorners(name, xy), costFactor, maxSpeedMps);
    }

    private static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || !name.equals(name.strip())) {
            throw new IllegalArgumentException("zone name must be non-empty without surrounding spaces; was '" + name + "'");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > GraphLimits.MAX_NAME_BYTES) {
            throw new IllegalArgumentException("zone name is " + bytes + " bytes (UTF-8); the limit is " + GraphLimits.MAX_NAME_BYTES);
        }
        return name;
    }

    private static double[] checkCorners(String name, double[] xy) {
        Objects.requireNonNull(xy, "xy");
        if (xy.length % 2 != 0 || xy.length < 6 || xy.length > 2 * MAX_CORNERS) {
            throw new IllegalArgumentException("zone '" + name + "' needs 3 to " + MAX_CORNERS + " [x, y] corners; was "
                    + (xy.length / 2.0) + " corners");
        }
        for (int i = 0; i < xy.length; i++) {
            if (!Double.isFinite(xy[i])) {
                throw new IllegalArgumentException("zone '" + name + "': corner " + (i / 2 + 1) + " has a non-finite "
                        + (i % 2 == 0 ? "x" : "y") + " (" + xy[i] + ")");
            }
        }
        double area2 = 0;
        int n = xy.length / 2;
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            area2 += xy[2 * i] * xy[2 * j + 1] - xy[2 * j] * xy[2 * i + 1];
        }
        if (Math.abs(area2) < 1e-12) {
            throw new IllegalArgumentException("zone '" + name + "' has no area (its corners are on one line)");
        }
        return xy.clone();
    }

    /** The zone's name, unique on a map. */
    public String name() {
        return name;
    }

    /** Keep-out or speed. */
    public ZoneKind kind() {
        return kind;
    }

    /** Cost multiplier of edges entering the zone: +inf for keep-out, {@code >= 1} for speed zones. */
    public double costFactor() {
        return costFactor;
    }

    /** The speed cap inside, m/s; NaN when none (keep-out zones, and speed zones that only cost more). */
    public double maxSpeedMps() {
        return maxSpeedMps;
    }

    /** Number of corners. */
    public int cornerCount() {
        return xy.length / 2;
    }

    /** The corners as {@code [[x, y], ...]} metres, a fresh copy (replies and frames write it as JSON). */
    public double[][] cornerPairs() {
        double[][] points = new double[cornerCount()][];
        for (int i = 0; i < points.length; i++) {
            points[i] = new double[] {cornerX(i), cornerY(i)};
        }
        return points;
    }

    /** Corner {@code i}'s x, metres. */
    public double cornerX(int i) {
        return xy[2 * i];
    }

    /** Corner {@code i}'s y, metres. */
    public double cornerY(int i) {
        return xy[2 * i + 1];
    }

    /** The corners as {@code x0, y0, x1, y1, ...} (a copy). */
    public double[] corners() {
        return xy.clone();
    }

    /** Smallest x of the corners, metres. */
    public double minX() {
        return minX;
    }

    /** Smallest y of the corners, metres. */
    public double minY() {
        return minY;
    }

    /** Largest x of the corners, metres. */
    public double maxX() {
        return maxX;
    }

    /** Largest y of the corners, metres. */
    public double maxY() {
        return maxY;
    }

    /**
     * Whether {@code (x, y)} lies inside (even-odd rule: a horizontal ray from the point crosses the outline an
     * odd number of times). Points exactly on an edge may fall either way. Allocates nothing.
     */
    public boolean contains(double x, double y) {
        if (x < minX || x > maxX || y < minY || y > maxY) {
            return false;
        }
        boolean inside = false;
        int n = xy.length / 2;
        for (int i = 0, j = n - 1; i < n; j = i++) {
            double yi = xy[2 * i + 1];
            double yj = xy[2 * j + 1];
            if ((yi > y) != (yj > y)) {
                double xi = xy[2 * i];
                double xj = xy[2 * j];
                double crossX = xi + (y - yi) * (xj - xi) / (yj - yi);
                if (x < crossX) {
                    inside = !inside;
                }
            }
        }
        return inside;
    }

    /** The zone as the value of its graph property (the name is in the key): format, kind, factors, corners. */
    public byte[] encode() {
        ByteBuffer out = ByteBuffer.allocate(2 + 16 + 4 + 8 * xy.length);
        out.put(FORMAT).put((byte) kind.ordinal()).putDouble(costFactor).putDouble(maxSpeedMps).putInt(xy.length / 2);
        for (double v : xy) {
            out.putDouble(v);
        }
        return out.array();
    }

    /**
     * The zone called {@code name} encoded as {@code bytes} by {@link #encode}.
     *
     * @throws IllegalArgumentException when the bytes are not such a zone
     */
    public static Zone decode(String name, byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (bytes.length < 22 || in.get() != FORMAT) {
            throw new IllegalArgumentException("zone '" + name + "': not a zone record (" + bytes.length + " bytes, format "
                    + (bytes.length > 0 ? bytes[0] : -1) + ")");
        }
        int kind = in.get();
        double cost = in.getDouble();
        double speed = in.getDouble();
        int corners = in.getInt();
        if (kind < 0 || kind >= ZoneKind.values().length || corners < 0 || in.remaining() != 16 * corners) {
            throw new IllegalArgumentException("zone '" + name + "': malformed record (kind " + kind + ", " + corners + " corners, "
                    + bytes.length + " bytes)");
        }
        double[] xy = new double[2 * corners];
        for (int i = 0; i < xy.length; i++) {
            xy[i] = in.getDouble();
        }
        return ZoneKind.values()[kind] == ZoneKind.KEEPOUT ? keepout(name, xy) : speed(name, xy, cost, speed);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Zone z && name.equals(z.name) && kind == z.kind && Arrays.equals(xy, z.xy)
                && Double.compare(costFactor, z.costFactor) == 0 && Double.compare(maxSpeedMps, z.maxSpeedMps) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, kind, Arrays.hashCode(xy), costFactor, maxSpeedMps);
    }

    @Override
    public String toString() {
        return kind.wireName() + " zone '" + name + "' (" + cornerCount() + " corners"
                + (kind == ZoneKind.SPEED ? ", costFactor " + costFactor + (Double.isNaN(maxSpeedMps) ? "" : ", maxSpeedMps " + maxSpeedMps) : "")
                + ")";
    }
}
