package io.wally.maps.plan;

import io.wally.maps.EdgeCursor;
import io.wally.maps.NavGraph;
import java.util.Arrays;

/**
 * Jump point search (Harabor and Grastien, "Online Graph Pruning for Pathfinding on Grid Maps", AAAI
 * 2011) on an 8-connected uniform-cost grid with the no-corner-cutting rule of Moving AI maps: a
 * diagonal move needs both cells it passes between free. It finds the same cost as A* (octile) while
 * expanding only jump points: straight runs are scanned 64 cells at a time over a bitset of the grid
 * (a row-major copy for horizontal runs and a column-major copy for vertical ones), the block scan of
 * Harabor and Grastien, "Improving Jump Point Search", ICAPS 2014.
 *
 * <p>Walls come from the graph's blocked flags, read by {@link #refresh()} (called by the constructor);
 * call it again after cells are blocked or freed. Weights must be uniform: {@link GridShape}'s two
 * weights on every move (a grid whose weights were edited needs A*).
 *
 * <p>Threading: one search at a time per instance (its scratch arrays are reused: a search allocates
 * only its result); the graph must not change during a search or a refresh.
 */
public final class JumpPointSearch {

    private static final double SQRT2 = Math.sqrt(2.0);

    private final NavGraph graph;
    private final GridShape shape;
    /** Padded grid: one wall cell around, so that no scan needs bounds checks. */
    private final int paddedWidth;
    private final int paddedHeight;
    /** Free cells, row-major over the padded grid: bit {@code i} of the bitset is cell {@code i}. */
    private final long[] rows;
    /** Free cells, column-major over the padded grid: cell (x, y) is bit {@code x·paddedHeight + y}. */
    private final long[] columns;
    private final double[] g;
    private final int[] parent;
    private final int[] seen;
    private final int[] closed;
    private int stamp;
    private final double straight;
    private final double diagonal;
    private final BinaryMinHeap open = new BinaryMinHeap(1024);
    /** For endpoints off the grid: the edges of a named place. */
    private final EdgeCursor anchors;
    private long expansions;

    /** A search over the grid {@code shape} of {@code graph}; reads the walls now. */
    public JumpPointSearch(NavGraph graph, GridShape shape) {
        this.graph = graph;
        this.shape = shape;
        this.paddedWidth = shape.width() + 2;
        this.paddedHeight = shape.height() + 2;
        int cells = paddedWidth * paddedHeight;
        this.rows = new long[(cells + 63) / 64 + 1];
        this.columns = new long[(cells + 63) / 64 + 1];
        this.g = new double[cells];
        this.parent = new int[cells];
        this.seen = new int[cells];
        this.closed = new int[cells];
        this.straight = shape.straightWeight();
        this.diagonal = shape.diagonalWeight();
        this.anchors = graph.edges();
        refresh();
    }

    /** Reads the walls again from the graph's blocked flags (and missing nodes). */
    public void refresh() {
        Arrays.fill(rows, 0L);
        Arrays.fill(columns, 0L);
        for (int row = 0; row < shape.height(); row++) {
            for (int col = 0; col < shape.width(); col++) {
                int node = shape.firstNode() + row * shape.width() + col;
                if (graph.containsNode(node) && !graph.isBlocked(node)) {
                    int x = col + 1;
                    int y = row + 1;
                    set(rows, y * paddedWidth + x);
                    set(columns, x * paddedHeight + y);
                }
            }
        }
    }

