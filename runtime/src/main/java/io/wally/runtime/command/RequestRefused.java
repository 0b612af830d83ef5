package io.wally.runtime.command;

/**
 * A request that cannot be carried out as asked: its {@link ErrorCode} and a message naming the field, the
 * value and what is wrong. Thrown while decoding or checking a request, before anything acts on it.
 */
public final class RequestRefused extends Exception {

    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public RequestRefused(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** Why, as a code. */
    public ErrorCode code() {
        return code;
    }
}
