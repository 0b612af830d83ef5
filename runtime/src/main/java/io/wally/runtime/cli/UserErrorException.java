package io.wally.runtime.cli;

/**
 * A problem the user can fix (bad file, unknown place, feature not available yet): printed as one line
 * without a stack trace, exiting with {@link #exitCode()}.
 */
public final class UserErrorException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public UserErrorException(String message) {
        this(message, ExitCodes.USAGE);
    }

    public UserErrorException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public UserErrorException(String message, Throwable cause) {
        super(message, cause);
        this.exitCode = ExitCodes.USAGE;
    }

    /** The process exit code for this error. */
    public int exitCode() {
        return exitCode;
    }

    /** The error for a subcommand whose feature has not landed: says so, exit 2. */
    public static UserErrorException notAvailableYet(String command, String issue) {
        return new UserErrorException(
                "'" + command + "' is not available yet (" + issue + "); nothing was done.", ExitCodes.NOT_AVAILABLE);
    }
}
