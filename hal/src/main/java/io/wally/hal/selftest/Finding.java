package io.wally.hal.selftest;

import java.util.Objects;

/**
 * What a {@link Check}'s probe found: a status, what was measured, and for a failure what to check. The
 * {@link Check} adds its device and name to make a {@link Result}.
 *
 * @param status passed, failed or not run
 * @param detail what was measured or seen; may be empty
 * @param hint for a failure, what to check on the robot; empty otherwise
 */
public record Finding(Result.Status status, String detail, String hint) {

    /** Checks that nothing is null. */
    public Finding {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(hint, "hint");
    }

    /** The device answered as expected; {@code detail} says what was measured. */
    public static Finding pass(String detail) {
        return new Finding(Result.Status.PASS, detail, "");
    }

    /** The device failed the check: {@code detail} says what was seen, {@code hint} what to check. */
    public static Finding fail(String detail, String hint) {
        return new Finding(Result.Status.FAIL, detail, hint);
    }

    /** The check was not run, and why. */
    public static Finding skipped(String why) {
        return new Finding(Result.Status.SKIPPED, why, "");
    }
}