    /**
     * Reads the walls again ({@link #refresh()}) and says whether the graph still is the grid this search
     * assumes, so that it finds what A* would on the graph: between free cells, the edges are exactly the
     * moves it may take (to a side neighbour, or diagonally when both cells passed between are free), each
     * weighing the shape's weight; no edge leaves a cell but to a neighbouring cell; and every node outside
     * the grid is a leaf hung on one cell (a named place's anchor) or alone. False after, say, an edge was
     * added, removed or re-weighted, a wall cell (which has no edges) was unblocked, or a cell was blocked
     * that a diagonal edge passes (A* would cut its corner, this search may not): search with A* then. One
     * pass over the grid's edges; the graph must not change meanwhile.
     */
    public boolean refreshChecked() {
        refresh();
        EdgeCursor cursor = graph.edges();
        EdgeCursor back = graph.edges();
        int width = shape.width();
        int first = shape.firstNode();
        float tolerance = 1e-4f;
        for (int row = 0; row < shape.height(); row++) {
            for (int col = 0; col < width; col++) {
                int node = first + row * width + col;
                if (!graph.containsNode(node)) {
                    continue;
                }
                int moves = 0;
                for (cursor.moveTo(node); cursor.next(); ) {
                    int to = cursor.to();
                    if (!shape.isCell(to)) {
                        if (!leadsOnlyTo(back, to, node)) {
                            return false; // a place joined to two cells, or to another place: a shortcut
                        }
                        continue;
                    }
                    int dc = (to - first) % width - col;
                    int dr = (to - first) / width - row;
                    if (Math.abs(dc) > 1 || Math.abs(dr) > 1 || to == node) {
                        return false;
                    }
                    float expected = dc != 0 && dr != 0 ? shape.diagonalWeight() : shape.straightWeight();
                    if (Math.abs(cursor.weight() - expected) > tolerance * expected) {
                        return false;
                    }
                    moves |= 1 << direction(dc, dr);
                }
                if (!free(col + 1, row + 1)) {
                    continue;
                }
                for (int dr = -1; dr <= 1; dr++) {
                    for (int dc = -1; dc <= 1; dc++) {
                        if ((dc == 0 && dr == 0) || !free(col + 1 + dc, row + 1 + dr)) {
                            continue;
                        }
                        boolean step = dc == 0 || dr == 0 || (free(col + 1 + dc, row + 1) && free(col + 1, row + 1 + dr));
                        if (step != ((moves & 1 << direction(dc, dr)) != 0)) {
                            return false;
                        }
                    }
                }
            }
        }
        return placesAreLeaves(cursor);
    }

    /** Whether every node outside the grid has edges to at most one node, a cell. */
    private boolean placesAreLeaves(EdgeCursor cursor) {
        int limit = graph.nodeIdLimit();
        for (int node = 0; node < limit; node++) {
            if (shape.isCell(node) || !graph.containsNode(node)) {
                continue;
            }
            int anchor = NavGraph.NO_NODE;
            for (cursor.moveTo(node); cursor.next(); ) {
                int to = cursor.to();
                if (!shape.isCell(to) || (anchor != NavGraph.NO_NODE && anchor != to)) {
                    return false;
                }
                anchor = to;
            }
        }
        return true;
    }

    /** Whether every edge out of {@code place} goes to {@code cell}. */
    private static boolean leadsOnlyTo(EdgeCursor cursor, int place, int cell) {
        for (cursor.moveTo(place); cursor.next(); ) {
            if (cursor.to() != cell) {
                return false;
            }
        }
        return true;
    }

    private static int direction(int dc, int dr) {
        return (dr + 1) * 3 + dc + 1;
    }

    private static void set(long[] bits, int i) {
        bits[i >>> 6] |= 1L << (i & 63);
    }

    private boolean free(int x, int y) {
        int i = y * paddedWidth + x;
        return (rows[i >>> 6] >>> (i & 63) & 1L) != 0;
    }

