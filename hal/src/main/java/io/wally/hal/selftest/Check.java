package io.wally.hal.selftest;

import java.util.Objects;

/**
 * One check of one device: a name for the table and a probe that talks to the device and says what it found.
 *
 * <p>A probe may block (it waits for echoes, spins motors); it must be bounded in time. An exception escaping
 * the probe is a failure of the check, reported with the exception's text, never a crash of the self-test.
 *
 * @param device the device, as the configuration names it (for example {@code motor left})
 * @param name what is checked (for example {@code spin})
 * @param probe talks to the device
 */
public record Check(String device, String name, Probe probe) {

    /** Talks to the device and says what it found. */
    @FunctionalInterface
    public interface Probe {
        /** Runs the check; bounded in time. */
        Finding run();
    }

    /** Checks that nothing is null. */
    public Check {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(probe, "probe");
    }

    /** Runs the probe; an exception it throws becomes a failed result naming the exception. */
    public Result run() {
        Finding finding;
        try {
            finding = Objects.requireNonNull(probe.run(), "finding");
        } catch (RuntimeException e) {
            finding = Finding.fail("failed: " + e, "check the wiring and power of " + device);
        }
        return new Result(device, name, finding.status(), finding.detail(), finding.hint());
    }
}
