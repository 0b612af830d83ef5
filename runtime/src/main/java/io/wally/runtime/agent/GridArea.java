package io.wally.runtime.agent;

import io.wally.maps.NavGraph;
import io.wally.maps.embed.RoomOutline;
import io.wally.maps.importer.NamedPlacesLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Areas of the grid as cell lists: the cells whose centres lie in a polygon (a room's outline, a painted
 * rectangle) or within a radius of a point (a place without an outline), and the rooms' outlines of a
 * named-places map file. Stateless; any thread.
 */
public final class GridArea {

    /** Cells around a place without an outline that {@code map block} blocks: a doorway's width, metres. */
    public static final double PLACE_RADIUS_METERS = 0.5;

    private GridArea() {
    }

    /** Grid-cell nodes whose centres lie inside {@code polygon}, row by row. */
    static int[] cellsIn(GridLocator grid, RoomOutline polygon) {
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (double[] c : polygon.corners()) {
            minX = Math.min(minX, c[0]);
            maxX = Math.max(maxX, c[0]);
            minY = Math.min(minY, c[1]);
            maxY = Math.max(maxY, c[1]);
        }
        int c0 = Math.max(0, Math.min(grid.colAt(minX, minY), grid.colAt(maxX, maxY)));
        int c1 = Math.min(grid.width() - 1, Math.max(grid.colAt(minX, minY), grid.colAt(maxX, maxY)));
        int r0 = Math.max(0, Math.min(grid.rowAt(minX, minY), grid.rowAt(maxX, maxY)));
        int r1 = Math.min(grid.height() - 1, Math.max(grid.rowAt(minX, minY), grid.rowAt(maxX, maxY)));
        int[] out = new int[Math.max(0, (c1 - c0 + 1) * (r1 - r0 + 1))];
        int n = 0;
        for (int row = r0; row <= r1; row++) {
            for (int col = c0; col <= c1; col++) {
                if (polygon.contains(grid.centreX(col, row), grid.centreY(col, row))) {
                    out[n++] = grid.node(col, row);
                }
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Grid-cell nodes whose centres lie within {@code radiusMeters} of {@code (x, y)}. */
    static int[] cellsWithin(GridLocator grid, double xMeters, double yMeters, double radiusMeters) {
        int col = grid.colAt(xMeters, yMeters);
        int row = grid.rowAt(xMeters, yMeters);
        int rings = (int) Math.ceil(radiusMeters / grid.cellSizeMeters()) + 1;
        int[] out = new int[(2 * rings + 1) * (2 * rings + 1)];
        int n = 0;
        for (int r = row - rings; r <= row + rings; r++) {
            for (int c = col - rings; c <= col + rings; c++) {
                int node = grid.node(c, r);
                if (node != NavGraph.NO_NODE && Math.hypot(grid.centreX(c, r) - xMeters, grid.centreY(c, r) - yMeters) <= radiusMeters + 1e-9) {
                    out[n++] = node;
                }
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** A polygon from corners {@code x0, y0, x1, y1, ...} metres. */
    static RoomOutline polygon(String name, double[] xy) {
        double[][] corners = new double[xy.length / 2][];
        for (int i = 0; i < corners.length; i++) {
            corners[i] = new double[] {xy[2 * i], xy[2 * i + 1]};
        }
        return new RoomOutline(name, List.of(corners));
    }

    /**
     * The outlines of the places of a named-places map file, by place name (empty for a ROS map, a file without
     * outlines, or no file).
     */
    public static Map<String, RoomOutline> placeOutlines(Path mapFile) {
        Map<String, RoomOutline> out = new LinkedHashMap<>();
        if (mapFile == null) {
            return out;
        }
        NamedPlacesLoader.NamedPlaces spec;
        try {
            spec = NamedPlacesLoader.load(mapFile);
        } catch (RuntimeException notNamedPlaces) {
            return out; // a ROS map_server map: no places, no outlines
        }
        for (NamedPlacesLoader.PlaceSpec p : spec.places()) {
            if (p.outline() != null && p.outline().size() >= 3) {
                out.put(p.name(), new RoomOutline(p.name(), p.outline()));
            }
        }
        return out;
    }
}
