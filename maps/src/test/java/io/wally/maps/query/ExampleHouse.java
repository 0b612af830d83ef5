package io.wally.maps.query;

import io.wally.maps.MutableNavGraph;
import io.wally.maps.ReferenceGraph;
import io.wally.maps.importer.PlaceKind;
import io.wally.maps.importer.PlaceMap;
import java.util.List;

/**
 * The example graph of docs/queries.md (the drawing there is this graph):
 * <pre>
 *  bathroom(5) --2-- bedroom(3) --4-- office(4, blocked)
 *                       |                 |
 *                       4                 5
 *                       |                 |
 *  dock(0) ----2---- hall(1) ----3---- kitchen(2)
 * </pre>
 * Every edge is a {@code connection} both ways, weight as drawn.
 */
final class ExampleHouse {

    private ExampleHouse() {
    }

    static MutableNavGraph build() {
        MutableNavGraph g = new ReferenceGraph();
        int dock = place(g, "dock", PlaceKind.DOCK, 0, 0);
        int hall = place(g, "hall", PlaceKind.WAYPOINT, 2, 0);
        int kitchen = place(g, "kitchen", PlaceKind.ROOM, 5, 0);
        int bedroom = place(g, "bedroom", PlaceKind.ROOM, 2, 4);
        int office = place(g, "office", PlaceKind.ROOM, 5, 4);
        int bathroom = place(g, "bathroom", PlaceKind.ROOM, 0, 4);
        g.setBlocked(office, true);
        int t = PlaceMap.CONNECTION_EDGE_TYPE;
        g.addUndirectedEdge(dock, hall, 2, t);
        g.addUndirectedEdge(hall, kitchen, 3, t);
        g.addUndirectedEdge(hall, bedroom, 4, t);
        g.addUndirectedEdge(bedroom, office, 4, t);
        g.addUndirectedEdge(bedroom, bathroom, 2, t);
        g.addUndirectedEdge(kitchen, office, 5, t);
        set(g, dock, "visits", 12L);
        set(g, dock, "floor", "tile");
        set(g, hall, "visits", 30L);
        set(g, hall, "clutter", 0.1);
        set(g, hall, "floor", "wood");
        set(g, kitchen, "visits", 25L);
        set(g, kitchen, "clutter", 0.6);
        set(g, kitchen, "floor", "tile");
        set(g, kitchen, "tags", List.of("food", "water"));
        set(g, bedroom, "visits", 4L);
        set(g, bedroom, "clutter", 0.3);
        set(g, bedroom, "floor", "carpet");
        set(g, office, "visits", 7L);
        set(g, office, "clutter", 0.8);
        set(g, office, "floor", "wood");
        set(g, bathroom, "clutter", 0.2);
        set(g, bathroom, "floor", "tile");
        set(g, bathroom, "tags", List.of("water"));
        return g;
    }

    private static int place(MutableNavGraph g, String name, PlaceKind kind, float x, float y) {
        int n = g.addNode(name, x, y);
        g.setLabels(n, kind.labelBit());
        return n;
    }

    private static void set(MutableNavGraph g, int node, String key, Object value) {
        g.setProperty(node, key, PropertyValues.encode(value));
    }
}
