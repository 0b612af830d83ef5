package io.wally.maps;

/** A node coordinate that is NaN or infinite; coordinates are finite metres. */
public final class InvalidCoordinateException extends GraphException {

    private static final long serialVersionUID = 1L;

    /**
     * @param axis "x" or "y"
     * @param valueMeters the rejected value
     */
    public InvalidCoordinateException(String axis, float valueMeters) {
        super("invalid " + axis + " coordinate " + valueMeters + " m (must be finite)");
    }
}
