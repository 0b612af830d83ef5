package io.wally.maps.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wally.maps.graph.OffHeapGraph;
import io.wally.maps.importer.MapFormatException;
import io.wally.maps.importer.NamedPlacesLoader;
import io.wally.maps.importer.PlaceMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZoneYamlTest {

    @TempDir
    Path dir;

    private Path write(String zones) throws IOException {
        Path file = dir.resolve("places.yaml");
        Files.writeString(file, """
                places:
                  - {name: a, x: 0, y: 0}
                  - {name: b, x: 4, y: 0}
                connections:
                  - [a, b]
                """ + zones);
        return file;
    }

    @Test
    void zonesAreReadAndBuiltIntoTheGraph() throws IOException {
        Path file = write("""
                zones:
                  - {name: rug, kind: keepout, points: [[1, -1], [2, -1], [2, 1], [1, 1]]}
                  - name: hall
                    kind: speed
                    points: [[3, -1], [5, -1], [5, 1]]
                    costFactor: 2.5
                    maxSpeedMps: 0.2
                """);
        NamedPlacesLoader.NamedPlaces spec = NamedPlacesLoader.load(file);
        assertThat(spec.zones().list()).extracting(Zone::name).containsExactly("hall", "rug");
        PlaceMap map = spec.build(8, OffHeapGraph::new);
        try (var graph = map.graph()) {
            Zones zones = Zones.read(map.graph());
            assertThat(zones).isEqualTo(spec.zones());
            assertThat(zones.named("hall").orElseThrow().costFactor()).isEqualTo(2.5);
            assertThat(zones.named("hall").orElseThrow().maxSpeedMps()).isEqualTo(0.2);
        }
    }

    @Test
    void errorsNameTheFileAndLine() throws IOException {
        assertError("""
                zones:
                  - {name: rug, kind: nogo, points: [[1, -1], [2, -1], [2, 1]]}
                """, "line 7", "keepout or speed", "'nogo'");
        assertError("""
                zones:
                  - {name: rug, kind: keepout, points: [[1, -1], [2, -1]]}
                """, "line 7", "3 to 256");
        assertError("""
                zones:
                  - {name: rug, kind: keepout, points: [[1, -1], [2, -1], [2, 1]]}
                  - {name: rug, kind: keepout, points: [[1, -1], [2, -1], [2, 1]]}
                """, "line 8", "duplicate zone name 'rug'");
        assertError("""
                zones:
                  - {name: s, kind: speed, points: [[1, -1], [2, -1], [2, 1]], costFactor: 0.5}
                """, "line 7", "costFactor", "0.5");
        assertError("""
                zones:
                  - {name: s, kind: keepout, points: [[1, -1], [2, -1], [2, 1]], maxSpeedMps: 1}
                """, "line 7", "takes no costFactor");
        assertError("""
                zones:
                  - {name: s, kind: keepout, points: [[1, -1], [2, -1], [2, 1]], colour: red}
                """, "line 7", "unknown zone key 'colour'");
        assertError("""
                zones:
                  - name: s
                    kind: keepout
                    points: [[1, -1], [2, x], [2, 1]]
                """, "line 9", "corner 2");
    }

    private void assertError(String zones, String... parts) throws IOException {
        Path file = write(zones);
        assertThatThrownBy(() -> NamedPlacesLoader.load(file)).isInstanceOf(MapFormatException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining(parts[0])
                .satisfies(e -> {
                    for (String p : parts) {
                        assertThat(e.getMessage()).contains(p);
                    }
                });
    }
}
