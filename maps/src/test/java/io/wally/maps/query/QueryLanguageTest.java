package io.wally.maps.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wally.maps.MutableNavGraph;
import io.wally.maps.ReferenceGraph;
import io.wally.maps.importer.PlaceKind;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Errors, limits, null semantics and runtime switching, on the example house of docs/queries.md. */
class QueryLanguageTest {

    private final MutableNavGraph house = ExampleHouse.build();
    private final QueryEngine engine = new QueryEngine(house, QuerySettings.DEFAULTS);

    @AfterEach
    void close() {
        house.close();
    }

    private static QueryException.Code code(Runnable r) {
        try {
            r.run();
        } catch (QueryException e) {
            return e.code();
        }
        throw new AssertionError("no QueryException");
    }

    @Test
    void shouldShowLineColumnCaretAndExpectationWhenSyntaxIsWrong() {
        assertThatThrownBy(() -> engine.run("MATCH (n:room)\nWHERE n.visits >\nRETURN n", Map.of()))
                .isInstanceOf(QueryException.class)
                .hasMessage("line 3, column 1: expected an expression but found 'RETURN'\nRETURN n\n^")
                .satisfies(e -> assertThat(((QueryException) e).code()).isEqualTo(QueryException.Code.SYNTAX));
        assertThatThrownBy(() -> engine.run("MATCH (n:room RETURN n", Map.of()))
                .hasMessage("line 1, column 15: expected ':label', '{' or ')' but found 'RETURN'\nMATCH (n:room RETURN n\n              ^");
        assertThatThrownBy(() -> engine.run("MATCH (n) RETURN n LIMIT", Map.of()))
                .hasMessageStartingWith("line 1, column 25: expected an expression but found the end of the query");
    }

    @Test
    void shouldRejectUnknownFunctionsLabelsTypesAndVariables() {
        assertThatThrownBy(() -> engine.run("MATCH (n) RETURN frobnicate(n)", Map.of()))
                .hasMessageStartingWith("line 1, column 18: unknown function frobnicate()")
                .satisfies(e -> assertThat(((QueryException) e).code()).isEqualTo(QueryException.Code.UNKNOWN_FUNCTION));
        assertThat(code(() -> engine.run("MATCH (n:garage) RETURN n", Map.of()))).isEqualTo(QueryException.Code.UNKNOWN_LABEL);
        assertThat(code(() -> engine.run("MATCH (n)-[:teleport]->(m) RETURN n", Map.of()))).isEqualTo(QueryException.Code.UNKNOWN_LABEL);
        assertThat(code(() -> engine.run("MATCH (n) RETURN m", Map.of()))).isEqualTo(QueryException.Code.UNBOUND);
        assertThat(code(() -> engine.run("MATCH (n) WHERE n.visits > $min RETURN n", Map.of()))).isEqualTo(QueryException.Code.UNBOUND);
        assertThat(code(() -> engine.run("MATCH (n) RETURN dist(n)", Map.of()))).isEqualTo(QueryException.Code.UNKNOWN_FUNCTION);
        assertThat(code(() -> engine.run("MATCH (n) WHERE count(*) > 1 RETURN n", Map.of()))).isEqualTo(QueryException.Code.UNSUPPORTED);
    }

    @Test
    void shouldReturnNullForUnknownPropertiesOnBothRuntimes() {
        for (QueryEngine.Runtime rt : List.of(QueryEngine.Runtime.INTERPRETED, QueryEngine.Runtime.COMPILED)) {
            QueryResult r = engine.run("MATCH (n:dock) RETURN n.nosuch AS v, n.nosuch IS NULL AS missing", Map.of(), rt);
            assertThat(r.rows()).containsExactly(Arrays.asList(null, true));
            assertThat(r.runtime()).isEqualTo("interpreted"); // a property no node has does not compile
        }
    }

