package io.wally.runtime.sim;

import java.time.Duration;
import java.util.Locale;

/** Parses the simulator's durations: {@code 120s}, {@code 2m}, {@code 500ms}, {@code 1h}, or plain seconds ({@code 90}). */
public final class SimDurations {

    private SimDurations() {
    }

    /**
     * @throws IllegalArgumentException naming the text when it is not a positive duration
     */
    public static Duration parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (t.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).strip()));
            } else if (t.endsWith("s")) {
                d = seconds(Double.parseDouble(t.substring(0, t.length() - 1).strip()));
            } else if (t.endsWith("m")) {
                d = seconds(60 * Double.parseDouble(t.substring(0, t.length() - 1).strip()));
            } else if (t.endsWith("h")) {
                d = seconds(3600 * Double.parseDouble(t.substring(0, t.length() - 1).strip()));
            } else {
                d = seconds(Double.parseDouble(t));
            }
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("duration must be > 0; was '" + text + "'");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "duration must look like 120s, 2m, 500ms or 90 (seconds); was '" + text + "'");
        }
    }

    private static Duration seconds(double s) {
        if (!Double.isFinite(s)) {
            throw new NumberFormatException("not finite");
        }
        return Duration.ofNanos(Math.round(s * 1e9));
    }
}
