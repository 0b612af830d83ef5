package io.wally.maps;

/** A node id that is negative, not yet assigned, or removed; the message names the id and the id limit. */
public final class UnknownNodeException extends GraphException {

    private static final long serialVersionUID = 1L;

    /**
     * @param node the offending id
     * @param nodeIdLimit the graph's current id limit
     */
    public UnknownNodeException(int node, int nodeIdLimit) {
        super("unknown node " + node + " (node id limit " + nodeIdLimit + ")");
    }
}
