package io.wally.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.maps.query.PropertyValues;
import io.wally.maps.store.GraphStore;
import io.wally.maps.store.StoreOptions;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wally query} on the sample house (read-only: the map file is not written). */
class QueryCommandTest {

    private static final String HOUSE = "../maps/samples/house.yaml";

    @Test
    void shouldPrintATableOfPlacesWhenQueried() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // when
        int code = CliTestSupport.run(out, err, "query", "--map", HOUSE, "MATCH (w:waypoint) RETURN name(w) AS door ORDER BY door");
        // then
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("""
                door
                ----------------
                front door
                kitchen door
                living room door
                """).contains("3 rows");
    }

    @Test
    void shouldPrintJsonLinesWithParameters() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // when
        int code = CliTestSupport.run(out, err, "query", "--map", HOUSE, "--json", "--param", "who=dock",
                "MATCH (p) WHERE name(p) = $who RETURN p, kind(p) AS kind");
        // then
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString().strip()).matches("\\{\"p\":\\{\"id\":\\d+,\"name\":\"dock\"},\"kind\":\"dock\"}");
    }

    @Test
    void shouldExitWithUsageAndACaretWhenTheQueryIsWrong() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // when
        int syntax = CliTestSupport.run(out, err, "query", "--map", HOUSE, "MATCH (p:room) RETURN p ORDER");
        int label = CliTestSupport.run(out, err, "query", "--map", HOUSE, "MATCH (p:garage) RETURN p");
        // then
        assertThat(syntax).isEqualTo(ExitCodes.USAGE);
        assertThat(label).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("line 1, column 30: expected BY but found the end of the query")
                .contains("MATCH (p:room) RETURN p ORDER\n                             ^")
                .contains("unknown label :garage");
    }

    @Test
    void shouldReadParametersAsTheirTypes() {
        assertThat(QueryCommand.parseParams(java.util.List.of("a=3", "b=2.5", "c=true", "d='kitchen'", "e=hall way")))
                .isEqualTo(Map.of("a", 3L, "b", 2.5, "c", true, "d", "kitchen", "e", "hall way"));
    }

    @Test
    void shouldQueryAStoreWithoutChangingItAndRefuseAStoreARobotHolds(@TempDir Path dir) throws Exception {
        // given a store with dock -- hall -- kitchen, the kitchen visited 7 times
        Path store = dir.resolve("store");
        try (GraphStore s = GraphStore.open(store, StoreOptions.defaults())) {
            int dock = s.graph().addNode("dock", 0, 0);
            int hall = s.graph().addNode("hall", 1, 0);
            int kitchen = s.graph().addNode("kitchen", 2, 0);
            s.graph().addUndirectedEdge(dock, hall, 1, 0);
            s.graph().addUndirectedEdge(hall, kitchen, 1, 0);
            s.graph().setProperty(kitchen, "visits", PropertyValues.encode(7L));
        }
        Map<Path, Long> before = sizes(store);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // when
        int code = CliTestSupport.run(out, err, "query", "--store", store.toString(), "--json",
                "MATCH (a)-->(b) WHERE b.visits > 5 RETURN name(a) AS a, name(b) AS b, b.visits AS v");
        Map<Path, Long> after = sizes(store);
        StringWriter heldErr = new StringWriter();
        int held;
        try (GraphStore running = GraphStore.open(store, StoreOptions.defaults())) {
            held = CliTestSupport.run(new StringWriter(), heldErr, "query", "--store", store.toString(), "MATCH (n) RETURN count(*) AS n");
        }
        // then
        assertThat(code).as("%s", err).isZero();
        assertThat(out.toString().strip()).isEqualTo("{\"a\":\"hall\",\"b\":\"kitchen\",\"v\":7}");
        assertThat(held).isEqualTo(ExitCodes.USAGE);
        assertThat(heldErr.toString().strip()).contains(store.toString()).doesNotContain("\tat ");
        assertThat(CliTestSupport.run(new StringWriter(), new StringWriter(), "query", "--store", store.toString(), "--map", HOUSE,
                "MATCH (n) RETURN n")).isEqualTo(ExitCodes.USAGE);
        assertThat(after).as("the query wrote nothing into the store").isEqualTo(before);
    }

    private static Map<Path, Long> sizes(Path dir) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            Map<Path, Long> out = new java.util.TreeMap<>();
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals("store.lock")).toList()) {
                out.put(dir.relativize(f), Files.size(f));
            }
            return out;
        }
    }
}
