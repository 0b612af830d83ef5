package io.wally.maps.importer;

import io.wally.maps.MutableNavGraph;
import io.wally.maps.NavGraph;
import io.wally.maps.plan.Heuristic;
import io.wally.maps.plan.Heuristics;
import java.util.List;
import java.util.Optional;
import java.util.function.LongToIntFunction;

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

    /** Which kind of file a map came from. */
    public enum Source {
        /** A ROS {@code map_server} YAML + PGM: coordinates in metres. */
        ROS_GRID,
        /** A Moving AI {@code .map}: coordinates are cells, {@code x,y} = column, row. */
        MOVING_AI,
        /** A named-places YAML, with or without a grid. */
        NAMED_PLACES,
        /** A route graph (GeoJSON, DIMACS, CSV): nodes keep the ids the file gave them. */
        ROUTE_GRAPH
    }

    private final MutableNavGraph graph;
    private final GridGraph grid;
    private final List<Place> places;
    private final Source source;
    private final boolean hasConnections;
    private Heuristic heuristic;
    private final LongToIntFunction fileIds;

    PlaceMap(MutableNavGraph graph, GridGraph grid, List<Place> places, Source source, boolean hasConnections) {
        this(graph, grid, places, source, hasConnections, null);
    }

    /** A route graph's map: {@code fileIds} turns an id of the file into a node ({@link NavGraph#NO_NODE} when none). */
    static PlaceMap routeGraph(MutableNavGraph graph, LongToIntFunction fileIds) {
        return new PlaceMap(graph, null, List.of(), Source.ROUTE_GRAPH, true, fileIds);
    }

    private PlaceMap(MutableNavGraph graph, GridGraph grid, List<Place> places, Source source, boolean hasConnections,
            LongToIntFunction fileIds) {
        this.fileIds = fileIds;
        this.graph = graph;
        this.grid = grid;
        this.places = List.copyOf(places);
        this.source = source;
        this.hasConnections = hasConnections;
    }

    /** The kind of file this map was read from. */
    public Source source() {
        return source;
    }

    /**
     * The tightest heuristic admissible on this graph: Manhattan or octile on a grid (place anchors weigh
     * the same grid distance, see {@link NamedPlacesLoader}); Euclidean when free-form connections exist,
     * scaled down when a connection weighs less than its straight line ({@link Heuristics#admissibleOn}).
     * Computed once, for the graph as loaded.
     */
    public Heuristic heuristic() {
        if (grid == null || hasConnections) {
            if (heuristic == null) {
                heuristic = Heuristics.admissibleOn(graph, Heuristics.euclidean());
            }
            return heuristic;
        }
        return Heuristics.forGrid(grid.connectivity());
    }

    /**
     * The node an endpoint refers to: a place name, or {@code x,y} (metres; on Moving AI maps column,row),
     * or on a route graph the node id its file gave; {@link NavGraph#NO_NODE} when it names nothing.
     */
    public int resolve(String endpoint) {
        String text = endpoint.strip();
        if (fileIds != null) {
            try {
                return fileIds.applyAsInt(Long.parseLong(text));
            } catch (NumberFormatException notAnId) {
                // x,y or a name
            }
        }
        int comma = text.indexOf(',');
        if (comma > 0) {
            try {
                double x = Double.parseDouble(text.substring(0, comma).strip());
                double y = Double.parseDouble(text.substring(comma + 1).strip());
                if (source == Source.MOVING_AI) {
                    return grid.node((int) x, (int) y);
                }
                return nodeAt(x, y);
            } catch (NumberFormatException e) {
                // not a coordinate pair: try it as a name
            }
        }
        return graph.nodeId(text);
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
        if (grid != null) {
            return grid.nodeAt(x, y);
        }
        return source == Source.ROUTE_GRAPH ? nearestNode(x, y) : NavGraph.NO_NODE;
    }

    /** The node nearest to {@code (x, y)}, lowest id on a tie: one pass over every node. */
    private int nearestNode(double x, double y) {
        int best = NavGraph.NO_NODE;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int node = 0; node < graph.nodeIdLimit(); node++) {
            if (graph.containsNode(node)) {
                double d = Math.hypot(graph.x(node) - x, graph.y(node) - y);
                if (d < bestDistance) {
                    bestDistance = d;
                    best = node;
                }
            }
        }
        return best;
    }
}
