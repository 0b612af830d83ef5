package io.wally.runtime.mqtt;

/** The embedded broker could not start; the message is one line saying why and what to do. */
public final class EmbeddedBrokerException extends Exception {

    private static final long serialVersionUID = 1L;

    public EmbeddedBrokerException(String message) {
        super(message);
    }

    public EmbeddedBrokerException(String message, Throwable cause) {
        super(message, cause);
    }
}
