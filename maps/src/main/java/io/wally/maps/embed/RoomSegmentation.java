package io.wally.maps.embed;

import java.util.Arrays;
import java.util.List;

/**
 * The rooms {@link RoomSegmenter} found on a grid: a room index per cell and one {@link Room} per index.
 *
 * <p>Immutable; thread-safe.
 */
public final class RoomSegmentation {

    /** Room value of a cell that belongs to no room (impassable, or a speck of floor cut off from the rest). */
    public static final int NO_ROOM = -1;

    /**
     * One room.
     *
     * @param index the room's index, from 0; named {@code room-(index+1)}
     * @param name {@code room-1}, {@code room-2}, … (rooms are numbered by size, largest first)
     * @param cells number of grid cells in the room
     * @param x world x of the room's place (a passable cell of the room, near its centroid), metres
     * @param y world y, metres
     */
    public record Room(int index, String name, int cells, double x, double y) {
    }

    private final int width;
    private final int height;
    private final int[] roomOfCell;
    private final List<Room> rooms;

    RoomSegmentation(int width, int height, int[] roomOfCell, List<Room> rooms) {
        this.width = width;
        this.height = height;
        this.roomOfCell = roomOfCell.clone();
        this.rooms = List.copyOf(rooms);
    }

    /** Cells per row of the grid. */
    public int width() {
        return width;
    }

    /** Rows of the grid. */
    public int height() {
        return height;
    }

    /** Room index of cell {@code (col, row)} (row 0 at the top), or {@link #NO_ROOM}. */
    public int roomAt(int col, int row) {
        if (col < 0 || col >= width || row < 0 || row >= height) {
            throw new IndexOutOfBoundsException("cell (" + col + ", " + row + ") is outside the " + width + " x " + height + " grid");
        }
        return roomOfCell[row * width + col];
    }

    /** The rooms, by index. */
    public List<Room> rooms() {
        return rooms;
    }

    /** A copy of the per-cell room indices, row-major. */
    public int[] cells() {
        return Arrays.copyOf(roomOfCell, roomOfCell.length);
    }
}
