package io.wally.maps;

/** Any call on a graph after {@link MutableNavGraph#close()}. */
public final class GraphClosedException extends GraphException {

    private static final long serialVersionUID = 1L;

    /** @param graph short description of the closed graph, e.g. its class name */
    public GraphClosedException(String graph) {
        super(graph + " is closed");
    }
}
