package io.wally.maps;

import java.nio.charset.StandardCharsets;

/**
 * The limits every {@link MutableNavGraph} enforces, and the shared checks that turn a violation
 * into the specific {@link GraphException} (public so that implementations in other packages, such as
 * {@code io.wally.maps.graph.OffHeapGraph}, share them). Stateless; safe from any thread.
 *
 * <ul>
 *   <li>node name: 1..{@value #MAX_NAME_BYTES} UTF-8 bytes, valid Unicode, unique among live nodes;</li>
 *   <li>property key: 1..{@value #MAX_PROPERTY_KEY_BYTES} UTF-8 bytes, valid Unicode;</li>
 *   <li>property value: 0..{@value #MAX_PROPERTY_VALUE_BYTES} bytes (16 MiB);</li>
 *   <li>coordinates: finite floats, metres;</li>
 *   <li>edge weight: finite and {@code >= 0} ({@code -0.0f} is accepted and stored as {@code +0.0f});</li>
 *   <li>edge type: {@code [0, }{@value #MAX_EDGE_TYPE}{@code ]} (16 bits, so an edge record stays small).</li>
 * </ul>
 *
 * <pre>{@code
 * if (name.getBytes(UTF_8).length > GraphLimits.MAX_NAME_BYTES) { ... shorten it before addNode ... }
 * }</pre>
 */
public final class GraphLimits {

    /** Longest node name, UTF-8 bytes. */
    public static final int MAX_NAME_BYTES = 255;
    /** Longest property key, UTF-8 bytes. */
    public static final int MAX_PROPERTY_KEY_BYTES = 255;
    /** Largest property value, bytes (16 MiB). */
    public static final int MAX_PROPERTY_VALUE_BYTES = 16 * 1024 * 1024;
    /** Largest edge type. */
    public static final int MAX_EDGE_TYPE = 0xFFFF;

    private GraphLimits() {
    }

    /**
     * Checks a node name; returns its UTF-8 bytes.
     *
     * @throws NullPointerException when {@code name} is null
     * @throws InvalidNameException when it is empty or holds an unpaired surrogate
     * @throws OversizeException when it has more than {@value #MAX_NAME_BYTES} UTF-8 bytes
     */
    public static byte[] checkName(String name) {
        return checkText("node name", name, MAX_NAME_BYTES);
    }

    /** Checks a property key as {@link #checkName} checks a name ({@value #MAX_PROPERTY_KEY_BYTES} bytes); returns its UTF-8 bytes. */
    public static byte[] checkPropertyKey(String key) {
        return checkText("property key", key, MAX_PROPERTY_KEY_BYTES);
    }

    /**
     * Checks a property value: not null, at most {@value #MAX_PROPERTY_VALUE_BYTES} bytes
     * ({@link OversizeException} naming {@code key} beyond).
     */
    public static void checkPropertyValue(String key, byte[] value) {
        if (value == null) {
            throw new NullPointerException("value of property \"" + key + "\" is null");
        }
        if (value.length > MAX_PROPERTY_VALUE_BYTES) {
            throw new OversizeException("value of property \"" + key + "\"", value.length, MAX_PROPERTY_VALUE_BYTES);
        }
    }

    /** Checks that both coordinates (metres) are finite; else an {@link InvalidCoordinateException}. */
    public static void checkCoordinates(float xMeters, float yMeters) {
        if (!Float.isFinite(xMeters)) {
            throw new InvalidCoordinateException("x", xMeters);
        }
        if (!Float.isFinite(yMeters)) {
            throw new InvalidCoordinateException("y", yMeters);
        }
    }

    /** Checks that edge {@code from -> to}'s weight is finite and {@code >= 0}; else an {@link InvalidWeightException}. */
    public static void checkWeight(int from, int to, float weight) {
        if (!(weight >= 0f) || weight == Float.POSITIVE_INFINITY) {
            throw new InvalidWeightException(from, to, weight);
        }
    }

    /** Checks that edge {@code from -> to}'s type is in {@code [0, MAX_EDGE_TYPE]}; else an {@link InvalidEdgeTypeException}. */
    public static void checkEdgeType(int from, int to, int type) {
        if (type < 0 || type > MAX_EDGE_TYPE) {
            throw new InvalidEdgeTypeException(from, to, type);
        }
    }

    private static byte[] checkText(String what, String text, int maxBytes) {
        if (text == null) {
            throw new NullPointerException(what + " is null");
        }
        if (text.isEmpty()) {
            throw new InvalidNameException(what, text, "empty");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw new InvalidNameException(what, text, "unpaired surrogate at index " + i);
            }
            if (Character.isLowSurrogate(c)) {
                throw new InvalidNameException(what, text, "unpaired surrogate at index " + i);
            }
        }
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > maxBytes) {
            String shown = text.length() > 32 ? text.substring(0, 32) + "…" : text;
            throw new OversizeException(what + " \"" + shown + "\"", utf8.length, maxBytes);
        }
        return utf8;
    }
}
