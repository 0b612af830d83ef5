package io.wally.maps;

/** An edge weight that is NaN, infinite or negative; weights must be finite and {@code >= 0}. */
public final class InvalidWeightException extends GraphException {

    private static final long serialVersionUID = 1L;

    /**
     * @param from edge source
     * @param to edge target
     * @param weight the rejected weight
     */
    public InvalidWeightException(int from, int to, float weight) {
        super("invalid weight " + weight + " for edge " + from + " -> " + to + " (must be finite and >= 0)");
    }
}
