package io.wally.maps.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.wally.maps.importer.CellState;
import org.junit.jupiter.api.Test;

class LogOddsGridTest {

    @Test
    void shouldReadUnknownWhenCellNeverWritten() {
        try (LogOddsGrid grid = new LogOddsGrid(0.1, 0, 0, -2f, 2f)) {
            assertThat(grid.logOdds(3, 4)).isZero();
            assertThat(grid.probability(1000, -1000)).isCloseTo(0.5, within(1e-12));
            assertThat(grid.state(3, 4)).isEqualTo(CellState.UNKNOWN);
            assertThat(grid.isEmpty()).isTrue();
        }
    }

    @Test
    void shouldUseMapServerThresholdsWhenClassifying() {
        assertThat(LogOddsGrid.OCCUPIED_LOG_ODDS).isCloseTo((float) Math.log(0.65 / 0.35), within(1e-6f));
        assertThat(LogOddsGrid.FREE_LOG_ODDS).isCloseTo((float) Math.log(0.196 / 0.804), within(1e-6f));
        assertThat(LogOddsGrid.stateOf(0.62f)).isEqualTo(CellState.OCCUPIED);
        assertThat(LogOddsGrid.stateOf(0.6f)).isEqualTo(CellState.UNKNOWN);
        assertThat(LogOddsGrid.stateOf(-1.4f)).isEqualTo(CellState.UNKNOWN);
        assertThat(LogOddsGrid.stateOf(-1.42f)).isEqualTo(CellState.FREE);
    }

    @Test
    void shouldAddAndClampWhenUpdated() {
        try (LogOddsGrid grid = new LogOddsGrid(0.1, 0, 0, -2f, 2f)) {
            assertThat(grid.add(1, 1, 0.4f)).isCloseTo(0.4f, within(1e-6f));
            assertThat(grid.add(1, 1, 0.4f)).isCloseTo(0.8f, within(1e-6f));
            assertThat(grid.state(1, 1)).isEqualTo(CellState.OCCUPIED);
            for (int i = 0; i < 10; i++) {
                grid.add(1, 1, 0.4f);
            }
            assertThat(grid.logOdds(1, 1)).isEqualTo(2f);
            for (int i = 0; i < 20; i++) {
                grid.add(1, 1, -0.4f);
            }
            assertThat(grid.logOdds(1, 1)).isEqualTo(-2f);
            assertThat(grid.state(1, 1)).isEqualTo(CellState.FREE);
        }
    }

    @Test
    void shouldKeepCellsWhenGrowingInEveryDirection() {
        try (LogOddsGrid grid = new LogOddsGrid(0.05, -1, 2, -2f, 2f)) {
            int[][] cells = {{0, 0}, {500, 3}, {-700, -20}, {4, 900}, {-3, -1200}};
            float v = 0.1f;
            for (int[] c : cells) {
                grid.add(c[0], c[1], v);
                v += 0.1f;
            }
            assertThat(grid.growths()).isPositive();
            v = 0.1f;
            for (int[] c : cells) {
                assertThat(grid.logOdds(c[0], c[1])).as("cell %d,%d", c[0], c[1]).isCloseTo(v, within(1e-6f));
                v += 0.1f;
            }
            assertThat(grid.minCol()).isEqualTo(-700);
            assertThat(grid.maxCol()).isEqualTo(500);
            assertThat(grid.minRow()).isEqualTo(-1200);
            assertThat(grid.maxRow()).isEqualTo(900);
            assertThat(grid.logOdds(1, 1)).isZero();
        }
    }

    @Test
    void shouldMapPointsToCellsWhenOriginIsOffset() {
        try (LogOddsGrid grid = new LogOddsGrid(0.1, -0.05, 0.25, -2f, 2f)) {
            assertThat(grid.colAt(-0.05)).isZero();
            assertThat(grid.colAt(-0.06)).isEqualTo(-1);
            assertThat(grid.rowAt(0.36)).isEqualTo(1);
            assertThat(grid.centreX(0)).isCloseTo(0.0, within(1e-12));
            assertThat(grid.centreY(-1)).isCloseTo(0.2, within(1e-12));
        }
    }

    @Test
    void shouldForgetEverythingWhenCleared() {
        try (LogOddsGrid grid = new LogOddsGrid(0.1, 0, 0, -2f, 2f)) {
            grid.add(40, 40, 1f);
            grid.clear();
            assertThat(grid.logOdds(40, 40)).isZero();
            assertThat(grid.isEmpty()).isTrue();
        }
    }

    @Test
    void shouldRefuseBadSettingsWithTheValues() {
        assertThatThrownBy(() -> new LogOddsGrid(0, 0, 0, -2f, 2f)).hasMessageContaining("was 0.0");
        assertThatThrownBy(() -> new LogOddsGrid(0.1, 0, 0, -1f, 2f)).hasMessageContaining("clamp [-1.0, 2.0]");
        try (LogOddsGrid grid = new LogOddsGrid(0.1, 0, 0, -2f, 2f)) {
            assertThatThrownBy(() -> grid.add(0, 0, Float.NaN)).hasMessageContaining("NaN");
        }
    }
}
