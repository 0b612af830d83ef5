package io.wally.maps.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wally.maps.importer.CellState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-made readings on a 0.1 m grid whose origin puts cell centres on whole tenths: the robot at (0.05, 0.05)
 * is in the centre of cell (0, 0), looking along +x.
 */
class SonarConeModelTest {

    private static final double HALF = Math.toRadians(15);
    private final SonarConeModel model = new SonarConeModel(SonarConeModel.Settings.defaults(HALF, 0.1));

    private static LogOddsGrid grid() {
        return new LogOddsGrid(0.1, 0, 0, -2f, 2f);
    }

    @Test
    void shouldMarkFreeBeforeTheEchoAndHitTheArcWhenOneReadingArrives() {
        try (LogOddsGrid grid = grid()) {
            // robot at cell (0,0) centre; echo at 1.0 m straight ahead: the arc holds cell (10, 0)
            model.apply(grid, 0.05, 0.05, 0, 1.0, 4.0, true, CellTransitions.NONE);
            for (int col = 1; col <= 9; col++) {
                assertThat(grid.logOdds(col, 0)).as("col %d on the axis before the echo", col).isEqualTo(-0.4f);
            }
            assertThat(grid.logOdds(10, 0)).as("the echo's cell").isEqualTo(0.4f);
            assertThat(grid.logOdds(11, 0)).as("behind the echo: not seen").isZero();
            assertThat(grid.logOdds(5, 3)).as("outside the 15 degree cone (31 degrees)").isZero();
            assertThat(grid.logOdds(0, 0)).as("the robot's own cell").isZero();
        }
    }

    @Test
    void shouldTurnTheEchoCellOccupiedAfterTwoReadingsAndTellOnce() {
        try (LogOddsGrid grid = grid()) {
            List<String> told = new ArrayList<>();
            CellTransitions t = recording(told);
            model.apply(grid, 0.05, 0.05, 0, 1.0, 4.0, true, t);
            assertThat(grid.state(10, 0)).isEqualTo(CellState.UNKNOWN);
            model.apply(grid, 0.05, 0.05, 0, 1.0, 4.0, true, t);
            assertThat(grid.state(10, 0)).isEqualTo(CellState.OCCUPIED);
            model.apply(grid, 0.05, 0.05, 0, 1.0, 4.0, true, t);
            // the arc at 1 m is 0.54 m wide (cells -2..2); the lobe weights 1 - (phi/15deg)^2 give the cells 5.7 deg
            // off the axis 0.86 of the hit (occupied after two readings too) and those 11.3 deg off 0.43 or less (not yet)
            assertThat(told).containsExactly("occupied 10,-1", "occupied 10,0", "occupied 10,1");
            assertThat(grid.state(10, 2)).isEqualTo(CellState.UNKNOWN);
            assertThat(grid.state(5, 0)).as("three misses: -1.2, not yet below -1.41").isEqualTo(CellState.UNKNOWN);
            model.apply(grid, 0.05, 0.05, 0, 1.0, 4.0, true, t);
            assertThat(grid.state(5, 0)).isEqualTo(CellState.FREE);
        }
    }

    @Test
    void shouldClearAnOccupiedCellWhenLaterReadingsSeePastIt() {
        try (LogOddsGrid grid = grid()) {
            List<String> told = new ArrayList<>();
            CellTransitions t = recording(told);
            for (int i = 0; i < 10; i++) {
                model.apply(grid, 0.05, 0.05, 0, 1.0, 4.0, true, t); // an obstacle at 1 m
            }
            assertThat(grid.logOdds(10, 0)).isEqualTo(2f);
            for (int i = 0; i < 6; i++) {
                model.apply(grid, 0.05, 0.05, 0, 2.0, 4.0, true, t); // it moved away: echoes from 2 m
            }
            assertThat(told).containsSubsequence("occupied 10,0", "released 10,0");
            assertThat(grid.logOdds(10, 0)).isLessThanOrEqualTo(0f);
        }
    }

    @Test
    void shouldSpareAKnownFreeCellOnTheArcWhenAnOccupiedOneCouldHoldTheEcho() {
        try (LogOddsGrid grid = grid()) {
            // a door frame at (10, 2) believed occupied, the doorway (10, 0) seen free
            grid.add(10, 2, 2f);
            grid.add(10, 0, -2f);
            model.apply(grid, 0.05, 0.05, 0, 1.0, 4.0, true, CellTransitions.NONE);
            assertThat(grid.logOdds(10, 0)).as("doorway gets a small share").isLessThan(-2f + 0.4f * 0.2f);
            assertThat(grid.logOdds(10, 2)).as("frame keeps the full hit (clamped)").isEqualTo(2f);
        }
    }

