package io.wally.maps;

/** {@code addEdge(from, to, …)} when the edge {@code from -> to} already exists (at most one per pair). */
public final class EdgeExistsException extends GraphException {

    private static final long serialVersionUID = 1L;

    /**
     * @param from edge source
     * @param to edge target
     */
    public EdgeExistsException(int from, int to) {
        super("edge " + from + " -> " + to + " already exists");
    }
}
