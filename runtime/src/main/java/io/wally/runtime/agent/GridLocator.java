package io.wally.runtime.agent;

import io.wally.maps.NavGraph;
import io.wally.maps.importer.GridGraph;
import io.wally.maps.importer.OccupancyGrid;
import io.wally.maps.plan.GridShape;

/**
 * The {@link NodeLocator} of a map with an occupancy grid, which also knows the grid's shape: its cells by
 * column and row, their centres, and the map's extent in metres. The planner snaps points to free cells with
 * it, the map writer finds the cells of an area (a room's outline, a painted rectangle), and {@code cmd/map get}
 * draws the grid.
 *
 * <p>Rows count from the top (row 0 is the northern edge), as in the map's picture.
 *
 * <p>Immutable; any thread.
 */
public final class GridLocator implements NodeLocator {

    private final OccupancyGrid grid;
    private final int firstNode;
    private final double minX;
    private final double maxX;
    private final double minY;
    private final double maxY;

    /** The locator of {@code grid}'s cells, node {@code firstNode + row * width + col}. */
    public GridLocator(OccupancyGrid grid, int firstNode) {
        this.grid = grid;
        this.firstNode = firstNode;
        double[] xs = {grid.cellCentreX(0, 0), grid.cellCentreX(grid.width() - 1, 0), grid.cellCentreX(0, grid.height() - 1),
            grid.cellCentreX(grid.width() - 1, grid.height() - 1)};
        double[] ys = {grid.cellCentreY(0, 0), grid.cellCentreY(grid.width() - 1, 0), grid.cellCentreY(0, grid.height() - 1),
            grid.cellCentreY(grid.width() - 1, grid.height() - 1)};
        double half = grid.resolutionMetres() / 2;
        this.minX = Math.min(Math.min(xs[0], xs[1]), Math.min(xs[2], xs[3])) - half;
        this.maxX = Math.max(Math.max(xs[0], xs[1]), Math.max(xs[2], xs[3])) + half;
        this.minY = Math.min(Math.min(ys[0], ys[1]), Math.min(ys[2], ys[3])) - half;
        this.maxY = Math.max(Math.max(ys[0], ys[1]), Math.max(ys[2], ys[3])) + half;
    }

    /** The locator of a built grid graph. */
    public static GridLocator of(GridGraph grid) {
        return new GridLocator(grid.grid(), grid.firstNode());
    }

    @Override
    public int nodeAt(double xMeters, double yMeters) {
        return node(grid.colAt(xMeters, yMeters), grid.rowAt(xMeters, yMeters));
    }

    @Override
    public double cellSizeMeters() {
        return grid.resolutionMetres();
    }

    /** Node of cell {@code (col, row)}, or {@link NavGraph#NO_NODE} outside the grid. */
    public int node(int col, int row) {
        return grid.inside(col, row) ? firstNode + row * grid.width() + col : NavGraph.NO_NODE;
    }

    /** Cells per row. */
    /** Where the grid lies among the graph's nodes and what its moves weigh when 8-connected, for jump point search. */
    public GridShape shape() {
        return GridShape.ofCells(firstNode, grid.width(), grid.height(), grid.resolutionMetres());
    }

    public int width() {
        return grid.width();
    }

    /** Rows. */
    public int height() {
        return grid.height();
    }

    /** Column of the cell containing {@code (x, y)} metres (may lie outside the grid). */
    public int colAt(double xMeters, double yMeters) {
        return grid.colAt(xMeters, yMeters);
    }

    /** Row of the cell containing {@code (x, y)} metres (may lie outside the grid). */
    public int rowAt(double xMeters, double yMeters) {
        return grid.rowAt(xMeters, yMeters);
    }

    /** World x of the centre of cell {@code (col, row)}, metres. */
    public double centreX(int col, int row) {
        return grid.cellCentreX(col, row);
    }

    /** World y of the centre of cell {@code (col, row)}, metres. */
    public double centreY(int col, int row) {
        return grid.cellCentreY(col, row);
    }

    /** World x of the grid's lower-left corner (the map's origin), metres. */
    public double originXMeters() {
        return grid.originX();
    }

    /** World y of the grid's lower-left corner (the map's origin), metres. */
    public double originYMeters() {
        return grid.originY();
    }

    /** Smallest x on the map, metres (the edge of the outermost cells). */
    public double minXMeters() {
        return minX;
    }

    /** Largest x on the map, metres. */
    public double maxXMeters() {
        return maxX;
    }

    /** Smallest y on the map, metres. */
    public double minYMeters() {
        return minY;
    }

    /** Largest y on the map, metres. */
    public double maxYMeters() {
        return maxY;
    }

    /** The map's extent for messages: {@code "x in [0.0, 10.0] m, y in [0.0, 8.0] m"}. */
    public String extent() {
        return "x in [" + Rounding.meters(minX) + ", " + Rounding.meters(maxX) + "] m, y in [" + Rounding.meters(minY) + ", "
                + Rounding.meters(maxY) + "] m";
    }
}
