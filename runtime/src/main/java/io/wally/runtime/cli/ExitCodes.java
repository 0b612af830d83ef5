package io.wally.runtime.cli;

/** Exit codes shared by every {@code wally} subcommand. */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** The command ran but did not reach its goal (e.g. the robot could not arrive). */
    public static final int FAILED = 1;
    /** Bad usage, bad input (config, map, store), or a feature not available yet. */
    public static final int USAGE = 2;
    /** Same value as {@link #USAGE}: a subcommand whose feature has not landed. */
    public static final int NOT_AVAILABLE = 2;

    private ExitCodes() {
    }
}
