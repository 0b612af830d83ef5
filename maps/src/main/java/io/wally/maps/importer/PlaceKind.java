package io.wally.maps.importer;

import java.util.Locale;

/** What a named place is; each kind sets one label bit on its node ({@link io.wally.maps.NavGraph#labels}). */
public enum PlaceKind {
    /** A room (kitchen, bedroom, …). */
    ROOM(1),
    /** A waypoint (a doorway, a corridor junction). */
    WAYPOINT(2),
    /** The charging dock. */
    DOCK(4);

    private final int labelBit;

    PlaceKind(int labelBit) {
        this.labelBit = labelBit;
    }

    /** The label bit this kind sets on its node. */
    public int labelBit() {
        return labelBit;
    }

    /** The kind named {@code text} (case-insensitive), or null when there is none. */
    static PlaceKind parse(String text) {
        for (PlaceKind k : values()) {
            if (k.name().equals(text.toUpperCase(Locale.ROOT))) {
                return k;
            }
        }
        return null;
    }
}