    @Test
    void shouldStopWithRowExpansionAndTimeLimits() {
        QueryEngine small = new QueryEngine(house, new QuerySettings(3, 10_000, 100_000, 0));
        assertThatThrownBy(() -> small.run("MATCH (n) RETURN id(n)", Map.of()))
                .hasMessage("query returned more than 3 rows (its row limit); add LIMIT or raise the limit");
        assertThat(small.run("MATCH (n) RETURN id(n) LIMIT 3", Map.of()).rows()).hasSize(3);
        QueryEngine few = new QueryEngine(house, new QuerySettings(1000, 10_000, 5, 0));
        assertThat(code(() -> few.run("MATCH (a)-->(b) RETURN count(*)", Map.of()))).isEqualTo(QueryException.Code.EXPANSION_LIMIT);
        assertThat(code(() -> new QueryEngine(house, new QuerySettings(1000, 10_000, 5, 1000)).run("MATCH (a)-[*]-(b) RETURN count(*)",
                Map.of()))).isEqualTo(QueryException.Code.EXPANSION_LIMIT);
        AtomicLong clock = new AtomicLong();
        // every clock read moves time on by 1 ms: a 2 ms budget runs out within the first scans
        QueryEngine slow = new QueryEngine(house, new QuerySettings(1000, 2, 1_000_000, 1000), () -> clock.addAndGet(1_000_000));
        assertThat(code(() -> slow.run("MATCH (a), (b), (c) RETURN count(*)", Map.of()))).isEqualTo(QueryException.Code.TIME_LIMIT);
    }

    @Test
    void shouldSwitchToCompiledAfterTheThresholdAndCacheByParameterTypes() {
        QueryEngine e = new QueryEngine(house, QuerySettings.DEFAULTS.withCompileThreshold(2));
        String q = "MATCH (n) WHERE n.visits > $min RETURN id(n) AS id";
        assertThat(e.run(q, Map.of("min", 10)).runtime()).isEqualTo("interpreted");
        assertThat(e.run(q, Map.of("min", 10)).runtime()).isEqualTo("interpreted");
        QueryResult third = e.run(q, Map.of("min", 20));
        assertThat(third.runtime()).isEqualTo("compiled");
        assertThat(third.rows()).containsExactly(List.of(1L), List.of(2L));
        // a float parameter is another cache entry: interpreted again at first
        assertThat(e.run(q, Map.of("min", 20.5)).runtime()).isEqualTo("interpreted");
        assertThat(e.compileMillis(q, Map.of("min", 1))).isPositive();
    }

    @Test
    void shouldExplainWhichRuntimeWouldRunAndWhy() {
        QueryResult plain = engine.run("EXPLAIN MATCH (a:room)-->(b) WHERE b.clutter < 0.5 RETURN count(*)", Map.of());
        assertThat(plain.rows()).isEmpty();
        assertThat(plain.plan()).containsExactly(
                "runtime: interpreted (compiles after 2 interpreted runs)",
                "NodeScan (a:room)",
                "Expand (a)-[]->(b)  filter (b.clutter < 0.5)",
                "Aggregate keys [] aggregates [count(*)]");
        QueryResult fallback = engine.run("EXPLAIN MATCH (a:room) RETURN size(a.tags)", Map.of());
        assertThat(fallback.plan().getFirst()).isEqualTo("runtime: interpreted (not compiled: function size())");
    }

    @Test
    void shouldProfileRowsAndTimePerOperatorWhenInterpretedAndSayWhyNotWhenCompiled() {
        String q = "PROFILE MATCH (a:room)-->(b) WHERE b.clutter < 0.5 RETURN id(a) AS a, count(*) AS n ORDER BY n DESC";
        QueryResult interpreted = engine.run(q, Map.of(), QueryEngine.Runtime.INTERPRETED);
        long rooms = engine.run("MATCH (a:room) RETURN count(*)", Map.of(), QueryEngine.Runtime.INTERPRETED).rows().getFirst().getFirst() instanceof Long l ? l : -1;
        long pairs = interpreted.rows().stream().mapToLong(r -> (Long) r.get(1)).sum();
        assertThat(interpreted.plan()).hasSize(5);
        assertThat(interpreted.plan().get(0)).matches("NodeScan \\(a:room\\)  rows " + rooms + ", time \\d+ us");
        assertThat(interpreted.plan().get(1)).matches("Expand \\(a\\)-\\[\\]->\\(b\\)  filter \\(b.clutter < 0.5\\)  rows " + pairs + ", time \\d+ us");
        assertThat(interpreted.plan().get(2)).matches("Aggregate keys \\[a = id\\(a\\)\\] aggregates \\[count\\(\\*\\)\\]  time \\d+ us \\(the return stage: .*\\)");
        assertThat(interpreted.plan().get(3)).isEqualTo("Sort [n DESC]");
        assertThat(interpreted.plan().get(4)).startsWith("result rows " + interpreted.rows().size() + ", expansions ").endsWith("runtime interpreted");

        QueryResult compiled = engine.run(q, Map.of(), QueryEngine.Runtime.COMPILED);
        assertThat(compiled.runtime()).isEqualTo("compiled");
        assertThat(compiled.rows()).isEqualTo(interpreted.rows());
        assertThat(compiled.plan()).anyMatch(line -> line.startsWith("(compiled: the operators run as one loop"))
                .noneMatch(line -> line.contains("  rows "));
    }

