package io.wally.maps.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A room drawn by hand into a log-odds grid, readings simulated from a true pose, handed to the correlator from a
 * pose off by a known amount: it must find the offset back.
 *
 * <pre>
 *   y=3 +-------------------+      walls sure occupied (+2), inside sure free (-2), 5 cm cells;
 *       |                   |      an inner wall stub at x = 2 .. 2.6, y = 1.4, so that no shift
 *       |      ----         |      along a wall is free
 *       |   R               |      R: the robot at (1.2, 1.0)
 *   y=0 +-------------------+
 *      x=0                 x=3
 * </pre>
 */
class ScanToMapCorrelatorTest {

    static final double RES = 0.05;
    static final double HALF = Math.toRadians(15);

    final LogOddsGrid grid = room();

    @AfterEach
    void close() {
        grid.close();
    }

    static LogOddsGrid room() {
        LogOddsGrid g = new LogOddsGrid(RES, 0, 0, -2f, 2f);
        for (int row = 0; row < 60; row++) {
            for (int col = 0; col < 60; col++) {
                boolean wall = row == 0 || col == 0 || row == 59 || col == 59 || row == 28 && col >= 40 && col < 52;
                g.add(col, row, wall ? 2f : -2f);
            }
        }
        return g;
    }

    /** The true sonar reading from {@code (x, y)} along {@code axis}: nearest wall cell in the cone, ray-marched. */
    double reading(double x, double y, double axis) {
        double best = Double.POSITIVE_INFINITY;
        for (double a = axis - HALF; a <= axis + HALF + 1e-9; a += HALF / 20) {
            for (double r = 0; r < 1.5; r += 0.005) {
                if (grid.state(grid.colAt(x + r * Math.cos(a)), grid.rowAt(y + r * Math.sin(a))) == io.wally.maps.importer.CellState.OCCUPIED) {
                    // a reading is the distance to the wall cell's near face: about half a cell short of its centre
                    best = Math.min(best, r);
                    break;
                }
            }
        }
        return best;
    }

    /**
     * Readings from a robot truly at (trueX, trueY, trueHeading) turning in place, handed over as taken from the pose
     * the estimate holds: the truth shifted by (-dx, -dy) and turned by -dTheta about it.
     */
    ScanToMapCorrelator.Match correlateFrom(double trueX, double trueY, double dx, double dy, double dTheta) {
        var c = new ScanToMapCorrelator(ScanToMapCorrelator.Settings.defaults(HALF, RES));
        double estX = trueX - dx;
        double estY = trueY - dy;
        for (int i = 0; i < 60; i++) {
            double trueHeading = i * 2 * Math.PI / 60;
            for (double mount : new double[] {0, Math.PI / 4, -Math.PI / 4}) {
                double z = reading(trueX, trueY, trueHeading + mount);
                if (Double.isFinite(z)) {
                    c.add(estX, estY, trueHeading - dTheta + mount, z);
                }
            }
        }
        return c.correlate(grid, estX, estY);
    }

    @Test
    void shouldChangeNothingWhenTheReadingsFitTheMap() {
        ScanToMapCorrelator.Match m = correlateFrom(1.2, 1.0, 0, 0, 0);

        assertThat(m.applied()).as(m.toString()).isFalse();
        assertThat(m.readings()).isGreaterThan(100);
    }

    @Test
    void shouldRecoverAShiftWithinACellWhenThePoseIsOffByTwoCells() {
        ScanToMapCorrelator.Match m = correlateFrom(1.2, 1.0, 0.1, -0.05, 0);

        assertThat(m.applied()).as(m.toString()).isTrue();
        assertThat(m.dxMeters()).isCloseTo(0.1, within(RES));
        assertThat(m.dyMeters()).isCloseTo(-0.05, within(RES));
        assertThat(Math.toDegrees(m.dThetaRadians())).isCloseTo(0, within(1.0));
    }

    @Test
    void shouldRecoverATurnWithinADegreeWhenTheHeadingIsOffByOneAndAHalf() {
        ScanToMapCorrelator.Match m = correlateFrom(1.2, 1.0, 0, 0, Math.toRadians(1.5));

        assertThat(m.applied()).as(m.toString()).isTrue();
        assertThat(Math.toDegrees(m.dThetaRadians())).isCloseTo(1.5, within(1.0));
        assertThat(Math.hypot(m.dxMeters(), m.dyMeters())).isLessThanOrEqualTo(RES);
    }

    @Test
    void shouldMovePointsAsTheCorrectionMovesThePose() {
        var m = new ScanToMapCorrelator.Match(true, 1, 1, 0.1, 0, Math.PI / 2, 5, 10, 10, 225);

        // (2, 1) is 1 m east of the pivot: a quarter turn puts it 1 m north, then the shift 0.1 m east
        assertThat(m.x(2, 1)).isCloseTo(1.1, within(1e-9));
        assertThat(m.y(2, 1)).isCloseTo(2, within(1e-9));
        assertThat(m.x(1, 1)).isCloseTo(1.1, within(1e-9));
    }

    @Test
    void shouldKeepNoReadingWhenItIsBadOrTooFar() {
        var c = new ScanToMapCorrelator(ScanToMapCorrelator.Settings.defaults(HALF, RES));

        assertThat(c.add(0, 0, 0, Double.NaN)).isFalse();
        assertThat(c.add(0, 0, 0, -0.1)).isFalse();
        assertThat(c.add(0, 0, 0, 2.0)).isFalse();
        assertThat(c.add(Double.NaN, 0, 0, 1.0)).isFalse();
        assertThat(c.add(0, 0, 0, 1.0)).isTrue();
        assertThat(c.size()).isEqualTo(1);
    }

    @Test
    void shouldApplyNothingWhenTheMapIsUnknown() {
        try (LogOddsGrid empty = new LogOddsGrid(RES, 0, 0, -2f, 2f)) {
            var c = new ScanToMapCorrelator(ScanToMapCorrelator.Settings.defaults(HALF, RES));
            for (int i = 0; i < 50; i++) {
                c.add(1, 1, i * 0.1, 0.8);
            }
            assertThat(c.correlate(empty, 1, 1).applied()).isFalse();
        }
    }

    @Test
    void shouldRejectSettingsOutOfRangeWithTheValues() {
        assertThatThrownBy(() -> new ScanToMapCorrelator.Settings(120, 2, 0.03, 0.01, HALF, 4, 0.025, 1.5, 0.25, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beamSamples must be odd").hasMessageContaining("4");
    }
}
