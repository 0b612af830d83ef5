package io.wally.runtime.agent;

import io.wally.maps.GraphCopy;
import io.wally.maps.MutableNavGraph;
import io.wally.maps.graph.OffHeapGraph;
import io.wally.maps.importer.CellState;
import io.wally.maps.importer.GridGraph;
import io.wally.maps.importer.NamedPlacesLoader;
import io.wally.maps.importer.OccupancyGrid;
import io.wally.maps.importer.Place;
import io.wally.maps.importer.PlaceMap;
import io.wally.maps.importer.RosMapLoader;
import io.wally.maps.importer.UnknownCells;
import io.wally.maps.store.GraphStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The map the runtime starts with, ready to be replicated: a factory that builds one identical graph
 * per replica (the pipeline keeps several, see {@link io.wally.maps.concurrent.ReplicatedNavGraph}), a
 * {@link NodeLocator} for its grid, and the nodes obstacle marking must never block (places and the
 * cells they stand in).
 *
 * <p>Grid cells next to walls are blocked in every replica ("inflated" by {@code inflateMeters}, the
 * robot's half width, by {@link GridInflation}, the routine {@code wally plan} uses too), so that paths
 * keep the robot's body off the walls; place cells stay free.
 *
 * <p>With a persistent store ({@link #fromStore}) the graph state comes from the store (the map file is
 * only the first-boot seed, and the source of the grid geometry and the places); inflation is
 * recomputed in the replicas at every start and never written to the store.
 *
 * <p>Immutable; the factory is called from the thread that builds the runtime.
 */
public final class RuntimeMap {

    private final IntFunction<MutableNavGraph> factory;
    private final NodeLocator locator;
    private final int[] protectedNodes;
    private final List<Place> places;
    private final String origin;
    /** Per node: its grid cell is unknown in the map file and passable ({@code unknown: free}); empty when none is. */
    private final boolean[] unknownNodes;

    private RuntimeMap(IntFunction<MutableNavGraph> factory, NodeLocator locator, int[] protectedNodes, List<Place> places) {
        this(factory, locator, protectedNodes, places, "given graph", new boolean[0]);
    }

    private RuntimeMap(IntFunction<MutableNavGraph> factory, NodeLocator locator, int[] protectedNodes, List<Place> places,
            String origin, boolean[] unknownNodes) {
        this.factory = factory;
        this.locator = locator;
        this.protectedNodes = protectedNodes;
        this.places = List.copyOf(places);
        this.origin = origin;
        this.unknownNodes = unknownNodes;
    }

    /**
     * The map of a persistent store: the stored graph is the map; {@code file} (the first-boot seed, see
     * {@link #importInto}) only gives the grid geometry (node look-up, inflation) and the places. Every
     * replica is a copy of the store's graph, inflated by {@code inflateMeters} (recomputed here, never
     * stored). Call from the store's writer thread.
     *
     * @param file named-places or ROS map YAML, or null (the store's graph alone, no grid look-up)
     * @param origin how the store got its graph, for {@link #origin()}
     * @throws IllegalArgumentException when the stored graph cannot hold the file's grid (the file changed)
     */
    public static RuntimeMap fromStore(GraphStore store, Path file, int connectivity, double inflateMeters, String origin) {
        Objects.requireNonNull(store, "store");
        MutableNavGraph stored = store.graph();
        // the stored graph is the map: the file gives only where the cells and places are (no edges built)
        Seed seed = file == null ? new Seed(null, null, List.of()) : Seed.layout(file, connectivity);
        seed.graphOpt().ifPresent(MutableNavGraph::close);
        GridGraph grid = seed.grid;
        int[] protectedNodes = GridInflation.keptFree(seed.places);
        if (grid != null && grid.firstNode() + grid.width() * grid.height() > stored.nodeIdLimit()) {
            throw new IllegalArgumentException("map file " + file + " does not match store " + store.directory() + ": its grid needs node ids up to "
                    + (grid.firstNode() + grid.width() * grid.height()) + " but the stored graph has " + stored.nodeIdLimit()
                    + " (the file changed after the store was seeded; move the store directory away to re-import)");
        }
        NodeLocator locator = grid == null ? NodeLocator.none() : locatorOf(grid);
        return new RuntimeMap(r -> {
            // mapped from the snapshot when nothing was logged since (a clean start): no copy of the graph
            OffHeapGraph replica = store.snapshotCopy()
                    .orElseGet(() -> GraphCopy.copy(stored, new OffHeapGraph(Math.max(stored.nodeIdLimit(), 16))));
            if (grid != null) {
                GridInflation.inflate(replica, grid, inflateMeters, protectedNodes);
            }
            return replica;
        }, locator, protectedNodes, seed.places, origin, grid == null ? new boolean[0] : unknownNodesOf(grid));
    }

    /**
     * Imports the graph of map {@code file} (not inflated) into the empty graph of {@code store} and
     * checkpoints, so the import is one snapshot rather than a long log; returns the snapshot's LSN.
     * Open the store with durability NONE for the import (one fsync for the snapshot, not one per node).
     *
     * @throws IllegalArgumentException when the store's graph is not empty
     * @throws io.wally.maps.importer.MapFormatException when the file is malformed
     * @throws io.wally.maps.store.StoreException when logging or checkpointing fails
     */
    public static long importInto(GraphStore store, Path file, int connectivity) {
        Seed seed = Seed.load(file, connectivity);
        try {
            GraphCopy.copy(seed.graph, store.graph());
        } finally {
            seed.graph.close();
        }
        return store.checkpoint();
    }

    /** A map file parsed: its graph (not inflated), grid geometry (or null) and places. */
    private record Seed(MutableNavGraph graph, GridGraph grid, List<Place> places) {

        Optional<MutableNavGraph> graphOpt() {
            return Optional.ofNullable(graph);
        }

        static Seed load(Path file, int connectivity) {
            return read(file, connectivity, true);
        }

        /** As {@link #load} without the edges: the same node ids, grid geometry and places, far sooner. */
        static Seed layout(Path file, int connectivity) {
            return read(file, connectivity, false);
        }

        private static Seed read(Path file, int connectivity, boolean withEdges) {
            if (isRosMap(file)) {
                OccupancyGrid g = RosMapLoader.load(file);
                Supplier<OffHeapGraph> factory = () -> new OffHeapGraph(g.width() * g.height());
                GridGraph grid = withEdges ? GridGraph.build(g, connectivity, UnknownCells.BLOCKED, factory)
                        : GridGraph.layout(g, connectivity, UnknownCells.BLOCKED, factory);
                return new Seed(grid.graph(), grid, List.of());
            }
            NamedPlacesLoader.NamedPlaces spec = NamedPlacesLoader.load(file);
            int expected = spec.grid() == null ? 64 : spec.grid().width() * spec.grid().height() + spec.places().size();
            PlaceMap m = withEdges ? spec.build(connectivity, () -> new OffHeapGraph(expected))
                    : spec.layout(connectivity, () -> new OffHeapGraph(expected));
            return new Seed(m.graph(), m.grid().orElse(null), m.places());
        }
    }

    /**
     * A map from caller-made replicas (e.g. opened from a persistent store): {@code factory} must return
     * an identical graph on every call.
     */
    public static RuntimeMap of(IntFunction<MutableNavGraph> factory, NodeLocator locator, int[] protectedNodes) {
        return new RuntimeMap(Objects.requireNonNull(factory, "factory"), Objects.requireNonNull(locator, "locator"),
                protectedNodes.clone(), List.of());
    }

    /** An empty map (no file configured): the robot can be sent to nothing until edits add places. */
    public static RuntimeMap empty() {
        return of(r -> new OffHeapGraph(), NodeLocator.none(), new int[0]);
    }

    /**
     * Loads {@code file}: a named-places YAML (with or without a grid) or a ROS map_server YAML
     * ({@code image:} key), building grids with {@code connectivity} 4 or 8.
     *
     * @throws io.wally.maps.importer.MapFormatException naming the file and line when it is malformed
     */
    public static RuntimeMap load(Path file, int connectivity, double inflateMeters) {
        if (isRosMap(file)) {
            OccupancyGrid grid = RosMapLoader.load(file);
            GridGraph probe = GridGraph.build(grid, connectivity, UnknownCells.BLOCKED, () -> new OffHeapGraph(grid.width() * grid.height()));
            NodeLocator locator = locatorOf(probe);
            probe.graph().close();
            return new RuntimeMap(r -> {
                GridGraph g = GridGraph.build(grid, connectivity, UnknownCells.BLOCKED, () -> new OffHeapGraph(grid.width() * grid.height()));
                GridInflation.inflate(g.graph(), g, inflateMeters, new int[0]);
                return g.graph();
            }, locator, new int[0], List.of(), "map file " + file, new boolean[0]);
        }
        return fromPlaces(NamedPlacesLoader.load(file), connectivity, inflateMeters, "map file " + file);
    }

    /**
     * The map of {@code file} with its walls forgotten: the same grid (size, resolution, origin), every cell unknown
     * and passable, the same places and zones. What the robot knows of the home is then only what its sensors map
     * ({@link ObstacleMapping} leaves unknown cells unknown): a map to explore ({@code cmd/explore}). A ROS map gives
     * the grid alone (no places).
     *
     * @throws IllegalArgumentException when the file has no occupancy grid (nothing to explore on)
     */
    public static RuntimeMap blank(Path file, int connectivity, double inflateMeters) {
        if (isRosMap(file)) {
            OccupancyGrid grid = blankGrid(RosMapLoader.load(file));
            GridGraph probe = GridGraph.build(grid, connectivity, UnknownCells.FREE, () -> new OffHeapGraph(grid.width() * grid.height()));
            NodeLocator locator = locatorOf(probe);
            boolean[] unknown = unknownNodesOf(probe);
            probe.graph().close();
            return new RuntimeMap(r -> GridGraph.build(grid, connectivity, UnknownCells.FREE, () -> new OffHeapGraph(grid.width() * grid.height()))
                    .graph(), locator, new int[0], List.of(), "map file " + file + " (blank: every cell unknown)", unknown);
        }
        NamedPlacesLoader.NamedPlaces spec = NamedPlacesLoader.load(file);
        if (spec.grid() == null) {
            throw new IllegalArgumentException("map file " + file + " has no occupancy grid: a blank map needs one (its size and resolution)");
        }
        NamedPlacesLoader.NamedPlaces blank = new NamedPlacesLoader.NamedPlaces(spec.file(), blankGrid(spec.grid()), UnknownCells.FREE,
                spec.places(), spec.connections(), spec.zones());
        return fromPlaces(blank, connectivity, inflateMeters, "map file " + file + " (blank: every cell unknown)");
    }

    private static RuntimeMap fromPlaces(NamedPlacesLoader.NamedPlaces spec, int connectivity, double inflateMeters, String origin) {
        int expected = spec.grid() == null ? 64 : spec.grid().width() * spec.grid().height() + spec.places().size();
        PlaceMap first = spec.build(connectivity, () -> new OffHeapGraph(expected));
        List<Place> places = first.places();
        int[] protectedNodes = GridInflation.keptFree(places);
        NodeLocator locator = first.grid().map(RuntimeMap::locatorOf).orElse(NodeLocator.none());
        boolean[] unknown = first.grid().map(RuntimeMap::unknownNodesOf).orElse(new boolean[0]);
        first.graph().close();
        return new RuntimeMap(r -> {
            PlaceMap m = spec.build(connectivity, () -> new OffHeapGraph(expected));
            GridInflation.inflate(m, inflateMeters);
            return m.graph();
        }, locator, protectedNodes, places, origin, unknown);
    }

    /** A grid of {@code like}'s geometry with every cell unknown. */
    private static OccupancyGrid blankGrid(OccupancyGrid like) {
        CellState[] states = new CellState[like.width() * like.height()];
        Arrays.fill(states, CellState.UNKNOWN);
        return new OccupancyGrid(like.width(), like.height(), like.resolutionMetres(), like.originX(), like.originY(),
                like.originYawRadians(), states);
    }

    /**
     * Per node id: the cell is unknown in the map file but passable (the file says {@code unknown: free}). Under
     * {@code unknown: blocked} unknown cells are walls to the robot, and nothing is marked.
     */
    private static boolean[] unknownNodesOf(GridGraph grid) {
        if (grid.unknownCells() != UnknownCells.FREE) {
            return new boolean[0];
        }
        OccupancyGrid g = grid.grid();
        boolean[] unknown = new boolean[grid.firstNode() + g.width() * g.height()];
        boolean any = false;
        for (int row = 0; row < g.height(); row++) {
            for (int col = 0; col < g.width(); col++) {
                if (g.state(col, row) == CellState.UNKNOWN) {
                    unknown[grid.firstNode() + row * g.width() + col] = true;
                    any = true;
                }
            }
        }
        return any ? unknown : new boolean[0];
    }

    /**
     * The occupancy grid of a map file, for pictures of the map (dashboard, Foxglove, Home Assistant): a
     * named-places file's grid (null when it has none), else a ROS map_server map's.
     *
     * @throws RuntimeException the ROS loader's error when the file is neither
     */
    public static OccupancyGrid readGrid(Path file) {
        try {
            return NamedPlacesLoader.load(file).grid();
        } catch (RuntimeException notNamedPlaces) {
            return RosMapLoader.load(file);
        }
    }

    private static boolean isRosMap(Path file) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith("image:")) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read map " + file + ": " + e.getMessage(), e);
        }
    }

    private static NodeLocator locatorOf(GridGraph grid) {
        return GridLocator.of(grid);
    }

    /** Builds replica {@code index} (a new, identical graph each call). */
    public MutableNavGraph newReplica(int index) {
        return factory.apply(index);
    }

    /** Point-to-node look-up of the grid. */
    public NodeLocator locator() {
        return locator;
    }

    /**
     * Per node id: the map file does not know its cell (unknown, and passable under {@code unknown: free}); the
     * sensed grid starts such cells unknown, so exploration has frontiers. Empty when the map knows every cell.
     */
    public boolean[] unknownNodes() {
        return unknownNodes.clone();
    }

    /** Nodes obstacle marking never blocks. */
    public int[] protectedNodes() {
        return protectedNodes.clone();
    }

    /** Where the graph came from, for the start-up log line (a map file, or a store and its LSN). */
    public String origin() {
        return origin;
    }

    /** The named places (empty when the map has none or was given as a factory). */
    public List<Place> places() {
        return places;
    }
}
