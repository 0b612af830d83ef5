package io.wally.runtime.agent;

import java.lang.invoke.VarHandle;

/**
 * The robot's pose estimate, published by its single writer (the {@link MapAgent}, which integrates
 * odometry) and read by anyone without locks or allocation (a sequence lock: the writer makes the
 * sequence odd, writes, makes it even; a reader retries when the sequence was odd or moved).
 *
 * <p>Threading: {@link #write} from the map agent only; {@link #read} from any thread.
 */
public final class PoseBoard {

    /** A reader-owned, reusable copy of the pose. */
    public static final class Pose {
        /** Metres in the map frame. */
        public double xMeters;
        /** Metres in the map frame. */
        public double yMeters;
        /** Heading, radians, counter-clockwise from +x, in (-π, π]. */
        public double headingRadians;
        /** Runtime clock time of the odometry sample the pose includes, nanoseconds. */
        public long sampledNanos;
    }

    private volatile long sequence;
    private double x;
    private double y;
    private double heading;
    private long sampledNanos;

    /** Publishes a new pose (single writer). */
    public void write(double xMeters, double yMeters, double headingRadians, long sampledAtNanos) {
        long s = sequence;
        sequence = s + 1;
        VarHandle.storeStoreFence();
        x = xMeters;
        y = yMeters;
        heading = headingRadians;
        sampledNanos = sampledAtNanos;
        sequence = s + 2;
    }

    /** Copies the latest consistent pose into {@code out}; returns it. Never blocks the writer. */
    public Pose read(Pose out) {
        while (true) {
            long s1 = sequence;
            if ((s1 & 1) == 0) {
                double px = x;
                double py = y;
                double ph = heading;
                long pt = sampledNanos;
                VarHandle.loadLoadFence();
                if (sequence == s1) {
                    out.xMeters = px;
                    out.yMeters = py;
                    out.headingRadians = ph;
                    out.sampledNanos = pt;
                    return out;
                }
            }
            Thread.onSpinWait();
        }
    }
}
