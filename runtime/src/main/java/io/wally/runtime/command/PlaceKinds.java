package io.wally.runtime.command;

import io.wally.maps.importer.PlaceKind;

/** A named node's kind as replies and the dashboard spell it, from its label bits. Stateless; any thread. */
public final class PlaceKinds {

    private PlaceKinds() {
    }

    /** {@code dock}, {@code room} or {@code waypoint} by the node's label bits; {@code place} for a node without one. */
    public static String of(int labels) {
        return (labels & PlaceKind.DOCK.labelBit()) != 0 ? "dock"
                : (labels & PlaceKind.ROOM.labelBit()) != 0 ? "room"
                : (labels & PlaceKind.WAYPOINT.labelBit()) != 0 ? "waypoint" : "place";
    }
}
