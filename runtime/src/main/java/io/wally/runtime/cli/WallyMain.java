package io.wally.runtime.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code wally.jar}: the {@code wally} command line.
 *
 * <p>Each subcommand is its own class; a subcommand whose feature has not landed yet says so on one
 * line and exits {@link ExitCodes#NOT_AVAILABLE}.
 */
@Command(
        name = "wally",
        mixinStandardHelpOptions = true,
        versionProvider = WallyVersion.class,
        description = "Runs WALLY, a small two-wheeled robot: its sensors, navigation graph, planner, motors and MQTT.",
        subcommands = {
            SimCommand.class,
            ExploreCommand.class,
            RunCommand.class,
            PlanCommand.class,
            MapCommand.class,
            StoreCommand.class,
            PasswdCommand.class,
            BenchCommand.class,
            EmbedCommand.class,
            SimilarCommand.class,
            RoomsCommand.class,
            QueryCommand.class,
            SelftestCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {"", "Quick start: ./wally sim    Tests: ./wally test    Docs: docs/README.md"})
public final class WallyMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits the JVM with its exit code. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line without exiting: for tests and embedding. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The configured picocli command line (exit codes and error handling set up). */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new WallyMain());
        cli.setExecutionExceptionHandler(new CliErrors());
        return cli;
    }

    @Override
    public void run() {
        // "wally" alone: show what there is rather than doing something surprising.
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
