package io.wally.maps;

import java.util.Optional;

/**
 * Copies a graph's observable state into an empty graph, keeping node ids: ids of removed nodes are
 * re-created and removed again, so the copy has the same {@link NavGraph#nodeIdLimit()} and the next
 * added node gets the same id in both.
 *
 * <p>Used to seed one graph from another: replicas from a persistent store, a store from an imported
 * map, a torture run's shadow graph. Reads {@code src} through its public API only; the writer of
 * {@code dst} is the calling thread.
 *
 * <pre>{@code
 * OffHeapGraph replica = GraphCopy.copy(store.graph(), new OffHeapGraph(store.graph().nodeIdLimit()));
 * }</pre>
 */
public final class GraphCopy {

    private GraphCopy() {
    }

    /**
     * Copies {@code src} into {@code dst}, which must be empty (node id limit 0); returns {@code dst}.
     *
     * @throws GraphException when {@code dst} is not empty or does not assign ids 0, 1, 2, … in order
     */
    public static <G extends MutableNavGraph> G copy(NavGraph src, G dst) {
        if (dst.nodeIdLimit() != 0) {
            throw new GraphException("copy target must be empty; it has node id limit " + dst.nodeIdLimit());
        }
        int limit = src.nodeIdLimit();
        for (int id = 0; id < limit; id++) {
            int got;
            if (src.containsNode(id)) {
                Optional<String> name = src.name(id);
                got = name.isPresent() ? dst.addNode(name.get(), src.x(id), src.y(id)) : dst.addNode(src.x(id), src.y(id));
            } else {
                got = dst.addNode(0f, 0f);
            }
            if (got != id) {
                throw new GraphException("copy target assigned id " + got + " where " + id + " was expected");
            }
        }
        for (int id = 0; id < limit; id++) {
            if (!src.containsNode(id)) {
                dst.removeNode(id);
            }
        }
        EdgeCursor edges = src.edges();
        for (int id = 0; id < limit; id++) {
            if (!src.containsNode(id)) {
                continue;
            }
            if (src.isBlocked(id)) {
                dst.setBlocked(id, true);
            }
            if (src.labels(id) != 0) {
                dst.setLabels(id, src.labels(id));
            }
            for (String key : src.propertyKeys(id)) {
                dst.setProperty(id, key, src.property(id, key).orElseThrow());
            }
            edges.moveTo(id);
            while (edges.next()) {
                dst.addEdge(id, edges.to(), edges.weight(), edges.type());
            }
        }
        return dst;
    }
}
