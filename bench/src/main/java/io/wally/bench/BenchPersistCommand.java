package io.wally.bench;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wally bench persist}: write-ahead log throughput, recovery, open and checkpoint of a 1M-node store. */
@Command(name = "persist", mixinStandardHelpOptions = true, description = "Write-ahead log throughput, recovery, open and checkpoint of a 1M-node store.")
final class BenchPersistCommand implements Callable<Integer> {

    @Option(names = "--json", paramLabel = "FILE", description = "Where to write the JSON object of results.")
    Path json;

    @Override
    public Integer call() {
        return BenchMain.notAvailableYet("persist", "issue 5: persistence");
    }
}
