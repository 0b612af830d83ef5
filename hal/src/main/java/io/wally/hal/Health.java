package io.wally.hal;

/**
 * Health of one reading, set by the device that produced it.
 *
 * <ul>
 *   <li>{@link #OK}: the value is a fresh measurement and may be used.
 *   <li>{@link #STALE}: the value is the last good one but older than the device's own deadline (the
 *       device did not answer in time); use with care or not at all.
 *   <li>{@link #FAULT}: the device failed (bus error, no echo, disconnected); the value is meaningless.
 * </ul>
 *
 * <p>Every reading that is not {@code OK} carries a reason in plain words.
 */
public enum Health {
    /** A fresh, valid measurement. */
    OK,
    /** The last good value, older than the device's deadline. */
    STALE,
    /** The device failed; the value must not be used. */
    FAULT
}
