package io.wally.maps.store;

import io.wally.maps.EdgeCursor;
import io.wally.maps.NavGraph;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks that a graph's read methods agree with each other: counts match what iteration finds, names
 * resolve both ways, edges point at live nodes with valid weights and agree with the point look-ups,
 * property keys are sorted and readable. Used by {@code wally store verify} after recovery.
 *
 * <p>Threading: reads the graph on the calling thread.
 */
public final class GraphInvariants {

    private static final int MAX_PROBLEMS = 20;

    private GraphInvariants() {
    }

    /** Every violated invariant, each naming the node or edge (at most 20); empty when all hold. */
    public static List<String> check(NavGraph g) {
        List<String> problems = new ArrayList<>();
        int limit = g.nodeIdLimit();
        int live = 0;
        long edges = 0;
        EdgeCursor cursor = g.edges();
        Set<Integer> targets = new HashSet<>();
        for (int id = 0; id < limit && problems.size() < MAX_PROBLEMS; id++) {
            if (!g.containsNode(id)) {
                continue;
            }
            live++;
            if (!Float.isFinite(g.x(id)) || !Float.isFinite(g.y(id))) {
                problems.add("node " + id + " has non-finite coordinates (" + g.x(id) + ", " + g.y(id) + ")");
            }
            Optional<String> name = g.name(id);
            if (name.isPresent() && g.nodeId(name.get()) != id) {
                problems.add("node " + id + " is named \"" + name.get() + "\" but that name resolves to " + g.nodeId(name.get()));
            }
            targets.clear();
            cursor.moveTo(id);
            while (cursor.next()) {
                edges++;
                int to = cursor.to();
                String edge = "edge " + id + " -> " + to;
                if (cursor.from() != id) {
                    problems.add(edge + " reports source " + cursor.from());
                }
                if (!g.containsNode(to)) {
                    problems.add(edge + " points at a node that does not exist");
                    continue;
                }
                if (!targets.add(to)) {
                    problems.add(edge + " appears twice");
                }
                float w = cursor.weight();
                if (!(w >= 0f) || Float.isInfinite(w)) {
                    problems.add(edge + " has invalid weight " + w);
                }
                if (!g.hasEdge(id, to) || Float.floatToIntBits(g.weight(id, to)) != Float.floatToIntBits(w) || g.edgeType(id, to) != cursor.type()) {
                    problems.add(edge + " iterates as (weight " + w + ", type " + cursor.type() + ") but looks up as (weight "
                            + g.weight(id, to) + ", exists " + g.hasEdge(id, to) + ")");
                }
            }
            List<String> keys = g.propertyKeys(id);
            for (int k = 0; k < keys.size(); k++) {
                if (k > 0 && keys.get(k - 1).compareTo(keys.get(k)) >= 0) {
                    problems.add("property keys of node " + id + " are not sorted and unique: " + keys);
                }
                if (g.property(id, keys.get(k)).isEmpty()) {
                    problems.add("property \"" + keys.get(k) + "\" of node " + id + " is listed but has no value");
                }
            }
        }
        if (problems.isEmpty()) {
            if (live != g.nodeCount()) {
                problems.add("nodeCount() is " + g.nodeCount() + " but " + live + " live nodes were found below the id limit " + limit);
            }
            if (edges != g.edgeCount()) {
                problems.add("edgeCount() is " + g.edgeCount() + " but iteration found " + edges + " edges");
            }
            if (g.containsNode(limit)) {
                problems.add("node " + limit + " exists at or above nodeIdLimit()");
            }
        }
        return problems;
    }
}
