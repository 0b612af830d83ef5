package io.wally.runtime.agent;

import io.wally.hal.sim.SimSettings;
import io.wally.maps.NavGraph;
import io.wally.maps.concurrent.ReplicatedNavGraph;
import io.wally.maps.mapping.CellTransitions;
import io.wally.maps.mapping.Frontiers;
import io.wally.maps.mapping.LogOddsGrid;
import io.wally.maps.mapping.SonarConeModel;
import io.wally.maps.store.LogBacklogFullException;
import java.util.Arrays;
import java.util.List;

/**
 * Obstacles the range sensors see, kept as a log-odds occupancy grid ({@link LogOddsGrid}, updated by the
 * {@link SonarConeModel}) aligned with the navigation graph's grid cells, and mirrored into the graph: a cell
 * that turns occupied blocks the graph cells within {@code inflateMeters} (the robot's half width and a margin);
 * when later readings see through it again (released, probability &lt;= 0.5), the cells it blocked are freed
 * unless another sensed cell still covers them. Only cells this class blocked are ever freed: the walls of the
 * map file (and their start-up inflation) stay fixed.
 *
 * <p>This replaces marking the cell where a sonar ray ends: such marks never cleared, so over a long run the
 * wide cone's echoes off a door frame closed the doorway.
 *
 * <p>Threading: the map agent's thread (the graph's single writer); graph changes go through {@link MapMutations}.
 * Allocates nothing per reading once warm (the grid grows rarely).
 */
final class ObstacleMapping implements CellTransitions, AutoCloseable {

    /** Half-angle of the range sensors' cone (HC-SR04 on the kit and in the simulator), radians. */
    static final double BEAM_HALF_ANGLE_RADIANS = Math.toRadians(SimSettings.Ranger.HC_SR04_BEAM_HALF_ANGLE_DEGREES);
    /** Clamp of the log-odds: two hits past the occupied threshold, five misses from "sure" back to 0.5. */
    private static final float MIN_LOG_ODDS = -2f;
    private static final float MAX_LOG_ODDS = 2f;
    /** Prior of a cell the map knows free: just below the map_server free threshold (about 0.18). */
    private static final float SEED_FREE_LOG_ODDS = -1.5f;

    private final LogOddsGrid grid;
    private final SonarConeModel model;
    private final NodeLocator locator;
    private final ReplicatedNavGraph.Writer writer;
    private final MapMutations mutations;
    private final PipelineCounters counters;
    private final double inflateMeters;
    private final double keepClearMeters;
    private final int rings;
    private boolean[] protectedNodes;
    /** Per node: the cell is sensed occupied (its inflation is counted in {@link #cover}). */
    private boolean[] occupiedCell;
    /** Per node: how many sensed-occupied cells cover it (within the inflation radius). */
    private int[] cover;
    /** Per node: this class blocked it (and may free it). */
    private boolean[] blockedHere;
    private double robotX;
    private double robotY;
    private Listener listener;

    /** Told of each node this class blocks or frees, to publish it. */
    interface Listener {
        void changed(int node);
    }

    /**
     * @param originXMeters x of a grid cell's left edge in the graph's grid (aligns the two grids)
     * @param originYMeters y of that cell's bottom edge
     */
    ObstacleMapping(NodeLocator locator, double originXMeters, double originYMeters, ReplicatedNavGraph graph, ReplicatedNavGraph.Writer writer,
            MapMutations mutations, PipelineCounters counters, double inflateMeters, double keepClearMeters, boolean[] protectedNodes,
            boolean[] unknownNodes) {
        double cell = locator.cellSizeMeters();
        this.grid = new LogOddsGrid(cell, originXMeters, originYMeters, MIN_LOG_ODDS, MAX_LOG_ODDS);
        SonarConeModel.Settings d = SonarConeModel.Settings.defaults(BEAM_HALF_ANGLE_RADIANS, cell);
        this.model = new SonarConeModel(new SonarConeModel.Settings(d.beamHalfAngleRadians(), MapAgent.MARK_RANGE_METERS,
                d.maxFreeRangeMeters(), d.arcThicknessMeters(), d.hitLogOdds(), d.missLogOdds()));
        this.locator = locator;
        this.writer = writer;
        this.mutations = mutations;
        this.counters = counters;
        this.inflateMeters = inflateMeters;
        this.keepClearMeters = keepClearMeters;
        this.rings = (int) Math.ceil(inflateMeters / cell);
        this.protectedNodes = protectedNodes;
        int n = protectedNodes.length;
        this.occupiedCell = new boolean[n];
        this.cover = new int[n];
        this.blockedHere = new boolean[n];
        try (ReplicatedNavGraph.ReadView view = graph.newReader().acquire()) {
            seedFromMap(view, unknownNodes);
        }
    }

