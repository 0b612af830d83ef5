package io.wally.runtime.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code wally map}: imports and inspects maps (ROS occupancy grids, Moving AI grids, named places). */
@Command(name = "map", mixinStandardHelpOptions = true, description = "Imports and inspects maps (ROS occupancy grids, Moving AI grids, named places).")
final class MapCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw UserErrorException.notAvailableYet("wally map", "issue 4: map importers");
    }
}
