package io.wally.runtime.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code wally plan}: plans a route on a map, or solves a Moving AI scenario file. */
@Command(name = "plan", mixinStandardHelpOptions = true, description = "Plans a route on a map, or solves a Moving AI scenario file.")
final class PlanCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw UserErrorException.notAvailableYet("wally plan", "issue 4: path planning");
    }
}
