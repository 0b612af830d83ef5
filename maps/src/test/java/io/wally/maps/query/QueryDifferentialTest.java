package io.wally.maps.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.maps.EdgeCursor;
import io.wally.maps.MutableNavGraph;
import io.wally.maps.NavGraph;
import io.wally.maps.ReferenceGraph;
import io.wally.maps.importer.PlaceKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Interpreter vs compiled vs a hand-written Java loop, on random graphs: the three benchmark shapes
 * (scan + filter, two-hop expand with filters on both ends, aggregation with ORDER BY ... LIMIT 10)
 * must give the same rows in the same order; random WHERE expressions (null, NOT, OR, IS NULL,
 * arithmetic) must give the same rows on both runtimes.
 */
class QueryDifferentialTest {

    private static final String[] LABELS = {"room", "waypoint", "dock", "cell"};
    private static final String[] OPS = {"<", "<=", ">", ">=", "=", "<>"};

    private static final String[] WORDS = {"alpha", "alps", "beta", "bet", "gamma", "", "al"};

    /**
     * A random graph: 1..40 nodes, random kinds, directed edges of types 1..3, properties i (integer),
     * f (float) and s (string), some missing; about half the nodes named.
     */
    static MutableNavGraph randomGraph(Random r) {
        MutableNavGraph g = new ReferenceGraph();
        int n = 1 + r.nextInt(40);
        for (int i = 0; i < n; i++) {
            int node = r.nextBoolean() ? g.addNode("p" + r.nextInt(1000) + "_" + i, r.nextInt(20), r.nextInt(20))
                    : g.addNode(r.nextInt(20), r.nextInt(20));
            if (i == 0 || r.nextInt(4) > 0) {
                g.setProperty(node, "s", PropertyValues.encode(WORDS[r.nextInt(WORDS.length)]));
            }
            int kind = r.nextInt(4);
            g.setLabels(node, kind == 3 ? 0 : PlaceKind.values()[kind].labelBit());
            if (i == 0 || r.nextInt(5) > 0) {
                g.setProperty(node, "i", PropertyValues.encode((long) (r.nextInt(26) - 5)));
            }
            if (i == 0 || r.nextInt(5) > 0) {
                g.setProperty(node, "f", PropertyValues.encode(r.nextInt(100) / 100.0));
            }
            g.setBlocked(node, r.nextInt(8) == 0);
        }
        int edges = r.nextInt(4 * n + 1);
        for (int e = 0; e < edges; e++) {
            int a = r.nextInt(n);
            int b = r.nextInt(n);
            if (a != b && !g.hasEdge(a, b)) {
                g.addEdge(a, b, 1 + r.nextInt(9), 1 + r.nextInt(3));
            }
        }
        return g;
    }

    private static List<List<Object>> run(QueryEngine engine, String q, QueryEngine.Runtime runtime, String expectRuntime) {
        QueryResult result = engine.run(q, Map.of(), runtime);
        assertThat(result.runtime()).as(q + " " + result.runtimeNote()).isEqualTo(expectRuntime);
        return result.rows();
    }

    private static Long longProp(NavGraph g, int n, String key) {
        return g.property(n, key).map(b -> (Long) PropertyValues.decode(b)).orElse(null);
    }

    private static Double doubleProp(NavGraph g, int n, String key) {
        return g.property(n, key).map(b -> (Double) PropertyValues.decode(b)).orElse(null);
    }

    private static boolean cmp(Number a, String op, double c) {
        if (a == null) {
            return false;
        }
        int s = a instanceof Long l ? Double.compare(l, c) : Double.compare(a.doubleValue(), c);
        return switch (op) {
            case "<" -> s < 0;
            case "<=" -> s <= 0;
            case ">" -> s > 0;
            case ">=" -> s >= 0;
            case "=" -> s == 0;
            default -> s != 0;
        };
    }

    private static int labelBits(String label) {
        return label.equals("cell") ? 0 : PlaceKind.valueOf(label.toUpperCase(Locale.ROOT)).labelBit();
    }

    private static boolean hasLabel(NavGraph g, int n, String label) {
        int bits = labelBits(label);
        return bits == 0 ? (g.labels(n) & 7) == 0 : (g.labels(n) & bits) == bits;
    }

