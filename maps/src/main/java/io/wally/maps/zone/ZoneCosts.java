package io.wally.maps.zone;

import io.wally.maps.NavGraph;
import java.util.Arrays;

/**
 * Zones laid onto a graph's nodes: for every node id, the factor an edge entering it is multiplied by
 * ({@code 1} outside every zone, the largest {@code costFactor} of the speed zones containing the node, +inf inside
 * a keep-out zone). A node is inside a zone when its point (a grid cell's centre) is, so on a grid this is the
 * polygon rasterised at the cell centres.
 *
 * <p>The graph's own blocked flags are not touched: removing a zone gives every cell back its own state.
 *
 * <p>Immutable once made; safe to share between threads. Made on the thread that reads the graph: on a grid, from
 * the cells under each zone's bounding box only ({@link #of(NavGraph, Zones, CellLookup)}: microseconds for a room);
 * otherwise in one pass over every node (about 15 ms on a million nodes).
 */
public final class ZoneCosts {

    private static final ZoneCosts NONE = new ZoneCosts(Zones.none(), new float[0], 0);

    private final Zones zones;
    private final float[] factor;
    private final int coveredNodes;

    private ZoneCosts(Zones zones, float[] factor, int coveredNodes) {
        this.zones = zones;
        this.factor = factor;
        this.coveredNodes = coveredNodes;
    }

    /** No zones: every factor is 1. */
    public static ZoneCosts none() {
        return NONE;
    }

    /** The grid cell under a point, for laying zones onto the cells under them only. */
    public interface CellLookup {

        /** The cell node under {@code (x, y)} metres, or {@link NavGraph#NO_NODE} off the grid. */
        int nodeAt(double xMeters, double yMeters);

        /** The side of a cell, metres. */
        double cellMeters();
    }

    /**
     * {@code zones} laid onto the grid cells of {@code graph} through {@code cells}: only the cells under each
     * zone's bounding box are visited. Nodes that are not cells (places) are left at factor 1: a place is reached
     * through its cell, so it is as reachable as its cell.
     */
    public static ZoneCosts of(NavGraph graph, Zones zones, CellLookup cells) {
        if (zones.isEmpty()) {
            return NONE;
        }
        float[] factor = new float[graph.nodeIdLimit()];
        Arrays.fill(factor, 1f);
        int covered = 0;
        double step = cells.cellMeters();
        for (Zone z : zones.list()) {
            float f = (float) z.costFactor();
            // One lattice point per cell (the step is the cell side), from the box's corner one cell out.
            for (double y = z.minY() - step; y <= z.maxY() + step; y += step) {
                for (double x = z.minX() - step; x <= z.maxX() + step; x += step) {
                    int n = cells.nodeAt(x, y);
                    if (n >= 0 && n < factor.length && factor[n] < f && graph.containsNode(n) && z.contains(graph.x(n), graph.y(n))) {
                        covered += factor[n] == 1f ? 1 : 0;
                        factor[n] = f;
                    }
                }
            }
        }
        return new ZoneCosts(zones, factor, covered);
    }

    /** {@code zones} laid onto every node of {@code graph} as it is now (one pass over the nodes). */
    public static ZoneCosts of(NavGraph graph, Zones zones) {
        if (zones.isEmpty()) {
            return NONE;
        }
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (Zone z : zones.list()) {
            minX = Math.min(minX, z.minX());
            minY = Math.min(minY, z.minY());
            maxX = Math.max(maxX, z.maxX());
            maxY = Math.max(maxY, z.maxY());
        }
        int limit = graph.nodeIdLimit();
        float[] factor = new float[limit];
        Arrays.fill(factor, 1f);
        int covered = 0;
        for (int n = 0; n < limit; n++) {
            if (!graph.containsNode(n)) {
                continue;
            }
            float x = graph.x(n);
            float y = graph.y(n);
            if (x < minX || x > maxX || y < minY || y > maxY) {
                continue;
            }
            float f = 1f;
            for (Zone z : zones.list()) {
                if (z.costFactor() > f && z.contains(x, y)) {
                    f = (float) z.costFactor();
                }
            }
            if (f != 1f) {
                factor[n] = f;
                covered++;
            }
        }
        return new ZoneCosts(zones, factor, covered);
    }

    /**
     * Calls {@code changed} with every node whose factor differs between {@code before} and {@code after} (for a
     * route repair to be told which nodes a zone edit touched); one pass over the node ids.
     */
    public static void forEachChange(ZoneCosts before, ZoneCosts after, java.util.function.IntConsumer changed) {
        int limit = Math.max(before.factor.length, after.factor.length);
        for (int n = 0; n < limit; n++) {
            if (before.factor(n) != after.factor(n)) {
                changed.accept(n);
            }
        }
    }

    /** The zones laid out. */
    public Zones zones() {
        return zones;
    }

    /** Whether no node is covered (every factor 1): planners may then ignore the zones. */
    public boolean isEmpty() {
        return coveredNodes == 0;
    }

    /** Nodes inside at least one zone. */
    public int coveredNodes() {
        return coveredNodes;
    }

    /** The factor of edges entering {@code node}: 1, a speed zone's cost factor, or +inf (keep-out). */
    public float factor(int node) {
        return node >= 0 && node < factor.length ? factor[node] : 1f;
    }

    /** Whether {@code node} lies in a keep-out zone. */
    public boolean keepout(int node) {
        return node >= 0 && node < factor.length && factor[node] == Float.POSITIVE_INFINITY;
    }
}
