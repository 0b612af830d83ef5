package io.wally.runtime.command;

import io.wally.maps.importer.PlaceNames;

/**
 * Where a request points: a place name, a node id or a point in metres. Parsed once, where the request is
 * decoded ({@link #parse}); the planner and the map writer resolve it to a node on their view of the map
 * and never read it as text again. A name never reads as an id or as {@code "x,y"} ({@link PlaceNames}),
 * so the three cases cannot be confused.
 */
public sealed interface Place {

    /** A node by its name, e.g. {@code kitchen}. */
    record Named(String name) implements Place {
        @Override
        public String text() {
            return name;
        }
    }

    /** A node by its id ({@code >= 0} when it can exist). */
    record Node(int id) implements Place {
        @Override
        public String text() {
            return Integer.toString(id);
        }
    }

    /** A point in world metres; it resolves to the node of the grid cell under it. */
    record Point(double xMeters, double yMeters) implements Place {
        @Override
        public String text() {
            return xMeters + "," + yMeters;
        }
    }

    /** The place as a request would spell it: for messages. */
    String text();

    /**
     * {@link #parse} for text the caller knows to be valid (code, tests).
     *
     * @throws IllegalArgumentException when it is not
     */
    static Place of(String text) {
        try {
            return parse("place", text);
        } catch (RequestRefused refused) {
            throw new IllegalArgumentException(refused.getMessage(), refused);
        }
    }

    /**
     * Reads {@code text} as a node id ({@code "17"}), coordinates ({@code "1.5,2"}, metres) or a name.
     *
     * @param field the request field, named in the refusal
     * @throws RequestRefused {@link ErrorCode#TOO_LARGE} over {@link PlaceText#MAX_NAME_BYTES}; {@link
     *     ErrorCode#BAD_REQUEST} when blank, or for coordinates that are not finite or too far out
     */
    static Place parse(String field, String text) throws RequestRefused {
        if (text == null || text.isBlank()) {
            throw new RequestRefused(ErrorCode.BAD_REQUEST, "field '" + field + "' must be a node name, a node id >= 0, or \"x,y\"; was "
                    + PlaceText.shown(text));
        }
        int bytes = PlaceText.utf8Length(text);
        if (bytes > PlaceText.MAX_NAME_BYTES) {
            throw new RequestRefused(ErrorCode.TOO_LARGE, "field '" + field + "' is " + bytes
                    + " bytes (UTF-8); the limit is " + PlaceText.MAX_NAME_BYTES + "; was " + PlaceText.shown(text));
        }
        if (PlaceNames.isNodeId(text)) {
            return new Node(Integer.parseInt(text.strip()));
        }
        double[] xy = PlaceNames.coordinates(text);
        if (xy != null) {
            if (PlaceText.whyNotCoordinate(xy[0]) != null || PlaceText.whyNotCoordinate(xy[1]) != null) {
                throw new RequestRefused(ErrorCode.BAD_REQUEST, "field '" + field + "' reads as coordinates \"x,y\" but they are not finite numbers within ±"
                        + (long) PlaceText.MAX_ABS_COORDINATE_METERS + " m; was " + PlaceText.shown(text));
            }
            return new Point(xy[0], xy[1]);
        }
        return new Named(text);
    }
}
