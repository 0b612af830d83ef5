package io.wally.runtime.sim;

import io.wally.hal.sim.SimWorld;
import java.util.Optional;

/**
 * Chooses where the simulator's scenario puts an obstacle on the robot's first route: on the route, a
 * few metres ahead, where the room around it is open enough that a detour exists.
 *
 * <p>Walks the route's polyline from the robot; the first point at least {@code aheadMeters} along it
 * whose surrounding square of {@code 2 × clearanceMeters} is free of walls, and which is at least
 * {@code clearanceMeters} from the route's end, becomes the obstacle's centre. Pure function of its
 * inputs; thread-safe.
 */
public final class ObstaclePlanner {

    /** Where to put the obstacle: a disc at {@code (xMeters, yMeters)}, {@code alongMeters} down the route. */
    public record Placement(double xMeters, double yMeters, double radiusMeters, double alongMeters) {
    }

    private ObstaclePlanner() {
    }

    /**
     * @param world the world (its walls decide whether a spot is open)
     * @param xs route waypoints, x metres, from the robot's position
     * @param ys route waypoints, y metres
     * @param count number of waypoints
     * @param aheadMeters minimum distance along the route, metres
     * @param radiusMeters the obstacle's radius, metres
     * @param clearanceMeters half the side of the square that must be free of walls around it, metres
     * @return the placement, or empty when no stretch of the route is both far enough and open enough
     */
    public static Optional<Placement> onRoute(SimWorld world, double[] xs, double[] ys, int count, double aheadMeters,
            double radiusMeters, double clearanceMeters) {
        double total = 0;
        for (int i = 1; i < count; i++) {
            total += Math.hypot(xs[i] - xs[i - 1], ys[i] - ys[i - 1]);
        }
        double along = 0;
        double stepMeters = world.grid().resolutionMeters() / 2;
        for (int i = 1; i < count; i++) {
            double segment = Math.hypot(xs[i] - xs[i - 1], ys[i] - ys[i - 1]);
            for (double s = 0; s < segment; s += stepMeters) {
                double at = along + s;
                if (at < aheadMeters || total - at < clearanceMeters + radiusMeters) {
                    continue;
                }
                double f = s / segment;
                double x = xs[i - 1] + f * (xs[i] - xs[i - 1]);
                double y = ys[i - 1] + f * (ys[i] - ys[i - 1]);
                if (open(world, x, y, clearanceMeters)) {
                    return Optional.of(new Placement(x, y, radiusMeters, at));
                }
            }
            along += segment;
        }
        return Optional.empty();
    }

    private static boolean open(SimWorld world, double x, double y, double half) {
        var g = world.grid();
        for (int row = g.row(y - half); row <= g.row(y + half); row++) {
            for (int col = g.col(x - half); col <= g.col(x + half); col++) {
                if (world.occupied(col, row)) {
                    return false;
                }
            }
        }
        return true;
    }
}
