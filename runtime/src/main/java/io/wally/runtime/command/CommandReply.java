package io.wally.runtime.command;

/**
 * The one answer to a {@link RobotCommands} request: exactly one of {@link #ok} or {@link #error} is
 * called, exactly once. Results are plain values Jackson can serialise (records, maps, lists, numbers).
 */
public interface CommandReply {

    /** The request succeeded with {@code result}. */
    void ok(Object result);

    /** The request failed: {@code code} is a short lowercase word, {@code message} says what and why. */
    void error(String code, String message);
}
