package io.wally.runtime.command;

/**
 * The one answer to a {@link Request}: exactly one of {@link #ok} or {@link #error} is called, exactly once.
 * Results are plain values Jackson can serialise (records, maps, lists, numbers).
 */
public interface CommandReply {

    /** A reply nobody waits for (a stop carried out although its request was refused). */
    CommandReply DISCARD = new CommandReply() {
        @Override
        public void ok(Object result) {
        }

        @Override
        public void error(ErrorCode code, String message) {
        }
    };

    /** The request succeeded with {@code result}. */
    void ok(Object result);

    /** The request failed: {@code message} says what and why. */
    void error(ErrorCode code, String message);

    /** The request was refused before anything acted on it. */
    default void refuse(RequestRefused refusal) {
        error(refusal.code(), refusal.getMessage());
    }
}