    @Property(tries = 60)
    void scanWithFilterAgreesOnAllThreeWays(@ForAll long seed) {
        Random r = new Random(seed);
        try (MutableNavGraph g = randomGraph(r)) {
            String label = LABELS[r.nextInt(4)];
            String op1 = OPS[r.nextInt(6)];
            String op2 = OPS[r.nextInt(6)];
            long c = r.nextInt(20) - 2;
            double d = r.nextInt(100) / 100.0;
            String q = "MATCH (n:" + label + ") WHERE n.i " + op1 + " " + c + " AND n.f " + op2 + " " + d
                    + " RETURN id(n) AS id, n.i AS i, n.f AS f";
            QueryEngine engine = new QueryEngine(g, QuerySettings.DEFAULTS);
            List<List<Object>> interpreted = run(engine, q, QueryEngine.Runtime.INTERPRETED, "interpreted");
            List<List<Object>> compiled = run(engine, q, QueryEngine.Runtime.COMPILED, "compiled");
            List<List<Object>> hand = new ArrayList<>();
            for (int n = 0; n < g.nodeIdLimit(); n++) {
                if (g.containsNode(n) && hasLabel(g, n, label)) {
                    Long i = longProp(g, n, "i");
                    Double f = doubleProp(g, n, "f");
                    if (cmp(i, op1, c) && cmp(f, op2, d)) {
                        hand.add(Arrays.asList((long) n, i, f));
                    }
                }
            }
            assertThat(interpreted).as(q).isEqualTo(hand);
            assertThat(compiled).as(q).isEqualTo(hand);
        }
    }

    @Property(tries = 60)
    void twoHopExpandAgreesOnAllThreeWays(@ForAll long seed) {
        Random r = new Random(seed);
        try (MutableNavGraph g = randomGraph(r)) {
            String label = LABELS[r.nextInt(4)];
            int type = 1 + r.nextInt(3);
            String op1 = OPS[r.nextInt(6)];
            String op2 = OPS[r.nextInt(6)];
            long c = r.nextInt(20) - 2;
            double d = r.nextInt(100) / 100.0;
            String q = "MATCH (a:" + label + ")-[:t" + type + "]->(b)-->(c) WHERE a.i " + op1 + " " + c + " AND c.f " + op2 + " " + d
                    + " RETURN id(a) AS a, id(b) AS b, id(c) AS c, c.f AS f";
            QueryEngine engine = new QueryEngine(g, QuerySettings.DEFAULTS);
            List<List<Object>> interpreted = run(engine, q, QueryEngine.Runtime.INTERPRETED, "interpreted");
            List<List<Object>> compiled = run(engine, q, QueryEngine.Runtime.COMPILED, "compiled");
            List<List<Object>> hand = new ArrayList<>();
            EdgeCursor first = g.edges();
            EdgeCursor second = g.edges();
            for (int a = 0; a < g.nodeIdLimit(); a++) {
                if (!g.containsNode(a) || !hasLabel(g, a, label) || !cmp(longProp(g, a, "i"), op1, c)) {
                    continue;
                }
                first.moveTo(a);
                while (first.next()) {
                    if (first.type() != type) {
                        continue;
                    }
                    int b = first.to();
                    second.moveTo(b);
                    while (second.next()) {
                        int cc = second.to();
                        Double f = doubleProp(g, cc, "f");
                        if (cmp(f, op2, d)) {
                            hand.add(Arrays.asList((long) a, (long) b, (long) cc, f));
                        }
                    }
                }
            }
            assertThat(interpreted).as(q).isEqualTo(hand);
            assertThat(compiled).as(q).isEqualTo(hand);
        }
    }

