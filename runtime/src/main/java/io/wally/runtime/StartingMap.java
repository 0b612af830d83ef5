package io.wally.runtime;

import io.wally.maps.store.Durability;
import io.wally.maps.store.GraphStore;
import io.wally.maps.store.StoreOptions;
import io.wally.runtime.agent.RuntimeMap;
import io.wally.runtime.config.WallyConfig;
import java.nio.file.Path;

/**
 * The map a runtime starts with: loaded from the configured map file, or read from a persistent store
 * (seeded from the map file on its first start), and the store when there is one.
 *
 * @param map   the map the replicas are built from
 * @param store the store the map agent also writes (the runtime owns and closes it), or null
 */
record StartingMap(RuntimeMap map, GraphStore store) {

    /** Opens the map of {@code config}; with {@code storeDir} (not null) through the store there. */
    static StartingMap open(WallyConfig config, Path storeDir, StoreOptions options) {
        if (storeDir == null) {
            return new StartingMap(loadMap(config), null);
        }
        String[] origin = {null};
        GraphStore store = openStore(config, storeDir, options, origin);
        try {
            return new StartingMap(storedMap(config, store, origin[0]), store);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** The robot's starting pose {x, y, heading}: the simulator's start, else the place "dock", else the origin. */
    double[] defaultPose(WallyConfig config) {
        if (config.robot().kind() == WallyConfig.Robot.Kind.SIM && config.sim() != null) {
            return new double[] {config.sim().startX(), config.sim().startY(), Math.toRadians(config.sim().startHeadingDegrees())};
        }
        return map.places().stream().filter(p -> p.name().equals("dock")).findFirst()
                .map(p -> new double[] {p.x(), p.y(), 0}).orElse(new double[] {0, 0, 0});
    }

    static RuntimeMap loadMap(WallyConfig config) {
        if (config.map() == null || config.map().file() == null) {
            return RuntimeMap.empty();
        }
        return RuntimeMap.load(Path.of(config.map().file()), config.map().connectivity(), inflationMeters(config));
    }

    /**
     * Opens the store; when its graph is empty and a map file is configured, first seeds it: the file is
     * imported under durability NONE (no fsync per node) and checkpointed (one fsynced snapshot), then
     * the store is reopened with {@code options}. Sets {@code origin[0]} to what was used.
     */
    private static GraphStore openStore(WallyConfig config, Path dir, StoreOptions options, String[] origin) {
        GraphStore store = GraphStore.open(dir, options);
        Path file = mapFile(config);
        if (store.graph().nodeIdLimit() != 0 || file == null) {
            origin[0] = "store " + dir + " (LSN " + store.lastLsn() + ", " + store.graph().nodeCount() + " nodes"
                    + (file == null ? "" : "; map file " + file + " gives only the grid and places") + ")";
            return store;
        }
        store.close();
        long lsn;
        try (GraphStore seed = GraphStore.open(dir, options.withDurability(Durability.NONE).withCheckpointOnClose(false))) {
            lsn = RuntimeMap.importInto(seed, file, config.map().connectivity());
        }
        origin[0] = "map file " + file + " (first start: imported into store " + dir + " at LSN " + lsn + ")";
        return GraphStore.open(dir, options);
    }

    private static Path mapFile(WallyConfig config) {
        return config.map() == null || config.map().file() == null ? null : Path.of(config.map().file());
    }

    private static RuntimeMap storedMap(WallyConfig config, GraphStore store, String origin) {
        Path file = mapFile(config);
        return RuntimeMap.fromStore(store, file, file != null ? config.map().connectivity() : 8, inflationMeters(config), origin);
    }

    /**
     * The store options of a {@code store:} configuration section: its durability, group commit
     * interval (ms) and checkpoint-on-close.
     */
    static StoreOptions storeOptions(WallyConfig.Store settings) {
        Durability durability = switch (settings.durability()) {
            case SYNC -> Durability.SYNC;
            case GROUP -> Durability.GROUP;
            case NONE -> Durability.NONE;
        };
        return StoreOptions.defaults().withDurability(durability).withGroupCommitIntervalMillis(settings.groupCommitMillis())
                .withCheckpointOnClose(settings.checkpointOnClose());
    }

    /**
     * How far from walls grid cells are blocked when a map is loaded: half the wheel base plus 10 cm, so
     * that the robot's body (about as wide as its wheel base) keeps clear of walls while following a
     * path through cell centres and cutting corners by a few centimetres.
     */
    static double inflationMeters(WallyConfig config) {
        return config.drive().wheelBaseMeters() / 2 + 0.1;
    }
}
