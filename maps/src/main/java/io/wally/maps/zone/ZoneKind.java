package io.wally.maps.zone;

import java.util.Locale;

/** What a {@link Zone} does to the routes and the robot inside it. */
public enum ZoneKind {
    /** No route enters; a robot found inside leaves by the shortest way out. */
    KEEPOUT,
    /** Edges into the zone cost {@code costFactor} times more and the robot drives at most {@code maxSpeedMps}. */
    SPEED;

    /** The kind's name in files and messages ({@code keepout}, {@code speed}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind called {@code text} (any case), or null when there is none. */
    public static ZoneKind parse(String text) {
        for (ZoneKind k : values()) {
            if (k.wireName().equalsIgnoreCase(text)) {
                return k;
            }
        }
        return null;
    }
}
