package io.wally.runtime.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.wally.hal.sim.OccupancyGrid;
import io.wally.hal.sim.SimWorld;
import org.junit.jupiter.api.Test;

class ObstaclePlannerTest {

    /**
     * 6 m x 2 m of 10 cm cells with a wall stub at x in [2.0, 2.1), y in [0, 0.8):
     * <pre>
     *   +------------------------------+
     *   |                              |
     *   |  S------------|-------->G    |   route along y = 0.5
     *   +---------------#--------------+
     * </pre>
     */
    private static SimWorld corridor() {
        boolean[][] rows = new boolean[20][60];
        for (int r = 0; r < 8; r++) {
            rows[r][20] = true;
        }
        return new SimWorld(OccupancyGrid.fromRows(rows, 0.1, 0, 0));
    }

    @Test
    void shouldPlaceObstacleAheadWhereRouteIsOpen() {
        SimWorld world = corridor();
        double[] xs = {1.5, 5.5};
        double[] ys = {1.2, 1.2};

        var p = ObstaclePlanner.onRoute(world, xs, ys, 2, 1.0, 0.2, 0.45).orElseThrow();

        // 1 m ahead is x = 2.5, right above the stub; the clearance square at y = 1.2 reaches down to
        // 0.75 and so overlaps the stub (y < 0.8) until its left edge x - 0.45 passes the stub's right face 2.1
        assertThat(p.xMeters()).isGreaterThan(2.5).isLessThan(2.65);
        assertThat(p.yMeters()).isCloseTo(1.2, within(1e-9));
        assertThat(p.alongMeters()).isCloseTo(p.xMeters() - 1.5, within(1e-9));
    }

    @Test
    void shouldFindNothingWhenRouteTooShort() {
        SimWorld world = corridor();
        double[] xs = {0.5, 1.2};
        double[] ys = {1.5, 1.5};

        assertThat(ObstaclePlanner.onRoute(world, xs, ys, 2, 1.0, 0.2, 0.3)).isEmpty();
    }
}
