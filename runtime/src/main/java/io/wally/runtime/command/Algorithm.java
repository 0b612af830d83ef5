package io.wally.runtime.command;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The search a {@link Request.Plan} asks for; parsed once, where the request is decoded. */
public enum Algorithm {
    /**
     * Jump point search where it gives A*'s cost (the map is an 8-connected grid with uniform moves, no zones,
     * no edges added, removed or re-weighted, places hung on one cell each), else A* (the default). A reply
     * names the one that ran.
     */
    AUTO,
    /** Jump point search; refused where it does not apply (see {@link #AUTO}). Its expansions count jump points. */
    JPS,
    /** A* with the map's admissible heuristic. */
    ASTAR,
    /** Dijkstra: the same cost as A*, more nodes expanded. */
    DIJKSTRA,
    /** Breadth-first search: fewest hops, weights ignored. */
    BFS;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The name requests use: {@code astar}. */
    public String wireName() {
        return wireName;
    }

    /**
     * The algorithm named {@code text} (case and surrounding blanks ignored).
     *
     * @throws RequestRefused {@link ErrorCode#BAD_REQUEST} naming {@code field} and the choices
     */
    public static Algorithm parse(String field, String text) throws RequestRefused {
        String wanted = text.strip().toLowerCase(Locale.ROOT);
        for (Algorithm a : values()) {
            if (a.wireName.equals(wanted)) {
                return a;
            }
        }
        throw new RequestRefused(ErrorCode.BAD_REQUEST, "unknown algorithm '" + text + "' in field '" + field + "' ("
                + Arrays.stream(values()).map(Algorithm::wireName).collect(Collectors.joining(", ")) + ")");
    }
}
