package io.wally.maps.importer;

/** How a grid import treats cells whose occupancy is unknown. */
public enum UnknownCells {
    /** Unknown cells are impassable (blocked nodes): the safe default for a robot. */
    BLOCKED,
    /** Unknown cells are passable like free ones (exploration). */
    FREE
}
