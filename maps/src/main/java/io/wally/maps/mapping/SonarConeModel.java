package io.wally.maps.mapping;

/**
 * Inverse sensor model of an ultrasonic range sensor (a cone), applied to a {@link LogOddsGrid} as a log-odds
 * update (Probabilistic Robotics, Table 9.2, with a cone instead of a beam). A sonar reports the NEAREST echo
 * anywhere in its cone, so for a reading {@code z}:
 * <ul>
 *   <li>every cell inside the cone nearer than {@code z - arc/2} is evidence of free space ({@link Settings#missLogOdds()});
 *   <li>cells on the arc {@code |r - z| <= arc/2} hold the echo, but which of them is unknown. Each gets the hit
 *       scaled twice: by {@code 1 - (phi/halfAngle)^2} for its angle {@code phi} off the axis (a sonar's lobe is
 *       strongest on its axis, Elfes 1987; readings from several poses then agree on the obstacle, not on the whole
 *       arc), and by its own occupancy probability over the arc's most occupied cell (Konolige 1997: the echo most
 *       likely came from a cell already believed occupied). A door frame seen at an angle therefore does not paint
 *       the open doorway next to it shut once the doorway has been seen free;
 *   <li>cells beyond {@code z + arc/2} are not seen.
 * </ul>
 * A reading without an echo ({@code echo == false}, nothing within the sensor's range) clears the cone up to
 * {@link Settings#maxFreeRangeMeters()}; echoes farther than {@link Settings#maxOccupiedRangeMeters()} clear up
 * to the echo but do not mark the arc (a far arc is too wide to place anything).
 *
 * <p>Bad readings (NaN or infinite, negative, beyond the sensor's maximum) change nothing and are counted
 * ({@link #readingsIgnored()}).
 *
 * <p>Threading: the writer of the grid it updates. Allocates nothing per reading once its arc buffer has grown
 * to the widest arc seen.
 */
public final class SonarConeModel {

    /** Log-odds at or below which a cell that was above it is reported released (probability 0.5). */
    public static final float RELEASE_LOG_ODDS = 0f;