    /**
     * The cheapest path from {@code start} to {@code goal}, every cell on it listed; {@link
     * PlanStatus#INVALID_ENDPOINT} when either is neither a free cell of the grid nor a node hung on one
     * (a named place: its edges lead to one free cell only, and, for the goal, that cell has an edge back).
     * Its expansions count jump points, not cells.
     */
    public Path find(int start, int goal) {
        long t0 = System.nanoTime();
        expansions = 0;
        int startCell = shape.isCell(start) ? start : anchorOf(start);
        int goalCell = shape.isCell(goal) ? goal : anchorOf(goal);
        if (startCell == NavGraph.NO_NODE || goalCell == NavGraph.NO_NODE
                || (goalCell != goal && !graph.hasEdge(goalCell, goal))) {
            return Path.notFound(PlanStatus.INVALID_ENDPOINT, 0, graph.version(), System.nanoTime() - t0);
        }
        if (start == goal && startCell != start) {
            return Path.found(new int[] {start}, 0, 0, graph.version(), System.nanoTime() - t0);
        }
        Path onGrid = findCells(startCell, goalCell, t0);
        if (!onGrid.found() || (startCell == start && goalCell == goal)) {
            return onGrid;
        }
        int[] cells = onGrid.nodes();
        int first = startCell == start ? 0 : 1;
        int[] nodes = new int[cells.length + first + (goalCell == goal ? 0 : 1)];
        System.arraycopy(cells, 0, nodes, first, cells.length);
        double cost = onGrid.cost();
        if (first == 1) {
            nodes[0] = start;
            cost += graph.weight(start, startCell);
        }
        if (goalCell != goal) {
            nodes[nodes.length - 1] = goal;
            cost += graph.weight(goalCell, goal);
        }
        return Path.found(nodes, cost, onGrid.expansions(), onGrid.graphVersion(), System.nanoTime() - t0);
    }

    /** The one cell {@code node}'s edges lead to, or {@link NavGraph#NO_NODE} (none, several, or not only cells). */
    private int anchorOf(int node) {
        if (!graph.containsNode(node) || graph.isBlocked(node)) {
            return NavGraph.NO_NODE;
        }
        int anchor = NavGraph.NO_NODE;
        for (anchors.moveTo(node); anchors.next(); ) {
            int to = anchors.to();
            if (!shape.isCell(to) || (anchor != NavGraph.NO_NODE && anchor != to)) {
                return NavGraph.NO_NODE;
            }
            anchor = to;
        }
        return anchor;
    }

    private Path findCells(int start, int goal, long t0) {
        int sx = (start - shape.firstNode()) % shape.width() + 1;
        int sy = (start - shape.firstNode()) / shape.width() + 1;
        int gx = (goal - shape.firstNode()) % shape.width() + 1;
        int gy = (goal - shape.firstNode()) / shape.width() + 1;
        if (!free(sx, sy) || !free(gx, gy)) {
            return Path.notFound(PlanStatus.INVALID_ENDPOINT, 0, graph.version(), System.nanoTime() - t0);
        }
        if (++stamp == Integer.MAX_VALUE) {
            Arrays.fill(seen, 0);
            Arrays.fill(closed, 0);
            stamp = 1;
        }
        int s = sy * paddedWidth + sx;
        int target = gy * paddedWidth + gx;
        open.clear();
        g[s] = 0;
        parent[s] = -1;
        seen[s] = stamp;
        open.push(s, octile(sx, sy, gx, gy));
        while (!open.isEmpty()) {
            int cell = open.pop();
            if (closed[cell] == stamp) {
                continue;
            }
            closed[cell] = stamp;
            expansions++;
            if (cell == target) {
                return Path.found(cellsOf(target), g[target], expansions, graph.version(), System.nanoTime() - t0);
            }
            expand(cell, gx, gy);
        }
        return Path.notFound(PlanStatus.NO_PATH, expansions, graph.version(), System.nanoTime() - t0);
    }

