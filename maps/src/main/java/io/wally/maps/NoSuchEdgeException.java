package io.wally.maps;

/** An operation that needs the edge {@code from -> to} (set weight, edge type) when there is none. */
public final class NoSuchEdgeException extends GraphException {

    private static final long serialVersionUID = 1L;

    /**
     * @param from edge source
     * @param to edge target
     */
    public NoSuchEdgeException(int from, int to) {
        super("no edge " + from + " -> " + to);
    }
}
