package io.wally.maps;

/** A node name already in use by another live node; the message names the name and its owner. */
public final class DuplicateNameException extends GraphException {

    private static final long serialVersionUID = 1L;

    /**
     * @param name the name asked for
     * @param existingNode the live node that has it
     */
    public DuplicateNameException(String name, int existingNode) {
        super("duplicate node name \"" + name + "\" (already node " + existingNode + ")");
    }
}
