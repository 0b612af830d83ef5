package io.wally.maps.concurrent;

/**
 * Layout of one record of the {@link MutationLog}: a graph mutation, fixed size, little-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                   op (int): a MutationOp code                 |  0
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

    private MutationLogDescriptor() {
    }
}
