package io.wally.runtime.mapping;

import io.wally.maps.EdgeCursor;
import io.wally.maps.NavGraph;
import io.wally.maps.importer.GridGraph;
import io.wally.maps.importer.PlaceKind;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes the map a store holds (its grid graph, with every block sensing or an edit added, and its named places)
 * as a ROS {@code map_server} YAML + PGM and a WALLY places file beside them ({@code FILE-places.yaml}, naming the
 * ROS YAML as its grid), so the map opens in ROS tools and in {@code wally sim --map} with its places.
 *
 * <p>The grid's geometry is read from the graph itself: the cells are the unnamed nodes (at cell centres), the
 * resolution is the shortest grid edge ({@link GridGraph#EDGE_TYPE}). A cell that is blocked is written occupied,
 * any other cell free, and a raster position with no cell node unknown.
 *
 * <p>Stateless; reads the graph on the caller's thread (a read-only store inspection, say).
 */
public final class StoreMapExport {

    /**
     * What was written.
     *
     * @param pgm     the image
     * @param places  the places file
     * @param width   cells per row
     * @param height  rows
     * @param resolutionMeters cell edge
     * @param placeCount named places written
     */
    public record Written(Path pgm, Path places, int width, int height, double resolutionMeters, int placeCount) {
    }

    private StoreMapExport() {
    }

    /**
     * Writes {@code yamlFile}, the PGM and the places file named after it.
     *
     * @throws IllegalArgumentException when the graph has no grid cells or the name does not end in {@code .yaml}
     */
    public static Written write(NavGraph graph, Path yamlFile) throws IOException {
        String name = yamlFile.getFileName().toString();
        if (!name.endsWith(".yaml")) {
            throw new IllegalArgumentException("the map file must end in .yaml; was " + yamlFile);
        }
        double res = Double.POSITIVE_INFINITY;
        EdgeCursor edges = graph.edges();
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (int n = 0; n < graph.nodeIdLimit(); n++) {
            if (!graph.containsNode(n) || graph.name(n).isPresent()) {
                continue;
            }
            minX = Math.min(minX, graph.x(n));
            minY = Math.min(minY, graph.y(n));
            maxX = Math.max(maxX, graph.x(n));
            maxY = Math.max(maxY, graph.y(n));
            edges.moveTo(n);
            while (edges.next()) {
                if (edges.type() == GridGraph.EDGE_TYPE) {
                    double d = Math.hypot(graph.x(edges.to()) - graph.x(n), graph.y(edges.to()) - graph.y(n));
                    if (d > 1e-6) {
                        res = Math.min(res, d);
                    }
                }
            }
        }
        if (!Double.isFinite(res)) {
            throw new IllegalArgumentException("the store's graph has no grid cells (no grid edges): nothing to write as an image");
        }
        int width = (int) Math.round((maxX - minX) / res) + 1;
        int height = (int) Math.round((maxY - minY) / res) + 1;
        byte[] pixels = new byte[width * height];
        java.util.Arrays.fill(pixels, (byte) RosMapWriter.UNKNOWN);
        for (int n = 0; n < graph.nodeIdLimit(); n++) {
            if (!graph.containsNode(n) || graph.name(n).isPresent()) {
                continue;
            }
            int col = (int) Math.round((graph.x(n) - minX) / res);
            int row = (int) Math.round((graph.y(n) - minY) / res);
            pixels[(height - 1 - row) * width + col] = (byte) (graph.isBlocked(n) ? RosMapWriter.OCCUPIED : RosMapWriter.FREE);
        }
        String stem = name.substring(0, name.length() - ".yaml".length());
        Path pgm = yamlFile.resolveSibling(stem + ".pgm");
        Path places = yamlFile.resolveSibling(stem + "-places.yaml");
        Path dir = yamlFile.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        try (OutputStream out = Files.newOutputStream(pgm)) {
            out.write(String.format(Locale.ROOT, "P5\n# WALLY map saved from a store\n%d %d\n255\n", width, height).getBytes(StandardCharsets.US_ASCII));
            out.write(pixels);
        }
        Files.writeString(yamlFile, String.format(Locale.ROOT, """
                # Saved by WALLY from a map store (ROS map_server format, docs/mapping.md); places in %s.
                image: %s
                resolution: %s
                origin: [%.4f, %.4f, 0.0]
                negate: 0
                occupied_thresh: 0.65
                free_thresh: 0.196
                mode: trinary
                """, places.getFileName(), pgm.getFileName(), (float) res, minX - res / 2, minY - res / 2));
        StringBuilder p = new StringBuilder("# Named places saved by WALLY from a map store (format: docs/planning.md).\n")
                .append("grid: ").append(yamlFile.getFileName()).append("\nunknown: blocked\nplaces:\n");
        int count = 0;
        for (int n = 0; n < graph.nodeIdLimit(); n++) {
            if (graph.containsNode(n) && graph.name(n).isPresent()) {
                p.append(String.format(Locale.ROOT, "  - {name: \"%s\", kind: %s, x: %.3f, y: %.3f}%n",
                        graph.name(n).get().replace("\\", "\\\\").replace("\"", "\\\""), kindOf(graph.labels(n)), graph.x(n), graph.y(n)));
                count++;
            }
        }
        if (count == 0) {
            p.append("  []\n");
        }
        Files.writeString(places, p.toString());
        return new Written(pgm, places, width, height, res, count);
    }

    private static String kindOf(int labels) {
        for (PlaceKind k : PlaceKind.values()) {
            if ((labels & k.labelBit()) != 0) {
                return k.name().toLowerCase(Locale.ROOT);
            }
        }
        return "waypoint";
    }
}
