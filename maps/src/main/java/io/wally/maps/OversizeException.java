package io.wally.maps;

/** A name, property key or property value (or a structure) larger than its limit; the message names both sizes. */
public final class OversizeException extends GraphException {

    private static final long serialVersionUID = 1L;

    /**
     * @param what what is too large, e.g. "node name \"kitchen…\""
     * @param sizeBytes its size
     * @param limitBytes the limit
     */
    public OversizeException(String what, long sizeBytes, long limitBytes) {
        super(what + " is " + sizeBytes + " bytes, limit " + limitBytes + " bytes");
    }
}
