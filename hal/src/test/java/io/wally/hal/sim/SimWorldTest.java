package io.wally.hal.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SimWorldTest {

    /**
     * A 4 m x 3 m room of 10 cm cells, walls one cell thick on every side, origin (-1, -1):
     * free space is x in [-0.9, 2.9), y in [-0.9, 1.9).
     */
    static WorldGrid room() {
        boolean[][] rows = new boolean[30][40];
        for (int r = 0; r < 30; r++) {
            for (int c = 0; c < 40; c++) {
                rows[r][c] = r == 0 || c == 0 || r == 29 || c == 39;
            }
        }
        return WorldGrid.fromRows(rows, 0.1, -1, -1);
    }

    @Test
    void shouldMeasureDistanceToWallsAlongAxesAndDiagonals() {
        SimWorld world = new SimWorld(room());

        // then the analytic distances from (0, 0) to the inner wall faces (1e-9)
        assertThat(world.castRay(0, 0, 0, 10)).isCloseTo(2.9, within(1e-9));
        assertThat(world.castRay(0, 0, Math.PI, 10)).isCloseTo(0.9, within(1e-9));
        assertThat(world.castRay(0, 0, Math.PI / 2, 10)).isCloseTo(1.9, within(1e-9));
        assertThat(world.castRay(0, 0, -Math.PI / 2, 10)).isCloseTo(0.9, within(1e-9));
        // 45 degrees towards (-0.9, -0.9): the corner, at 0.9 * sqrt(2)
        assertThat(world.castRay(0, 0, -3 * Math.PI / 4, 10)).isCloseTo(0.9 * Math.sqrt(2), within(1e-9));
        // 30 degrees: hits y = 1.9 at x = 1.9 / tan(30) > 2.9? no: 3.29 > 2.9, so the x wall at 2.9 / cos(30)
        assertThat(world.castRay(0, 0, Math.toRadians(30), 10)).isCloseTo(2.9 / Math.cos(Math.toRadians(30)), within(1e-9));
    }

    @Test
    void shouldClampToMaxRangeWhenNothingCloser() {
        SimWorld world = new SimWorld(room());
        assertThat(world.castRay(0, 0, 0, 1.5)).isEqualTo(1.5);
    }

    @Test
    void shouldSeeObstacleAddedAtRunTimeAndForgetItWhenRemoved() {
        SimWorld world = new SimWorld(room());

        int cells = world.addBox(1.01, -0.25, 1.15, 0.25);

        // every cell the box overlaps: [1.0, 1.2) x [-0.3, 0.3), 2 columns x 6 rows
        assertThat(cells).isEqualTo(12);
        assertThat(world.castRay(0, 0, 0, 10)).isCloseTo(1.0, within(1e-9));
        assertThat(world.occupiedAt(1.05, 0)).isTrue();

        world.removeBox(1.01, -0.25, 1.15, 0.25);
        assertThat(world.castRay(0, 0, 0, 10)).isCloseTo(2.9, within(1e-9));
    }

    @Test
    void shouldBlockRayWithRotatedBoxAcrossIt() {
        SimWorld world = new SimWorld(room());

        // a 0.16 m x 0.6 m plank centred at (1.5, 0), facing 45 degrees (its long side runs at 135 degrees)
        int cells = world.addRotatedBox(1.5, 0, Math.PI / 4, 0.08, 0.3);

        assertThat(cells).isPositive();
        assertThat(world.occupiedAt(1.5, 0)).isTrue();
        assertThat(world.occupiedAt(1.5, 0.3)).isFalse(); // off the plank's diagonal
        assertThat(world.occupiedAt(1.35, 0.15)).isTrue(); // on it (along its length)
        // the ray along +x hits the plank's cells before x = 1.5
        assertThat(world.castRay(0, 0, 0, 10)).isBetween(1.3, 1.5);
    }

    @Test
    void shouldNotSkipOneCellWallAtShallowAngle() {
        SimWorld world = new SimWorld(room());
        world.addBox(0.5, -0.9, 0.55, 1.85); // a one-cell wall x in [0.5, 0.6)

        double angle = Math.toRadians(80);
        double hit = world.castRay(0, 0, angle, 10);

        // the ray reaches x = 0.5 at distance 0.5 / cos(80 deg) = 2.879, y = 2.84 > 1.9, so the top wall comes first
        assertThat(hit).isCloseTo(1.9 / Math.sin(angle), within(1e-9));
        assertThat(world.castRay(0, 0, Math.toRadians(60), 10)).isCloseTo(0.5 / Math.cos(Math.toRadians(60)), within(1e-9));
    }

    @Test
    void shouldDetectFootprintOverlapOnlyWhenDiscTouchesOccupiedCell() {
        SimWorld world = new SimWorld(room());
        assertThat(world.discCollides(0, 0, 0.1)).isFalse();
        assertThat(world.discCollides(2.85, 0, 0.1)).isTrue(); // 5 cm from the wall at 2.9
        assertThat(world.discCollides(2.79, 0, 0.1)).isFalse(); // 11 cm from it
        world.addDisc(1.0, 1.0, 0.2);
        assertThat(world.discCollides(1.0, 0.7, 0.15)).isTrue();
    }
}