    @Property(tries = 60)
    void aggregationWithOrderByLimitAgreesOnAllThreeWays(@ForAll long seed) {
        Random r = new Random(seed);
        try (MutableNavGraph g = randomGraph(r)) {
            double d = r.nextInt(100) / 100.0;
            int m = 2 + r.nextInt(5);
            String q = "MATCH (a)-->(b) WHERE b.f > " + d + " RETURN a.i % " + m + " AS k, count(*) AS c, sum(b.i) AS s, avg(b.f) AS mean,"
                    + " min(b.f) AS lo, max(b.i) AS hi ORDER BY c DESC, k LIMIT 10";
            QueryEngine engine = new QueryEngine(g, QuerySettings.DEFAULTS);
            List<List<Object>> interpreted = run(engine, q, QueryEngine.Runtime.INTERPRETED, "interpreted");
            List<List<Object>> compiled = run(engine, q, QueryEngine.Runtime.COMPILED, "compiled");
            // hand-written: group in order of first appearance, then sort by count desc, key asc (null last)
            Map<Long, double[]> groups = new LinkedHashMap<>(); // count, sumI, sumF, countF, minF, maxI, countI
            Map<Long, Boolean> nullKey = new LinkedHashMap<>();
            EdgeCursor cur = g.edges();
            List<Long> order = new ArrayList<>();
            for (int a = 0; a < g.nodeIdLimit(); a++) {
                if (!g.containsNode(a)) {
                    continue;
                }
                cur.moveTo(a);
                while (cur.next()) {
                    int b = cur.to();
                    Double f = doubleProp(g, b, "f");
                    if (f == null || !(f > d)) {
                        continue;
                    }
                    Long ai = longProp(g, a, "i");
                    Long key = ai == null ? null : ai % m;
                    if (!groups.containsKey(key)) {
                        groups.put(key, new double[] {0, 0, 0, 0, Double.NaN, Double.NaN, 0});
                        order.add(key);
                    }
                    double[] s = groups.get(key);
                    s[0]++;
                    Long bi = longProp(g, b, "i");
                    if (bi != null) {
                        s[1] += bi;
                        s[5] = s[6] == 0 ? bi : Math.max(s[5], bi);
                        s[6]++;
                    }
                    s[2] += f;
                    s[4] = s[3] == 0 ? f : Math.min(s[4], f);
                    s[3]++;
                }
            }
            List<List<Object>> hand = new ArrayList<>();
            for (Long key : order) {
                double[] s = groups.get(key);
                hand.add(Arrays.asList(key, (long) s[0], (long) s[1], s[3] == 0 ? null : s[2] / s[3], s[3] == 0 ? null : s[4],
                        s[6] == 0 ? null : (long) s[5]));
            }
            hand.sort(Comparator.<List<Object>>comparingLong(row -> -(Long) row.get(1))
                    .thenComparing(row -> (Long) row.get(0), Comparator.nullsLast(Comparator.naturalOrder())));
            List<List<Object>> expected = hand.subList(0, Math.min(10, hand.size()));
            assertThat(interpreted).as(q).isEqualTo(expected);
            assertThat(compiled).as(q).isEqualTo(expected);
            nullKey.clear();
        }
    }

    /** A random boolean expression over n.i, n.f, id(n), x(n), degree(n) and blocked(n), with nulls in play. */
    private static String predicate(Random r, int depth) {
        int pick = depth > 2 ? 3 + r.nextInt(3) : r.nextInt(8);
        return switch (pick) {
            case 0 -> "(" + predicate(r, depth + 1) + " AND " + predicate(r, depth + 1) + ")";
            case 1 -> "(" + predicate(r, depth + 1) + " OR " + predicate(r, depth + 1) + ")";
            case 2 -> "NOT " + predicate(r, depth + 1);
            case 3, 4 -> number(r, 0) + " " + OPS[r.nextInt(6)] + " " + number(r, 0);
            case 5 -> r.nextBoolean() ? "n.i IS NULL" : "n.f IS NOT NULL";
            case 6 -> "(" + predicate(r, depth + 1) + " XOR " + predicate(r, depth + 1) + ")";
            default -> "blocked(n)";
        };
    }

    private static String number(Random r, int depth) {
        int pick = depth > 1 ? r.nextInt(6) : r.nextInt(9);
        return switch (pick) {
            case 0 -> "n.i";
            case 1 -> "n.f";
            case 2 -> String.valueOf(r.nextInt(20) - 5);
            case 3 -> String.valueOf(r.nextInt(100) / 10.0);
            case 4 -> "id(n)";
            case 5 -> r.nextBoolean() ? "x(n)" : "degree(n)";
            case 6 -> "(" + number(r, depth + 1) + " + " + number(r, depth + 1) + ")";
            case 7 -> "(" + number(r, depth + 1) + " * " + number(r, depth + 1) + ")";
            default -> "(" + number(r, depth + 1) + " % " + (1 + r.nextInt(7)) + ")";
        };
    }

