package io.wally.runtime.mqtt;

/** An MQTT operation failed (not connected, window full, broker refused); the message says which. */
public final class MqttTransportException extends Exception {

    private static final long serialVersionUID = 1L;

    public MqttTransportException(String message) {
        super(message);
    }

    public MqttTransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
