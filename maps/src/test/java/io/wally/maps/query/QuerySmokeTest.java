package io.wally.maps.query;

import java.util.Map;
import org.junit.jupiter.api.Test;

class QuerySmokeTest {
    @Test
    void smoke() {
        try (var g = ExampleHouse.build()) {
            QueryEngine e = new QueryEngine(g, QuerySettings.DEFAULTS);
            String[] qs = {
                "MATCH (r:room) RETURN name(r) AS room, r.visits AS visits ORDER BY room",
                "MATCH (a)-->(b) WHERE a.visits > 10 RETURN id(a), id(b), b.clutter",
                "MATCH (a)-->(b) RETURN id(a) AS a, count(*) AS c, avg(b.clutter) AS m ORDER BY c DESC, a LIMIT 3",
                "MATCH (d:dock), (r:room) RETURN name(r), cost(d, r), hops(d, r), dist(d, r) ORDER BY name(r)",
                "MATCH (d:dock)-[:connection*1..3]->(r:room) RETURN DISTINCT name(r) AS r ORDER BY r",
                "MATCH (n) WHERE n.floor STARTS WITH 't' AND 'water' IN n.tags RETURN name(n)",
                "PROFILE MATCH (a)-->(b)-->(c) WHERE a.visits >= 12 AND c.clutter < 0.5 AND a <> c RETURN id(a), id(c)",
                "EXPLAIN MATCH (a)-->(b) RETURN count(*)",
            };
            for (String q : qs) {
                for (var rt : QueryEngine.Runtime.values()) {
                    QueryResult r = e.run(q, Map.of(), rt);
                    System.out.println(q + "  [" + r.runtime() + " " + r.runtimeNote() + "]\n" + r.table() + String.join("\n", r.plan()));
                }
            }
        }
    }
}
