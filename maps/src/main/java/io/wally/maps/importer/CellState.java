package io.wally.maps.importer;

/** What an occupancy-grid cell holds, as read from the map file. */
public enum CellState {
    /** Free space: the robot may drive there. */
    FREE,
    /** An obstacle. */
    OCCUPIED,
    /** Not observed; {@link UnknownCells} decides whether it is passable. */
    UNKNOWN
}
