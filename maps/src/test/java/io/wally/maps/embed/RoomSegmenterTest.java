package io.wally.maps.embed;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.maps.graph.OffHeapGraph;
import io.wally.maps.importer.CellState;
import io.wally.maps.importer.GridGraph;
import io.wally.maps.importer.NamedPlacesLoader.NamedPlaces;
import io.wally.maps.importer.NamedPlacesLoader;
import io.wally.maps.importer.OccupancyGrid;
import io.wally.maps.importer.PlaceKind;
import io.wally.maps.importer.PlaceMap;
import io.wally.maps.importer.UnknownCells;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class RoomSegmenterTest {

    @Test
    void shouldLeaveSpecksOutWhenAPocketIsCutOffFromTheFloor() {
        // given a 21 x 10 grid: two rooms split by a wall at column 10 with a doorway at rows 4 and 5, and the
        // bottom-right cell free but shut in (no diagonal move squeezes between two occupied cells):
        //   row 0..3  ..........#..........
        //   row 4, 5  .....................
        //   row 6, 7  ..........#..........
        //   row 8     ..........#.........#
        //   row 9     ..........#........#.
        int w = 21;
        int h = 10;
        CellState[] cells = new CellState[w * h];
        Arrays.fill(cells, CellState.FREE);
        for (int r = 0; r < h; r++) {
            if (r != 4 && r != 5) {
                cells[r * w + 10] = CellState.OCCUPIED;
            }
        }
        cells[8 * w + 20] = CellState.OCCUPIED;
        cells[9 * w + 19] = CellState.OCCUPIED;
        OccupancyGrid occupancy = new OccupancyGrid(w, h, 0.1, 0, 0, 0, cells);
        GridGraph grid = GridGraph.build(occupancy, 8, UnknownCells.BLOCKED, OffHeapGraph::new);
        try (var graph = grid.graph()) {
            // when
            RoomSegmentation rooms = RoomSegmenter.segment(grid, RoomSegmenter.Settings.defaults(2));
            // then two rooms, split at the wall, and the shut-in cell in none
            assertThat(rooms.rooms()).hasSize(2);
            assertThat(rooms.roomAt(20, 9)).isEqualTo(RoomSegmentation.NO_ROOM);
            assertThat(rooms.roomAt(2, 2)).isNotEqualTo(rooms.roomAt(18, 2));
            assertThat(rooms.roomAt(2, 2)).isEqualTo(rooms.roomAt(8, 8));
            assertThat(rooms.roomAt(18, 2)).isEqualTo(rooms.roomAt(15, 8));
        }
    }

    @Test
    void shouldCountCellsInsideAnOutlineWhenScoring() {
        RoomOutline square = new RoomOutline("square", List.of(new double[] {0, 0}, new double[] {2, 0}, new double[] {2, 2}, new double[] {0, 2}));
        assertThat(square.contains(1, 1)).isTrue();
        assertThat(square.contains(2.5, 1)).isFalse();
        Assertions.assertThatThrownBy(() -> new RoomOutline("line", List.of(new double[] {0, 0}, new double[] {1, 1})))
                .hasMessageContaining("needs at least 3 corners; had 2");
    }

    static final Path HOUSE = Path.of("samples/house.yaml");

    static List<RoomOutline> outlines(NamedPlaces places) {
        return places.places().stream().filter(p -> p.kind() == PlaceKind.ROOM && !p.outline().isEmpty())
                .map(p -> new RoomOutline(p.name(), p.outline())).toList();
    }

    @Test
    void shouldAgreeWithTheSampleHouseRoomsWhenSegmented() {
        // given the sample house and its six room outlines
        NamedPlaces places = NamedPlacesLoader.load(HOUSE);
        List<RoomOutline> truth = outlines(places);
        assertThat(truth).hasSize(6);
        PlaceMap map = places.build(8, OffHeapGraph::new);
        try (var graph = map.graph()) {
            GridGraph grid = map.grid().orElseThrow();
            // when
            RoomSegmentation rooms = RoomSegmenter.segment(grid, RoomSegmenter.Settings.defaults(truth.size()));
            double agreement = RoomSegmenter.agreement(rooms, grid, truth);
            // then
            assertThat(rooms.rooms()).hasSize(6);
            assertThat(agreement).isGreaterThanOrEqualTo(0.9);
            // each room's place stands in the room it names
            for (RoomSegmentation.Room room : rooms.rooms()) {
                int node = grid.nodeAt(room.x(), room.y());
                assertThat(rooms.roomAt(grid.col(node), grid.row(node))).isEqualTo(room.index());
            }
        }
    }
}
