package io.wally.runtime.cli;

import io.wally.runtime.config.ConfigException;
import picocli.CommandLine;

/**
 * Turns the exceptions a subcommand lets escape into one clear line on stderr and an exit code:
 * bad input (config, map, store: {@link UserErrorException}, {@link ConfigException}) exits 2 without a
 * stack trace; anything else is a bug, printed whole, exit 1.
 */
final class CliErrors implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cli, CommandLine.ParseResult parsed) {
        if (isUserError(ex)) {
            cli.getErr().println("wally: " + ex.getMessage());
        } else {
            cli.getErr().println("wally: internal error: " + ex);
            ex.printStackTrace(cli.getErr());
        }
        cli.getErr().flush();
        return exitCodeOf(ex);
    }

    static int exitCodeOf(Throwable ex) {
        if (ex instanceof UserErrorException user) {
            return user.exitCode();
        }
        return isUserError(ex) ? ExitCodes.USAGE : ExitCodes.FAILED;
    }

    private static boolean isUserError(Throwable ex) {
        return ex instanceof UserErrorException || ex instanceof ConfigException;
    }
}
