package io.wally.maps;

/**
 * The one table of graph mutation op codes, shared by the store's write-ahead log (on disk: these numbers
 * are part of the file format and never change) and the replicas' in-memory mutation log.
 */
public enum MutationOp {
    ADD_NODE(1), ADD_NAMED_NODE(2), REMOVE_NODE(3), SET_BLOCKED(4), SET_LABELS(5), ADD_EDGE(6),
    ADD_UNDIRECTED_EDGE(7), REMOVE_EDGE(8), SET_WEIGHT(9), SET_PROPERTY(10), REMOVE_PROPERTY(11);

    private static final MutationOp[] BY_CODE = new MutationOp[12];

    static {
        for (MutationOp op : values()) {
            BY_CODE[op.code] = op;
        }
    }

    private final byte code;

    MutationOp(int code) {
        this.code = (byte) code;
    }

    /** The op's code in a record. */
    public byte code() {
        return code;
    }

    /** The op with {@code code}, or null when there is none (a corrupt or foreign record). */
    public static MutationOp ofCode(int code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
