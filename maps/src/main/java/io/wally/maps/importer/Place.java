package io.wally.maps.importer;

/**
 * A named place of a {@link PlaceMap}: its name, kind, position in metres and node id in the graph.
 *
 * @param node the place's own node (named {@code name}); with a grid, it is joined to {@code cellNode}
 * @param cellNode the grid cell the place stands in, or {@link io.wally.maps.NavGraph#NO_NODE} without a grid
 */
public record Place(String name, PlaceKind kind, double x, double y, int node, int cellNode) {
}
