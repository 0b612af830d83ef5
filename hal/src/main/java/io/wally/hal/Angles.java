package io.wally.hal;

/**
 * Angle arithmetic shared by the drivers, the simulator and the runtime's pose and steering code.
 *
 * <p>Stateless; thread-safe.
 */
public final class Angles {

    private Angles() {
    }

    /**
     * {@code radians} wrapped into (-π, π]. Any finite input, in constant time (a remainder, not a loop
     * of subtractions); NaN and infinities give NaN.
     */
    public static double wrap(double radians) {
        double a = Math.IEEEremainder(radians, 2 * Math.PI);
        return a <= -Math.PI ? a + 2 * Math.PI : a;
    }
}