    @Test
    void shouldClearTheConeWithoutAnArcWhenNothingEchoes() {
        try (LogOddsGrid grid = grid()) {
            model.apply(grid, 0.05, 0.05, 0, 4.0, 4.0, false, CellTransitions.NONE);
            assertThat(grid.logOdds(24, 0)).as("within the 2.5 m clearing reach").isEqualTo(-0.4f);
            assertThat(grid.logOdds(26, 0)).as("beyond it").isZero();
            for (int col = 1; col < 40; col++) {
                assertThat(grid.logOdds(col, 0)).isLessThanOrEqualTo(0f);
            }
        }
    }

    @Test
    void shouldClearButNotMarkWhenTheEchoIsFartherThanTheArcLimit() {
        try (LogOddsGrid grid = grid()) {
            model.apply(grid, 0.05, 0.05, 0, 2.0, 4.0, true, CellTransitions.NONE);
            assertThat(grid.logOdds(19, 0)).isEqualTo(-0.4f);
            assertThat(grid.logOdds(20, 0)).isZero();
        }
    }

    @Test
    void shouldIgnoreAndCountBadReadings() {
        try (LogOddsGrid grid = grid()) {
            assertThat(model.apply(grid, 0.05, 0.05, 0, Double.NaN, 4.0, true, CellTransitions.NONE)).isZero();
            assertThat(model.apply(grid, 0.05, 0.05, 0, -0.1, 4.0, true, CellTransitions.NONE)).isZero();
            assertThat(model.apply(grid, 0.05, 0.05, 0, 4.5, 4.0, true, CellTransitions.NONE)).isZero();
            assertThat(model.apply(grid, Double.NaN, 0.05, 0, 1.0, 4.0, true, CellTransitions.NONE)).isZero();
            assertThat(model.readingsIgnored()).isEqualTo(4);
            assertThat(model.readingsApplied()).isZero();
            assertThat(grid.isEmpty()).isTrue();
        }
    }

    @Test
    void shouldFollowTheAxisWhenLookingSideways() {
        try (LogOddsGrid grid = grid()) {
            model.apply(grid, 0.05, 0.05, Math.PI / 2, 0.5, 4.0, true, CellTransitions.NONE);
            assertThat(grid.logOdds(0, 3)).isEqualTo(-0.4f);
            assertThat(grid.logOdds(0, 5)).isEqualTo(0.4f);
            assertThat(grid.logOdds(3, 0)).isZero();
        }
    }

    @Test
    void shouldRefuseBadSettings() {
        assertThatThrownBy(() -> new SonarConeModel.Settings(0, 1, 1, 0.1, 0.4f, -0.4f)).hasMessageContaining("was 0.0");
        assertThatThrownBy(() -> new SonarConeModel.Settings(0.2, 1, 1, 0.1, 0.4f, 0.4f)).hasMessageContaining("0.4, 0.4");
    }

    /** A wall face at x = 0.5 (cell 5 occupied) reads 0.45 from the centre of cell 0: cell 4, in front of the face, is free. */
    @Test
    void shouldSeeTheCellInFrontOfAWallFreeWhenTheArcSitsHalfACellBeyondTheReading() {
        SonarConeModel offset = new SonarConeModel(SonarConeModel.Settings.defaults(HALF, 0.1).withArcOffset(0.05));
        try (LogOddsGrid centred = grid(); LogOddsGrid behind = grid()) {
            model.apply(centred, 0.05, 0.05, 0, 0.45, 4.0, true, CellTransitions.NONE);
            offset.apply(behind, 0.05, 0.05, 0, 0.45, 4.0, true, CellTransitions.NONE);
            assertThat(centred.logOdds(4, 0)).as("arc centred on the reading: the free cell gets the hit").isPositive();
            assertThat(behind.logOdds(4, 0)).isEqualTo(-0.4f);
            assertThat(behind.logOdds(5, 0)).isEqualTo(0.4f);
            assertThat(behind.logOdds(6, 0)).isZero();
        }
        assertThatThrownBy(() -> SonarConeModel.Settings.defaults(HALF, 0.1).withArcOffset(0.1)).hasMessageContaining("was 0.1");
        assertThatThrownBy(() -> SonarConeModel.Settings.defaults(HALF, 0.1).withArcOffset(-0.01)).hasMessageContaining("was -0.01");
    }

    private static CellTransitions recording(List<String> told) {
        return new CellTransitions() {
            @Override
            public void becameOccupied(int col, int row) {
                told.add("occupied " + col + "," + row);
            }

            @Override
            public void released(int col, int row) {
                told.add("released " + col + "," + row);
            }
        };
    }
}
