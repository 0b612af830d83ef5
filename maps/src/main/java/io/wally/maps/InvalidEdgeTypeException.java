package io.wally.maps;

/** An edge type outside {@code [0, 65535]}. */
public final class InvalidEdgeTypeException extends GraphException {

    private static final long serialVersionUID = 1L;

    /**
     * @param from edge source
     * @param to edge target
     * @param type the rejected type
     */
    public InvalidEdgeTypeException(int from, int to, int type) {
        super("invalid edge type " + type + " for edge " + from + " -> " + to + " (must be in [0, 65535])");
    }
}
