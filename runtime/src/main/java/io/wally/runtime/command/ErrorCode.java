package io.wally.runtime.command;

import java.util.Locale;

/**
 * Why a request failed: one code from the edge that decodes a request to the reply that carries it. On the
 * wire a code is its {@link #wireName()} (a short lowercase word, e.g. {@code unknown_node}); docs/mqtt.md
 * lists them. Nothing anywhere tells errors apart by their message text: code paths pick a code.
 */
public enum ErrorCode {
    /** The payload is not a JSON object. Retrying the same payload fails again. */
    BAD_JSON,
    /** A field is missing, of the wrong type or out of range. */
    BAD_REQUEST,
    /** The payload or one field is over its limit. */
    TOO_LARGE,
    /** No such command. */
    UNKNOWN_COMMAND,
    /** A place names no node of the map. */
    UNKNOWN_NODE,
    /** A map edit names an edge the map does not have. */
    UNKNOWN_EDGE,
    /** Start and goal are not connected (or the search ran out of its budget). */
    NO_PATH,
    /** The robot cannot serve the request yet (starting, or its position is not on the map). */
    NOT_READY,
    /** Too many requests in flight: a later attempt may succeed. */
    BUSY,
    /** A latched safety fault refuses driving. */
    FAULT,
    /** A query went over its limit of rows, time or edges followed. */
    QUERY_LIMIT,
    /** The map edit was applied but the store failed to log it: it may not survive a crash. */
    STORE_FAILED,
    /** A handler failed: a bug, logged. */
    INTERNAL,
    /** A zone edit names a zone the map does not have. */
    UNKNOWN_ZONE,
    /** A point lies on the map but no free cell is within {@code map.snapRadiusMeters} of it (inside a wall). */
    NO_FREE_CELL;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The code as replies carry it: {@code unknown_node}. */
    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
