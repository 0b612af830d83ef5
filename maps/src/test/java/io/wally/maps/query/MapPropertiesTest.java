package io.wally.maps.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wally.maps.MutableNavGraph;
import io.wally.maps.ReferenceGraph;
import io.wally.maps.importer.MapFormatException;
import io.wally.maps.importer.NamedPlacesLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Named-places files set node properties ({@code properties:}) that queries read, on both runtimes. */
class MapPropertiesTest {

    private static final String PLACES = """
            places:
              - {name: dock,    kind: dock, x: 0, y: 0, properties: {visits: 12, floor: tile}}
              - {name: kitchen, kind: room, x: 5, y: 0,
                 properties: {visits: 25, clutter: 0.6, floor: tile, wet: true, tags: [food, water]}}
              - {name: bedroom, kind: room, x: 2, y: 4, properties: {visits: 4, clutter: 0.3, floor: carpet}}
              - {name: office,  kind: room, x: 5, y: 4}
            connections:
              - [dock, kitchen]
              - [kitchen, bedroom]
              - [bedroom, office]
            """;

    @Test
    void shouldQueryPropertiesSetInTheMapFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("places.yaml");
        Files.writeString(file, PLACES);
        try (MutableNavGraph g = NamedPlacesLoader.load(file).build(8, ReferenceGraph::new).graph()) {
            QueryEngine engine = new QueryEngine(g, QuerySettings.DEFAULTS);
            for (QueryEngine.Runtime runtime : QueryEngine.Runtime.values()) {
                assertThat(engine.run("MATCH (r:room) WHERE r.visits > 5 RETURN name(r) AS room, r.clutter AS c ORDER BY room", Map.of(),
                        runtime).rows()).as(runtime.name()).containsExactly(List.of("kitchen", 0.6));
                assertThat(engine.run("MATCH (n) WHERE n.floor = 'tile' RETURN name(n) AS n, n.wet AS wet, n.tags AS tags ORDER BY n",
                        Map.of(), runtime).rows()).as(runtime.name()).containsExactly(
                                java.util.Arrays.asList("dock", null, null), List.of("kitchen", true, List.of("food", "water")));
                assertThat(engine.run("MATCH (r:room) WHERE r.visits IS NULL RETURN name(r) AS r", Map.of(), runtime).rows())
                        .containsExactly(List.of("office"));
            }
        }
    }

    @Test
    void shouldNameTheLineWhenAPropertyValueIsNotPlain(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("places.yaml");
        Files.writeString(file, """
                places:
                  - {name: dock, kind: dock, x: 0, y: 0,
                     properties: {shape: {w: 1, h: 2}}}
                """);
        assertThatThrownBy(() -> NamedPlacesLoader.load(file)).isInstanceOf(MapFormatException.class)
                .hasMessageContaining("line 3").hasMessageContaining("property dock.shape must be an integer, a finite float, text");
        Files.writeString(file, """
                places:
                  - {name: dock, kind: dock, x: 0, y: 0, properties: [1, 2]}
                """);
        assertThatThrownBy(() -> NamedPlacesLoader.load(file)).hasMessageContaining("properties of 'dock' must be a mapping");
    }
}
