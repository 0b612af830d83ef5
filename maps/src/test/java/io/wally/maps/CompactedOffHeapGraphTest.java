package io.wally.maps;

import io.wally.maps.graph.OffHeapGraph;
import java.util.List;
import java.util.Optional;

/**
 * Runs the {@link MutableNavGraphContract} on an {@link OffHeapGraph} that is compacted after every
 * successful mutation, so every read sees adjacency in the compact area and every edit starts from it.
 */
final class CompactedOffHeapGraphTest extends MutableNavGraphContract {

    @Override
    protected MutableNavGraph newGraph() {
        return new CompactingGraph(new OffHeapGraph());
    }

    /** Delegates everything; calls {@link OffHeapGraph#compact()} after each mutation that returned normally. */
    private record CompactingGraph(OffHeapGraph g) implements MutableNavGraph {

        private <T> T compacted(T result) {
            g.compact();
            return result;
        }

        @Override public long version() { return g.version(); }
        @Override public int nodeCount() { return g.nodeCount(); }
        @Override public int edgeCount() { return g.edgeCount(); }
        @Override public int nodeIdLimit() { return g.nodeIdLimit(); }
        @Override public boolean containsNode(int node) { return g.containsNode(node); }
        @Override public float x(int node) { return g.x(node); }
        @Override public float y(int node) { return g.y(node); }
        @Override public boolean isBlocked(int node) { return g.isBlocked(node); }
        @Override public int labels(int node) { return g.labels(node); }
        @Override public Optional<String> name(int node) { return g.name(node); }
        @Override public int nodeId(String name) { return g.nodeId(name); }
        @Override public EdgeCursor edges() { return g.edges(); }
        @Override public boolean hasEdge(int from, int to) { return g.hasEdge(from, to); }
        @Override public float weight(int from, int to) { return g.weight(from, to); }
        @Override public int edgeType(int from, int to) { return g.edgeType(from, to); }
        @Override public Optional<byte[]> property(int node, String key) { return g.property(node, key); }
        @Override public List<String> propertyKeys(int node) { return g.propertyKeys(node); }
        @Override public int addNode(float x, float y) { return compacted(g.addNode(x, y)); }
        @Override public int addNode(String name, float x, float y) { return compacted(g.addNode(name, x, y)); }
        @Override public void removeNode(int node) { g.removeNode(node); g.compact(); }
        @Override public void setBlocked(int node, boolean blocked) { g.setBlocked(node, blocked); g.compact(); }
        @Override public void setLabels(int node, int labels) { g.setLabels(node, labels); g.compact(); }
        @Override public void addEdge(int from, int to, float weight, int type) { g.addEdge(from, to, weight, type); g.compact(); }
        @Override public void addUndirectedEdge(int a, int b, float weight, int type) { g.addUndirectedEdge(a, b, weight, type); g.compact(); }
        @Override public boolean removeEdge(int from, int to) { return compacted(g.removeEdge(from, to)); }
        @Override public void setWeight(int from, int to, float weight) { g.setWeight(from, to, weight); g.compact(); }
        @Override public void setProperty(int node, String key, byte[] value) { g.setProperty(node, key, value); g.compact(); }
        @Override public boolean removeProperty(int node, String key) { return compacted(g.removeProperty(node, key)); }
        @Override public void close() { g.close(); }
    }
}