    /**
     * The model's constants.
     *
     * @param beamHalfAngleRadians   half the cone's opening, in (0, pi/2)
     * @param maxOccupiedRangeMeters echoes farther than this clear the cone but mark no arc
     * @param maxFreeRangeMeters     how far a reading clears the cone, at most
     * @param arcThicknessMeters     thickness of the arc holding the echo (&gt; 0; about one cell plus the range noise)
     * @param hitLogOdds             log-odds added to the arc's most likely cell (&gt; 0)
     * @param missLogOdds            log-odds added to a cell seen free (&lt; 0)
     * @param arcOffsetMeters        the arc is centred this far beyond the reading, in [0, arcThickness/2]; see {@link #withArcOffset}
     */
    public record Settings(double beamHalfAngleRadians, double maxOccupiedRangeMeters, double maxFreeRangeMeters,
            double arcThicknessMeters, float hitLogOdds, float missLogOdds, double arcOffsetMeters) {

        /** Settings with the arc centred on the reading ({@code arcOffsetMeters} 0). */
        public Settings(double beamHalfAngleRadians, double maxOccupiedRangeMeters, double maxFreeRangeMeters,
                double arcThicknessMeters, float hitLogOdds, float missLogOdds) {
            this(beamHalfAngleRadians, maxOccupiedRangeMeters, maxFreeRangeMeters, arcThicknessMeters, hitLogOdds, missLogOdds, 0);
        }

        /** Checks the values. */
        public Settings {
            if (!(beamHalfAngleRadians > 0 && beamHalfAngleRadians < Math.PI / 2)) {
                throw new IllegalArgumentException("beamHalfAngleRadians must be in (0, pi/2); was " + beamHalfAngleRadians);
            }
            if (!(maxOccupiedRangeMeters > 0) || !(maxFreeRangeMeters > 0) || !(arcThicknessMeters > 0)) {
                throw new IllegalArgumentException("ranges and arc must be > 0; were " + maxOccupiedRangeMeters + ", "
                        + maxFreeRangeMeters + ", " + arcThicknessMeters);
            }
            if (!(hitLogOdds > 0) || !(missLogOdds < 0)) {
                throw new IllegalArgumentException("hitLogOdds must be > 0 and missLogOdds < 0; were " + hitLogOdds + ", " + missLogOdds);
            }
            if (!(arcOffsetMeters >= 0 && arcOffsetMeters <= arcThicknessMeters / 2)) {
                throw new IllegalArgumentException("arcOffsetMeters must be in [0, arcThicknessMeters / 2 = " + arcThicknessMeters / 2
                        + "]; was " + arcOffsetMeters);
            }
        }

        /**
         * WALLY's defaults for an HC-SR04-like sensor on a grid of {@code resolutionMeters}: two hits make a cell
         * occupied (0.4 + 0.4 over the threshold 0.62, as the two sightings the ray marking needed), four misses
         * make an unknown cell free, arcs within 1.5 m, clearing within 2.5 m; the arc is 1.5 cells thick so that a
         * cell centre lies on it along any direction (one cell thick, a diagonal can fall between two centres).
         */
        public static Settings defaults(double beamHalfAngleRadians, double resolutionMeters) {
            return new Settings(beamHalfAngleRadians, 1.5, 2.5, 1.5 * resolutionMeters, 0.4f, -0.4f);
        }

        /**
         * These settings with the arc centred {@code offsetMeters} beyond the reading. A reading is the distance
         * to the obstacle's near face, so the cell holding the echo has its centre about half a cell beyond it,
         * and the free cell in front of the face has its centre half a cell nearer: with the arc centred on the
         * reading that free cell is always on the arc and never seen free (a strip one cell wide along every
         * wall, some 8 % of a house's floor at 5 cm). Exploration uses half a cell.
         */
        public Settings withArcOffset(double offsetMeters) {
            return new Settings(beamHalfAngleRadians, maxOccupiedRangeMeters, maxFreeRangeMeters, arcThicknessMeters, hitLogOdds,
                    missLogOdds, offsetMeters);
        }
    }

    private final Settings settings;
    private final double tanHalf;
    private final double cosHalf;
    private int[] arcCols = new int[64];
    private int[] arcRows = new int[64];
    private float[] arcWeights = new float[64];
    private long readingsApplied;
    private long readingsIgnored;
    private long cellsUpdated;

    /** A model with {@code settings}. */
    public SonarConeModel(Settings settings) {
        this.settings = settings;
        this.tanHalf = Math.tan(settings.beamHalfAngleRadians());
        this.cosHalf = Math.cos(settings.beamHalfAngleRadians());
    }

    /** The model's constants. */
    public Settings settings() {
        return settings;
    }

    /**
     * True when a reading may be used: finite, {@code >= 0}, not beyond {@code maxRangeMeters}.
     */
    public static boolean usable(double rangeMeters, double maxRangeMeters) {
        return Double.isFinite(rangeMeters) && rangeMeters >= 0 && Double.isFinite(maxRangeMeters) && rangeMeters <= maxRangeMeters;
    }

