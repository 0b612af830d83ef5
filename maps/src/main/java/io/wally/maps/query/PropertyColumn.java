package io.wally.maps.query;

import io.wally.maps.NavGraph;
import java.util.Optional;

/**
 * One property key decoded for every node of a graph version, so that a query reads it by node id with
 * no look-up, no allocation and no boxing: a tag per node ({@link #NULL}, {@link #INTEGER},
 * {@link #FLOAT}, {@link #OTHER}) and 64 bits per node (the long itself, or the double's raw bits).
 * Strings, booleans and lists are kept as objects in a side array, present only when some node has one.
 * A column is {@link #complete} when every live node has a value: compiled code then reads the value
 * without testing the tag (the hot filters of a scan read one array instead of two).
 *
 * <p>Immutable after construction; built by {@link GraphView} for one graph version.
 */
final class PropertyColumn {

    static final byte NULL = 0;
    static final byte INTEGER = 1;
    static final byte FLOAT = 2;
    static final byte OTHER = 3;

    /** Column kinds, for the compiler: which type every non-null value has (MIXED: several, or lists or booleans). */
    enum Kind { EMPTY, INTEGER, FLOAT, STRING, MIXED }

    final String key;
    final byte[] tags;
    final long[] bits;
    final Object[] others;
    final Kind kind;
    /** Whether every live node has a value (no live node reads null); false for an empty column. */
    final boolean complete;

    private PropertyColumn(String key, byte[] tags, long[] bits, Object[] others, Kind kind, boolean complete) {
        this.key = key;
        this.tags = tags;
        this.bits = bits;
        this.others = others;
        this.kind = kind;
        this.complete = complete;
    }

    static PropertyColumn build(NavGraph graph, String key) {
        int limit = graph.nodeIdLimit();
        byte[] tags = new byte[limit];
        long[] bits = new long[limit];
        Object[] others = null;
        boolean ints = false;
        boolean floats = false;
        boolean other = false;
        boolean strings = false;
        int missing = 0;
        int present = 0;
        for (int node = 0; node < limit; node++) {
            if (!graph.containsNode(node)) {
                continue;
            }
            Optional<byte[]> raw = graph.property(node, key);
            if (raw.isEmpty()) {
                missing++;
                continue;
            }
            present++;
            Object value = PropertyValues.decode(raw.get());
            if (value instanceof Long l) {
                tags[node] = INTEGER;
                bits[node] = l;
                ints = true;
            } else if (value instanceof Double d) {
                tags[node] = FLOAT;
                bits[node] = Double.doubleToRawLongBits(d);
                floats = true;
            } else {
                if (others == null) {
                    others = new Object[limit];
                }
                tags[node] = OTHER;
                others[node] = value;
                if (value instanceof String) {
                    strings = true;
                } else {
                    other = true;
                }
            }
        }
        int types = (ints ? 1 : 0) + (floats ? 1 : 0) + (strings ? 1 : 0);
        Kind kind = other || types > 1 ? Kind.MIXED : ints ? Kind.INTEGER : floats ? Kind.FLOAT : strings ? Kind.STRING : Kind.EMPTY;
        return new PropertyColumn(key, tags, bits, others, kind, missing == 0 && present > 0);
    }

    /** The value on {@code node} (boxed), or null. */
    Object get(int node) {
        if (node < 0 || node >= tags.length) {
            return null;
        }
        return switch (tags[node]) {
            case INTEGER -> bits[node];
            case FLOAT -> Double.longBitsToDouble(bits[node]);
            case OTHER -> others[node];
            default -> null;
        };
    }
}
