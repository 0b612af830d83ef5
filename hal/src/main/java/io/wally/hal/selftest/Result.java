package io.wally.hal.selftest;

import java.util.Objects;

/**
 * The outcome of one {@link Check}: which device, which check, whether it passed, what was measured, and
 * for a failure what to look at on the robot.
 *
 * <p>Immutable.
 *
 * @param device the device checked, as the configuration names it (for example {@code ranger front})
 * @param check what was checked (for example {@code echo})
 * @param status passed, failed or not run
 * @param detail what was measured or seen, in plain words (for example {@code 0.82 m}); may be empty
 * @param hint for a failure, what to check on the robot (wiring, power, configuration); empty otherwise
 */
public record Result(String device, String check, Status status, String detail, String hint) {

    /** Whether a check passed. */
    public enum Status {
        /** The device answered as expected. */
        PASS,
        /** The device is missing or misbehaves; {@link Result#hint()} says what to check. */
        FAIL,
        /** Not run: turned off (for example {@code --no-motors}) or an earlier check of the device failed. */
        SKIPPED
    }

    /** Checks that nothing is null. */
    public Result {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(hint, "hint");
    }

    /** True when the check failed. */
    public boolean failed() {
        return status == Status.FAIL;
    }
}
