package io.wally.maps;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Test helper: the whole observable state of a graph as text, so two graphs or two moments compare with one equals. */
public final class GraphDump {

    private GraphDump() {
    }

    /** Every accessor of every id below the id limit (+2), edges sorted by target, properties by key. */
    public static String of(NavGraph g) {
        StringBuilder sb = new StringBuilder();
        sb.append("version=").append(g.version())
                .append(" nodes=").append(g.nodeCount())
                .append(" edges=").append(g.edgeCount())
                .append(" limit=").append(g.nodeIdLimit()).append('\n');
        EdgeCursor c = g.edges();
        int edgesSeen = 0;
        for (int n = -1; n < g.nodeIdLimit() + 2; n++) {
            if (!g.containsNode(n)) {
                continue;
            }
            sb.append(n).append(": x=").append(g.x(n)).append(" y=").append(g.y(n))
                    .append(" blocked=").append(g.isBlocked(n)).append(" labels=").append(g.labels(n))
                    .append(" name=").append(g.name(n).orElse("-")).append('\n');
            final int id = n;
            g.name(n).ifPresent(name -> {
                if (g.nodeId(name) != id) {
                    throw new AssertionError("nodeId(\"" + name + "\") = " + g.nodeId(name) + ", expected " + id);
                }
            });
            List<String> edges = new ArrayList<>();
            c.moveTo(n);
            while (c.next()) {
                if (c.from() != n) {
                    throw new AssertionError("cursor.from() " + c.from() + " != " + n);
                }
                edges.add(String.format("%08d w=%s t=%d", c.to(), Float.toString(c.weight()), c.type()));
                edgesSeen++;
            }
            edges.sort(null);
            for (String e : edges) {
                sb.append("  -> ").append(e).append('\n');
            }
            for (String key : g.propertyKeys(n)) {
                sb.append("  ").append(key).append('=')
                        .append(HexFormat.of().formatHex(g.property(n, key).orElseThrow())).append('\n');
            }
        }
        if (edgesSeen != g.edgeCount()) {
            throw new AssertionError("cursor saw " + edgesSeen + " edges, edgeCount() says " + g.edgeCount());
        }
        return sb.toString();
    }
}
