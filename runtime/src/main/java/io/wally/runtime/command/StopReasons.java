package io.wally.runtime.command;

import java.util.Locale;

/**
 * The reason a stop is reported with: {@code "stop requested: <reason>"}, said once. Adapters and the gateway
 * sometimes pass a reason that already starts with "stop requested" (a refused reason, a client that words it
 * so); it is not prefixed again. Stateless; any thread.
 */
public final class StopReasons {

    private static final String PREFIX = "stop requested";

    private StopReasons() {
    }

    /** {@code "stop requested"} alone for a blank reason; {@code reason} as it is when it already says so; else prefixed. */
    public static String describe(String reason) {
        if (reason == null || reason.isBlank()) {
            return PREFIX;
        }
        String stripped = reason.strip();
        if (stripped.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
            return stripped;
        }
        return PREFIX + ": " + stripped;
    }
}
