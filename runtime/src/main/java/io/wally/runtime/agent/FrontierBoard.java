package io.wally.runtime.agent;

import java.lang.invoke.VarHandle;

/**
 * The frontiers of the sensed occupancy grid (Yamauchi 1997: free cells next to unknown ones, in clusters), as
 * last computed by the {@link MapAgent} (the grid's owner) while an exploration wants them, and how much of the map
 * is known. The {@link PlannerAgent} reads them to pick the next exploration target.
 *
 * <p>Threading: {@link #publish} from the map agent only (sequence lock, no allocation); {@link #want} from the
 * planner agent only; {@link #copyTo}, {@link #wanted()} and {@link #revision()} from any thread.
 */
public final class FrontierBoard {

    /** Most frontiers kept (the largest first, as {@code Frontiers.find} sorts them). */
    public static final int CAPACITY = 64;

    private volatile boolean wanted;
    private volatile long sequence;
    private final double[] xs = new double[CAPACITY];
    private final double[] ys = new double[CAPACITY];
    private final int[] cells = new int[CAPACITY];
    private int count;
    private long computedAtNanos;
    private int freeCells;
    private int occupiedCells;
    private int mapCells;
    private double cellMeters;

    /** Whether an exploration wants frontiers computed (the map agent computes them only then). */
    public boolean wanted() {
        return wanted;
    }

    /** Asks the map agent to compute frontiers (true) or to stop (false); the planner agent only. */
    void want(boolean value) {
        wanted = value;
    }

    /** Even, and larger after every publication; 0 before the first. */
    public long revision() {
        return sequence;
    }

    /**
     * Publishes {@code n} frontiers (targets at {@code x[i], y[i]} metres, {@code size[i]} cells each) and the counts
     * of map cells known free and occupied, computed at {@code nowNanos} (runtime clock). Single writer.
     */
    void publish(double[] x, double[] y, int[] size, int n, int free, int occupied, int total, double cellSizeMeters, long nowNanos) {
        int k = Math.min(n, CAPACITY);
        long s = sequence;
        sequence = s + 1;
        VarHandle.storeStoreFence();
        System.arraycopy(x, 0, xs, 0, k);
        System.arraycopy(y, 0, ys, 0, k);
        System.arraycopy(size, 0, cells, 0, k);
        count = k;
        freeCells = free;
        occupiedCells = occupied;
        mapCells = total;
        cellMeters = cellSizeMeters;
        computedAtNanos = nowNanos;
        sequence = s + 2;
    }

    /** A reader's reusable copy of the board. */
    public static final class Copy {
        /** Target x of each frontier (a free frontier cell near its centroid), metres. */
        public final double[] x = new double[CAPACITY];
        /** Target y, metres. */
        public final double[] y = new double[CAPACITY];
        /** Frontier cells in each cluster. */
        public final int[] cells = new int[CAPACITY];
        public int count;
        /** Runtime clock time of the computation, nanoseconds. */
        public long computedAtNanos;
        /** Map cells the sensed grid holds free, occupied, and all cells of the map's grid. */
        public int freeCells;
        public int occupiedCells;
        public int mapCells;
        /** Cell side, metres. */
        public double cellMeters;
        public long revision;

        /** Area known free, square metres. */
        public double freeSquareMeters() {
            return freeCells * cellMeters * cellMeters;
        }

        /** Area known occupied, square metres. */
        public double occupiedSquareMeters() {
            return occupiedCells * cellMeters * cellMeters;
        }
    }

    /** Copies the board into {@code out}; never blocks the writer. */
    public Copy copyTo(Copy out) {
        while (true) {
            long s1 = sequence;
            if ((s1 & 1) == 0) {
                int n = count;
                System.arraycopy(xs, 0, out.x, 0, n);
                System.arraycopy(ys, 0, out.y, 0, n);
                System.arraycopy(cells, 0, out.cells, 0, n);
                long at = computedAtNanos;
                int free = freeCells;
                int occupied = occupiedCells;
                int total = mapCells;
                double cell = cellMeters;
                VarHandle.loadLoadFence();
                if (sequence == s1) {
                    out.count = n;
                    out.computedAtNanos = at;
                    out.freeCells = free;
                    out.occupiedCells = occupied;
                    out.mapCells = total;
                    out.cellMeters = cell;
                    out.revision = s1;
                    return out;
                }
            }
            Thread.onSpinWait();
        }
    }
}
