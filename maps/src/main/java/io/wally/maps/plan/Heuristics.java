package io.wally.maps.plan;

import io.wally.maps.EdgeCursor;
import io.wally.maps.NavGraph;

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

    /**
     * {@code base} made admissible on {@code graph}: scaled by the smallest ratio of an edge's weight to
     * {@code base}'s estimate between its ends, when some edge weighs less than that estimate (a
     * connection whose weight is a time, or a shortcut), else {@code base} itself; {@link #zero()} when
     * such an edge weighs 0. A scaled metric heuristic stays consistent, so A* stays optimal. Reads every
     * edge once (O(E)); compute it again after edits that add edges or lower weights.
     */
    public static Heuristic admissibleOn(NavGraph graph, Heuristic base) {
        double factor = 1.0;
        EdgeCursor out = graph.edges();
        for (int node = 0; node < graph.nodeIdLimit(); node++) {
            if (!graph.containsNode(node)) {
                continue;
            }
            float x = graph.x(node);
            float y = graph.y(node);
            out.moveTo(node);
            while (out.next()) {
                double estimate = base.estimate(x, y, graph.x(out.to()), graph.y(out.to()));
                if (estimate > 0 && out.weight() < factor * estimate) {
                    factor = out.weight() / estimate;
                }
            }
        }
        if (factor >= 1.0) {
            return base;
        }
        if (factor <= 0.0) {
            return ZERO;
        }
        double scale = factor;
        return (x, y, gx, gy) -> scale * base.estimate(x, y, gx, gy);
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
