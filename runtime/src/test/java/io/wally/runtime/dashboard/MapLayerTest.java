package io.wally.runtime.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.maps.importer.CellState;
import io.wally.maps.importer.OccupancyGrid;
import io.wally.runtime.agent.RuntimeMap;
import io.wally.runtime.command.CommandReply;
import io.wally.runtime.command.ErrorCode;
import io.wally.runtime.command.MapEdit;
import io.wally.runtime.command.Request;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The dashboard's map shows cells painted occupied as blocked and walls painted free or erased as floor. */
@Tag("slow")
class MapLayerTest {

    private static void edit(SimFixture sim, MapEdit edit) {
        CompletableFuture<Object> done = new CompletableFuture<>();
        sim.runtime.submit(new Request.EditMap(edit), new CommandReply() {
            @Override
            public void ok(Object result) {
                done.complete(result);
            }

            @Override
            public void error(ErrorCode code, String message) {
                done.completeExceptionally(new AssertionError(code + ": " + message));
            }
        });
        for (int i = 0; i < 200 && !done.isDone(); i++) {
            sim.runtime.step();
        }
        done.join();
    }

    @Test
    void shouldShowPaintedCellsBlockedAndErasedWallsFree() throws Exception {
        try (SimFixture sim = new SimFixture()) {
            OccupancyGrid grid = RuntimeMap.readGrid(Path.of("../maps/samples/house.yaml"));
            MapLayer layer = new MapLayer(grid, sim.runtime.graph().newReader());
            layer.refresh(); // the first look: what is blocked now is the map's own
            int painted = grid.rowAt(2.2, 1.7) * grid.width() + grid.colAt(2.2, 1.7);
            int wallCol = grid.colAt(1.2, 4.725);
            int wallRow = grid.rowAt(1.2, 4.725);
            assertThat(grid.state(wallCol, wallRow)).isNotEqualTo(CellState.FREE);

            edit(sim, new MapEdit.Paint(new double[] {2, 1.5, 2.5, 1.5, 2.5, 2, 2, 2}, true));
            edit(sim, new MapEdit.Erase(new double[] {1.0, 4.5, 1.5, 4.5, 1.5, 5.0, 1.0, 5.0}));
            List<MapLayer.Change> changes = layer.refresh();

            assertThat(changes).contains(new MapLayer.Change(painted, MapLayer.SENSED));
            assertThat(changes).contains(new MapLayer.Change(wallRow * grid.width() + wallCol, MapLayer.FREE));
            assertThat(layer.cells()[painted]).isEqualTo(MapLayer.SENSED);
        }
    }
}