    @Property(tries = 200)
    void randomPredicatesGiveTheSameRowsOnBothRuntimes(@ForAll long seed) {
        Random r = new Random(seed);
        try (MutableNavGraph g = randomGraph(r)) {
            String q = "MATCH (n) WHERE " + predicate(r, 0) + " RETURN id(n) AS id, " + number(r, 0) + " AS v, " + predicate(r, 1)
                    + " AS p ORDER BY v DESC, id SKIP " + r.nextInt(3) + " LIMIT " + (1 + r.nextInt(30));
            QueryEngine engine = new QueryEngine(g, QuerySettings.DEFAULTS);
            List<List<Object>> interpreted = run(engine, q, QueryEngine.Runtime.INTERPRETED, "interpreted");
            List<List<Object>> compiled = run(engine, q, QueryEngine.Runtime.COMPILED, "compiled");
            assertThat(compiled).as(q).isEqualTo(interpreted);
        }
    }

    private static final String[] DIRECTIONS = {"-%s->", "<-%s-", "-%s-"};

    /** A random relationship: a direction, maybe types, maybe a variable length (*min..max, max at most 3). */
    private static String relationship(Random r) {
        StringBuilder inner = new StringBuilder();
        if (r.nextInt(3) == 0) {
            inner.append(":t").append(1 + r.nextInt(3));
            if (r.nextBoolean()) {
                inner.append("|t").append(1 + r.nextInt(3));
            }
        }
        if (r.nextInt(3) == 0) {
            int min = r.nextInt(3);
            int max = Math.max(1, min + r.nextInt(2));
            inner.append('*').append(min).append("..").append(max);
        }
        String body = inner.isEmpty() ? "" : "[" + inner + "]";
        return String.format(DIRECTIONS[r.nextInt(3)], body);
    }

    /** A random condition on the node variable {@code v}: strings, names, kinds, numbers. */
    private static String condition(Random r, String v) {
        return switch (r.nextInt(8)) {
            case 0 -> v + ".s STARTS WITH '" + WORDS[r.nextInt(WORDS.length)] + "'";
            case 1 -> v + ".s CONTAINS '" + (r.nextBoolean() ? "l" : "et") + "'";
            case 2 -> v + ".s = '" + WORDS[r.nextInt(WORDS.length)] + "'";
            case 3 -> v + ".s " + OPS[r.nextInt(6)] + " 'b'";
            case 4 -> "name(" + v + ") " + (r.nextBoolean() ? "IS NULL" : "ENDS WITH '" + r.nextInt(10) + "'");
            case 5 -> "kind(" + v + ") <> '" + LABELS[r.nextInt(4)] + "'";
            case 6 -> "NOT " + v + ".s IS NULL";
            default -> v + ".i " + OPS[r.nextInt(6)] + " " + (r.nextInt(20) - 2);
        };
    }

    @Property(tries = 200)
    void randomPatternsGiveTheSameRowsInTheSameOrderOnBothRuntimes(@ForAll long seed) {
        Random r = new Random(seed);
        try (MutableNavGraph g = randomGraph(r)) {
            int hops = 1 + r.nextInt(3);
            StringBuilder q = new StringBuilder("MATCH (n0" + (r.nextBoolean() ? ":" + LABELS[r.nextInt(4)] : "") + ")");
            for (int h = 1; h <= hops; h++) {
                // now and then the pattern closes on a node it has named already (ExpandInto)
                String node = h == hops && hops > 1 && r.nextInt(4) == 0 ? "(n0)" : "(n" + h + (r.nextInt(3) == 0 ? ":" + LABELS[r.nextInt(4)] : "") + ")";
                q.append(relationship(r)).append(node);
            }
            int last = q.toString().endsWith("(n0)") ? hops - 1 : hops;
            List<String> where = new ArrayList<>();
            for (int c = r.nextInt(3); c > 0; c--) {
                where.add(condition(r, "n" + r.nextInt(last + 1)));
            }
            if (!where.isEmpty()) {
                q.append(" WHERE ").append(String.join(r.nextBoolean() ? " AND " : " OR ", where));
            }
            boolean distinct = r.nextBoolean();
            String end = "n" + last;
            q.append(" RETURN ").append(distinct ? "DISTINCT " : "").append(switch (r.nextInt(4)) {
                case 0 -> "id(n0) AS a, id(" + end + ") AS b";
                case 1 -> "name(" + end + ") AS name, " + end + ".s AS s";
                case 2 -> "kind(n0) AS k, " + end + ".i AS i, n0.s AS s";
                default -> "kind(" + end + ") AS k, count(*) AS c, min(" + end + ".i) AS lo";
            });
            String columns = q.toString().contains("count(*)") ? "c DESC, k" : q.toString().contains("name,") ? "name, s" : q.toString().contains("AS k,") ? "k, i, s" : "a, b";
            if (r.nextBoolean()) {
                q.append(" ORDER BY ").append(columns).append(r.nextBoolean() ? " LIMIT " + (1 + r.nextInt(20)) : "");
            }
            String query = q.toString();
            QueryEngine engine = new QueryEngine(g, QuerySettings.DEFAULTS);
            List<List<Object>> interpreted = run(engine, query, QueryEngine.Runtime.INTERPRETED, "interpreted");
            List<List<Object>> compiled = run(engine, query, QueryEngine.Runtime.COMPILED, "compiled");
            assertThat(compiled).as(query).isEqualTo(interpreted);
        }
    }

