package io.wally.runtime.agent;

import java.lang.invoke.VarHandle;

/**
 * The active path the robot follows: waypoints in metres, published by the {@link PlannerAgent}
 * (single writer) and copied by the {@link MotionAgent} each time it changes (sequence lock; no
 * allocation on either side after construction).
 *
 * <p>Threading: {@link #publish} and {@link #clear} from the planner only; {@link #copyTo} and
 * {@link #revision} from any thread.
 */
public final class PathBoard {

    private final double[] xs;
    private final double[] ys;
    private volatile long sequence;
    private int count;
    private long goalId;
    private long graphVersion;

    /** A board holding at most {@code capacity} waypoints. */
    public PathBoard(int capacity) {
        xs = new double[capacity];
        ys = new double[capacity];
    }

    /** Most waypoints a path may have. */
    public int capacity() {
        return xs.length;
    }

    /** Changes every time a path is published or cleared (even when stable). */
    public long revision() {
        return sequence;
    }

    /**
     * Publishes {@code n} waypoints for goal {@code goalIdentity} computed on {@code version}.
     *
     * @throws IllegalArgumentException when {@code n} exceeds the capacity
     */
    public void publish(double[] x, double[] y, int n, long goalIdentity, long version) {
        if (n > xs.length) {
            throw new IllegalArgumentException("path of " + n + " waypoints exceeds the board's capacity " + xs.length);
        }
        long s = sequence;
        sequence = s + 1;
        VarHandle.storeStoreFence();
        System.arraycopy(x, 0, xs, 0, n);
        System.arraycopy(y, 0, ys, 0, n);
        count = n;
        goalId = goalIdentity;
        graphVersion = version;
        sequence = s + 2;
    }

    /** Removes the path (no goal). */
    public void clear(long goalIdentity) {
        publish(xs, ys, 0, goalIdentity, graphVersion);
    }

    /** A reader's copy of the board. */
    public static final class Copy {
        public final double[] x;
        public final double[] y;
        public int count;
        public long goalId;
        public long graphVersion;
        public long revision;

        public Copy(int capacity) {
            x = new double[capacity];
            y = new double[capacity];
        }
    }

    /** Copies the current path into {@code out} (sized with the same capacity); returns it. */
    public Copy copyTo(Copy out) {
        while (true) {
            long s1 = sequence;
            if ((s1 & 1) == 0) {
                int n = count;
                System.arraycopy(xs, 0, out.x, 0, n);
                System.arraycopy(ys, 0, out.y, 0, n);
                long g = goalId;
                long v = graphVersion;
                VarHandle.loadLoadFence();
                if (sequence == s1) {
                    out.count = n;
                    out.goalId = g;
                    out.graphVersion = v;
                    out.revision = s1;
                    return out;
                }
            }
            Thread.onSpinWait();
        }
    }
}
