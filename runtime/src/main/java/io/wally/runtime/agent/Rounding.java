package io.wally.runtime.agent;

/** Numbers as replies and messages show them: metres to the millimetre, so no float noise reaches a user. */
public final class Rounding {

    private Rounding() {
    }

    /** {@code meters} rounded to the millimetre ({@code -0.0} shown as {@code 0.0}). */
    public static double meters(double meters) {
        return Math.round(meters * 1000) / 1000.0 + 0.0;
    }
}