    /** Successors of {@code cell}: jumps in the directions its arrival leaves open (all eight at the start). */
    private void expand(int cell, int gx, int gy) {
        int x = cell % paddedWidth;
        int y = cell / paddedWidth;
        int from = parent[cell];
        if (from < 0) {
            for (int dx = -1; dx <= 1; dx++) {
                for (int dy = -1; dy <= 1; dy++) {
                    if (dx != 0 || dy != 0) {
                        tryDirection(cell, x, y, dx, dy, gx, gy);
                    }
                }
            }
            return;
        }
        int dx = Integer.signum(x - from % paddedWidth);
        int dy = Integer.signum(y - from / paddedWidth);
        if (dx != 0 && dy != 0) {
            tryDirection(cell, x, y, dx, 0, gx, gy);
            tryDirection(cell, x, y, 0, dy, gx, gy);
            tryDirection(cell, x, y, dx, dy, gx, gy);
        } else {
            // Forward, and each side that opened up here (free, while the cell behind it is a wall):
            // that side and the diagonal ahead of it are reached best through this cell. A side that
            // was already open is reached as cheaply without it (no corner is cut to get there).
            tryDirection(cell, x, y, dx, dy, gx, gy);
            for (int side = -1; side <= 1; side += 2) {
                int px = dy * side;
                int py = dx * side;
                if (free(x + px, y + py) && !free(x - dx + px, y - dy + py)) {
                    tryDirection(cell, x, y, px, py, gx, gy);
                    tryDirection(cell, x, y, dx + px, dy + py, gx, gy);
                }
            }
        }
    }

    private void tryDirection(int cell, int x, int y, int dx, int dy, int gx, int gy) {
        int jump = dx != 0 && dy != 0 ? jumpDiagonal(x, y, dx, dy, gx, gy)
                : dx != 0 ? jumpHorizontal(x, y, dx, gx, gy) : jumpVertical(x, y, dy, gx, gy);
        if (jump < 0) {
            return;
        }
        int jx = jump % paddedWidth;
        int jy = jump / paddedWidth;
        int ax = Math.abs(jx - x);
        int ay = Math.abs(jy - y);
        double cost = g[cell] + Math.min(ax, ay) * diagonal + Math.abs(ax - ay) * straight;
        if (seen[jump] != stamp || cost < g[jump]) {
            seen[jump] = stamp;
            g[jump] = cost;
            parent[jump] = cell;
            open.push(jump, cost + octile(jx, jy, gx, gy));
        }
    }

    /** Octile distance in weights, slightly under (as {@link Heuristics} do) so float weights keep it admissible. */
    private double octile(int x, int y, int gx, int gy) {
        int ax = Math.abs(x - gx);
        int ay = Math.abs(y - gy);
        return Heuristics.SLACK * (Math.min(ax, ay) * diagonal + Math.abs(ax - ay) * straight);
    }

    /**
     * Runs diagonally from (x, y); the first cell from which a straight run finds a jump point, or the
     * goal, or -1 at a wall (or a corner it may not cut).
     */
    private int jumpDiagonal(int x, int y, int dx, int dy, int gx, int gy) {
        while (true) {
            if (!free(x + dx, y) || !free(x, y + dy) || !free(x + dx, y + dy)) {
                return -1;
            }
            x += dx;
            y += dy;
            if (x == gx && y == gy) {
                return y * paddedWidth + x;
            }
            if (jumpHorizontal(x, y, dx, gx, gy) >= 0 || jumpVertical(x, y, dy, gx, gy) >= 0) {
                return y * paddedWidth + x;
            }
        }
    }

    /** Runs from (x, y) along its row; the jump point (goal, or a cell whose side opens up), or -1. */
    private int jumpHorizontal(int x, int y, int dx, int gx, int gy) {
        int stop = scan(rows, y * paddedWidth, x, dx, (y - 1) * paddedWidth, (y + 1) * paddedWidth);
        // the goal (never a wall) lies on the run when it comes before where the scan stopped
        if (y == gy && (dx > 0 ? gx > x && gx <= stopCoord : gx < x && gx >= stopCoord)) {
            return y * paddedWidth + gx;
        }
        return stop < 0 ? -1 : y * paddedWidth + stopCoord;
    }

    /** Runs from (x, y) along its column; the jump point, or -1. */
    private int jumpVertical(int x, int y, int dy, int gx, int gy) {
        int stop = scan(columns, x * paddedHeight, y, dy, (x - 1) * paddedHeight, (x + 1) * paddedHeight);
        if (x == gx && (dy > 0 ? gy > y && gy <= stopCoord : gy < y && gy >= stopCoord)) {
            return gy * paddedWidth + x;
        }
        return stop < 0 ? -1 : stopCoord * paddedWidth + x;
    }

