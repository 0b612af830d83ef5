package io.wally.runtime.foxglove;

import io.wally.maps.concurrent.ReplicatedNavGraph;
import io.wally.maps.importer.OccupancyGrid;
import io.wally.maps.importer.PlaceKind;
import io.wally.maps.zone.Zone;
import io.wally.maps.zone.ZoneKind;
import io.wally.maps.zone.Zones;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The JSON payloads of the channels, with the field names of the Foxglove schemas ({@code foxglove.Grid},
 * {@code FrameTransforms}, {@code PoseInFrame}, {@code PosesInFrame}, {@code SceneUpdate} with spheres, lines and
 * texts): times as {@code
 * {sec, nsec}}, rotations as quaternions about z (the robot turns in the plane), bytes as base64.
 *
 * <p>Stateless; any thread. Written by hand rather than through a tree of maps: the transform goes out up to
 * 100 times a second to every client, and these few fields are cheaper to append than to reflect on.
 */
final class FoxgloveMessages {

    /** {@code foxglove.PackedElementField} numeric type UINT8. */
    static final int UINT8 = 1;
    /** Marker sphere diameter and label height of a place, metres. */
    private static final double PLACE_MARKER_METERS = 0.15;
    private static final double LABEL_METERS = 0.25;
    /** {@code foxglove.LineType}: a closed polygon, and separate segments. */
    static final int LINE_LOOP = 1;
    static final int LINE_LIST = 2;
    /** {@code foxglove.SceneEntityDeletionType} ALL: every entity of the topic. */
    static final int DELETE_ALL = 1;
    /** Zone outline width, label height and the spacing of a keep-out zone's hatching, metres. */
    private static final double ZONE_LINE_METERS = 0.04;
    private static final double ZONE_LABEL_METERS = 0.2;
    private static final double HATCH_METERS = 0.25;
    private static final int MAX_HATCH_LINES = 200;

    private FoxgloveMessages() {
    }

