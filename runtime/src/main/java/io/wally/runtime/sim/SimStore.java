package io.wally.runtime.sim;

import io.wally.maps.store.StoreException;
import io.wally.maps.store.StoreLockedException;
import io.wally.runtime.WallyRuntime;
import io.wally.runtime.config.WallyConfig;
import java.nio.file.Path;

/**
 * Where {@code wally sim} keeps its map: the {@code store:} section of the configuration
 * ({@code ~/.wally/sim-store} in {@code robot-config/sim.yaml}), so that map edits (blocked places, zones,
 * new nodes) survive a restart, as on the robot. The store belongs to the configured map
 * ({@code map.file}): a run with {@code --map} naming another map keeps no store, since the stored graph
 * is the other map's; nor does the {@code --goto} obstacle demonstration, since the robot would remember
 * the temporary obstacle it sensed.
 *
 * @param dir the store directory, or null when the run keeps its map in memory only
 * @param reason why there is no store (null when there is one)
 */
record SimStore(Path dir, String reason) {

    /**
     * The store for a run of {@code config} driving in {@code drivenMap} (absolute or relative to the
     * working directory), {@code obstacleDemo} when an obstacle is put on the first route.
     */
    static SimStore of(WallyConfig config, Path drivenMap, boolean obstacleDemo) {
        if (config.store() == null || config.store().dir() == null) {
            return new SimStore(null, "the configuration has no store.dir");
        }
        if (obstacleDemo) {
            // the robot keeps what it senses: the next run would plan around an obstacle no longer there
            return new SimStore(null, "the obstacle put on the route is temporary, and the robot would remember it;"
                    + " --no-obstacle keeps the store");
        }
        Path configured = config.map() == null || config.map().file() == null ? null : Path.of(config.map().file());
        if (configured == null || !same(configured, drivenMap)) {
            return new SimStore(null, "--map is not map.file of the configuration, whose map the store holds");
        }
        return new SimStore(Path.of(config.store().dir()), null);
    }

    private static boolean same(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    /** {@code builder} with this store (and the configuration's durability), or as it is without one. */
    WallyRuntime.Builder applyTo(WallyRuntime.Builder builder, WallyConfig config) {
        return dir == null ? builder : builder.store(dir, WallyRuntime.storeOptions(config.store()));
    }

    /** Starts the runtime of {@code builder}; a store that cannot be opened is a user error naming it. */
    WallyRuntime start(WallyRuntime.Builder builder) {
        try {
            return builder.start();
        } catch (StoreLockedException e) {
            throw new IllegalArgumentException("the map store " + dir + " is in use by another wally (sim or run): stop it,"
                    + " or give this run its own store.dir (" + e.getMessage() + ")", e);
        } catch (StoreException e) {
            throw new IllegalArgumentException("cannot open the map store " + dir + ": " + e.getMessage()
                    + " (move the directory away to start from the map file again)", e);
        }
    }

    /** One line for the first screen: where map edits go. */
    String describe(WallyRuntime runtime) {
        if (dir == null) {
            return "map edits are lost on exit (no store: " + reason + ")";
        }
        return "map edits are kept in " + dir + " (delete it to start afresh)"; // one short line of the first screen
    }
}
