package io.wally.maps.importer;

import io.wally.maps.MutableNavGraph;
import io.wally.maps.NavGraph;
import java.util.List;
import java.util.Optional;

/**
 * A named-places map built into a graph (see {@link NamedPlacesLoader}): the graph, the grid it
 * contains (if the file named one), and the places with their node ids.
 *
 * <p>The graph belongs to the caller, who closes it. Immutable otherwise; thread-safe.
 */
public final class PlaceMap {

    /** Edge type of a connection between two places listed under {@code connections}. */
    public static final int CONNECTION_EDGE_TYPE = 2;
    /** Edge type of the edge joining a place to the grid cell it stands in. */
    public static final int ANCHOR_EDGE_TYPE = 3;

    private final MutableNavGraph graph;
    private final GridGraph grid;
    private final List<Place> places;

    PlaceMap(MutableNavGraph graph, GridGraph grid, List<Place> places) {
        this.graph = graph;
        this.grid = grid;
        this.places = List.copyOf(places);
    }

    /** The graph holding the grid (if any) and the places. */
    public MutableNavGraph graph() {
        return graph;
    }

    /** The occupancy grid part, when the file named one. */
    public Optional<GridGraph> grid() {
        return Optional.ofNullable(grid);
    }

    /** The places in file order. */
    public List<Place> places() {
        return places;
    }

    /** The place called {@code name}. */
    public Optional<Place> place(String name) {
        return places.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /**
     * The node for a place name or a world point: a place's node, else (with a grid) the cell node
     * containing {@code (x, y)}; {@link NavGraph#NO_NODE} when neither applies.
     */
    public int nodeAt(double x, double y) {
        return grid == null ? NavGraph.NO_NODE : grid.nodeAt(x, y);
    }
}
