package io.wally.maps.mapping;

/**
 * Pose correction without a lidar: correlates the last range readings with the map built so far and says which small
 * change of the pose makes them agree with it best (Olson's correlative scan matching, reduced to a brute-force
 * search over a small window, scored on a log-odds grid).
 *
 * <p>The readings are buffered with the pose they were taken from (the estimate, drift included). A candidate
 * correction is a rotation by {@code dTheta} about the robot's current position (the pivot) followed by a shift of a
 * whole number of cells; it moves every buffered reading rigidly, as drift over a second or two is nearly rigid. A
 * reading scores the most occupied cell on its echo arc: a sonar reports the nearest echo anywhere in its cone,
 * so the arc (sampled at {@link Settings#beamSamples()} angles across the cone, {@link Settings#arcOffsetMeters()}
 * beyond the range, as {@link SonarConeModel} marks it) should hold a wall cell. The score is the sum over readings
 * of that cell's log-odds: an echo falling on a mapped wall gains, one falling in mapped free space loses, one in
 * unknown space counts zero (new territory neither pulls nor pushes); a wall cell in front of the echo (where the cone
 * must be free, as the sonar reports the nearest echo) costs its log-odds. The best candidate is taken only when it
 * beats no correction by {@link Settings#minGainPerReading()} per reading scored and puts at least {@link Settings#minMatchedReadings()} echoes
 * on occupied cells; among equal scores the smallest change wins, so a corridor whose walls only fix one
 * direction does not slide the pose along them.
 *
 * <p>The readings should be matched against the map <em>before</em> they are added to it (match, then insert):
 * readings already in the map would vote for the pose they were inserted at.
 *
 * <p>Cost: {@code readings x beamSamples x (2 searchCells + 1)^2 x headings} grid look-ups per
 * {@link #correlate}; run it every second or so, not per reading. {@link #add} only copies four numbers.
 *
 * <p>Threading: one owner thread (the map's writer). Allocates nothing after construction except the {@link Match}
 * that {@link #correlate} returns.
 */
public final class ScanToMapCorrelator {

    /**
     * @param capacityReadings     readings kept (the oldest are dropped beyond), {@code > 0}
     * @param searchCells          shifts tried: {@code -searchCells .. searchCells} cells in x and y, {@code >= 0}
     * @param searchRadians        rotations tried: {@code -searchRadians .. searchRadians}, {@code >= 0}
     * @param stepRadians          rotation step, {@code > 0}
     * @param beamHalfAngleRadians the sensors' beam half angle, in [0, pi/2)
     * @param beamSamples          points sampled across the cone on the arc, odd, {@code >= 1} (1: the axis only)
     * @param arcOffsetMeters      the arc lies this far beyond the range (the echo cell's centre), {@code >= 0}
     * @param maxRangeMeters       readings farther than this are not kept (a far arc is too wide to place anything)
     * @param minGainPerReading    a correction must raise the score by at least this much per reading scored (log-odds; a
     *                             reading moved from mapped free space onto a sure wall gains 4), {@code > 0}
     * @param minMatchedReadings   and put at least this many readings' arcs on occupied cells, {@code >= 1}
     */
    public record Settings(int capacityReadings, int searchCells, double searchRadians, double stepRadians, double beamHalfAngleRadians,
            int beamSamples, double arcOffsetMeters, double maxRangeMeters, double minGainPerReading, int minMatchedReadings) {

        /** Checks the values. */
        public Settings {
            if (capacityReadings <= 0 || searchCells < 0 || minMatchedReadings < 1) {
                throw new IllegalArgumentException("capacityReadings must be > 0, searchCells >= 0, minMatchedReadings >= 1; were "
                        + capacityReadings + ", " + searchCells + ", " + minMatchedReadings);
            }
            if (!(searchRadians >= 0) || !(stepRadians > 0) || !(beamHalfAngleRadians >= 0 && beamHalfAngleRadians < Math.PI / 2)) {
                throw new IllegalArgumentException("searchRadians must be >= 0, stepRadians > 0, beamHalfAngleRadians in [0, pi/2); were "
                        + searchRadians + ", " + stepRadians + ", " + beamHalfAngleRadians);
            }
            if (beamSamples < 1 || beamSamples % 2 == 0) {
                throw new IllegalArgumentException("beamSamples must be odd and >= 1; was " + beamSamples);
            }
            if (!(arcOffsetMeters >= 0) || !(maxRangeMeters > 0) || !(minGainPerReading > 0)) {
                throw new IllegalArgumentException("arcOffsetMeters must be >= 0, maxRangeMeters > 0, minGainPerReading > 0; were "
                        + arcOffsetMeters + ", " + maxRangeMeters + ", " + minGainPerReading);
            }
        }

        /**
         * WALLY's defaults on a grid of {@code resolutionMeters} for sonars of {@code beamHalfAngleRadians}: 120
         * readings (two seconds of three sonars at 20 Hz), shifts up to 2 cells, rotations up to 2 degrees in steps of
         * 0.5 degree, 5 samples across the cone, the arc half a cell beyond the range, echoes within 1.5 m, a gain of
         * at least 0.15 per reading (one reading in 27 moved from mapped free space onto a sure wall) and 10 echoes on
         * walls.
         */
        public static Settings defaults(double beamHalfAngleRadians, double resolutionMeters) {
            return new Settings(120, 2, Math.toRadians(2), Math.toRadians(0.5), beamHalfAngleRadians, 5, resolutionMeters / 2, 1.5, 0.15, 10);
        }
    }

