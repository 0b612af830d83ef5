package io.wally.maps.zone;

import io.wally.maps.EdgeCursor;
import io.wally.maps.NavGraph;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A graph seen through its zones, for the planners: nodes in a keep-out zone read as blocked (never entered) and
 * an edge entering a node in a speed zone weighs its weight times the zone's cost factor. Since every factor is
 * {@code >= 1}, a distance heuristic admissible on the graph stays admissible here. Everything else is the
 * underlying graph's.
 *
 * <p>The zones can be swapped ({@link #use}) between searches: a planner built once over this view keeps working.
 *
 * <p>Threading: as the underlying graph (one planner thread); {@link #use} on that thread between searches.
 */
public final class ZonedGraph implements NavGraph {

    private final NavGraph graph;
    private ZoneCosts costs;

    /** {@code graph} seen through {@code costs}. */
    public ZonedGraph(NavGraph graph, ZoneCosts costs) {
        this.graph = Objects.requireNonNull(graph, "graph");
        this.costs = Objects.requireNonNull(costs, "costs");
    }

    /** From now on, see the graph through {@code costs}. */
    public void use(ZoneCosts costs) {
        this.costs = Objects.requireNonNull(costs, "costs");
    }

    /** The zones in use. */
    public ZoneCosts costs() {
        return costs;
    }

    /** The graph underneath (its own blocked flags and weights). */
    public NavGraph base() {
        return graph;
    }

    @Override
    public long version() {
        return graph.version();
    }

    @Override
    public int nodeCount() {
        return graph.nodeCount();
    }

    @Override
    public int edgeCount() {
        return graph.edgeCount();
    }

    @Override
    public int nodeIdLimit() {
        return graph.nodeIdLimit();
    }

    @Override
    public boolean containsNode(int node) {
        return graph.containsNode(node);
    }

    @Override
    public float x(int node) {
        return graph.x(node);
    }

    @Override
    public float y(int node) {
        return graph.y(node);
    }

    @Override
    public boolean isBlocked(int node) {
        return graph.isBlocked(node) || costs.keepout(node);
    }

    @Override
    public int labels(int node) {
        return graph.labels(node);
    }

    @Override
    public Optional<String> name(int node) {
        return graph.name(node);
    }

    @Override
    public int nodeId(String name) {
        return graph.nodeId(name);
    }

    @Override
    public EdgeCursor edges() {
        return new Cursor(graph.edges());
    }

    @Override
    public boolean hasEdge(int from, int to) {
        return graph.hasEdge(from, to);
    }

    @Override
    public float weight(int from, int to) {
        return graph.weight(from, to) * costs.factor(to);
    }

    @Override
    public int edgeType(int from, int to) {
        return graph.edgeType(from, to);
    }

    @Override
    public Optional<byte[]> property(int node, String key) {
        return graph.property(node, key);
    }

    @Override
    public List<String> propertyKeys(int node) {
        return graph.propertyKeys(node);
    }

    /** The underlying cursor with zone-weighted edges; follows {@link #use} (reads the costs per edge). */
    private final class Cursor implements EdgeCursor {

        private final EdgeCursor inner;

        Cursor(EdgeCursor inner) {
            this.inner = inner;
        }

        @Override
        public EdgeCursor moveTo(int node) {
            inner.moveTo(node);
            return this;
        }

        @Override
        public boolean next() {
            return inner.next();
        }

        @Override
        public int from() {
            return inner.from();
        }

        @Override
        public int to() {
            return inner.to();
        }

        @Override
        public float weight() {
            return inner.weight() * costs.factor(inner.to());
        }

        @Override
        public int type() {
            return inner.type();
        }
    }
}
