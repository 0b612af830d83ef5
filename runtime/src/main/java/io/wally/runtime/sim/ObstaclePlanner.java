package io.wally.runtime.sim;

import io.wally.hal.sim.SimWorld;
import java.util.Optional;

/**
 * Chooses where the simulator's scenario puts an obstacle on the robot's first route: on the route, a
 * few metres ahead, where going around it is unambiguous.
 *
 * <p>The obstacle is a box standing across the route (like a crate left in the way):
 * {@code 2 × halfDepthMeters} along the route, {@code 2 × halfWidthMeters} across it, so that the face the
 * robot's sensors see is the whole of what it must avoid. Walks the route's polyline from the robot. At
 * each point at least {@code aheadMeters} along (and not too close to the route's end) it measures the
 * free width beside the box on both sides, perpendicular to the route, out to {@code detourWidthMeters}. A side counts as a detour when
 * it is at least that wide, and as closed when it is narrower than {@code closedBelowMeters} (too narrow
 * for any robot, so a planner will not try it). The first point with one detour and no half-open side
 * — a gap a planner would take but a robot could only scrape through — becomes the obstacle's centre.
 * Pure function of its inputs; thread-safe.
 */
public final class ObstaclePlanner {

    /**
     * Where to put the obstacle: a box centred at {@code (xMeters, yMeters)} facing {@code headingRadians}
     * (the route's direction there), {@code alongMeters} down the route.
     */
    public record Placement(double xMeters, double yMeters, double headingRadians, double halfDepthMeters,
            double halfWidthMeters, double alongMeters) {
    }

    private ObstaclePlanner() {
    }

    /**
     * @param world the world (its walls decide the free widths)
     * @param xs route waypoints, x metres, from the robot's position
     * @param ys route waypoints, y metres
     * @param count number of waypoints
     * @param aheadMeters minimum distance along the route, metres
     * @param halfDepthMeters half the box's size along the route, metres
     * @param halfWidthMeters half the box's size across the route, metres
     * @param detourWidthMeters free width beside the obstacle that makes a detour, metres
     * @param closedBelowMeters free width below which a side counts as closed, metres
     * @return the placement, or empty when no stretch of the route qualifies
     */
    public static Optional<Placement> onRoute(SimWorld world, double[] xs, double[] ys, int count, double aheadMeters,
            double halfDepthMeters, double halfWidthMeters, double detourWidthMeters, double closedBelowMeters) {
        double total = 0;
        for (int i = 1; i < count; i++) {
            total += Math.hypot(xs[i] - xs[i - 1], ys[i] - ys[i - 1]);
        }
        double along = 0;
        double stepMeters = world.grid().resolutionMeters() / 2;
        for (int i = 1; i < count; i++) {
            double segment = Math.hypot(xs[i] - xs[i - 1], ys[i] - ys[i - 1]);
            if (segment == 0) {
                continue;
            }
            double dx = (xs[i] - xs[i - 1]) / segment;
            double dy = (ys[i] - ys[i - 1]) / segment;
            for (double s = 0; s < segment; s += stepMeters) {
                double at = along + s;
                if (at < aheadMeters || total - at < detourWidthMeters + halfDepthMeters) {
                    continue;
                }
                double x = xs[i - 1] + s * dx;
                double y = ys[i - 1] + s * dy;
                if (discFree(world, x, y, Math.hypot(halfDepthMeters, halfWidthMeters) + stepMeters)) {
                    double left = freeWidth(world, x, y, dx, dy, -dy, dx, halfDepthMeters, halfWidthMeters,
                            detourWidthMeters, stepMeters);
                    double right = freeWidth(world, x, y, dx, dy, dy, -dx, halfDepthMeters, halfWidthMeters,
                            detourWidthMeters, stepMeters);
                    boolean leftOk = left >= detourWidthMeters || left < closedBelowMeters;
                    boolean rightOk = right >= detourWidthMeters || right < closedBelowMeters;
                    if (leftOk && rightOk && Math.max(left, right) >= detourWidthMeters) {
                        return Optional.of(new Placement(x, y, Math.atan2(dy, dx), halfDepthMeters, halfWidthMeters, at));
                    }
                }
            }
            along += segment;
        }
        return Optional.empty();
    }

    private static boolean discFree(SimWorld world, double x, double y, double r) {
        return !world.discCollides(x, y, r);
    }

    /**
     * Free width beside the box along normal {@code (nx, ny)}, the smallest over the box's depth along
     * the route ({@code (dx, dy)}), capped at {@code cap}.
     */
    private static double freeWidth(SimWorld world, double x, double y, double dx, double dy, double nx, double ny,
            double halfDepth, double halfWidth, double cap, double step) {
        double narrowest = cap;
        for (double t = -halfDepth; t <= halfDepth; t += step) {
            double bx = x + t * dx;
            double by = y + t * dy;
            double width = 0;
            while (width < cap && !world.occupiedAt(bx + (halfWidth + width) * nx, by + (halfWidth + width) * ny)) {
                width += step;
            }
            narrowest = Math.min(narrowest, width);
        }
        return narrowest;
    }
}
