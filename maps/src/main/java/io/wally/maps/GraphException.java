package io.wally.maps;

/**
 * Bad input to, or misuse of, a navigation graph: the message names the value and what is wrong
 * ("unknown node 42 (node id limit 10)"). The graph is unchanged when it is thrown.
 */
public class GraphException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public GraphException(String message) {
        super(message);
    }

    public GraphException(String message, Throwable cause) {
        super(message, cause);
    }
}
