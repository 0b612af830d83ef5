package io.wally.runtime.foxglove;

import io.wally.maps.concurrent.ReplicatedNavGraph;
import io.wally.maps.importer.OccupancyGrid;
import io.wally.maps.importer.PlaceKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * The JSON payloads of the channels, with the field names of the Foxglove schemas ({@code foxglove.Grid},
 * {@code FrameTransforms}, {@code PoseInFrame}, {@code PosesInFrame}, {@code SceneUpdate}): times as {@code
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