    /** In-edges of every node in the order the reverse adjacency lists them: by source id, then in the source's cursor order. */
    private static List<List<int[]>> inEdges(NavGraph g) {
        List<List<int[]>> in = new ArrayList<>();
        for (int n = 0; n < g.nodeIdLimit(); n++) {
            in.add(new ArrayList<>());
        }
        EdgeCursor c = g.edges();
        for (int n = 0; n < g.nodeIdLimit(); n++) {
            if (g.containsNode(n)) {
                c.moveTo(n);
                while (c.next()) {
                    in.get(c.to()).add(new int[] {n, c.type()});
                }
            }
        }
        return in;
    }

    private static String stringProp(NavGraph g, int n) {
        return g.property(n, "s").map(b -> (String) PropertyValues.decode(b)).orElse(null);
    }

    @Property(tries = 60)
    void undirectedHopWithAStringFilterAgreesOnAllThreeWays(@ForAll long seed) {
        Random r = new Random(seed);
        try (MutableNavGraph g = randomGraph(r)) {
            String prefix = WORDS[r.nextInt(WORDS.length)];
            String q = "MATCH (a)--(b) WHERE b.s STARTS WITH '" + prefix + "' RETURN id(a) AS a, id(b) AS b, b.s AS s, name(b) AS name";
            QueryEngine engine = new QueryEngine(g, QuerySettings.DEFAULTS);
            List<List<Object>> interpreted = run(engine, q, QueryEngine.Runtime.INTERPRETED, "interpreted");
            List<List<Object>> compiled = run(engine, q, QueryEngine.Runtime.COMPILED, "compiled");
            List<List<int[]>> in = inEdges(g);
            List<List<Object>> hand = new ArrayList<>();
            EdgeCursor c = g.edges();
            for (int a = 0; a < g.nodeIdLimit(); a++) {
                if (!g.containsNode(a)) {
                    continue;
                }
                List<Integer> neighbours = new ArrayList<>();
                c.moveTo(a);
                while (c.next()) {
                    neighbours.add(c.to());
                }
                for (int[] e : in.get(a)) {
                    neighbours.add(e[0]);
                }
                for (int b : neighbours) {
                    String s = stringProp(g, b);
                    if (s != null && s.startsWith(prefix)) {
                        hand.add(Arrays.asList((long) a, (long) b, s, g.name(b).orElse(null)));
                    }
                }
            }
            assertThat(interpreted).as(q).isEqualTo(hand);
            assertThat(compiled).as(q).isEqualTo(hand);
        }
    }

    /** Every node reachable from {@code node} over 1..{@code max} edges, no edge twice on one path (a trail). */
    private static void trails(NavGraph g, int node, int depth, int max, List<Long> path, Set<Integer> found) {
        if (depth >= 1) {
            found.add(node);
        }
        if (depth == max) {
            return;
        }
        EdgeCursor c = g.edges();
        c.moveTo(node);
        while (c.next()) {
            long edge = (long) node << 32 | c.to();
            if (!path.contains(edge)) {
                path.add(edge);
                trails(g, c.to(), depth + 1, max, path, found);
                path.removeLast();
            }
        }
    }

