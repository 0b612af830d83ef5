package io.wally.runtime.dashboard;

import io.wally.maps.concurrent.ReplicatedNavGraph;
import io.wally.maps.importer.OccupancyGrid;
import io.wally.runtime.command.PlaceKinds;
import java.util.ArrayList;
import java.util.List;

/**
 * The dashboard's picture of the map: the occupancy grid's cells ({@link #FREE}, {@link #WALL},
 * {@link #UNKNOWN}) and, on top, the cells the sensors marked blocked since the dashboard started
 * ({@link #SENSED}: grid nodes blocked now that were not blocked at the first look, so the start-up
 * inflation along walls is not shown as sensed: sensed obstacles, painted cells, blocked areas); cells blocked at
 * the first look and free now (painted free, erased) are shown {@link #FREE}. {@link #refresh} reads one consistent view of the graph
 * and returns only the cells that changed, so clients get the map once and then small deltas.
 *
 * <p>Threading: one owner (the dashboard's broadcaster thread); not thread-safe.
 */
final class MapLayer {

    /** Free floor. */
    static final byte FREE = 0;
    /** A wall in the map file. */
    static final byte WALL = 1;
    /** Not observed in the map file. */
    static final byte UNKNOWN = 2;
    /** Blocked by what the sensors saw. */
    static final byte SENSED = 3;

    /** A cell that changed: its row-major index and its new state. */
    record Change(int index, byte state) {
    }

    private final OccupancyGrid grid;
    private final byte[] base;
    private final byte[] cells;
    private final ReplicatedNavGraph.Reader reader;
    private boolean[] blockedAtStart;
    private long seenVersion = -1;
    private List<PlaceMark> places = List.of();

    /** A named place where the page draws its label: name, kind (dock, room, waypoint, place), metres. */
    record PlaceMark(String name, String kind, double xMeters, double yMeters) {
    }

    /** @param reader this layer's own reader of the live graph (null: the grid only) */
    MapLayer(OccupancyGrid grid, ReplicatedNavGraph.Reader reader) {
        this.grid = grid;
        this.reader = reader;
        this.base = GridCodec.cellsOf(grid);
        this.cells = base.clone();
    }

    OccupancyGrid grid() {
        return grid;
    }

    /** The cells now, row-major (row 0 at the top, as in the map's image); the caller must not change them. */
    byte[] cells() {
        return cells;
    }

    /** Reads the graph when it changed; the cells whose state differs from before (empty when none). */
    List<Change> refresh() {
        List<Change> changes = new ArrayList<>();
        if (reader == null) {
            return changes;
        }
        try (ReplicatedNavGraph.ReadView view = reader.acquire()) {
            if (view.version() == seenVersion) {
                return changes;
            }
            seenVersion = view.version();
            int limit = view.nodeIdLimit();
            boolean first = blockedAtStart == null;
            if (first) {
                blockedAtStart = new boolean[limit];
            }
            byte[] next = base.clone();
            List<PlaceMark> named = new ArrayList<>();
            for (int node = 0; node < limit; node++) {
                if (view.containsNode(node) && view.name(node).isPresent()) {
                    named.add(new PlaceMark(view.name(node).get(), PlaceKinds.of(view.labels(node)), view.x(node), view.y(node)));
                }
                if (!view.containsNode(node) || !view.isBlocked(node)) {
                    if (!first && node < blockedAtStart.length && blockedAtStart[node] && view.containsNode(node)) {
                        freed(next, view.x(node), view.y(node)); // a wall painted free or erased (cmd/map paint, erase)
                    }
                    continue;
                }
                if (first) {
                    blockedAtStart[node] = true;
                    continue;
                }
                if (node < blockedAtStart.length && blockedAtStart[node]) {
                    continue;
                }
                int col = grid.colAt(view.x(node), view.y(node));
                int row = grid.rowAt(view.x(node), view.y(node));
                if (grid.inside(col, row) && next[row * grid.width() + col] == FREE) {
                    next[row * grid.width() + col] = SENSED;
                }
            }
            places = List.copyOf(named);
            for (int i = 0; i < next.length; i++) {
                if (next[i] != cells[i]) {
                    cells[i] = next[i];
                    changes.add(new Change(i, next[i]));
                }
            }
        }
        return changes;
    }

    private void freed(byte[] next, double xMeters, double yMeters) {
        int col = grid.colAt(xMeters, yMeters);
        int row = grid.rowAt(xMeters, yMeters);
        if (grid.inside(col, row)) {
            next[row * grid.width() + col] = FREE;
        }
    }

    /** The named places at the last {@link #refresh} (empty before it). */
    List<PlaceMark> places() {
        return places;
    }
}