    /** Wall-clock time now, nanoseconds since the epoch: the protocol's log time and the messages' timestamps. */
    static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** {@code foxglove.FrameTransforms} with one transform {@code parent -> child} at {@code (x, y)}, yaw radians. */
    static byte[] transform(long timeNanos, String parent, String child, double x, double y, double yawRadians) {
        StringBuilder b = new StringBuilder(256).append("{\"transforms\":[{\"timestamp\":");
        time(b, timeNanos).append(",\"parent_frame_id\":\"").append(parent).append("\",\"child_frame_id\":\"").append(child)
                .append("\",\"translation\":");
        vector(b, x, y).append(",\"rotation\":");
        quaternion(b, yawRadians).append("}]}");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code foxglove.PoseInFrame} at {@code (x, y)}, yaw radians. */
    static byte[] poseInFrame(long timeNanos, String frame, double x, double y, double yawRadians) {
        StringBuilder b = new StringBuilder(256).append("{\"timestamp\":");
        time(b, timeNanos).append(",\"frame_id\":\"").append(frame).append("\",\"pose\":");
        pose(b, x, y, yawRadians).append('}');
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code foxglove.PosesInFrame} of the path's waypoints {@code {x, y}}, each facing the next. */
    static byte[] posesInFrame(long timeNanos, String frame, double[][] path) {
        StringBuilder b = new StringBuilder(64 + 120 * path.length).append("{\"timestamp\":");
        time(b, timeNanos).append(",\"frame_id\":\"").append(frame).append("\",\"poses\":[");
        for (int i = 0; i < path.length; i++) {
            double[] p = path[i];
            double[] towards = i + 1 < path.length ? path[i + 1] : i > 0 ? new double[] {2 * p[0] - path[i - 1][0], 2 * p[1] - path[i - 1][1]} : p;
            if (i > 0) {
                b.append(',');
            }
            pose(b, p[0], p[1], Math.atan2(towards[1] - p[1], towards[0] - p[0]));
        }
        return b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@code foxglove.Grid} of {@code grid} with {@code cells} (one uint8 per cell, row-major from the origin,
     * field {@code occupancy}), posed at the grid's origin and yaw.
     */
    static byte[] grid(long timeNanos, String frame, OccupancyGrid grid, byte[] cells) {
        String data = Base64.getEncoder().encodeToString(cells);
        StringBuilder b = new StringBuilder(data.length() + 512).append("{\"timestamp\":");
        time(b, timeNanos).append(",\"frame_id\":\"").append(frame).append("\",\"pose\":");
        pose(b, grid.originX(), grid.originY(), grid.originYawRadians())
                .append(",\"column_count\":").append(grid.width())
                .append(",\"cell_size\":{\"x\":").append(num(grid.resolutionMetres())).append(",\"y\":").append(num(grid.resolutionMetres()))
                .append("},\"row_stride\":").append(grid.width())
                .append(",\"cell_stride\":1,\"fields\":[{\"name\":\"occupancy\",\"offset\":0,\"type\":").append(UINT8)
                .append("}],\"data\":\"").append(data).append("\"}");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code foxglove.SceneUpdate}: per named node of {@code view}, a sphere and its name (entity id {@code place/<name>}). */
    static byte[] places(long timeNanos, String frame, ReplicatedNavGraph.ReadView view) {
        StringBuilder b = new StringBuilder(4096).append("{\"deletions\":[],\"entities\":[");
        boolean first = true;
        int limit = view.nodeIdLimit();
        for (int node = 0; node < limit; node++) {
            if (!view.containsNode(node)) {
                continue;
            }
            Optional<String> name = view.name(node);
            if (name.isEmpty()) {
                continue;
            }
            if (!first) {
                b.append(',');
            }
            first = false;
            int labels = view.labels(node);
            String color = (labels & PlaceKind.DOCK.labelBit()) != 0 ? "{\"r\":0.1,\"g\":0.7,\"b\":0.2,\"a\":1}"
                    : (labels & PlaceKind.ROOM.labelBit()) != 0 ? "{\"r\":0.2,\"g\":0.4,\"b\":0.9,\"a\":1}" : "{\"r\":0.9,\"g\":0.6,\"b\":0.1,\"a\":1}";
            double x = view.x(node);
            double y = view.y(node);
            b.append("{\"timestamp\":");
            time(b, timeNanos).append(",\"frame_id\":\"").append(frame).append("\",\"id\":");
            string(b, "place/" + name.get()).append(",\"lifetime\":{\"sec\":0,\"nsec\":0},\"frame_locked\":true,\"metadata\":[],")
                    .append("\"spheres\":[{\"pose\":");
            pose(b, x, y, 0).append(",\"size\":{\"x\":").append(PLACE_MARKER_METERS).append(",\"y\":").append(PLACE_MARKER_METERS)
                    .append(",\"z\":").append(PLACE_MARKER_METERS).append("},\"color\":").append(color).append("}],")
                    .append("\"texts\":[{\"pose\":");
            pose(b, x, y + 0.2, 0).append(",\"billboard\":true,\"font_size\":").append(LABEL_METERS)
                    .append(",\"scale_invariant\":false,\"color\":{\"r\":1,\"g\":1,\"b\":1,\"a\":1},\"text\":");
            string(b, name.get()).append("}]}");
        }
        return b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@code foxglove.SceneUpdate} of {@code zones}: first a deletion of every entity on the topic (so a removed zone
     * goes), then per zone an entity {@code zone/<name>} with its outline as a {@code LINE_LOOP}, a keep-out zone's
     * hatching as a {@code LINE_LIST} clipped to the outline (even-odd, as {@link Zone#contains}), and its name
     * (with the speed cap of a speed zone) as a text at the corners' mean. Keep-out red, speed orange, as in
     * {@code wally plan --png} and the dashboard; the kind, cost factor and cap are in the entity's metadata.
     */
    static byte[] zones(long timeNanos, String frame, Zones zones) {
        StringBuilder b = new StringBuilder(1024 + 2048 * zones.list().size()).append("{\"deletions\":[{\"timestamp\":");
        // a deletion takes the entities older than its timestamp: one nanosecond before this message's own entities,
        // so they stay whichever order a viewer applies the two lists in
        time(b, timeNanos - 1).append(",\"type\":").append(DELETE_ALL).append(",\"id\":\"\"}],\"entities\":[");
        for (int z = 0; z < zones.list().size(); z++) {
            Zone zone = zones.list().get(z);
            boolean keepout = zone.kind() == ZoneKind.KEEPOUT;
            String color = keepout ? "{\"r\":0.86,\"g\":0.1,\"b\":0.1,\"a\":0.9}" : "{\"r\":1,\"g\":0.55,\"b\":0,\"a\":0.9}";
            if (z > 0) {
                b.append(',');
            }
            b.append("{\"timestamp\":");
            time(b, timeNanos).append(",\"frame_id\":\"").append(frame).append("\",\"id\":");
            string(b, "zone/" + zone.name()).append(",\"lifetime\":{\"sec\":0,\"nsec\":0},\"frame_locked\":true,\"metadata\":[")
                    .append("{\"key\":\"kind\",\"value\":\"").append(zone.kind().wireName()).append("\"}");
            if (!keepout) {
                b.append(",{\"key\":\"costFactor\",\"value\":\"").append(zone.costFactor()).append("\"}");
                if (!Double.isNaN(zone.maxSpeedMps())) {
                    b.append(",{\"key\":\"maxSpeedMps\",\"value\":\"").append(zone.maxSpeedMps()).append("\"}");
                }
            }
            b.append("],\"lines\":[");
            double[] outline = zone.corners();
            line(b, LINE_LOOP, outline, ZONE_LINE_METERS, color);
            if (keepout) {
                double[] hatch = hatch(zone);
                if (hatch.length > 0) {
                    b.append(',');
                    line(b, LINE_LIST, hatch, ZONE_LINE_METERS / 2, color);
                }
            }
            double cx = 0;
            double cy = 0;
            for (int i = 0; i < zone.cornerCount(); i++) {
                cx += zone.cornerX(i) / zone.cornerCount();
                cy += zone.cornerY(i) / zone.cornerCount();
            }
            String label = keepout || Double.isNaN(zone.maxSpeedMps()) ? zone.name()
                    : zone.name() + String.format(Locale.ROOT, " \u2264 %.2f m/s", zone.maxSpeedMps());
            b.append("],\"texts\":[{\"pose\":");
            pose(b, cx, cy, 0).append(",\"billboard\":true,\"font_size\":").append(ZONE_LABEL_METERS)
                    .append(",\"scale_invariant\":false,\"color\":").append(color).append(",\"text\":");
            string(b, label).append("}]}");
        }
        return b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A {@code foxglove.LinePrimitive} of {@code type} through the points {@code x0, y0, x1, y1, ...} (z 0). */
    private static void line(StringBuilder b, int type, double[] xy, double thicknessMeters, String color) {
        b.append("{\"type\":").append(type).append(",\"pose\":");
        pose(b, 0, 0, 0).append(",\"thickness\":").append(thicknessMeters).append(",\"scale_invariant\":false,\"points\":[");
        for (int i = 0; i < xy.length; i += 2) {
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"x\":").append(num(xy[i])).append(",\"y\":").append(num(xy[i + 1])).append(",\"z\":0}");
        }
        b.append("],\"color\":").append(color).append(",\"colors\":[],\"indices\":[]}");
    }

    /**
     * Diagonal hatching of {@code zone}: segments {@code x0, y0, x1, y1, ...} along lines {@code x - y = c}, c every
     * {@link #HATCH_METERS} (at most {@link #MAX_HATCH_LINES} lines), each cut where it crosses the outline and kept
     * where it runs inside (every other piece: the even-odd rule).
     */
    static double[] hatch(Zone zone) {
        int n = zone.cornerCount();
        double uMin = Double.POSITIVE_INFINITY;
        double uMax = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double u = zone.cornerX(i) - zone.cornerY(i);
            uMin = Math.min(uMin, u);
            uMax = Math.max(uMax, u);
        }
        double step = Math.max(HATCH_METERS, (uMax - uMin) / MAX_HATCH_LINES);
        List<Double> out = new ArrayList<>();
        double[] crossings = new double[n];
        for (double c = uMin + step / 2; c < uMax; c += step) {
            int k = 0;
            for (int i = 0, j = n - 1; i < n; j = i++) {
                double ui = zone.cornerX(i) - zone.cornerY(i);
                double uj = zone.cornerX(j) - zone.cornerY(j);
                if ((ui > c) != (uj > c)) {
                    double vi = zone.cornerX(i) + zone.cornerY(i);
                    double vj = zone.cornerX(j) + zone.cornerY(j);
                    crossings[k++] = vi + (c - ui) * (vj - vi) / (uj - ui);
                }
            }
            Arrays.sort(crossings, 0, k);
            for (int p = 0; p + 1 < k; p += 2) { // (u, v) = (x - y, x + y): x = (u + v) / 2, y = (v - u) / 2
                out.add((c + crossings[p]) / 2);
                out.add((crossings[p] - c) / 2);
                out.add((c + crossings[p + 1]) / 2);
                out.add((crossings[p + 1] - c) / 2);
            }
        }
        double[] xy = new double[out.size()];
        for (int i = 0; i < xy.length; i++) {
            xy[i] = out.get(i);
        }
        return xy;
    }

    private static StringBuilder time(StringBuilder b, long nanos) {
        return b.append("{\"sec\":").append(Math.floorDiv(nanos, 1_000_000_000L)).append(",\"nsec\":").append(Math.floorMod(nanos, 1_000_000_000L)).append('}');
    }

    private static StringBuilder vector(StringBuilder b, double x, double y) {
        return b.append("{\"x\":").append(num(x)).append(",\"y\":").append(num(y)).append(",\"z\":0}");
    }

    private static StringBuilder quaternion(StringBuilder b, double yawRadians) {
        return b.append("{\"x\":0,\"y\":0,\"z\":").append(num(Math.sin(yawRadians / 2))).append(",\"w\":").append(num(Math.cos(yawRadians / 2))).append('}');
    }

    private static StringBuilder pose(StringBuilder b, double x, double y, double yawRadians) {
        b.append("{\"position\":");
        vector(b, x, y).append(",\"orientation\":");
        return quaternion(b, yawRadians).append('}');
    }

    /** A finite double as JSON (NaN and infinities have no JSON form: 0, which no caller passes on purpose). */
    private static String num(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "0";
    }

    /** A JSON string literal. */
    private static StringBuilder string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }
}
