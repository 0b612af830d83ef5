package io.wally.maps.plan;

/**
 * The grid heuristics (see {@link Heuristic} for when each is admissible).
 *
 * <p>Each result is multiplied by {@link #SLACK} ({@code 1 - 1e-6}): edge weights are stored as
 * {@code float}, so a diagonal weighs {@code (float) √2 = 1.41421354} cells, a little less than the
 * exact √2 the octile and Euclidean distances use. The slack keeps the estimate below the stored
 * weights, so admissibility survives the rounding; it costs nothing measurable in expansions.
 */
public final class Heuristics {

    /** Factor applied to every estimate so float-rounded weights never fall below it. */
    public static final double SLACK = 1.0 - 1e-6;

    private static final double SQRT2_MINUS_1 = Math.sqrt(2.0) - 1.0;

    private static final Heuristic ZERO = (x, y, gx, gy) -> 0.0;
    private static final Heuristic MANHATTAN = (x, y, gx, gy) ->
            SLACK * ((double) Math.abs(x - gx) + Math.abs(y - gy));
    private static final Heuristic OCTILE = (x, y, gx, gy) -> {
        double dx = Math.abs((double) x - gx);
        double dy = Math.abs((double) y - gy);
        return SLACK * (Math.max(dx, dy) + SQRT2_MINUS_1 * Math.min(dx, dy));
    };
    private static final Heuristic EUCLIDEAN = (x, y, gx, gy) -> {
        double dx = (double) x - gx;
        double dy = (double) y - gy;
        return SLACK * Math.sqrt(dx * dx + dy * dy);
    };

    private Heuristics() {
    }

    /** Always 0: admissible everywhere; turns A* into Dijkstra. */
    public static Heuristic zero() {
        return ZERO;
    }

    /** {@code |dx| + |dy|}: admissible on 4-connected grids (and any graph whose edges are axis-aligned). */
    public static Heuristic manhattan() {
        return MANHATTAN;
    }

    /** {@code max(dx, dy) + (√2 − 1)·min(dx, dy)}: admissible on 8-connected grids with √2 diagonals, and 4-connected ones. */
    public static Heuristic octile() {
        return OCTILE;
    }

    /** {@code √(dx² + dy²)}: admissible whenever every edge weighs at least its straight-line length. */
    public static Heuristic euclidean() {
        return EUCLIDEAN;
    }

    /** The tightest admissible heuristic for a grid of this connectivity: Manhattan for 4, octile for 8. */
    public static Heuristic forGrid(int connectivity) {
        return switch (connectivity) {
            case 4 -> MANHATTAN;
            case 8 -> OCTILE;
            default -> throw new IllegalArgumentException("grid connectivity must be 4 or 8; was " + connectivity);
        };
    }
}