    @Test
    void shouldNotUseOneRelationshipTwiceInAMatch() {
        // dock <-> hall only: an undirected two-hop path may not come back over the edge it went out on
        try (MutableNavGraph g = new ReferenceGraph()) {
            int a = g.addNode(0, 0);
            int b = g.addNode(1, 0);
            g.addUndirectedEdge(a, b, 1, 1);
            QueryEngine e = new QueryEngine(g, QuerySettings.DEFAULTS);
            assertThat(e.run("MATCH (x)--(y) RETURN count(*) AS c", Map.of()).rows()).containsExactly(List.of(4L));
            // x-y over the out-edge, then y-x over the other arc: allowed; over the same arc again: not
            assertThat(e.run("MATCH (x)-->(y)--(z) RETURN id(x), id(y), id(z)", Map.of()).rows())
                    .containsExactly(List.of(0L, 1L, 0L), List.of(1L, 0L, 1L));
        }
    }

    @Test
    void shouldFollowLabelAndNodeChangesWhenScanningThroughTheLabelIndex() {
        String q = "MATCH (n:room) RETURN id(n) AS id ORDER BY id";
        List<List<Object>> before = engine.run(q, Map.of(), QueryEngine.Runtime.COMPILED).rows();
        assertThat(before).hasSize(4);
        int kitchen = (int) (long) (Long) before.getFirst().getFirst();
        int bedroom = (int) (long) (Long) before.get(1).getFirst();
        house.setLabels(kitchen, PlaceKind.DOCK.labelBit());
        house.removeNode(bedroom);
        int attic = house.addNode("attic", 9, 9);
        house.setLabels(attic, PlaceKind.ROOM.labelBit());
        for (QueryEngine.Runtime runtime : List.of(QueryEngine.Runtime.COMPILED, QueryEngine.Runtime.INTERPRETED)) {
            QueryResult after = engine.run(q, Map.of(), runtime);
            assertThat(after.runtime()).isEqualTo(runtime == QueryEngine.Runtime.COMPILED ? "compiled" : "interpreted");
            assertThat(after.rows()).as(runtime.name()).extracting(r -> r.getFirst())
                    .doesNotContain((long) kitchen, (long) bedroom).contains((long) attic).hasSize(3);
        }
        assertThat(engine.run("MATCH (d:dock)-->(h) RETURN id(d) AS d ORDER BY d", Map.of(), QueryEngine.Runtime.COMPILED).rows())
                .extracting(r -> r.getFirst()).contains((long) kitchen);
    }

    @Test
    void shouldTestForNullAgainWhenAPropertyStopsBeingOnEveryNode() {
        // given a float on every node: compiled code reads it without null tests
        for (int n = 0; n < house.nodeIdLimit(); n++) {
            if (house.containsNode(n)) {
                house.setProperty(n, "width", PropertyValues.encode(n * 0.5));
            }
        }
        String q = "MATCH (n) WHERE n.width < 2.0 OR n.width IS NULL RETURN id(n) AS id, n.width AS w, n.width IS NULL AS missing";
        QueryResult all = engine.run(q, Map.of(), QueryEngine.Runtime.COMPILED);
        assertThat(all.runtime()).isEqualTo("compiled");
        assertThat(all.rows()).containsExactly(List.of(0L, 0.0, false), List.of(1L, 0.5, false), List.of(2L, 1.0, false),
                List.of(3L, 1.5, false));
        // when one node loses it and a new node never had it
        house.removeProperty(1, "width");
        int attic = house.addNode("attic", 9, 9);
        // then both runtimes see null there
        for (QueryEngine.Runtime runtime : List.of(QueryEngine.Runtime.COMPILED, QueryEngine.Runtime.INTERPRETED)) {
            QueryResult after = engine.run(q, Map.of(), runtime);
            assertThat(after.runtime()).isEqualTo(runtime == QueryEngine.Runtime.COMPILED ? "compiled" : "interpreted");
            assertThat(after.rows()).as(runtime.name()).containsExactly(List.of(0L, 0.0, false), Arrays.asList(1L, null, true),
                    List.of(2L, 1.0, false), List.of(3L, 1.5, false), Arrays.asList((long) attic, null, true));
        }
    }
}