    /**
     * The outcome of one correlation: the best candidate and whether it was clearly better than no change. Apply it, when {@link #applied()},
     * with {@link #x(double, double)}, {@link #y(double, double)} and {@code heading + dThetaRadians}.
     *
     * @param applied         true when the best candidate is clearly better than no change: apply it only then
     * @param pivotXMeters    the rotation's centre (the robot's position when correlating)
     * @param pivotYMeters    the rotation's centre
     * @param dxMeters        shift, metres (a whole number of cells)
     * @param dyMeters        shift, metres
     * @param dThetaRadians   rotation about the pivot, radians
     * @param gainLogOdds     best score minus the score of no change (summed over the readings)
     * @param readings        readings scored
     * @param matched         readings whose arc lies on an occupied cell at the best candidate
     * @param candidates      candidate poses scored
     */
    public record Match(boolean applied, double pivotXMeters, double pivotYMeters, double dxMeters, double dyMeters, double dThetaRadians,
            double gainLogOdds, int readings, int matched, int candidates) {

        /** x of the point {@code (x, y)} moved by this correction. */
        public double x(double x, double y) {
            double c = Math.cos(dThetaRadians);
            double s = Math.sin(dThetaRadians);
            return pivotXMeters + c * (x - pivotXMeters) - s * (y - pivotYMeters) + dxMeters;
        }

        /** y of the point {@code (x, y)} moved by this correction. */
        public double y(double x, double y) {
            double c = Math.cos(dThetaRadians);
            double s = Math.sin(dThetaRadians);
            return pivotYMeters + s * (x - pivotXMeters) + c * (y - pivotYMeters) + dyMeters;
        }
    }

    /**
     * Where, in cells short of the echo, each sample ray is checked for free space: every cell of the cone nearer than
     * the echo is free (the sonar reports the nearest echo), so a wall there contradicts the candidate pose.
     */
    private static final double[] FREE_DEPTHS_CELLS = {1.5, 3.5, 6.5};

    private final Settings settings;
    /** Ring of readings: sensor position and axis (the estimate at the time), range. */
    private final double[] sensorX;
    private final double[] sensorY;
    private final double[] axis;
    private final double[] range;
    private int head;
    private int size;
    /** Arc sample points of every reading, before correction (x, y), then their cells at one rotation. */
    private final double[] pointX;
    private final double[] pointY;
    private final int[] cellCol;
    private final int[] cellRow;

    /** A correlator with {@code settings}. */
    public ScanToMapCorrelator(Settings settings) {
        this.settings = settings;
        int n = settings.capacityReadings();
        this.sensorX = new double[n];
        this.sensorY = new double[n];
        this.axis = new double[n];
        this.range = new double[n];
        int points = n * settings.beamSamples() * (1 + FREE_DEPTHS_CELLS.length);
        this.pointX = new double[points];
        this.pointY = new double[points];
        this.cellCol = new int[points];
        this.cellRow = new int[points];
    }

    /** The constants. */
    public Settings settings() {
        return settings;
    }

    /**
     * Keeps an echo taken from {@code (x, y)} looking along {@code axisRadians} at {@code rangeMeters} (the oldest is
     * dropped when full).
     *
     * @return false when the reading is not kept: not finite, negative, or beyond {@link Settings#maxRangeMeters()}
     */
    public boolean add(double xMeters, double yMeters, double axisRadians, double rangeMeters) {
        if (!Double.isFinite(xMeters) || !Double.isFinite(yMeters) || !Double.isFinite(axisRadians) || !(rangeMeters >= 0)
                || !(rangeMeters <= settings.maxRangeMeters())) {
            return false;
        }
        int i = (head + size) % sensorX.length;
        if (size == sensorX.length) {
            head = (head + 1) % sensorX.length;
        } else {
            size++;
        }
        sensorX[i] = xMeters;
        sensorY[i] = yMeters;
        axis[i] = axisRadians;
        range[i] = rangeMeters;
        return true;
    }

    /** Readings kept. */
    public int size() {
        return size;
    }

    /** Forgets the readings kept. */
    public void clear() {
        head = 0;
        size = 0;
    }

