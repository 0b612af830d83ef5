package io.wally.maps.plan;

/**
 * Where an 8-connected uniform-cost grid lies in a graph: its cells are the nodes {@code firstNode +
 * row·width + col}, a blocked node is a wall, and every move weighs {@code straightWeight} or, on a
 * diagonal (allowed only when both cells it passes between are free), {@code diagonalWeight}. What
 * {@link JumpPointSearch} needs to know of a grid, and nothing more.
 *
 * @param firstNode      node id of cell (0, 0)
 * @param width          columns, >= 1
 * @param height         rows, >= 1
 * @param straightWeight weight of a move to a side neighbour, > 0
 * @param diagonalWeight weight of a diagonal move, > 0
 */
public record GridShape(int firstNode, int width, int height, float straightWeight, float diagonalWeight) {

    public GridShape {
        if (width < 1 || height < 1 || (long) width * height > Integer.MAX_VALUE - 4L * (width + height) - 16) {
            throw new IllegalArgumentException("grid must be at least 1 x 1 and fit an int index; was " + width + " x " + height);
        }
        if (firstNode < 0) {
            throw new IllegalArgumentException("firstNode must be >= 0; was " + firstNode);
        }
        if (!(straightWeight > 0) || !(diagonalWeight > 0)) {
            throw new IllegalArgumentException("move weights must be > 0; were " + straightWeight + ", " + diagonalWeight);
        }
    }

    /** The shape of a grid of square cells {@code resolutionMetres} wide: side moves weigh that, diagonals √2 times it. */
    public static GridShape ofCells(int firstNode, int width, int height, double resolutionMetres) {
        return new GridShape(firstNode, width, height, (float) resolutionMetres, (float) (resolutionMetres * Math.sqrt(2.0)));
    }

    /** Whether {@code node} is one of the grid's cells. */
    public boolean isCell(int node) {
        return node >= firstNode && node - firstNode < width * height;
    }
}
