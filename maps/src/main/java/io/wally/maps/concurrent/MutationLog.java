package io.wally.maps.concurrent;

import static io.wally.maps.concurrent.MutationLogDescriptor.*;

import io.wally.maps.GraphException;
import io.wally.maps.MutableNavGraph;
import io.wally.maps.MutationOp;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A bounded ring of graph mutations ({@link MutationLogDescriptor} records) numbered by a sequence that
 * only grows. The writer appends; each replica remembers the sequence up to which it has applied the
 * log; records below the lowest such sequence are reclaimed (their slots reused).
 *
 * <p>Threading: used by the single writer thread only.
 */
final class MutationLog {

    private final int capacity;
    private final int mask;
    private final UnsafeBuffer records;
    private final Object[] sideTable;
    private long head;
    private long tail;

    MutationLog(int capacityRecords) {
        if (capacityRecords < 16 || Integer.bitCount(capacityRecords) != 1) {
            throw new IllegalArgumentException("mutation log capacity must be a power of two >= 16; was " + capacityRecords);
        }
        this.capacity = capacityRecords;
        this.mask = capacityRecords - 1;
        this.records = new UnsafeBuffer(ByteBuffer.allocateDirect(capacityRecords * RECORD_LENGTH).order(ByteOrder.LITTLE_ENDIAN));
        this.sideTable = new Object[capacityRecords];
    }

    int capacity() {
        return capacity;
    }

    /** Sequence of the next record to be appended (= number of records ever appended). */
    long tail() {
        return tail;
    }

    /** Sequence of the oldest record still kept. */
    long head() {
        return head;
    }

    int size() {
        return (int) (tail - head);
    }

    int free() {
        return capacity - size();
    }

    /** Appends a record; the caller has checked {@link #free()}. */
    void append(MutationOp op, int a, int b, int c, float f, float g, Object side) {
        if (free() == 0) {
            throw new IllegalStateException("mutation log full (" + capacity + " records)");
        }
        int slot = (int) (tail & mask);
        int offset = slot * RECORD_LENGTH;
        records.putInt(offset + OP_OFFSET, op.code());
        records.putInt(offset + A_OFFSET, a);
        records.putInt(offset + B_OFFSET, b);
        records.putInt(offset + C_OFFSET, c);
        records.putFloat(offset + F_OFFSET, f);
        records.putFloat(offset + G_OFFSET, g);
        sideTable[slot] = side;
        tail++;
    }

    /** Reclaims every record below {@code sequence} (all replicas have applied them). */
    void reclaimBelow(long sequence) {
        while (head < sequence && head < tail) {
            sideTable[(int) (head & mask)] = null;
            head++;
        }
    }

    /** Applies records {@code [from, tail)} to {@code graph}; returns the new applied sequence. */
    long replay(long from, MutableNavGraph graph) {
        if (from < head) {
            throw new IllegalStateException("replica behind the log: needs record " + from + ", oldest kept is " + head);
        }
        for (long seq = from; seq < tail; seq++) {
            int slot = (int) (seq & mask);
            int offset = slot * RECORD_LENGTH;
            apply(graph, seq, records.getInt(offset + OP_OFFSET), records.getInt(offset + A_OFFSET),
                    records.getInt(offset + B_OFFSET), records.getInt(offset + C_OFFSET),
                    records.getFloat(offset + F_OFFSET), records.getFloat(offset + G_OFFSET), sideTable[slot]);
        }
        return tail;
    }

    private static void apply(MutableNavGraph graph, long seq, int code, int a, int b, int c, float f, float g, Object side) {
        MutationOp op = MutationOp.ofCode(code);
        if (op == null) {
            throw new IllegalStateException("mutation log record " + seq + " has unknown op " + code);
        }
        switch (op) {
            case ADD_NODE -> expectId(seq, c, graph.addNode(f, g));
            case ADD_NAMED_NODE -> expectId(seq, c, graph.addNode((String) side, f, g));
            case REMOVE_NODE -> graph.removeNode(a);
            case SET_BLOCKED -> graph.setBlocked(a, b != 0);
            case SET_LABELS -> graph.setLabels(a, b);
            case ADD_EDGE -> graph.addEdge(a, b, f, c);
            case REMOVE_EDGE -> graph.removeEdge(a, b);
            case SET_WEIGHT -> graph.setWeight(a, b, f);
            case SET_PROPERTY -> {
                Property p = (Property) side;
                graph.setProperty(a, p.key(), p.value());
            }
            case REMOVE_PROPERTY -> graph.removeProperty(a, (String) side);
            case ADD_UNDIRECTED_EDGE -> throw new IllegalStateException("mutation log record " + seq
                    + ": undirected edges are logged as two ADD_EDGE records");
        }
    }

    private static void expectId(long seq, int expected, int actual) {
        if (expected != actual) {
            throw new GraphException("replicas diverged: record " + seq + " added node " + actual + ", the writer's replica got " + expected);
        }
    }

    /** A property mutation's key and (copied) value. */
    record Property(String key, byte[] value) {
    }
}
