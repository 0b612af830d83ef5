package io.wally.maps;

/** An empty node name or property key, or one that is not valid Unicode (an unpaired surrogate). */
public final class InvalidNameException extends GraphException {

    private static final long serialVersionUID = 1L;

    /**
     * @param what "node name" or "property key"
     * @param value the rejected text
     * @param reason what is wrong
     */
    public InvalidNameException(String what, String value, String reason) {
        super("invalid " + what + " \"" + value + "\": " + reason);
    }
}