    @Property(tries = 60)
    void variableLengthDistinctAgreesOnAllThreeWays(@ForAll long seed) {
        Random r = new Random(seed);
        try (MutableNavGraph g = randomGraph(r)) {
            String label = LABELS[r.nextInt(4)];
            int max = 1 + r.nextInt(3);
            String q = "MATCH (a:" + label + ")-[*1.." + max + "]->(b) RETURN DISTINCT id(a) AS a, id(b) AS b ORDER BY a, b";
            QueryEngine engine = new QueryEngine(g, QuerySettings.DEFAULTS);
            List<List<Object>> interpreted = run(engine, q, QueryEngine.Runtime.INTERPRETED, "interpreted");
            List<List<Object>> compiled = run(engine, q, QueryEngine.Runtime.COMPILED, "compiled");
            List<List<Object>> hand = new ArrayList<>();
            for (int a = 0; a < g.nodeIdLimit(); a++) {
                if (g.containsNode(a) && hasLabel(g, a, label)) {
                    Set<Integer> found = new TreeSet<>();
                    trails(g, a, 0, max, new ArrayList<>(), found);
                    for (int b : found) {
                        hand.add(Arrays.asList((long) a, (long) b));
                    }
                }
            }
            assertThat(interpreted).as(q).isEqualTo(hand);
            assertThat(compiled).as(q).isEqualTo(hand);
        }
    }

    @Property(tries = 40)
    void costAndHopsGiveTheSameRowsOnBothRuntimes(@ForAll long seed) {
        Random r = new Random(seed);
        try (MutableNavGraph g = randomGraph(r)) {
            String q = "MATCH (a:" + LABELS[r.nextInt(4)] + "), (b) WHERE a <> b AND cost(a, b) " + OPS[r.nextInt(6)] + " " + r.nextInt(15)
                    + " RETURN id(a) AS a, id(b) AS b, cost(a, b) AS cost, hops(a, b) AS hops ORDER BY cost DESC, hops, a, b";
            QueryEngine engine = new QueryEngine(g, QuerySettings.DEFAULTS);
            List<List<Object>> interpreted = run(engine, q, QueryEngine.Runtime.INTERPRETED, "interpreted");
            List<List<Object>> compiled = run(engine, q, QueryEngine.Runtime.COMPILED, "compiled");
            assertThat(compiled).as(q).isEqualTo(interpreted);
        }
    }

    /**
     * Every kind of grouping key the compiler takes, in the order groups first appear (no ORDER BY): keys of
     * the first node (integer with nulls, string with nulls, the node itself, its id), of a later node (the node,
     * its kind) and one computed per row; a filter on the last node leaves some bindings without rows, which must
     * not leave empty groups behind.
     *
     * <pre>
     *   (a) --> (b) [--> (c)]   WHERE last.f > d   RETURN key, aggregates
     * </pre>
     */
    @Property(tries = 120)
    void everyGroupingKeyGivesTheSameGroupsInTheSameOrderOnBothRuntimes(@ForAll long seed) {
        Random r = new Random(seed);
        try (MutableNavGraph g = randomGraph(r)) {
            boolean twoHops = r.nextBoolean();
            String last = twoHops ? "c" : "b";
            String key = switch (r.nextInt(8)) {
                case 0 -> "a.i";
                case 1 -> "a.s";
                case 2 -> "a";
                case 3 -> "id(a)";
                case 4 -> "b";
                case 5 -> "kind(b)";
                case 6 -> "b.i";
                default -> "a.i % 3";
            };
            String q = "MATCH (a)-->(b)" + (twoHops ? "-->(c)" : "") + " WHERE " + last + ".f > " + r.nextInt(100) / 100.0 + " RETURN " + key
                    + " AS k, count(*) AS n, sum(" + last + ".i) AS s, avg(" + last + ".f) AS mean, min(" + last + ".i) AS lo, max(" + last
                    + ".f) AS hi";
            QueryEngine engine = new QueryEngine(g, QuerySettings.DEFAULTS);
            List<List<Object>> interpreted = run(engine, q, QueryEngine.Runtime.INTERPRETED, "interpreted");
            List<List<Object>> compiled = run(engine, q, QueryEngine.Runtime.COMPILED, "compiled");
            assertThat(compiled).as(q).isEqualTo(interpreted);
        }
    }
}
