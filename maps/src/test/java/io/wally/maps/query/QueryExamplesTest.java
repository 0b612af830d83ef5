package io.wally.maps.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.maps.MutableNavGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs every example of docs/queries.md (a {@code cypher} block followed by a {@code text} block) on the
 * example house, interpreted and compiled, and checks the printed table (or, for EXPLAIN, the plan)
 * against the hand-checked text in the document.
 */
class QueryExamplesTest {

    record Example(String query, Map<String, Object> params, String expected) {
    }

    static List<Example> examples() throws IOException {
        Path doc = Path.of("..", "docs", "queries.md");
        List<String> lines = Files.readAllLines(doc);
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).equals("```cypher")) {
                continue;
            }
            StringBuilder query = new StringBuilder();
            Map<String, Object> params = new LinkedHashMap<>();
            int j = i + 1;
            for (; !lines.get(j).equals("```"); j++) {
                String l = lines.get(j);
                if (l.startsWith("// params:")) {
                    for (String kv : l.substring("// params:".length()).strip().split(",")) {
                        String[] p = kv.strip().split("=");
                        params.put(p[0], Long.parseLong(p[1]));
                    }
                }
                query.append(l).append('\n');
            }
            int k = j + 1;
            while (lines.get(k).isBlank()) {
                k++;
            }
            assertThat(lines.get(k)).as("a ```text block follows the query at line " + (i + 1)).isEqualTo("```text");
            StringBuilder expected = new StringBuilder();
            for (k = k + 1; !lines.get(k).equals("```"); k++) {
                expected.append(lines.get(k)).append('\n');
            }
            out.add(new Example(query.toString().strip(), params, expected.toString()));
            i = k;
        }
        return out;
    }

    @Test
    void shouldPrintTheDocumentedRowsForEveryExample() throws IOException {
        List<Example> examples = examples();
        assertThat(examples).hasSizeGreaterThanOrEqualTo(10);
        try (MutableNavGraph house = ExampleHouse.build()) {
            for (QueryEngine.Runtime runtime : List.of(QueryEngine.Runtime.INTERPRETED, QueryEngine.Runtime.COMPILED)) {
                QueryEngine engine = new QueryEngine(house, QuerySettings.DEFAULTS);
                for (Example e : examples) {
                    QueryResult r = engine.run(e.query(), e.params(), e.query().startsWith("EXPLAIN") ? QueryEngine.Runtime.AUTO : runtime);
                    String printed = e.query().startsWith("EXPLAIN") ? String.join("\n", r.plan()) + "\n" : r.table();
                    assertThat(printed).as(runtime + ": " + e.query()).isEqualTo(e.expected());
                    if (runtime == QueryEngine.Runtime.COMPILED && !e.query().startsWith("EXPLAIN")) {
                        // every example compiles but the one on lists (IN, size()), which the compiler leaves to the interpreter
                        assertThat(r.runtime()).as(e.query() + " " + r.runtimeNote()).isEqualTo(e.query().contains(" IN p.tags") ? "interpreted" : "compiled");
                    }
                }
            }
        }
    }
}