    /**
     * Starts the sensed grid from the map: blocked cells (walls and their inflation) as sure occupied, the
     * others as free. The priors matter to the arc's shares ({@link SonarConeModel}): an echo off a door frame
     * is then put on the frame, not on the doorway the map knows free. Transitions are not reported for the
     * seed, so nothing the map file blocked is ever freed here.
     *
     * <p>Cells the map file does not know ({@code unknownNodes}: unknown and passable, {@code unknown: free} or a
     * blank map) and the graph has not blocked since stay unknown (log-odds 0): they are what exploration looks
     * for. Then a ring of cells just outside the map's grid is seeded occupied, so that the map's edge is no frontier
     * (the robot cannot go there, and nothing would ever make it known).
     */
    private void seedFromMap(ReplicatedNavGraph.ReadView view, boolean[] unknownNodes) {
        int limit = Math.min(view.nodeIdLimit(), cover.length);
        boolean anyUnknown = false;
        for (int node = 0; node < limit; node++) {
            if (!view.containsNode(node)) {
                continue;
            }
            double nx = view.x(node);
            double ny = view.y(node);
            if (locator.nodeAt(nx, ny) != node) {
                continue; // a place, not a grid cell
            }
            boolean blocked = view.isBlocked(node);
            if (!blocked && node < unknownNodes.length && unknownNodes[node]) {
                anyUnknown = true;
                continue; // unknown: log-odds 0
            }
            grid.add(grid.colAt(nx), grid.rowAt(ny), blocked ? MAX_LOG_ODDS : SEED_FREE_LOG_ODDS);
        }
        if (anyUnknown && locator instanceof GridLocator g) {
            for (int col = -1; col <= g.width(); col++) {
                for (int row = -1; row <= g.height(); row++) {
                    if (col == -1 || row == -1 || col == g.width() || row == g.height()) {
                        // GridLocator rows count from the top; the log-odds grid's from its origin: go through metres
                        double cx = g.centreX(col, row);
                        double cy = g.centreY(col, row);
                        grid.add(grid.colAt(cx), grid.rowAt(cy), MAX_LOG_ODDS);
                    }
                }
            }
        }
    }

    /** Cells per frontier kept (smaller ones are noise: a gap under furniture, a grazed wall). */
    static final int MIN_FRONTIER_CELLS = 4;
    /** Frontier cells this close to a sensed obstacle are not targets ({@link Frontiers#find(LogOddsGrid, int, int)}), metres. */
    static final double FRONTIER_WALL_MARGIN_METERS = 0.1;
    private final double[] frontierX = new double[FrontierBoard.CAPACITY];
    private final double[] frontierY = new double[FrontierBoard.CAPACITY];
    private final int[] frontierCells = new int[FrontierBoard.CAPACITY];

    /**
     * Finds the sensed grid's frontiers ({@link Frontiers}, Yamauchi 1997) whose target cell lies on the map, counts
     * the map's cells known free and occupied, and publishes both on {@code board}. Reads the whole grid and allocates
     * the search's working arrays (about 9 bytes per cell): called at a modest rate while an exploration runs, never
     * per reading.
     */
    void publishFrontiers(FrontierBoard board, long nowNanos) {
        int margin = (int) Math.round(FRONTIER_WALL_MARGIN_METERS / grid.resolutionMeters());
        List<Frontiers.Frontier> found = Frontiers.find(grid, MIN_FRONTIER_CELLS, margin);
        int n = 0;
        for (int i = 0; i < found.size() && n < FrontierBoard.CAPACITY; i++) {
            Frontiers.Frontier f = found.get(i);
            if (nodeOf(f.targetCol(), f.targetRow()) == NavGraph.NO_NODE) {
                continue;
            }
            frontierX[n] = f.targetXMeters();
            frontierY[n] = f.targetYMeters();
            frontierCells[n] = f.cells();
            n++;
        }
        int free = 0;
        int occupied = 0;
        int total = 0;
        if (!grid.isEmpty()) {
            for (int row = grid.minRow(); row <= grid.maxRow(); row++) {
                for (int col = grid.minCol(); col <= grid.maxCol(); col++) {
                    if (nodeOf(col, row) == NavGraph.NO_NODE) {
                        continue;
                    }
                    total++;
                    switch (grid.state(col, row)) {
                        case FREE -> free++;
                        case OCCUPIED -> occupied++;
                        default -> { }
                    }
                }
            }
        }
        board.publish(frontierX, frontierY, frontierCells, n, free, occupied, total, grid.resolutionMeters(), nowNanos);
    }

