package io.wally.runtime.command;

import io.wally.maps.GraphLimits;
import io.wally.maps.importer.PlaceNames;
import java.nio.charset.StandardCharsets;

/**
 * The rules for places and node names as they travel in requests. A place is read, in this order, as a
 * node name, a node id ({@code "17"}) or coordinates {@code "x,y"} in metres; so a new node's name must
 * not read as an id or as coordinates ({@link PlaceNames}, the rule map files follow too), coordinates must be
 * finite and within {@value #MAX_ABS_COORDINATE_METERS} m of the origin, and text fields have byte limits
 * that keep every request inside one command record. Stateless; any thread.
 */
public final class PlaceText {

    /** Largest |x| or |y| accepted anywhere, metres: far beyond any building, well inside float precision. */
    public static final double MAX_ABS_COORDINATE_METERS = 1_000_000;
    /** Longest place or node name, UTF-8 bytes (the graph's limit). */
    public static final int MAX_NAME_BYTES = GraphLimits.MAX_NAME_BYTES;
    /** Longest free text (a stop reason), UTF-8 bytes. */
    public static final int MAX_REASON_BYTES = 256;
    /** Longest keyword (an algorithm, a map op), UTF-8 bytes. */
    public static final int MAX_KEYWORD_BYTES = 32;
    private static final int SHOWN_CHARS = 40;

    private PlaceText() {
    }

    /** Why {@code meters} cannot be a coordinate (not finite, or too far out), or null when it can. */
    public static String whyNotCoordinate(double meters) {
        if (!Double.isFinite(meters) || !Float.isFinite((float) meters)) {
            return "must be a finite number of metres";
        }
        if (Math.abs(meters) > MAX_ABS_COORDINATE_METERS) {
            return "must be within ±" + (long) MAX_ABS_COORDINATE_METERS + " m";
        }
        return null;
    }

    /** Why the place {@code text} cannot be used (too long, or coordinates that are not finite or too far), or null. */
    public static String whyNotPlace(String text) {
        int bytes = utf8Length(text);
        if (bytes > MAX_NAME_BYTES) {
            return "is " + bytes + " bytes (UTF-8); the limit is " + MAX_NAME_BYTES;
        }
        double[] xy = PlaceNames.coordinates(text);
        if (xy != null && (whyNotCoordinate(xy[0]) != null || whyNotCoordinate(xy[1]) != null)) {
            return "reads as coordinates \"x,y\" but they are not finite numbers within ±"
                    + (long) MAX_ABS_COORDINATE_METERS + " m";
        }
        return null;
    }

    /** Why {@code name} cannot name a new node (too long, or reads as an id or as "x,y"), or null when it can. */
    public static String whyNotNodeName(String name) {
        if (name.isBlank()) {
            return "must not be blank";
        }
        int bytes = utf8Length(name);
        if (bytes > MAX_NAME_BYTES) {
            return "is " + bytes + " bytes (UTF-8); the limit is " + MAX_NAME_BYTES;
        }
        return PlaceNames.whyAmbiguous(name);
    }

    /** Bytes {@code text} takes in UTF-8. */
    public static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** {@code text} quoted for an error message, cut to 40 characters ("…" and the full length when longer). */
    public static String shown(String text) {
        if (text == null) {
            return "null";
        }
        if (text.length() <= SHOWN_CHARS) {
            return "\"" + text + "\"";
        }
        int end = Character.isHighSurrogate(text.charAt(SHOWN_CHARS - 1)) ? SHOWN_CHARS - 1 : SHOWN_CHARS;
        return "\"" + text.substring(0, end) + "…\" (" + text.length() + " characters)";
    }
}
