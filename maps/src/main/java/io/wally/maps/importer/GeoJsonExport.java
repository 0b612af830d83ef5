package io.wally.maps.importer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wally.maps.EdgeCursor;
import io.wally.maps.NavGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a graph as a Nav2 Route Server GeoJSON graph, the format {@link RouteGraphLoader} reads back:
 * one Point per node ({@code id} = the node id, {@code name} when it has one), one directed
 * MultiLineString per edge ({@code startid}, {@code endid}, {@code cost} = its weight, not overridable,
 * and the straight line between its nodes as coordinates). Edge ids follow the node ids, so that every
 * id is unique as Nav2 requires. Blocked nodes are written with {@code "blocked": true} in their metadata.
 *
 * <p>Reads the graph from the calling thread (a replica's view, or a graph nobody writes meanwhile).
 */
public final class GeoJsonExport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private GeoJsonExport() {
    }

    /** Writes {@code graph} to {@code file} (through a temporary file, renamed when complete). */
    public static void write(NavGraph graph, Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("type", "FeatureCollection");
        root.put("name", "graph");
        ArrayNode features = root.putArray("features");
        for (int node = 0; node < graph.nodeIdLimit(); node++) {
            if (!graph.containsNode(node)) {
                continue;
            }
            ObjectNode f = features.addObject();
            f.put("type", "Feature");
            ObjectNode geometry = f.putObject("geometry");
            geometry.put("type", "Point");
            geometry.putArray("coordinates").add(graph.x(node)).add(graph.y(node));
            ObjectNode properties = f.putObject("properties");
            properties.put("id", node);
            properties.put("frame", "map");
            int n = node;
            graph.name(node).ifPresent(name -> properties.put("name", name));
            if (graph.isBlocked(n)) {
                properties.putObject("metadata").put("blocked", true);
            }
        }
        long edgeId = graph.nodeIdLimit();
        EdgeCursor out = graph.edges();
        for (int node = 0; node < graph.nodeIdLimit(); node++) {
            if (!graph.containsNode(node)) {
                continue;
            }
            out.moveTo(node);
            while (out.next()) {
                ObjectNode f = features.addObject();
                f.put("type", "Feature");
                ObjectNode geometry = f.putObject("geometry");
                geometry.put("type", "MultiLineString");
                ArrayNode line = geometry.putArray("coordinates").addArray();
                line.addArray().add(graph.x(node)).add(graph.y(node));
                line.addArray().add(graph.x(out.to())).add(graph.y(out.to()));
                ObjectNode properties = f.putObject("properties");
                properties.put("id", edgeId++);
                properties.put("startid", node);
                properties.put("endid", out.to());
                properties.put("cost", out.weight());
                properties.put("overridable", false);
            }
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), root);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
