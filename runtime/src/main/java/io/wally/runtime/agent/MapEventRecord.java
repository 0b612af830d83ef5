package io.wally.runtime.agent;

import static io.wally.runtime.agent.MapEventDescriptor.*;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Flyweight over one record of the map-event ring ({@link MapEventDescriptor}): what changed in the graph
 * and the version it was published with. One instance per thread; allocates nothing.
 */
public final class MapEventRecord {

    /** A node was blocked or freed (or, with node {@code NO_NODE}, too much changed to list). */
    public static final int NODE_CHANGED = NODE_CHANGED_MSG_TYPE;
    /** The weight of an edge changed, or the edge came or went. */
    public static final int EDGE_CHANGED = EDGE_CHANGED_MSG_TYPE;
    /** Bytes of one record. */
    public static final int LENGTH = MapEventDescriptor.LENGTH;

    private DirectBuffer in;
    private MutableDirectBuffer out;
    private int at;

    /** Points this flyweight at the record at {@code offset} of {@code buffer}, for reading. */
    public MapEventRecord wrap(DirectBuffer buffer, int offset) {
        this.in = buffer;
        this.out = null;
        this.at = offset;
        return this;
    }

    /** Points this flyweight at the record at {@code offset} of {@code buffer}, for writing. */
    public MapEventRecord wrapForWrite(MutableDirectBuffer buffer, int offset) {
        this.in = buffer;
        this.out = buffer;
        this.at = offset;
        return this;
    }

    /** Writes every field; {@code to} is {@code NO_NODE} for a node change. */
    public void write(int from, int to, long graphVersion) {
        out.putInt(at + FROM_OFFSET, from);
        out.putInt(at + TO_OFFSET, to);
        out.putLong(at + VERSION_OFFSET, graphVersion);
    }

    /** The node changed, or an edge's source. */
    public int from() {
        return in.getInt(at + FROM_OFFSET);
    }

    /** An edge's target; {@code NO_NODE} for a node change. */
    public int to() {
        return in.getInt(at + TO_OFFSET);
    }

    /** The graph version published with the change. */
    public long graphVersion() {
        return in.getLong(at + VERSION_OFFSET);
    }
}
