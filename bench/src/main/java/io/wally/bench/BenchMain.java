package io.wally.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code wally bench}: side-by-side benchmarks that write one JSON object each, and JMH.
 *
 * <p>Started by the {@code ./wally} launcher as {@code java -jar bench/target/wally-bench.jar}; each
 * benchmark family is its own subcommand class. Figures are medians of repeated runs on a shared,
 * noisy machine: compare ratios taken in the same run, not absolute times across runs.
 */
@Command(
        name = "wally bench",
        mixinStandardHelpOptions = true,
        description = "Runs WALLY's benchmarks side by side with their comparisons and writes JSON.",
        subcommands = {
            BenchStoreCommand.class,
            BenchPlanCommand.class,
            BenchPersistCommand.class,
            BenchPipelineCommand.class,
            BenchMqttCommand.class,
            io.wally.bench.embed.BenchEmbedCommand.class,
            io.wally.bench.query.BenchQueryCommand.class,
            io.wally.bench.explore.BenchExploreCommand.class,
            io.wally.bench.dashboard.BenchDashboardCommand.class,
            io.wally.bench.foxglove.BenchFoxgloveCommand.class,
            io.wally.bench.fleet.BenchFleetCommand.class,
            io.wally.bench.startup.BenchStartupCommand.class,
            BenchMain.Jmh.class,
            CommandLine.HelpCommand.class
        })
public final class BenchMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new BenchMain());
        // Everything after "jmh" belongs to JMH, options included (-l, -f 1, -prof gc, a regex).
        cli.getSubcommands().get("jmh").setUnmatchedArgumentsAllowed(true).setStopAtUnmatched(true);
        System.exit(cli.execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the JMH benchmarks in this jar; arguments go to JMH (e.g. {@code -l}, a regex, {@code -f 1}). */
    @Command(name = "jmh", description = "Runs the JMH benchmarks in bench/ (arguments go to JMH; -h lists them).")
    static final class Jmh implements Callable<Integer> {
        @Parameters(arity = "0..*", paramLabel = "JMH_ARGS")
        java.util.List<String> args = new java.util.ArrayList<>();

        @CommandLine.Unmatched
        java.util.List<String> jmhOptions = new java.util.ArrayList<>();

        @Override
        public Integer call() throws Exception {
            java.util.List<String> all = new java.util.ArrayList<>(args);
            all.addAll(jmhOptions);
            org.openjdk.jmh.Main.main(all.toArray(String[]::new));
            return 0;
        }
    }

    /** The one-line refusal of a benchmark whose issue has not landed: exit 2, nothing written. */
    static int notAvailableYet(String what, String issue) {
        System.err.println("wally: 'wally bench " + what + "' is not available yet (" + issue + "); nothing was written.");
        return 2;
    }
}
