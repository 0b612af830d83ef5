package io.wally.runtime.analysis;

import io.wally.maps.NavGraph;
import io.wally.maps.embed.RoomOutline;
import io.wally.maps.importer.PlaceKind;
import io.wally.runtime.agent.GridLocator;
import io.wally.runtime.agent.NodeLocator;
import io.wally.runtime.agent.Rounding;
import io.wally.runtime.command.CommandReply;
import io.wally.runtime.command.ErrorCode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * What {@code cmd/places} and {@code cmd/map} op {@code get} answer: the map's named places, and its grid as the
 * planner sees it (walls, their inflation, blocked areas and sensed obstacles occupied), as a PNG or as runs of
 * cell values. Both read one consistent view of the live graph and carry its version. Stateless; the analysis
 * agent's thread.
 */
final class MapIntrospection {

    /** Pixel values of the PNG, as ROS map_server writes them: free, occupied, unknown (no node). */
    static final int PNG_FREE = 254;
    static final int PNG_OCCUPIED = 0;
    static final int PNG_UNKNOWN = 205;
    /** Cell values of the run-length form, as in ROS nav_msgs/OccupancyGrid. */
    static final int RLE_FREE = 0;
    static final int RLE_OCCUPIED = 100;
    static final int RLE_UNKNOWN = -1;

    private MapIntrospection() {
    }

    /** Every named node: name, kind ({@code room}, {@code waypoint}, {@code dock}, else {@code node}), id, position, blocked, outline. */
    static Map<String, Object> places(NavGraph view, Map<String, RoomOutline> outlines) {
        List<Map<String, Object>> places = new ArrayList<>();
        for (int n = 0; n < view.nodeIdLimit(); n++) {
            if (!view.containsNode(n)) {
                continue;
            }
            Optional<String> name = view.name(n);
            if (name.isEmpty()) {
                continue;
            }
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("name", name.get());
            p.put("kind", kind(view.labels(n)));
            p.put("node", n);
            p.put("x", Rounding.meters(view.x(n)));
            p.put("y", Rounding.meters(view.y(n)));
            p.put("blocked", view.isBlocked(n));
            RoomOutline outline = outlines.get(name.get());
            if (outline != null) {
                p.put("outline", outline.corners());
            }
            places.add(p);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("graphVersion", view.version());
        result.put("places", places);
        return result;
    }

    private static String kind(int labels) {
        for (PlaceKind k : PlaceKind.values()) {
            if ((labels & k.labelBit()) != 0) {
                return k.name().toLowerCase(Locale.ROOT);
            }
        }
        return "node";
    }

    /** Answers {@code map get}: the grid in {@code format} ({@code png} or {@code rle}), or bad_request without a grid. */
    static void picture(NavGraph view, NodeLocator locator, String format, CommandReply reply) {
        if (!(locator instanceof GridLocator grid)) {
            reply.error(ErrorCode.BAD_REQUEST, "this map has no occupancy grid to draw; cmd/places lists its places");
            return;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("format", format);
        result.put("graphVersion", view.version());
        result.put("width", grid.width());
        result.put("height", grid.height());
        result.put("resolution", grid.cellSizeMeters());
        result.put("origin", new double[] {Rounding.meters(grid.originXMeters()), Rounding.meters(grid.originYMeters())});
        if (format.equals("rle")) {
            result.put("values", Map.of("free", RLE_FREE, "occupied", RLE_OCCUPIED, "unknown", RLE_UNKNOWN));
            result.put("runs", runs(view, grid));
        } else {
            result.put("values", Map.of("free", PNG_FREE, "occupied", PNG_OCCUPIED, "unknown", PNG_UNKNOWN));
            result.put("png", Base64.getEncoder().encodeToString(png(view, grid)));
        }
        reply.ok(result);
    }

    /** The cells as {@code [value, count]} runs, rows from the top (north) down, each row west to east. */
    static List<int[]> runs(NavGraph view, GridLocator grid) {
        List<int[]> runs = new ArrayList<>();
        int value = Integer.MIN_VALUE;
        int count = 0;
        for (int row = 0; row < grid.height(); row++) {
            for (int col = 0; col < grid.width(); col++) {
                int node = grid.node(col, row);
                int v = !view.containsNode(node) ? RLE_UNKNOWN : view.isBlocked(node) ? RLE_OCCUPIED : RLE_FREE;
                if (v == value) {
                    count++;
                } else {
                    if (count > 0) {
                        runs.add(new int[] {value, count});
                    }
                    value = v;
                    count = 1;
                }
            }
        }
        if (count > 0) {
            runs.add(new int[] {value, count});
        }
        return runs;
    }

    /** An 8-bit greyscale PNG, one pixel per cell, north up. */
    static byte[] png(NavGraph view, GridLocator grid) {
        BufferedImage image = new BufferedImage(grid.width(), grid.height(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] pixels = new byte[grid.width() * grid.height()];
        for (int row = 0, i = 0; row < grid.height(); row++) {
            for (int col = 0; col < grid.width(); col++) {
                int node = grid.node(col, row);
                pixels[i++] = (byte) (!view.containsNode(node) ? PNG_UNKNOWN : view.isBlocked(node) ? PNG_OCCUPIED : PNG_FREE);
            }
        }
        image.getRaster().setDataElements(0, 0, grid.width(), grid.height(), pixels);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the map as PNG: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }
}