    /**
     * Scores the kept readings against {@code grid} over the search window around the pose whose position is
     * {@code (pivotX, pivotY)} and returns the best correction (not applied when not clearly better). The readings
     * are kept; {@link #clear()} them once inserted into the map.
     */
    public Match correlate(LogOddsGrid grid, double pivotXMeters, double pivotYMeters) {
        int samples = settings.beamSamples();
        int depths = 1 + FREE_DEPTHS_CELLS.length;
        int perReading = samples * depths;
        double half = settings.beamHalfAngleRadians();
        double res = grid.resolutionMeters();
        for (int k = 0; k < size; k++) {
            int i = (head + k) % sensorX.length;
            for (int s = 0; s < samples; s++) {
                double a = axis[i] + (samples == 1 ? 0 : half * (2.0 * s / (samples - 1) - 1));
                double ux = Math.cos(a);
                double uy = Math.sin(a);
                int at = k * perReading + s * depths;
                double reach = range[i] + settings.arcOffsetMeters();
                pointX[at] = sensorX[i] + reach * ux - pivotXMeters;
                pointY[at] = sensorY[i] + reach * uy - pivotYMeters;
                for (int d = 0; d < FREE_DEPTHS_CELLS.length; d++) {
                    // a free sample nearer than one cell from the sensor says nothing; park it on the sensor (the robot's own, free, cell)
                    double r = Math.max(0, range[i] - FREE_DEPTHS_CELLS[d] * res);
                    pointX[at + 1 + d] = sensorX[i] + r * ux - pivotXMeters;
                    pointY[at + 1 + d] = sensorY[i] + r * uy - pivotYMeters;
                }
            }
        }
        int turns = (int) Math.floor(settings.searchRadians() / settings.stepRadians() + 1e-9);
        int cells = settings.searchCells();
        double zeroScore = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        double bestRank = Double.NEGATIVE_INFINITY;
        int bestTurn = 0;
        int bestCol = 0;
        int bestRow = 0;
        int candidates = 0;
        for (int t = -turns; t <= turns; t++) {
            double dTheta = t * settings.stepRadians();
            double c = Math.cos(dTheta);
            double s = Math.sin(dTheta);
            for (int p = 0; p < size * perReading; p++) {
                cellCol[p] = grid.colAt(pivotXMeters + c * pointX[p] - s * pointY[p]);
                cellRow[p] = grid.rowAt(pivotYMeters + s * pointX[p] + c * pointY[p]);
            }
            for (int dr = -cells; dr <= cells; dr++) {
                for (int dc = -cells; dc <= cells; dc++) {
                    double score = score(grid, perReading, depths, dc, dr);
                    candidates++;
                    if (t == 0 && dc == 0 && dr == 0) {
                        zeroScore = score;
                    }
                    // among equal scores the smallest change wins (a corridor fixes only one direction)
                    double rank = score - 1e-3 * (dc * dc + dr * dr + t * t);
                    if (rank > bestRank) {
                        bestRank = rank;
                        bestScore = score;
                        bestTurn = t;
                        bestCol = dc;
                        bestRow = dr;
                    }
                }
            }
        }
        int matched = 0;
        if (size > 0) {
            double dTheta = bestTurn * settings.stepRadians();
            double c = Math.cos(dTheta);
            double s = Math.sin(dTheta);
            for (int k = 0; k < size; k++) {
                float most = Float.NEGATIVE_INFINITY;
                for (int p = k * perReading; p < (k + 1) * perReading; p += depths) {
                    int col = grid.colAt(pivotXMeters + c * pointX[p] - s * pointY[p]) + bestCol;
                    int row = grid.rowAt(pivotYMeters + s * pointX[p] + c * pointY[p]) + bestRow;
                    most = Math.max(most, grid.logOdds(col, row));
                }
                matched += most >= LogOddsGrid.OCCUPIED_LOG_ODDS ? 1 : 0;
            }
        }
        double gain = size == 0 ? 0 : bestScore - zeroScore;
        boolean moved = bestTurn != 0 || bestCol != 0 || bestRow != 0;
        boolean applied = moved && gain >= settings.minGainPerReading() * size && matched >= settings.minMatchedReadings();
        return new Match(applied, pivotXMeters, pivotYMeters, bestCol * res, bestRow * res, bestTurn * settings.stepRadians(), gain, size,
                matched, candidates);
    }

    /**
     * Sum over readings, the cells shifted by {@code (dc, dr)}, of the most occupied cell on each arc less the most
     * occupied (positive) cell in front of it.
     */
    private double score(LogOddsGrid grid, int perReading, int depths, int dc, int dr) {
        double score = 0;
        for (int k = 0; k < size; k++) {
            float most = Float.NEGATIVE_INFINITY;
            float blocked = 0;
            for (int p = k * perReading; p < (k + 1) * perReading; p += depths) {
                most = Math.max(most, grid.logOdds(cellCol[p] + dc, cellRow[p] + dr));
                for (int d = 1; d < depths; d++) {
                    blocked = Math.max(blocked, grid.logOdds(cellCol[p + d] + dc, cellRow[p + d] + dr));
                }
            }
            score += most - blocked;
        }
        return score;
    }
}
