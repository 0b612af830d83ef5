package io.wally.bench;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wally bench store}: navigation graph store: batch insert, bytes per node/edge, Bloom filter, SIMD batch. */
@Command(name = "store", mixinStandardHelpOptions = true, description = "Navigation graph store: batch insert, bytes per node/edge, Bloom filter, SIMD batch.")
final class BenchStoreCommand implements Callable<Integer> {

    @Option(names = "--json", paramLabel = "FILE", description = "Where to write the JSON object of results.")
    Path json;

    @Override
    public Integer call() {
        return BenchMain.notAvailableYet("store", "issue 3: the navigation graph");
    }
}
