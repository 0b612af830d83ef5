package io.wally.runtime.mqtt;

/** MQTT could not start (port taken, TLS files unusable, bad broker URL); the message is one line for the user. */
public final class MqttStartException extends Exception {

    private static final long serialVersionUID = 1L;

    public MqttStartException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A problem found before anything was started: no cause to carry. */
    public MqttStartException(String message) {
        super(message);
    }
}