    /**
     * Applies one reading taken from {@code (x, y)} looking along {@code axisRadians}.
     *
     * @param rangeMeters    the reading (the nearest echo), metres
     * @param maxRangeMeters the sensor's maximum range, metres
     * @param echo           false when nothing echoed within the sensor's range
     * @param transitions    told of cells crossing the occupied or release thresholds
     * @return cells updated (0 when the reading was ignored)
     */
    public int apply(LogOddsGrid grid, double xMeters, double yMeters, double axisRadians, double rangeMeters,
            double maxRangeMeters, boolean echo, CellTransitions transitions) {
        if (!usable(rangeMeters, maxRangeMeters) || !Double.isFinite(xMeters) || !Double.isFinite(yMeters)
                || !Double.isFinite(axisRadians)) {
            readingsIgnored++;
            return 0;
        }
        readingsApplied++;
        double half = settings.arcThicknessMeters() / 2;
        double arcCentre = rangeMeters + settings.arcOffsetMeters();
        boolean markArc = echo && rangeMeters <= settings.maxOccupiedRangeMeters();
        double freeTo = Math.min(echo ? arcCentre - half : rangeMeters, settings.maxFreeRangeMeters());
        double reach = markArc ? arcCentre + half : Math.max(freeTo, 0);
        double ux = Math.cos(axisRadians);
        double uy = Math.sin(axisRadians);
        double res = grid.resolutionMeters();
        // Bounding box of the cone (apex plus the two edge points and the axis point at full reach).
        double spread = reach * tanHalf;
        double ex = Math.abs(uy) * spread;
        double ey = Math.abs(ux) * spread;
        double farX = xMeters + ux * reach;
        double farY = yMeters + uy * reach;
        int c0 = grid.colAt(Math.min(xMeters, farX - ex) - res);
        int c1 = grid.colAt(Math.max(xMeters, farX + ex) + res);
        int r0 = grid.rowAt(Math.min(yMeters, farY - ey) - res);
        int r1 = grid.rowAt(Math.max(yMeters, farY + ey) + res);
        int arcCount = 0;
        int updated = 0;
        float miss = settings.missLogOdds();
        for (int row = r0; row <= r1; row++) {
            double dy = grid.centreY(row) - yMeters;
            for (int col = c0; col <= c1; col++) {
                double dx = grid.centreX(col) - xMeters;
                double r = Math.sqrt(dx * dx + dy * dy);
                if (r > reach || r < 1e-9) {
                    continue;
                }
                double along = dx * ux + dy * uy;
                // Inside the cone: the angle to the axis is at most the half angle. Cells the apex sits in
                // (r under half a cell) are left alone: the robot's own cell says nothing.
                if (along < r * cosHalf) {
                    continue;
                }
                if (r <= freeTo) {
                    change(grid, col, row, miss, transitions);
                    updated++;
                } else if (markArc && Math.abs(r - arcCentre) <= half) {
                    if (arcCount == arcCols.length) {
                        arcCols = java.util.Arrays.copyOf(arcCols, arcCount * 2);
                        arcRows = java.util.Arrays.copyOf(arcRows, arcCount * 2);
                        arcWeights = java.util.Arrays.copyOf(arcWeights, arcCount * 2);
                    }
                    double off = Math.acos(Math.min(1, along / r)) / settings.beamHalfAngleRadians();
                    arcCols[arcCount] = col;
                    arcRows[arcCount] = row;
                    arcWeights[arcCount] = (float) Math.max(0, 1 - off * off);
                    arcCount++;
                }
            }
        }
        if (arcCount > 0) {
            double most = 0;
            for (int i = 0; i < arcCount; i++) {
                most = Math.max(most, grid.probability(arcCols[i], arcRows[i]));
            }
            float hit = settings.hitLogOdds();
            for (int i = 0; i < arcCount; i++) {
                float share = (float) (grid.probability(arcCols[i], arcRows[i]) / most);
                float delta = hit * share * arcWeights[i];
                if (delta > 0) {
                    change(grid, arcCols[i], arcRows[i], delta, transitions);
                }
            }
            updated += arcCount;
        }
        cellsUpdated += updated;
        return updated;
    }

    private static void change(LogOddsGrid grid, int col, int row, float delta, CellTransitions transitions) {
        float before = grid.logOdds(col, row);
        float after = grid.add(col, row, delta);
        if (before < LogOddsGrid.OCCUPIED_LOG_ODDS && after >= LogOddsGrid.OCCUPIED_LOG_ODDS) {
            transitions.becameOccupied(col, row);
        } else if (before > RELEASE_LOG_ODDS && after <= RELEASE_LOG_ODDS) {
            transitions.released(col, row);
        }
    }

    /** Readings applied. */
    public long readingsApplied() {
        return readingsApplied;
    }

    /** Readings ignored as bad (NaN, negative, beyond the maximum, non-finite pose). */
    public long readingsIgnored() {
        return readingsIgnored;
    }

    /** Cell updates made, over all readings. */
    public long cellsUpdated() {
        return cellsUpdated;
    }
}
