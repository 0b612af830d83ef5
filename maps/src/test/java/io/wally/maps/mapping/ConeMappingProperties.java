package io.wally.maps.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.maps.importer.CellState;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties of the log-odds mapping with the sonar cone model: an empty world maps to free, a wall maps to
 * occupied at the right cells, within one cell. Readings are made exactly (no noise) by casting the cone's
 * rays against the world drawn here.
 */
class ConeMappingProperties {

    private static final double HALF = Math.toRadians(15);
    private static final double RES = 0.1;

    @Property(tries = 60)
    void emptyWorldMapsToFree(@ForAll @DoubleRange(min = -3, max = 3) double x, @ForAll @DoubleRange(min = -3, max = 3) double y,
            @ForAll @DoubleRange(min = -3.2, max = 3.2) double heading) {
        SonarConeModel model = new SonarConeModel(SonarConeModel.Settings.defaults(HALF, RES));
        try (LogOddsGrid grid = new LogOddsGrid(RES, 0, 0, -2f, 2f)) {
            for (int i = 0; i < 5; i++) {
                model.apply(grid, x, y, heading, 4.0, 4.0, false, CellTransitions.NONE);
            }
            int free = 0;
            for (int row = grid.minRow(); row <= grid.maxRow(); row++) {
                for (int col = grid.minCol(); col <= grid.maxCol(); col++) {
                    CellState s = grid.state(col, row);
                    assertThat(s).as("cell %d,%d", col, row).isNotEqualTo(CellState.OCCUPIED);
                    free += s == CellState.FREE ? 1 : 0;
                }
            }
            assertThat(free).isPositive();
            // a point 2 m along the axis is free
            assertThat(grid.state(grid.colAt(x + 2 * Math.cos(heading)), grid.rowAt(y + 2 * Math.sin(heading))))
                    .isEqualTo(CellState.FREE);
        }
    }

    /** A wall along x = wallX, the robot left of it at distance d, looking at it within the cone's reach. */
    @Property(tries = 60)
    void wallMapsToOccupiedWithinOneCell(@ForAll @DoubleRange(min = 0.3, max = 1.4) double distance,
            @ForAll @DoubleRange(min = -0.2, max = 0.2) double headingOffset, @ForAll @IntRange(min = 0, max = 5) int steps,
            @ForAll @DoubleRange(min = -2, max = 2) double y) {
        SonarConeModel model = new SonarConeModel(SonarConeModel.Settings.defaults(HALF, RES));
        double wallX = 5.0;
        double x = wallX - distance;
        try (LogOddsGrid grid = new LogOddsGrid(RES, 0, 0, -2f, 2f)) {
            // the robot slides along the wall; each pose reads the nearest echo in its cone (perpendicular
            // distance when the cone straddles the normal, as it does here: |heading| < half angle)
            for (int s = 0; s <= steps; s++) {
                double py = y + s * 0.05;
                for (int k = 0; k < 3; k++) {
                    model.apply(grid, x, py, headingOffset, distance, 4.0, true, CellTransitions.NONE);
                }
            }
            int occupied = 0;
            for (int row = grid.minRow(); row <= grid.maxRow(); row++) {
                for (int col = grid.minCol(); col <= grid.maxCol(); col++) {
                    if (grid.state(col, row) == CellState.OCCUPIED) {
                        occupied++;
                        double cx = grid.centreX(col);
                        assertThat(Math.abs(cx - wallX)).as("occupied cell %d,%d at x=%.3f vs wall %.3f", col, row, cx, wallX)
                                .isLessThanOrEqualTo(RES + RES / 2 + 1e-9 + distance * (1 - Math.cos(HALF)));
                    }
                }
            }
            assertThat(occupied).isPositive();
            // and the robot's side of the wall, half way, is free
            assertThat(grid.state(grid.colAt(x + distance / 2), grid.rowAt(y))).isNotEqualTo(CellState.OCCUPIED);
        }
    }
}
