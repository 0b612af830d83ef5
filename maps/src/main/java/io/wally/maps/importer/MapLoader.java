package io.wally.maps.importer;

import com.fasterxml.jackson.databind.JsonNode;
import io.wally.maps.MutableNavGraph;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One entry point for every map file WALLY reads, chosen by content: a Moving AI {@code .map}, a route
 * graph ({@code .geojson}, {@code .gr}, {@code .csv}: {@link RouteGraphLoader}), a ROS {@code map_server}
 * YAML (it has an {@code image} key), or a named-places YAML (it has {@code places}). The result is always a {@link PlaceMap} (a grid alone has no places).
 *
 * <p>Stateless and thread-safe. On any error, a {@link MapFormatException} names the file and the
 * place in it, and no graph is left behind (the factory's graph is closed).
 */
public final class MapLoader {

    private MapLoader() {
    }

    /**
     * Reads {@code file} and builds its graph in a new graph from {@code factory}.
     *
     * @param connectivity 4 or 8, for grids (Moving AI maps are octile: pass 8 to follow their rules)
     * @param unknown how a ROS grid's unknown cells count (a named-places file says so itself)
     */
    public static PlaceMap load(Path file, int connectivity, UnknownCells unknown, Supplier<? extends MutableNavGraph> factory) {
        Objects.requireNonNull(file, "file");
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".map")) {
            OccupancyGrid grid = MovingAiLoader.loadMap(file);
            GridGraph gg = GridGraph.build(grid, connectivity, UnknownCells.BLOCKED, factory);
            return new PlaceMap(gg.graph(), gg, List.of(), PlaceMap.Source.MOVING_AI, false);
        }
        if (RouteGraphLoader.handles(file)) {
            return RouteGraphLoader.load(file, factory);
        }
        YamlDoc doc = YamlDoc.read(file);
        JsonNode root = doc.requireObject(doc.root(), "a map YAML");
        if (doc.has(root, "image")) {
            OccupancyGrid grid = RosMapLoader.load(doc, root);
            GridGraph gg = GridGraph.build(grid, connectivity, unknown, factory);
            return new PlaceMap(gg.graph(), gg, List.of(), PlaceMap.Source.ROS_GRID, false);
        }
        if (doc.has(root, "places")) {
            return NamedPlacesLoader.load(file).build(connectivity, factory);
        }
        throw doc.error(doc.where(root), "neither a ROS map (no 'image') nor a named-places file (no 'places')");
    }
}
