package io.wally.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.maps.importer.CellState;
import io.wally.maps.importer.OccupancyGrid;
import io.wally.maps.importer.RosMapLoader;
import io.wally.maps.store.Durability;
import io.wally.maps.store.GraphStore;
import io.wally.maps.store.StoreOptions;
import io.wally.runtime.agent.RuntimeMap;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapSaveCommandTest {

    static final Path HOUSE = Path.of("../maps/samples/house.yaml");
    static final Path HOUSE_GRID = Path.of("../maps/samples/house-grid.yaml");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /**
     * The sample house imported into a store, one free cell then blocked (as sensing would): the saved ROS map has
     * the house's cells, the blocked one occupied, and the places file opens with all ten places.
     */
    @Test
    void shouldWriteTheStoredGridAndPlacesWhenSavingAStore(@TempDir Path dir) throws Exception {
        Path storeDir = dir.resolve("store");
        try (GraphStore store = GraphStore.open(storeDir, StoreOptions.defaults().withDurability(Durability.NONE))) {
            RuntimeMap.importInto(store, HOUSE, 8);
            var graph = store.graph();
            int cell = -1;
            for (int n = 0; n < graph.nodeIdLimit() && cell < 0; n++) {
                if (graph.containsNode(n) && graph.name(n).isEmpty() && Math.abs(graph.x(n) - 5.025f) < 1e-3
                        && Math.abs(graph.y(n) - 2.025f) < 1e-3) {
                    cell = n;
                }
            }
            assertThat(cell).as("the cell at (5.025, 2.025)").isNotNegative();
            assertThat(graph.isBlocked(cell)).isFalse();
            graph.setBlocked(cell, true);
            store.checkpoint();
        }
        Path saved = dir.resolve("out/house-saved.yaml");
        int code = CliTestSupport.run(out, err, "map", "save", "--store", storeDir.toString(), "--out", saved.toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("200 x 160 cells of 0.050", "(10 places)");

        OccupancyGrid back = RosMapLoader.load(saved);
        OccupancyGrid truth = RosMapLoader.load(HOUSE_GRID);
        assertThat(back.width()).isEqualTo(truth.width());
        assertThat(back.height()).isEqualTo(truth.height());
        assertThat(back.originX()).isCloseTo(truth.originX(), org.assertj.core.data.Offset.offset(1e-4));
        int differ = 0;
        for (int row = 0; row < truth.height(); row++) {
            for (int col = 0; col < truth.width(); col++) {
                boolean blockedTruth = truth.state(col, row) != CellState.FREE;
                boolean blockedBack = back.state(col, row) != CellState.FREE;
                differ += blockedTruth != blockedBack ? 1 : 0;
            }
        }
        assertThat(differ).as("cells that differ from the house: only the one blocked").isEqualTo(1);
        // (5.025, 2.025) is column 100, row 40 from the bottom: image row 160 - 1 - 40
        assertThat(back.state(100, 119)).isEqualTo(CellState.OCCUPIED);

        Path places = dir.resolve("out/house-saved-places.yaml");
        assertThat(Files.readString(places)).contains("grid: house-saved.yaml", "name: \"kitchen\", kind: room", "name: \"dock\", kind: dock");
        StringWriter info = new StringWriter();
        assertThat(CliTestSupport.run(info, err, "map", "info", places.toString())).as(err.toString()).isZero();
        assertThat(info.toString()).contains("kitchen");
    }
}
