package io.wally.runtime.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code wally store}: works on a persistent map store: torture, verify, checkpoint, info. */
@Command(name = "store", mixinStandardHelpOptions = true, description = "Works on a persistent map store: torture, verify, checkpoint, info.")
final class StoreCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw UserErrorException.notAvailableYet("wally store", "issue 5: persistence");
    }
}