    /** Where the last {@link #scan} stopped, as a coordinate along the line. */
    private int stopCoord;

    /**
     * Scans one line of a bitset from coordinate {@code from} (exclusive) in direction {@code step},
     * 64 cells a word: stops at the first cell where a side line is free and the side cell just behind
     * it was not (the side opens up: a jump point), returning 1; returns -1 when the line hits a wall
     * first. Either way {@link #stopCoord} is where it stopped. {@code line}, {@code sideA}, {@code sideB} are the bit offsets of
     * coordinate 0 of the line and its two neighbours.
     */
    private int scan(long[] bits, int line, int from, int step, int sideA, int sideB) {
        int c = from + step;
        while (true) {
            // 64 cells from c in direction step, bit k = cell c + k·step
            long here = window(bits, line, c, step);
            long a = window(bits, sideA, c, step);
            long b = window(bits, sideB, c, step);
            long aBehind = window(bits, sideA, c - step, step);
            long bBehind = window(bits, sideB, c - step, step);
            long open = (a & ~aBehind) | (b & ~bBehind);
            long wall = ~here;
            long events = open | wall;
            if (events != 0) {
                int k = Long.numberOfTrailingZeros(events);
                stopCoord = c + k * step;
                return (wall >>> k & 1L) != 0 ? -1 : 1;
            }
            c += 64 * step;
        }
    }

    /** 64 bits of one line starting at coordinate {@code c}, bit k = coordinate c + k·step (cells past the array read as walls). */
    private static long window(long[] bits, int line, int c, int step) {
        if (step > 0) {
            int i = line + c;
            int word = i >>> 6;
            int shift = i & 63;
            long lo = bits[word] >>> shift;
            return shift == 0 || word + 1 >= bits.length ? lo : lo | bits[word + 1] << (64 - shift);
        }
        // backwards: bit k = cell line + c - k; take the 64 bits ending at c and reverse them
        int i = line + c - 63;
        long v;
        if (i >= 0) {
            int word = i >>> 6;
            int shift = i & 63;
            long lo = bits[word] >>> shift;
            v = shift == 0 || word + 1 >= bits.length ? lo : lo | bits[word + 1] << (64 - shift);
        } else {
            // fewer than 64 cells before the start of the array: the missing ones are walls
            v = (bits[0] << -i);
        }
        return Long.reverse(v);
    }

    private int[] cellsOf(int target) {
        int count = 1;
        for (int c = target; parent[c] >= 0; c = parent[c]) {
            int from = parent[c];
            count += Math.max(Math.abs(c % paddedWidth - from % paddedWidth), Math.abs(c / paddedWidth - from / paddedWidth));
        }
        int[] nodes = new int[count];
        int at = count - 1;
        for (int c = target; ; c = parent[c]) {
            nodes[at--] = nodeOf(c);
            int from = parent[c];
            if (from < 0) {
                break;
            }
            int dx = Integer.signum(from % paddedWidth - c % paddedWidth);
            int dy = Integer.signum(from / paddedWidth - c / paddedWidth);
            int x = c % paddedWidth + dx;
            int y = c / paddedWidth + dy;
            // a jump is straight or diagonal then straight only at its end cell; walk back along it
            while (x != from % paddedWidth || y != from / paddedWidth) {
                nodes[at--] = nodeOf(y * paddedWidth + x);
                int rx = from % paddedWidth - x;
                int ry = from / paddedWidth - y;
                x += Integer.signum(rx);
                y += Integer.signum(ry);
            }
        }
        return nodes;
    }

    private int nodeOf(int cell) {
        return shape.firstNode() + (cell / paddedWidth - 1) * shape.width() + (cell % paddedWidth - 1);
    }
}
