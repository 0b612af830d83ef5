package io.wally.runtime.systemd;

/** A notification to systemd could not be sent; the message names the socket and the errno. */
public final class SdNotifyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SdNotifyException(String message) {
        super(message);
    }

    public SdNotifyException(String message, Throwable cause) {
        super(message, cause);
    }
}
