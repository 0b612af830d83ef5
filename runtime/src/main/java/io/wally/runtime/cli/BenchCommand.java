package io.wally.runtime.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code wally bench}: the benchmarks live in {@code bench/} (JMH, JGraphT, Guava are never on the
 * runtime's classpath), so the {@code ./wally} launcher runs {@code bench/target/wally-bench.jar} for
 * this subcommand. Reaching this class means wally.jar was started directly.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the side-by-side benchmarks and writes JSON: store, plan, persist, pipeline, mqtt, embed, explore, startup.",
            "Run it through the launcher: ./wally bench <what> --json FILE (it uses bench/target/wally-bench.jar)."
        })
final class BenchCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "ARGS", description = "Passed to the benchmark jar.")
    String[] args = new String[0];

    @Override
    public Integer call() {
        throw new UserErrorException("benchmarks run from the bench jar: use ./wally bench "
                + String.join(" ", args) + " (or java -jar bench/target/wally-bench.jar " + String.join(" ", args) + ")");
    }
}
