package io.wally.maps.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optional {@code outline} of a place in a named-places file. */
class PlaceOutlineTest {

    @Test
    void shouldReadTheRoomOutlinesWhenTheSampleHouseHasThem() {
        NamedPlacesLoader.NamedPlaces house = NamedPlacesLoader.load(Path.of("samples/house.yaml"));
        var bedroom = house.places().stream().filter(p -> p.name().equals("bedroom")).findFirst().orElseThrow();
        assertThat(bedroom.outline()).hasSize(4);
        assertThat(bedroom.outline().get(2)).containsExactly(4.0, 8.0);
        assertThat(house.places().stream().filter(p -> p.name().equals("dock")).findFirst().orElseThrow().outline()).isEmpty();
    }

    @Test
    void shouldNameThePlaceAndLineWhenAnOutlineIsBad(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("places.yaml");
        Files.writeString(file, """
                places:
                  - {name: hall, kind: room, x: 1, y: 1, outline: [[0, 0], [2, 0]]}
                """);
        assertThatThrownBy(() -> NamedPlacesLoader.load(file)).isInstanceOf(MapFormatException.class)
                .hasMessageContaining("outline of 'hall' must be a list of at least 3 [x, y] corners").hasMessageContaining("places.yaml line 2");
        Files.writeString(file, """
                places:
                  - {name: hall, kind: room, x: 1, y: 1, outline: [[0, 0], [2, 0], [2, oops]]}
                """);
        assertThatThrownBy(() -> NamedPlacesLoader.load(file)).isInstanceOf(MapFormatException.class)
                .hasMessageContaining("outline corner 3 of 'hall' must be [x, y] with finite numbers");
    }
}
