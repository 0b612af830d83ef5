package io.wally.maps.concurrent;

/**
 * Layout of one record of the {@link MutationLog}: a graph mutation, fixed size, little-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                         op (int)                              |  0
 *  +---------------------------------------------------------------+
 *  |              a (int): node / from                             |  4
 *  +---------------------------------------------------------------+
 *  |              b (int): to / labels / blocked (0|1)             |  8
 *  +---------------------------------------------------------------+
 *  |              c (int): edge type / node id assigned            | 12
 *  +---------------------------------------------------------------+
 *  |              f (float): weight / x metres                     | 16
 *  +---------------------------------------------------------------+
 *  |              g (float): y metres                              | 20
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * Mutations that carry text or bytes (a named node, a property) keep those in a side table slot with
 * the same index as the record; they are rare and allowed to allocate. All others allocate nothing.
 */
final class MutationLogDescriptor {

    static final int OP_OFFSET = 0;
    static final int A_OFFSET = 4;
    static final int B_OFFSET = 8;
    static final int C_OFFSET = 12;
    static final int F_OFFSET = 16;
    static final int G_OFFSET = 20;
    /** Bytes per record. */
    static final int RECORD_LENGTH = 24;

    static final int OP_ADD_NODE = 1;
    static final int OP_ADD_NAMED_NODE = 2;
    static final int OP_REMOVE_NODE = 3;
    static final int OP_SET_BLOCKED = 4;
    static final int OP_SET_LABELS = 5;
    static final int OP_ADD_EDGE = 6;
    static final int OP_REMOVE_EDGE = 7;
    static final int OP_SET_WEIGHT = 8;
    static final int OP_SET_PROPERTY = 9;
    static final int OP_REMOVE_PROPERTY = 10;

    private MutationLogDescriptor() {
    }
}
