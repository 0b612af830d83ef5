package io.wally.maps.mapping;

/**
 * Told when an update moves a cell across the occupied threshold, so a consumer (the runtime's navigation
 * graph) can block or free the cell without scanning the grid. Called on the grid's writer thread, during
 * the update; must not update the same grid.
 */
public interface CellTransitions {

    /** The cell's log-odds rose to {@link LogOddsGrid#OCCUPIED_LOG_ODDS} or above. */
    void becameOccupied(int col, int row);

    /**
     * The cell's log-odds fell to {@link SonarConeModel#RELEASE_LOG_ODDS} (probability 0.5) or below from above it:
     * the hysteresis between occupied (0.65) and released (0.5) keeps a cell from flickering. Also sent for cells
     * that rose above 0.5 without reaching occupied; the consumer ignores those.
     */
    void released(int col, int row);

    /** Ignores every transition. */
    CellTransitions NONE = new CellTransitions() {
        @Override
        public void becameOccupied(int col, int row) {
        }

        @Override
        public void released(int col, int row) {
        }
    };
}
