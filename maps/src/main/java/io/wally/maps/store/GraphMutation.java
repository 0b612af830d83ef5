package io.wally.maps.store;

import io.wally.maps.GraphException;
import io.wally.maps.MutableNavGraph;
import io.wally.maps.MutationOp;
import java.nio.BufferOverflowException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * One {@link MutableNavGraph} mutation as a self-checking binary log record: the codec of the
 * write-ahead log, reusable wherever mutations travel as bytes (the pipeline may replay them).
 *
 * <p>Record layout (little-endian), one record per mutation:
 *
 * <pre>
 *  0        4        8                16   17
 *  +--------+--------+----------------+----+------------------------+
 *  | length | crc32c |      lsn       | op | operands (per op)      |
 *  +--------+--------+----------------+----+------------------------+
 *  length = bytes after the crc field (8 + 1 + operands), in [9, MAX_BODY_BYTES]
 *  crc32c = CRC32C over the length field and the {@code length} bytes after the crc field
 *
 *  op  kind                  operands
 *   1  ADD_NODE              i32 id, f32 x, f32 y
 *   2  ADD_NAMED_NODE        i32 id, f32 x, f32 y, str name
 *   3  REMOVE_NODE           i32 node
 *   4  SET_BLOCKED           i32 node, u8 blocked (0|1)
 *   5  SET_LABELS            i32 node, i32 labels
 *   6  ADD_EDGE              i32 from, i32 to, f32 weight, i32 type
 *   7  ADD_UNDIRECTED_EDGE   i32 a, i32 b, f32 weight, i32 type
 *   8  REMOVE_EDGE           i32 from, i32 to
 *   9  SET_WEIGHT            i32 from, i32 to, f32 weight
 *  10  SET_PROPERTY          i32 node, str key, i32 valueLength, bytes value
 *  11  REMOVE_PROPERTY       i32 node, str key
 *  str = i32 byteLength, UTF-8 bytes
 * </pre>
 *
 * <p>The id assigned by an add is part of the record, so a replay that would assign a different id
 * (a log that does not belong to the graph it is applied to) is detected instead of silently
 * producing a different graph.
 *
 * <p>Usage: an instance is a reusable, mutable holder. Set it with one of the mutation setters
 * ({@link #addEdge}, …), {@link #encode} it; or {@link #decode} a record into it and
 * {@link #applyTo} a graph. Setters and {@code decode} allocate only for names, keys and values.
 *
 * <p>Threading: not thread-safe; one instance per thread.
 */
public final class GraphMutation {

    /** What a record does; {@link #code()} is its op byte in the log. */
    public enum Kind {
        ADD_NODE(MutationOp.ADD_NODE), ADD_NAMED_NODE(MutationOp.ADD_NAMED_NODE), REMOVE_NODE(MutationOp.REMOVE_NODE),
        SET_BLOCKED(MutationOp.SET_BLOCKED), SET_LABELS(MutationOp.SET_LABELS), ADD_EDGE(MutationOp.ADD_EDGE),
        ADD_UNDIRECTED_EDGE(MutationOp.ADD_UNDIRECTED_EDGE), REMOVE_EDGE(MutationOp.REMOVE_EDGE), SET_WEIGHT(MutationOp.SET_WEIGHT),
        SET_PROPERTY(MutationOp.SET_PROPERTY), REMOVE_PROPERTY(MutationOp.REMOVE_PROPERTY);

        private final byte code;

        /** The code comes from the one table shared with the replicas' mutation log. */
        Kind(MutationOp op) {
            this.code = op.code();
        }

        /** The op byte of this kind in a record. */
        public byte code() {
            return code;
        }

        private static final Kind[] BY_CODE = new Kind[12];

        static {
            for (Kind k : values()) {
                BY_CODE[k.code] = k;
            }
        }

        static Kind ofCode(int code) {
            return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        }
    }

    /** Outcome of {@link #decode(ByteBuffer)}. */
    public enum Status {
        /** A whole, valid record was decoded into this instance and the buffer advanced past it. */
        RECORD,
        /** No bytes left: the clean end of the data. */
        END,
        /** The data ends inside a record (a write cut short by a crash); {@link #problem()} says how. */
        TORN,
        /** The bytes are not a valid record (checksum, length or operands); {@link #problem()} says why. */
        CORRUPT
    }

    /** Bytes of the length and crc fields before the body. */
    public static final int FRAME_HEADER_BYTES = 8;
    /** Bytes of lsn and op at the start of every body. */
    public static final int BODY_PREFIX_BYTES = 9;
    /** Largest body: a 16 MiB property value plus key and operands, with room to spare. */
    public static final int MAX_BODY_BYTES = 16 * 1024 * 1024 + 64 * 1024;

    private Kind kind;
    private long lsn;
    private int node;
    private int to;
    private float x;
    private float y;
    private float weight;
    private int type;
    private int labels;
    private boolean blocked;
    private String text;
    private byte[] textUtf8;
    private byte[] value;
    private String problem = "";

    private final CRC32C crc = new CRC32C();
    private final CharsetDecoder utf8Decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    /** An empty holder; set or decode a mutation before use. */
    public GraphMutation() {
    }

    // ---------------------------------------------------------------- setters (one per mutation)

    /** Sets this to "add unnamed node {@code id} at (x, y) metres"; returns this. */
    public GraphMutation addNode(int id, float xMeters, float yMeters) {
        return set(Kind.ADD_NODE, id, 0, xMeters, yMeters, 0f, 0, 0, false, null, null);
    }

    /** Sets this to "add node {@code id} named {@code name} at (x, y) metres"; returns this. */
    public GraphMutation addNamedNode(int id, String name, float xMeters, float yMeters) {
        return set(Kind.ADD_NAMED_NODE, id, 0, xMeters, yMeters, 0f, 0, 0, false, name, null);
    }

    /** Sets this to "remove {@code node}"; returns this. */
    public GraphMutation removeNode(int node) {
        return set(Kind.REMOVE_NODE, node, 0, 0f, 0f, 0f, 0, 0, false, null, null);
    }

    /** Sets this to "mark {@code node} blocked or free"; returns this. */
    public GraphMutation setBlocked(int node, boolean isBlocked) {
        return set(Kind.SET_BLOCKED, node, 0, 0f, 0f, 0f, 0, 0, isBlocked, null, null);
    }

    /** Sets this to "replace the labels of {@code node}"; returns this. */
    public GraphMutation setLabels(int node, int labelBits) {
        return set(Kind.SET_LABELS, node, 0, 0f, 0f, 0f, 0, labelBits, false, null, null);
    }

    /** Sets this to "add edge {@code from -> to}"; returns this. */
    public GraphMutation addEdge(int from, int toNode, float edgeWeight, int edgeType) {
        return set(Kind.ADD_EDGE, from, toNode, 0f, 0f, edgeWeight, edgeType, 0, false, null, null);
    }

    /** Sets this to "add edges {@code a -> b} and {@code b -> a}"; returns this. */
    public GraphMutation addUndirectedEdge(int a, int b, float edgeWeight, int edgeType) {
        return set(Kind.ADD_UNDIRECTED_EDGE, a, b, 0f, 0f, edgeWeight, edgeType, 0, false, null, null);
    }

    /** Sets this to "remove edge {@code from -> to}"; returns this. */
    public GraphMutation removeEdge(int from, int toNode) {
        return set(Kind.REMOVE_EDGE, from, toNode, 0f, 0f, 0f, 0, 0, false, null, null);
    }

    /** Sets this to "set the weight of edge {@code from -> to}"; returns this. */
    public GraphMutation setWeight(int from, int toNode, float edgeWeight) {
        return set(Kind.SET_WEIGHT, from, toNode, 0f, 0f, edgeWeight, 0, 0, false, null, null);
    }

    /** Sets this to "set property {@code key} of {@code node}"; the value is not copied. */
    public GraphMutation setProperty(int node, String key, byte[] propertyValue) {
        if (propertyValue == null) {
            throw new NullPointerException("value of property \"" + key + "\" is null");
        }
        return set(Kind.SET_PROPERTY, node, 0, 0f, 0f, 0f, 0, 0, false, key, propertyValue);
    }

    /** Sets this to "remove property {@code key} of {@code node}"; returns this. */
    public GraphMutation removeProperty(int node, String key) {
        return set(Kind.REMOVE_PROPERTY, node, 0, 0f, 0f, 0f, 0, 0, false, key, null);
    }

    private GraphMutation set(Kind k, int n, int t, float px, float py, float w, int ty, int lb, boolean bl, String s, byte[] v) {
        if (s == null && (k == Kind.ADD_NAMED_NODE || k == Kind.SET_PROPERTY || k == Kind.REMOVE_PROPERTY)) {
            throw new NullPointerException((k == Kind.ADD_NAMED_NODE ? "node name" : "property key") + " is null");
        }
        kind = k;
        lsn = 0;
        node = n;
        to = t;
        x = px;
        y = py;
        weight = w;
        type = ty;
        labels = lb;
        blocked = bl;
        if (s != text) {
            text = s;
            textUtf8 = s == null ? null : s.getBytes(StandardCharsets.UTF_8);
        }
        value = v;
        return this;
    }

    /** Replaces the node id of an add (the id is known only once the graph assigned it); returns this. */
    GraphMutation withNode(int id) {
        node = id;
        return this;
    }

    // ---------------------------------------------------------------- accessors

    /** The kind of the current mutation, or null before the first set/decode. */
    public Kind kind() {
        return kind;
    }

    /** LSN of the last encoded or decoded record ({@code 0} after a setter). */
    public long lsn() {
        return lsn;
    }

    /** The node id (added, removed, changed) or the edge source / first node. */
    public int node() {
        return node;
    }

    /** The edge target (edge kinds only). */
    public int to() {
        return to;
    }

    /** X of an added node, metres. */
    public float x() {
        return x;
    }

    /** Y of an added node, metres. */
    public float y() {
        return y;
    }

    /** Weight of an added or re-weighted edge. */
    public float weight() {
        return weight;
    }

    /** Type of an added edge. */
    public int type() {
        return type;
    }

    /** Labels of {@link Kind#SET_LABELS}. */
    public int labels() {
        return labels;
    }

    /** Flag of {@link Kind#SET_BLOCKED}. */
    public boolean blocked() {
        return blocked;
    }

    /** The node name ({@link Kind#ADD_NAMED_NODE}) or property key; null for other kinds. */
    public String text() {
        return text;
    }

    /** The property value of {@link Kind#SET_PROPERTY} (not a copy); null for other kinds. */
    public byte[] value() {
        return value;
    }

    /** Why the last {@link #decode} returned {@link Status#TORN} or {@link Status#CORRUPT}. */
    public String problem() {
        return problem;
    }

    // ---------------------------------------------------------------- encoding

    /** Body bytes of the current mutation (lsn, op, operands). */
    public int bodyLength() {
        return BODY_PREFIX_BYTES + operandLength();
    }

    /** Total bytes {@link #encode} writes: frame header plus body. */
    public int encodedLength() {
        return FRAME_HEADER_BYTES + bodyLength();
    }

    private int operandLength() {
        requireKind();
        return switch (kind) {
            case ADD_NODE -> 12;
            case ADD_NAMED_NODE -> 16 + textUtf8.length;
            case REMOVE_NODE -> 4;
            case SET_BLOCKED -> 5;
            case SET_LABELS -> 8;
            case ADD_EDGE, ADD_UNDIRECTED_EDGE -> 16;
            case REMOVE_EDGE -> 8;
            case SET_WEIGHT -> 12;
            case SET_PROPERTY -> 12 + textUtf8.length + value.length;
            case REMOVE_PROPERTY -> 8 + textUtf8.length;
        };
    }

    /**
     * Writes the current mutation as a record with {@code recordLsn} at {@code dst}'s position and
     * advances it; the buffer's byte order is not used (records are always little-endian).
     *
     * @param recordLsn the record's log sequence number, {@code >= 1}
     * @return bytes written ({@link #encodedLength()})
     * @throws GraphException when the record would exceed {@link #MAX_BODY_BYTES}
     * @throws BufferOverflowException when {@code dst} has less room than {@link #encodedLength()}
     */
    public int encode(ByteBuffer dst, long recordLsn) {
        if (recordLsn < 1) {
            throw new IllegalArgumentException("record LSN must be >= 1; was " + recordLsn);
        }
        int body = bodyLength();
        if (body > MAX_BODY_BYTES) {
            throw new GraphException(kind + " record of " + body + " bytes exceeds the log's limit of " + MAX_BODY_BYTES + " bytes");
        }
        if (dst.remaining() < FRAME_HEADER_BYTES + body) {
            throw new BufferOverflowException();
        }
        ByteOrder order = dst.order();
        dst.order(ByteOrder.LITTLE_ENDIAN);
        int start = dst.position();
        dst.putInt(body);
        dst.putInt(0); // crc, patched below
        dst.putLong(recordLsn);
        dst.put(kind.code);
        switch (kind) {
            case ADD_NODE -> dst.putInt(node).putFloat(x).putFloat(y);
            case ADD_NAMED_NODE -> {
                dst.putInt(node).putFloat(x).putFloat(y);
                putText(dst);
            }
            case REMOVE_NODE -> dst.putInt(node);
            case SET_BLOCKED -> dst.putInt(node).put((byte) (blocked ? 1 : 0));
            case SET_LABELS -> dst.putInt(node).putInt(labels);
            case ADD_EDGE, ADD_UNDIRECTED_EDGE -> dst.putInt(node).putInt(to).putFloat(weight).putInt(type);
            case REMOVE_EDGE -> dst.putInt(node).putInt(to);
            case SET_WEIGHT -> dst.putInt(node).putInt(to).putFloat(weight);
            case SET_PROPERTY -> {
                dst.putInt(node);
                putText(dst);
                dst.putInt(value.length).put(value);
            }
            case REMOVE_PROPERTY -> {
                dst.putInt(node);
                putText(dst);
            }
        }
        int end = dst.position();
        dst.putInt(start + 4, checksum(dst, start, body));
        dst.order(order);
        lsn = recordLsn;
        return end - start;
    }

    private void putText(ByteBuffer dst) {
        dst.putInt(textUtf8.length).put(textUtf8);
    }

    /** CRC32C of the length field and the body; moves {@code buf}'s position and limit and restores them (no allocation). */
    private int checksum(ByteBuffer buf, int start, int body) {
        int position = buf.position();
        int limit = buf.limit();
        crc.reset();
        buf.limit(start + 4).position(start);
        crc.update(buf);
        buf.limit(start + FRAME_HEADER_BYTES + body).position(start + FRAME_HEADER_BYTES);
        crc.update(buf);
        buf.limit(limit).position(position);
        return (int) crc.getValue();
    }

    // ---------------------------------------------------------------- decoding

    /**
     * Reads one record at {@code src}'s position. On {@link Status#RECORD} this holds the decoded
     * mutation and its LSN, and {@code src} is advanced past the record; otherwise {@code src}'s
     * position is unchanged and {@link #problem()} says what is wrong with the bytes there.
     */
    public Status decode(ByteBuffer src) {
        int start = src.position();
        int available = src.remaining();
        if (available == 0) {
            problem = "";
            return Status.END;
        }
        if (available < FRAME_HEADER_BYTES) {
            problem = "torn record header: only " + available + " of " + FRAME_HEADER_BYTES + " bytes";
            return Status.TORN;
        }
        ByteOrder order = src.order();
        int limit = src.limit();
        src.order(ByteOrder.LITTLE_ENDIAN);
        try {
            int body = src.getInt(start);
            if (body < BODY_PREFIX_BYTES + 4 || body > MAX_BODY_BYTES) {
                problem = "bad record length " + body + " (valid: " + (BODY_PREFIX_BYTES + 4) + ".." + MAX_BODY_BYTES + ")";
                return Status.CORRUPT;
            }
            if (available - FRAME_HEADER_BYTES < body) {
                problem = "torn record: needs " + (FRAME_HEADER_BYTES + body) + " bytes, only " + available + " left";
                return Status.TORN;
            }
            int stored = src.getInt(start + 4);
            int computed = checksum(src, start, body);
            if (stored != computed) {
                problem = String.format("record checksum mismatch (stored %08x, computed %08x)", stored, computed);
                return Status.CORRUPT;
            }
            src.position(start + FRAME_HEADER_BYTES).limit(start + FRAME_HEADER_BYTES + body);
            long recordLsn = src.getLong();
            Kind k = Kind.ofCode(src.get());
            if (k == null) {
                problem = "unknown op " + src.get(start + FRAME_HEADER_BYTES + 8) + " (LSN " + recordLsn + ")";
                return Status.CORRUPT;
            }
            decodeOperands(k, src);
            if (src.hasRemaining()) {
                problem = k + " record (LSN " + recordLsn + ") has " + src.remaining() + " unexpected trailing bytes";
                return Status.CORRUPT;
            }
            kind = k;
            lsn = recordLsn;
            problem = "";
            src.limit(limit).position(start + FRAME_HEADER_BYTES + body);
            return Status.RECORD;
        } catch (BufferUnderflowException e) {
            problem = "record body is too short for its operands";
            return Status.CORRUPT;
        } catch (CorruptOperandException e) {
            problem = e.getMessage();
            return Status.CORRUPT;
        } finally {
            src.order(order);
            if (src.limit() != limit || problem.length() > 0) {
                src.limit(limit).position(start);
            }
        }
    }

    private void decodeOperands(Kind k, ByteBuffer in) throws CorruptOperandException {
        to = 0;
        x = 0f;
        y = 0f;
        weight = 0f;
        type = 0;
        labels = 0;
        blocked = false;
        text = null;
        textUtf8 = null;
        value = null;
        node = in.getInt();
        switch (k) {
            case ADD_NODE -> {
                x = in.getFloat();
                y = in.getFloat();
            }
            case ADD_NAMED_NODE -> {
                x = in.getFloat();
                y = in.getFloat();
                getText(in);
            }
            case REMOVE_NODE -> {
            }
            case SET_BLOCKED -> {
                byte b = in.get();
                if (b != 0 && b != 1) {
                    throw new CorruptOperandException("SET_BLOCKED flag must be 0 or 1; was " + b);
                }
                blocked = b == 1;
            }
            case SET_LABELS -> labels = in.getInt();
            case ADD_EDGE, ADD_UNDIRECTED_EDGE -> {
                to = in.getInt();
                weight = in.getFloat();
                type = in.getInt();
            }
            case REMOVE_EDGE -> to = in.getInt();
            case SET_WEIGHT -> {
                to = in.getInt();
                weight = in.getFloat();
            }
            case SET_PROPERTY -> {
                getText(in);
                int n = in.getInt();
                if (n < 0 || n > in.remaining()) {
                    throw new CorruptOperandException("property value length " + n + " exceeds the record (" + in.remaining() + " bytes left)");
                }
                value = new byte[n];
                in.get(value);
            }
            case REMOVE_PROPERTY -> getText(in);
        }
    }

    private void getText(ByteBuffer in) throws CorruptOperandException {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) {
            throw new CorruptOperandException("text length " + n + " exceeds the record (" + in.remaining() + " bytes left)");
        }
        byte[] bytes = new byte[n];
        in.get(bytes);
        try {
            CharBuffer chars = utf8Decoder.reset().decode(ByteBuffer.wrap(bytes));
            text = chars.toString();
            textUtf8 = bytes;
        } catch (CharacterCodingException e) {
            throw new CorruptOperandException("text of " + n + " bytes is not valid UTF-8");
        }
    }

    private static final class CorruptOperandException extends Exception {
        private static final long serialVersionUID = 1L;

        CorruptOperandException(String message) {
            super(message, null, false, false);
        }
    }

    // ---------------------------------------------------------------- applying

    /**
     * Applies the current mutation to {@code graph}, exactly as the original call did.
     *
     * @return for adds the id the graph assigned; otherwise the node the mutation concerned
     * @throws GraphException from the graph when the mutation does not fit it (unknown node, …), or
     *     when an add would assign a different id than recorded or a removal finds nothing to remove
     *     (the log does not belong to this graph); the message names the LSN
     */
    public int applyTo(MutableNavGraph graph) {
        requireKind();
        try {
            switch (kind) {
                case ADD_NODE -> {
                    int id = expectId(graph);
                    int got = graph.addNode(x, y);
                    checkId(id, got);
                }
                case ADD_NAMED_NODE -> {
                    int id = expectId(graph);
                    int got = graph.addNode(text, x, y);
                    checkId(id, got);
                }
                case REMOVE_NODE -> graph.removeNode(node);
                case SET_BLOCKED -> graph.setBlocked(node, blocked);
                case SET_LABELS -> graph.setLabels(node, labels);
                case ADD_EDGE -> graph.addEdge(node, to, weight, type);
                case ADD_UNDIRECTED_EDGE -> graph.addUndirectedEdge(node, to, weight, type);
                case REMOVE_EDGE -> {
                    if (!graph.removeEdge(node, to)) {
                        throw new GraphException("no edge " + node + " -> " + to + " to remove");
                    }
                }
                case SET_WEIGHT -> graph.setWeight(node, to, weight);
                case SET_PROPERTY -> graph.setProperty(node, text, value);
                case REMOVE_PROPERTY -> {
                    if (!graph.removeProperty(node, text)) {
                        throw new GraphException("no property \"" + text + "\" on node " + node + " to remove");
                    }
                }
            }
        } catch (GraphException e) {
            throw new GraphException("cannot apply " + this + ": " + e.getMessage(), e);
        }
        return node;
    }

    private int expectId(MutableNavGraph graph) {
        if (node != graph.nodeIdLimit()) {
            throw new GraphException("recorded id " + node + " but the graph would assign " + graph.nodeIdLimit());
        }
        return node;
    }

    private void checkId(int expected, int got) {
        if (expected != got) {
            throw new GraphException("recorded id " + expected + " but the graph assigned " + got);
        }
    }

    private void requireKind() {
        if (kind == null) {
            throw new IllegalStateException("no mutation set or decoded yet");
        }
    }

    /** A readable one-line description, e.g. {@code ADD_EDGE(3 -> 4, weight 1.5, type 0) at LSN 17}. */
    @Override
    public String toString() {
        if (kind == null) {
            return "GraphMutation(empty)";
        }
        String ops = switch (kind) {
            case ADD_NODE -> "id " + node + " at (" + x + ", " + y + ")";
            case ADD_NAMED_NODE -> "id " + node + " \"" + text + "\" at (" + x + ", " + y + ")";
            case REMOVE_NODE -> "node " + node;
            case SET_BLOCKED -> "node " + node + ", " + blocked;
            case SET_LABELS -> "node " + node + ", labels " + labels;
            case ADD_EDGE, ADD_UNDIRECTED_EDGE -> node + " -> " + to + ", weight " + weight + ", type " + type;
            case REMOVE_EDGE -> node + " -> " + to;
            case SET_WEIGHT -> node + " -> " + to + ", weight " + weight;
            case SET_PROPERTY -> "node " + node + ", \"" + text + "\" = " + value.length + " bytes";
            case REMOVE_PROPERTY -> "node " + node + ", \"" + text + "\"";
        };
        return kind + "(" + ops + ")" + (lsn > 0 ? " at LSN " + lsn : "");
    }

    /** Whether {@code other} holds the same mutation (kind and operands; LSN ignored). */
    public boolean sameMutationAs(GraphMutation other) {
        return kind == other.kind && node == other.node && to == other.to
                && Float.floatToIntBits(x) == Float.floatToIntBits(other.x)
                && Float.floatToIntBits(y) == Float.floatToIntBits(other.y)
                && Float.floatToIntBits(weight) == Float.floatToIntBits(other.weight)
                && type == other.type && labels == other.labels && blocked == other.blocked
                && Objects.equals(text, other.text) && Arrays.equals(value, other.value);
    }
}
