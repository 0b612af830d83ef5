package io.wally.runtime.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.wally.hal.sim.SimWorld;
import io.wally.hal.sim.WorldGrid;
import org.junit.jupiter.api.Test;

class ObstaclePlannerTest {

    /**
     * 6 m x 2.5 m of 5 cm cells (outside counts as wall); a table at x in [2.0, 2.5), y in [0, 0.7)
     * leaves a 25 cm gap below a 0.5 m wide box on a route along y = 1.2 (the box's lower edge at 0.95):
     * <pre>
     *   +------------------------------+ y = 2.5
     *   |                              |
     *   |  S------------------->G      |   route along y = 1.2
     *   |        ####                  |
     *   +--------####------------------+ y = 0
     *           x=2  2.5
     * </pre>
     */
    private static SimWorld room() {
        boolean[][] rows = new boolean[50][120];
        for (int r = 0; r < 14; r++) {
            for (int c = 40; c < 50; c++) {
                rows[r][c] = true;
            }
        }
        return new SimWorld(WorldGrid.fromRows(rows, 0.05, 0, 0));
    }

    @Test
    void shouldSkipHalfOpenGapAndPlaceWhereDetourIsClear() {
        SimWorld world = room();
        double[] xs = {1.0, 5.5};
        double[] ys = {1.2, 1.2};

        var p = ObstaclePlanner.onRoute(world, xs, ys, 2, 1.0, 0.1, 0.25, 0.6, 0.12).orElseThrow();

        // 1 m ahead is x = 2.0, where the box's lower side faces the table across a 25 cm gap (half open:
        // a planner would try it, a robot would scrape); that lasts until the box's depth clears the
        // table's right edge, x - 0.1 >= 2.5
        assertThat(p.xMeters()).isGreaterThanOrEqualTo(2.6 - 1e-9).isLessThan(2.7);
        assertThat(p.yMeters()).isCloseTo(1.2, within(1e-9));
        assertThat(p.headingRadians()).isCloseTo(0, within(1e-12));
        assertThat(p.alongMeters()).isCloseTo(p.xMeters() - 1.0, within(1e-9));
    }

    @Test
    void shouldAcceptClosedSideWhenOtherSideIsClear() {
        SimWorld world = room();
        // route along y = 0.3: the box's lower edge at 0.05 leaves 5 cm to the south wall (closed)
        double[] xs = {0.5, 1.8};
        double[] ys = {0.3, 0.3};

        var p = ObstaclePlanner.onRoute(world, xs, ys, 2, 0.5, 0.1, 0.25, 0.6, 0.12).orElseThrow();

        assertThat(p.xMeters()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void shouldFindNothingWhenRouteTooShort() {
        SimWorld world = room();
        double[] xs = {0.5, 1.2};
        double[] ys = {1.5, 1.5};

        assertThat(ObstaclePlanner.onRoute(world, xs, ys, 2, 1.0, 0.1, 0.25, 0.6, 0.12)).isEmpty();
    }
}