    void listener(Listener l) {
        this.listener = l;
    }

    /** Applies one range reading taken at the robot's pose; false when it was ignored as bad. */
    boolean onReading(double xMeters, double yMeters, double axisRadians, double rangeMeters, double maxRangeMeters, boolean echo) {
        robotX = xMeters;
        robotY = yMeters;
        long ignored = model.readingsIgnored();
        model.apply(grid, xMeters, yMeters, axisRadians, rangeMeters, maxRangeMeters, echo, this);
        return model.readingsIgnored() == ignored;
    }

    /** Node ids grew (a map edit added a node): the per-node tables follow. */
    void ensureNodes(int nodeIdLimit, boolean[] protectedNow) {
        if (nodeIdLimit > cover.length) {
            int n = Math.max(nodeIdLimit, cover.length * 2);
            occupiedCell = Arrays.copyOf(occupiedCell, n);
            cover = Arrays.copyOf(cover, n);
            blockedHere = Arrays.copyOf(blockedHere, n);
        }
        protectedNodes = protectedNow;
    }

    @Override
    public void becameOccupied(int col, int row) {
        int node = nodeOf(col, row);
        if (node == NavGraph.NO_NODE || occupiedCell[node]) {
            return;
        }
        occupiedCell[node] = true;
        spread(col, row, +1);
    }

    @Override
    public void released(int col, int row) {
        int node = nodeOf(col, row);
        if (node == NavGraph.NO_NODE || !occupiedCell[node]) {
            return;
        }
        occupiedCell[node] = false;
        spread(col, row, -1);
    }

    /** Adds {@code delta} to the cover of every cell within the inflation radius of {@code (col, row)}. */
    private void spread(int col, int row, int delta) {
        double cell = grid.resolutionMeters();
        for (int dr = -rings; dr <= rings; dr++) {
            for (int dc = -rings; dc <= rings; dc++) {
                if (Math.hypot(dc * cell, dr * cell) > inflateMeters + 1e-9) {
                    continue;
                }
                int node = nodeOf(col + dc, row + dr);
                if (node == NavGraph.NO_NODE) {
                    continue;
                }
                cover[node] = Math.max(0, cover[node] + delta);
                if (delta > 0) {
                    block(node, grid.centreX(col + dc), grid.centreY(row + dr));
                } else if (cover[node] == 0 && blockedHere[node]) {
                    free(node);
                }
            }
        }
    }

    private void block(int node, double cx, double cy) {
        if (protectedNodes[node] || blockedHere[node] || writer.isBlocked(node)) {
            return;
        }
        if (Math.hypot(cx - robotX, cy - robotY) < keepClearMeters) {
            return; // never block the cells the robot stands on
        }
        try {
            mutations.setBlocked(node, true);
        } catch (LogBacklogFullException e) {
            counters.obstacleMarksDeferred.incrementAndGet(); // the cell stays free; a later reading marks again
            return;
        }
        blockedHere[node] = true;
        counters.obstacleCellsMarked.incrementAndGet();
        listener.changed(node);
    }

    private void free(int node) {
        try {
            mutations.setBlocked(node, false);
        } catch (LogBacklogFullException e) {
            counters.obstacleMarksDeferred.incrementAndGet();
            return;
        }
        blockedHere[node] = false;
        counters.obstacleCellsCleared.incrementAndGet();
        listener.changed(node);
    }

    private int nodeOf(int col, int row) {
        int node = locator.nodeAt(grid.centreX(col), grid.centreY(row));
        return node >= 0 && node < cover.length ? node : NavGraph.NO_NODE;
    }

    /** The log-odds grid (the agent thread only). */
    LogOddsGrid grid() {
        return grid;
    }

    /** The sensor model and its counts (the agent thread only). */
    SonarConeModel model() {
        return model;
    }

    @Override
    public void close() {
        grid.close();
    }
}
