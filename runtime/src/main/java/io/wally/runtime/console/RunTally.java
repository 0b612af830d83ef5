package io.wally.runtime.console;

import java.time.Duration;
import java.util.Locale;

/**
 * What a run did, for its one-line summary: distance driven (summed from positions sampled by the owner,
 * jumps under {@value #MIN_STEP_METERS} m left out as noise) and goals reached (each goal counted once).
 *
 * <p>Single writer: the thread that samples; {@link #summary} from any thread reads a recent state
 * (fields are volatile, a summary may miss the last sample).
 */
public final class RunTally {

    /** Steps shorter than this are odometry noise of a robot standing still, metres. */
    static final double MIN_STEP_METERS = 0.005;

    private volatile double distanceMeters;
    private volatile int goalsReached;
    private double lastX = Double.NaN;
    private double lastY = Double.NaN;
    private long lastCountedGoal = -1;

    /** Takes the robot's position now, metres. */
    public void position(double xMeters, double yMeters) {
        if (Double.isNaN(lastX)) {
            lastX = xMeters;
            lastY = yMeters;
            return;
        }
        double step = Math.hypot(xMeters - lastX, yMeters - lastY);
        if (step >= MIN_STEP_METERS) {
            distanceMeters += step;
            lastX = xMeters;
            lastY = yMeters;
        }
    }

    /** Takes the state of goal {@code goalId}: counted once when {@code arrived}. */
    public void goal(long goalId, boolean arrived) {
        if (arrived && goalId != lastCountedGoal) {
            lastCountedGoal = goalId;
            goalsReached++;
        }
    }

    /** Metres driven so far. */
    public double distanceMeters() {
        return distanceMeters;
    }

    /** Goals reached so far. */
    public int goalsReached() {
        return goalsReached;
    }

    /**
     * One line: {@code stopped after 1m 02s: drove 3.20 m, 1 goal reached, <store>}.
     *
     * @param uptime how long the run lasted (wall clock)
     * @param store  what became of the map store, e.g. {@code map store ~/.wally/sim-store saved}
     */
    public String summary(Duration uptime, String store) {
        int goals = goalsReached;
        return String.format(Locale.ROOT, "stopped after %s: drove %.2f m, %d goal%s reached, %s", clock(uptime),
                distanceMeters, goals, goals == 1 ? "" : "s", store);
    }

    /** {@code 42s}, {@code 3m 05s}, {@code 2h 03m}: a duration as people read it. */
    public static String clock(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
    }
}
