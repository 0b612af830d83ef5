package io.wally.maps.embed;

import io.wally.maps.EdgeCursor;
import io.wally.maps.MutableNavGraph;
import io.wally.maps.NavGraph;
import io.wally.maps.ReferenceGraph;
import io.wally.maps.importer.GridGraph;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the rooms of an occupancy grid: FastRP vectors of small patches of cells, clustered bottom-up.
 *
 * <ol>
 *   <li>Patches: the grid is cut into square blocks of about {@link Settings#patchMetres()}; the passable cells
 *       of a block that are connected inside it form one patch (so a patch never spans a wall). Patches are
 *       joined where their cells are, weighted by the cell edges between them; split at doorways: an edge between
 *       two cells that are both within {@link Settings#doorHalfWidthMetres()} of a wall (a narrow passage) weighs
 *       {@value #DOORWAY_WEIGHT} instead of 1.</li>
 *   <li>Vectors: {@link FastRp} on the patch graph (weighted), many propagation steps, so that a patch's vector
 *       sums random vectors over a room-sized neighbourhood that leaks only slowly through doorways.</li>
 *   <li>Clustering: agglomerative (Ward's criterion) on each patch's unit vector concatenated with its position
 *       scaled by {@link Settings#positionWeight()} per metre; only patches that touch may merge, so a room is
 *       always connected; it stops at {@link Settings#rooms()} rooms.</li>
 *   <li>A connected part of the floor with under {@value #MIN_ROOM_SHARE} of its cells (a pocket cut off by
 *       furniture) is no room: its cells get {@link RoomSegmentation#NO_ROOM}.</li>
 *   <li>Rooms are numbered by size, largest first, and each gets a place near its centroid, away from its walls.</li>
 * </ol>
 *
 * <p>Reads the grid's graph on the calling thread only. Stateless.
 */
public final class RoomSegmenter {

    /**
     * Segmentation settings.
     *
     * @param rooms how many rooms to find, {@code >= 1}
     * @param patchMetres side of a patch block, metres, {@code > 0}
     * @param doorHalfWidthMetres cells closer than this to a wall on a patch boundary count as a doorway, metres
     * @param positionWeight weight of one metre of position against unit vector distance, {@code >= 0}
     * @param embedding FastRP settings for the patch graph (its {@code weighted} flag is forced on)
     */
    public record Settings(int rooms, double patchMetres, double doorHalfWidthMetres, double positionWeight, FastRpSettings embedding) {

        public Settings {
            if (rooms < 1) {
                throw new IllegalArgumentException("rooms must be >= 1; was " + rooms);
            }
            if (!(patchMetres > 0) || Double.isInfinite(patchMetres)) {
                throw new IllegalArgumentException("patch size must be finite and > 0 metres; was " + patchMetres);
            }
            if (!(doorHalfWidthMetres >= 0) || Double.isInfinite(doorHalfWidthMetres)) {
                throw new IllegalArgumentException("door half width must be finite and >= 0 metres; was " + doorHalfWidthMetres);
            }
            if (!(positionWeight >= 0) || Double.isInfinite(positionWeight)) {
                throw new IllegalArgumentException("position weight must be finite and >= 0; was " + positionWeight);
            }
            embedding = embedding.withWeighted(true);
        }

        /** The settings the sample house was measured with ({@code docs/embeddings.md}), for {@code rooms} rooms. */
        public static Settings defaults(int rooms) {
            double[] weights = new double[200];
            Arrays.fill(weights, 1.0);
            return new Settings(rooms, 0.25, 0.45, 0.05, FastRpSettings.defaults().withIterationWeights(weights));
        }
    }

    /** Weight of a cell edge in a narrow passage, against 1 for one in open floor. */
    static final double DOORWAY_WEIGHT = 0.02;
    /** A connected part of the floor with less than this share of its cells is a speck, not a room. */
    static final double MIN_ROOM_SHARE = 0.01;

    private RoomSegmenter() {
    }

    /** Chessboard distance in cells from each passable cell to the nearest impassable cell or the grid's edge. */
    static int[] clearance(boolean[] passable, int width, int height) {
        int[] d = new int[width * height];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        Arrays.fill(d, -1);
        for (int i = 0; i < d.length; i++) {
            int c = i % width;
            int r = i / width;
            if (!passable[i]) {
                d[i] = 0;
                queue.add(i);
            } else if (c == 0 || r == 0 || c == width - 1 || r == height - 1) {
                d[i] = 1;
                queue.add(i);
            }
        }
        while (!queue.isEmpty()) {
            int i = queue.poll();
            int c = i % width;
            int r = i / width;
            for (int dr = -1; dr <= 1; dr++) {
                for (int dc = -1; dc <= 1; dc++) {
                    int nc = c + dc;
                    int nr = r + dr;
                    if (nc >= 0 && nr >= 0 && nc < width && nr < height && d[nr * width + nc] < 0) {
                        d[nr * width + nc] = d[i] + 1;
                        queue.add(nr * width + nc);
                    }
                }
            }
        }
        return d;
    }

    /** Segments the passable cells of {@code grid} into rooms. */
    public static RoomSegmentation segment(GridGraph grid, Settings settings) {
        NavGraph graph = grid.graph();
        int width = grid.width();
        int height = grid.height();
        int cells = width * height;
        int block = Math.max(1, (int) Math.round(settings.patchMetres() / grid.grid().resolutionMetres()));
        // 1. patches: union-find over cell edges inside a block
        int[] parent = new int[cells];
        boolean[] passable = new boolean[cells];
        for (int i = 0; i < cells; i++) {
            parent[i] = i;
            passable[i] = !graph.isBlocked(grid.firstNode() + i);
        }
        EdgeCursor cursor = graph.edges();
        for (int i = 0; i < cells; i++) {
            if (!passable[i]) {
                continue;
            }
            cursor.moveTo(grid.firstNode() + i);
            while (cursor.next()) {
                int j = cursor.to() - grid.firstNode();
                if (j > i && j < cells && passable[j] && blockOf(i, width, block) == blockOf(j, width, block)) {
                    union(parent, i, j);
                }
            }
        }
        int[] patchOf = new int[cells];
        Arrays.fill(patchOf, -1);
        int patches = 0;
        for (int i = 0; i < cells; i++) {
            if (passable[i] && find(parent, i) == i) {
                patchOf[i] = patches++;
            }
        }
        double[] sumX = new double[patches];
        double[] sumY = new double[patches];
        int[] size = new int[patches];
        for (int i = 0; i < cells; i++) {
            if (passable[i]) {
                int p = patchOf[find(parent, i)];
                patchOf[i] = p;
                sumX[p] += graph.x(grid.firstNode() + i);
                sumY[p] += graph.y(grid.firstNode() + i);
                size[p]++;
            }
        }
        // patch graph, weighted by the cell edges between two patches; an edge through a narrow passage (both
        // cells within doorHalfWidth of a wall) counts only DOORWAY_WEIGHT, so vectors leak little through doors
        int[] clearance = clearance(passable, width, height);
        int narrow = (int) Math.round(settings.doorHalfWidthMetres() / grid.grid().resolutionMetres());
        Map<Long, Double> between = new HashMap<>();
        for (int i = 0; i < cells; i++) {
            if (!passable[i]) {
                continue;
            }
            cursor.moveTo(grid.firstNode() + i);
            while (cursor.next()) {
                int j = cursor.to() - grid.firstNode();
                if (j >= 0 && j < cells && passable[j] && patchOf[i] < patchOf[j]) {
                    double w = Math.min(clearance[i], clearance[j]) > narrow ? 1.0 : DOORWAY_WEIGHT;
                    between.merge(((long) patchOf[i] << 32) | patchOf[j], w, Double::sum);
                }
            }
        }
        int[][] adjacency;
        float[] vectors;
        int d = settings.embedding().dimension();
        try (MutableNavGraph patchGraph = new ReferenceGraph()) {
            for (int p = 0; p < patches; p++) {
                patchGraph.addNode((float) (sumX[p] / size[p]), (float) (sumY[p] / size[p]));
            }
            List<long[]> pairs = new ArrayList<>();
            for (var e : between.entrySet()) {
                pairs.add(new long[] {e.getKey(), Double.doubleToLongBits(e.getValue())});
            }
            pairs.sort((a, b) -> Long.compare(a[0], b[0]));
            List<List<Integer>> adj = new ArrayList<>();
            for (int p = 0; p < patches; p++) {
                adj.add(new ArrayList<>());
            }
            for (long[] pair : pairs) {
                int a = (int) (pair[0] >>> 32);
                int b = (int) pair[0];
                patchGraph.addUndirectedEdge(a, b, (float) Double.longBitsToDouble(pair[1]), 1);
                adj.get(a).add(b);
                adj.get(b).add(a);
            }
            adjacency = new int[patches][];
            for (int p = 0; p < patches; p++) {
                adjacency[p] = adj.get(p).stream().mapToInt(Integer::intValue).toArray();
            }
            // 2. vectors
            vectors = new float[patches * d];
            try (Embeddings e = FastRp.compute(patchGraph, settings.embedding())) {
                float[] row = new float[d];
                for (int p = 0; p < patches; p++) {
                    e.copyRow(p, row);
                    float inv = e.invNorm(p);
                    for (int j = 0; j < d; j++) {
                        vectors[p * d + j] = row[j] * inv;
                    }
                }
            }
        }
        // 3. constrained Ward clustering on [unit vector, positionWeight * position]
        int features = d + 2;
        double[][] sum = new double[patches][features];
        double[] weight = new double[patches];
        for (int p = 0; p < patches; p++) {
            for (int j = 0; j < d; j++) {
                sum[p][j] = (double) vectors[p * d + j] * size[p];
            }
            sum[p][d] = settings.positionWeight() * sumX[p];
            sum[p][d + 1] = settings.positionWeight() * sumY[p];
            weight[p] = size[p];
        }
        int[] clusterOf = new int[patches];
        for (int p = 0; p < patches; p++) {
            clusterOf[p] = p;
        }
        List<Set<Integer>> neighbours = new ArrayList<>();
        for (int p = 0; p < patches; p++) {
            Set<Integer> set = new TreeSet<>();
            for (int q : adjacency[p]) {
                set.add(q);
            }
            neighbours.add(set);
        }
        boolean[] alive = new boolean[patches];
        Arrays.fill(alive, true);
        int clusters = patches;
        // Specks: connected parts of the floor with fewer than 1% of its cells (a pocket cut off by furniture) are
        // no room; they take no part in the clustering and their cells get NO_ROOM.
        int floorCells = 0;
        for (int p = 0; p < patches; p++) {
            floorCells += size[p];
        }
        int minCells = Math.max(1, (int) Math.ceil(floorCells * MIN_ROOM_SHARE));
        int[] component = new int[patches];
        Arrays.fill(component, -1);
        int[] stack = new int[patches];
        int[] part = new int[patches];
        for (int start = 0; start < patches; start++) {
            if (component[start] >= 0) {
                continue;
            }
            int top = 0;
            int members = 0;
            int partCells = 0;
            stack[top++] = start;
            component[start] = start;
            while (top > 0) {
                int p = stack[--top];
                part[members++] = p;
                partCells += size[p];
                for (int q : adjacency[p]) {
                    if (component[q] < 0) {
                        component[q] = start;
                        stack[top++] = q;
                    }
                }
            }
            if (partCells < minCells) {
                for (int m = 0; m < members; m++) {
                    alive[part[m]] = false;
                    clusterOf[part[m]] = -1;
                    neighbours.get(part[m]).clear();
                    clusters--;
                }
            }
        }
        // Ward costs of touching pairs in a heap; an entry is stale once either side has merged since it was pushed.
        int[] stamp = new int[patches];
        PriorityQueue<double[]> heap = new PriorityQueue<>((x, y) -> x[0] != y[0] ? Double.compare(x[0], y[0])
                : x[1] != y[1] ? Double.compare(x[1], y[1]) : Double.compare(x[2], y[2]));
        for (int a = 0; a < patches; a++) {
            for (int b : neighbours.get(a)) {
                if (b > a) {
                    heap.add(new double[] {ward(sum[a], weight[a], sum[b], weight[b]), a, b, 0, 0});
                }
            }
        }
        while (clusters > settings.rooms() && !heap.isEmpty()) {
            double[] top = heap.poll();
            int ba = (int) top[1];
            int bb = (int) top[2];
            if (!alive[ba] || !alive[bb] || stamp[ba] != (int) top[3] || stamp[bb] != (int) top[4]) {
                continue;
            }
            for (int j = 0; j < features; j++) {
                sum[ba][j] += sum[bb][j];
            }
            weight[ba] += weight[bb];
            alive[bb] = false;
            stamp[ba]++;
            for (int q : neighbours.get(bb)) {
                neighbours.get(q).remove(bb);
                if (q != ba) {
                    neighbours.get(q).add(ba);
                    neighbours.get(ba).add(q);
                }
            }
            neighbours.get(ba).remove(bb);
            neighbours.get(bb).clear();
            for (int q : neighbours.get(ba)) {
                int lo = Math.min(ba, q);
                int hi = Math.max(ba, q);
                heap.add(new double[] {ward(sum[lo], weight[lo], sum[hi], weight[hi]), lo, hi, stamp[lo], stamp[hi]});
            }
            for (int p = 0; p < patches; p++) {
                if (clusterOf[p] == bb) {
                    clusterOf[p] = ba;
                }
            }
            clusters--;
        }
        // 4. number rooms by size and pick each room's place
        int[] cellsOf = new int[patches];
        for (int p = 0; p < patches; p++) {
            if (clusterOf[p] >= 0) {
                cellsOf[clusterOf[p]] += size[p];
            }
        }
        Integer[] order = new Integer[patches];
        int live = 0;
        for (int p = 0; p < patches; p++) {
            if (alive[p]) {
                order[live++] = p;
            }
        }
        Integer[] ranked = Arrays.copyOf(order, live);
        Arrays.sort(ranked, (a, b) -> cellsOf[a] != cellsOf[b] ? Integer.compare(cellsOf[b], cellsOf[a]) : Integer.compare(a, b));
        int[] indexOf = new int[patches];
        for (int r = 0; r < ranked.length; r++) {
            indexOf[ranked[r]] = r;
        }
        int[] roomOfCell = new int[cells];
        double[] cx = new double[ranked.length];
        double[] cy = new double[ranked.length];
        for (int i = 0; i < cells; i++) {
            if (passable[i] && clusterOf[patchOf[i]] >= 0) {
                int room = indexOf[clusterOf[patchOf[i]]];
                roomOfCell[i] = room;
                cx[room] += graph.x(grid.firstNode() + i);
                cy[room] += graph.y(grid.firstNode() + i);
            } else {
                roomOfCell[i] = RoomSegmentation.NO_ROOM;
            }
        }
        List<RoomSegmentation.Room> rooms = new ArrayList<>();
        for (int r = 0; r < ranked.length; r++) {
            int count = cellsOf[ranked[r]];
            double mx = cx[r] / count;
            double my = cy[r] / count;
            // Prefer cells away from walls (a place in a doorway or against a wall is a poor target); in a cluttered
            // room where no cell is, the cell nearest the centroid.
            int bestCell = nearest(graph, grid, roomOfCell, r, mx, my, true);
            if (bestCell < 0) {
                bestCell = nearest(graph, grid, roomOfCell, r, mx, my, false);
            }
            rooms.add(new RoomSegmentation.Room(r, "room-" + (r + 1), count, graph.x(grid.firstNode() + bestCell),
                    graph.y(grid.firstNode() + bestCell)));
        }
        return new RoomSegmentation(width, height, roomOfCell, rooms);
    }

    /**
     * The fraction of cells inside the {@code truth} outlines that the segmentation puts in the same room as the
     * outlines do. Rooms and outlines are paired one to one, greedily by the number of cells they share, largest
     * first; a cell of an unpaired room counts as wrong, so cutting a room into pieces costs as much as merging two.
     * Only passable cells inside exactly one outline count.
     */
    public static double agreement(RoomSegmentation segmentation, GridGraph grid, List<RoomOutline> truth) {
        NavGraph graph = grid.graph();
        int rooms = segmentation.rooms().size();
        int[][] overlap = new int[rooms][truth.size()];
        int counted = 0;
        for (int row = 0; row < grid.height(); row++) {
            for (int col = 0; col < grid.width(); col++) {
                int room = segmentation.roomAt(col, row);
                if (room == RoomSegmentation.NO_ROOM) {
                    continue;
                }
                int node = grid.node(col, row);
                int inside = -1;
                int hits = 0;
                for (int t = 0; t < truth.size(); t++) {
                    if (truth.get(t).contains(graph.x(node), graph.y(node))) {
                        inside = t;
                        hits++;
                    }
                }
                if (hits == 1) {
                    overlap[room][inside]++;
                    counted++;
                }
            }
        }
        if (counted == 0) {
            throw new IllegalArgumentException("no passable cell lies inside exactly one room outline");
        }
        boolean[] roomUsed = new boolean[rooms];
        boolean[] truthUsed = new boolean[truth.size()];
        int agreed = 0;
        while (true) {
            int best = 0;
            int br = -1;
            int bt = -1;
            for (int r = 0; r < rooms; r++) {
                for (int t = 0; t < truth.size(); t++) {
                    if (!roomUsed[r] && !truthUsed[t] && overlap[r][t] > best) {
                        best = overlap[r][t];
                        br = r;
                        bt = t;
                    }
                }
            }
            if (br < 0) {
                break;
            }
            roomUsed[br] = true;
            truthUsed[bt] = true;
            agreed += best;
        }
        return agreed / (double) counted;
    }

    private static double ward(double[] sa, double wa, double[] sb, double wb) {
        double d2 = 0;
        for (int j = 0; j < sa.length; j++) {
            double diff = sa[j] / wa - sb[j] / wb;
            d2 += diff * diff;
        }
        return wa * wb / (wa + wb) * d2;
    }

    private static int nearest(NavGraph graph, GridGraph grid, int[] roomOfCell, int room, double x, double y, boolean interiorOnly) {
        int best = -1;
        double bestDistance = Double.MAX_VALUE;
        for (int i = 0; i < roomOfCell.length; i++) {
            if (roomOfCell[i] != room || (interiorOnly && !interior(i, roomOfCell, grid.width(), grid.height(), room))) {
                continue;
            }
            double dx = graph.x(grid.firstNode() + i) - x;
            double dy = graph.y(grid.firstNode() + i) - y;
            if (dx * dx + dy * dy < bestDistance) {
                bestDistance = dx * dx + dy * dy;
                best = i;
            }
        }
        return best;
    }

    private static boolean interior(int i, int[] roomOfCell, int width, int height, int room) {
        int col = i % width;
        int row = i / width;
        for (int dr = -2; dr <= 2; dr++) {
            for (int dc = -2; dc <= 2; dc++) {
                int c = col + dc;
                int r = row + dr;
                if (c < 0 || r < 0 || c >= width || r >= height || roomOfCell[r * width + c] != room) {
                    return false;
                }
            }
        }
        return true;
    }

    private static long blockOf(int cell, int width, int block) {
        return ((long) ((cell / width) / block) << 32) | ((cell % width) / block);
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }
}
