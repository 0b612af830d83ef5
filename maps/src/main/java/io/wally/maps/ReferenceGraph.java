package io.wally.maps;

import io.wally.maps.graph.OffHeapGraph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The on-heap reference navigation graph: plain Java collections, written to be obviously correct
 * rather than fast. It is the oracle of the differential tests and the "before" column of the
 * benchmarks; production code uses {@link OffHeapGraph}.
 *
 * <pre>{@code
 * try (ReferenceGraph g = new ReferenceGraph()) {
 *     int dock = g.addNode("dock", 0f, 0f);
 *     int door = g.addNode("door", 2f, 0f);
 *     g.addUndirectedEdge(dock, door, 2f, 0);   // dock <--2.0--> door
 *     g.nodeId("door");                          // == door
 * }
 * }</pre>
 *
 * <p>Semantics shared by every {@link MutableNavGraph} of this package (and checked by the contract
 * test):
 * <ul>
 *   <li>ids are 0, 1, 2, … in order of addition and never reused, also after {@link #removeNode};</li>
 *   <li>at most one edge per ordered pair {@code (from, to)}; a loop {@code n -> n} is allowed;</li>
 *   <li>limits and their exceptions are those of {@link GraphLimits}; checks run in a fixed order
 *       (closed, then node ids left to right, then names/keys, coordinates, weight, type, then
 *       existence), so two implementations throw the same exception for the same call;</li>
 *   <li>{@link #removeNode} removes the node's in- and out-edges, its name and properties;</li>
 *   <li>{@link #version()} starts at 0 and increases by exactly 1 per successful mutating call
 *       ({@link #addUndirectedEdge} adds two arcs and counts 2, or 1 for a loop {@code a == b});
 *       a call that throws, or {@link #removeEdge}/{@link #removeProperty} returning false,
 *       leaves it and the graph unchanged;</li>
 *   <li>after {@link #close()}, every method except {@code close()} throws {@link GraphClosedException}.</li>
 * </ul>
 *
 * <p>Threading: not thread-safe; one thread (the writer) reads and writes it. A cursor is
 * invalidated by any mutation of the graph. Its cursor allocates an iterator per {@code moveTo} (this
 * class is the oracle, not the fast path; {@link OffHeapGraph}'s cursor allocates nothing).
 */
public final class ReferenceGraph implements MutableNavGraph {

    private static final class Node {
        float x;
        float y;
        boolean blocked;
        int labels;
        String name;
        final LinkedHashMap<Integer, Edge> out = new LinkedHashMap<>();
        final Set<Integer> in = new LinkedHashSet<>();
        final TreeMap<String, byte[]> properties = new TreeMap<>();
    }

    private static final class Edge {
        float weight;
        int type;

        Edge(float weight, int type) {
            this.weight = weight;
            this.type = type;
        }
    }

    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Integer> ids = new HashMap<>();
    private int nodeCount;
    private int edgeCount;
    private long version;
    private boolean closed;

    /** Creates an empty graph at version 0. */
    public ReferenceGraph() {
    }

    // ---------------------------------------------------------------- reads

    @Override
    public long version() {
        checkOpen();
        return version;
    }

    @Override
    public int nodeCount() {
        checkOpen();
        return nodeCount;
    }

    @Override
    public int edgeCount() {
        checkOpen();
        return edgeCount;
    }

    @Override
    public int nodeIdLimit() {
        checkOpen();
        return nodes.size();
    }

    @Override
    public boolean containsNode(int node) {
        checkOpen();
        return node >= 0 && node < nodes.size() && nodes.get(node) != null;
    }

    @Override
    public float x(int node) {
        return live(node).x;
    }

    @Override
    public float y(int node) {
        return live(node).y;
    }

    @Override
    public boolean isBlocked(int node) {
        return live(node).blocked;
    }

    @Override
    public int labels(int node) {
        return live(node).labels;
    }

    @Override
    public Optional<String> name(int node) {
        return Optional.ofNullable(live(node).name);
    }

    @Override
    public int nodeId(String name) {
        checkOpen();
        if (name == null) {
            throw new NullPointerException("node name is null");
        }
        Integer id = ids.get(name);
        return id == null ? NO_NODE : id;
    }

    @Override
    public EdgeCursor edges() {
        checkOpen();
        return new Cursor();
    }

    @Override
    public boolean hasEdge(int from, int to) {
        Node f = live(from);
        live(to);
        return f.out.containsKey(to);
    }

    @Override
    public float weight(int from, int to) {
        Node f = live(from);
        live(to);
        Edge e = f.out.get(to);
        return e == null ? Float.NaN : e.weight;
    }

    @Override
    public int edgeType(int from, int to) {
        Node f = live(from);
        live(to);
        Edge e = f.out.get(to);
        if (e == null) {
            throw new NoSuchEdgeException(from, to);
        }
        return e.type;
    }

    @Override
    public Optional<byte[]> property(int node, String key) {
        Node n = live(node);
        GraphLimits.checkPropertyKey(key);
        byte[] value = n.properties.get(key);
        return value == null ? Optional.empty() : Optional.of(value.clone());
    }

    @Override
    public List<String> propertyKeys(int node) {
        return List.copyOf(live(node).properties.keySet());
    }

    // ---------------------------------------------------------------- writes

    @Override
    public int addNode(float x, float y) {
        checkOpen();
        GraphLimits.checkCoordinates(x, y);
        return append(null, x, y);
    }

    @Override
    public int addNode(String name, float x, float y) {
        checkOpen();
        GraphLimits.checkName(name);
        GraphLimits.checkCoordinates(x, y);
        Integer existing = ids.get(name);
        if (existing != null) {
            throw new DuplicateNameException(name, existing);
        }
        int id = append(name, x, y);
        ids.put(name, id);
        return id;
    }

    private int append(String name, float x, float y) {
        Node n = new Node();
        n.x = x;
        n.y = y;
        n.name = name;
        nodes.add(n);
        nodeCount++;
        version++;
        return nodes.size() - 1;
    }

    @Override
    public void removeNode(int node) {
        Node n = live(node);
        for (int to : n.out.keySet()) {
            if (to != node) {
                nodes.get(to).in.remove(node);
            }
        }
        edgeCount -= n.out.size();
        for (int from : n.in) {
            if (from != node) {
                nodes.get(from).out.remove(node);
                edgeCount--;
            }
        }
        if (n.name != null) {
            ids.remove(n.name);
        }
        nodes.set(node, null);
        nodeCount--;
        version++;
    }

    @Override
    public void setBlocked(int node, boolean blocked) {
        live(node).blocked = blocked;
        version++;
    }

    @Override
    public void setLabels(int node, int labels) {
        live(node).labels = labels;
        version++;
    }

    @Override
    public void addEdge(int from, int to, float weight, int type) {
        Node f = live(from);
        Node t = live(to);
        GraphLimits.checkWeight(from, to, weight);
        GraphLimits.checkEdgeType(from, to, type);
        if (f.out.containsKey(to)) {
            throw new EdgeExistsException(from, to);
        }
        f.out.put(to, new Edge(weight + 0f, type));
        t.in.add(from);
        edgeCount++;
        version++;
    }

    /**
     * Adds {@code a -> b} and {@code b -> a} atomically: when either arc exists (or any argument is
     * bad), nothing is added. Counts two mutations (one for a loop {@code a == b}).
     */
    @Override
    public void addUndirectedEdge(int a, int b, float weight, int type) {
        Node na = live(a);
        Node nb = live(b);
        GraphLimits.checkWeight(a, b, weight);
        GraphLimits.checkEdgeType(a, b, type);
        if (na.out.containsKey(b)) {
            throw new EdgeExistsException(a, b);
        }
        if (nb.out.containsKey(a)) {
            throw new EdgeExistsException(b, a);
        }
        addEdge(a, b, weight, type);
        if (a != b) {
            addEdge(b, a, weight, type);
        }
    }

    @Override
    public boolean removeEdge(int from, int to) {
        Node f = live(from);
        Node t = live(to);
        if (f.out.remove(to) == null) {
            return false;
        }
        t.in.remove(from);
        edgeCount--;
        version++;
        return true;
    }

    @Override
    public void setWeight(int from, int to, float weight) {
        Node f = live(from);
        live(to);
        GraphLimits.checkWeight(from, to, weight);
        Edge e = f.out.get(to);
        if (e == null) {
            throw new NoSuchEdgeException(from, to);
        }
        e.weight = weight + 0f;
        version++;
    }

    @Override
    public void setProperty(int node, String key, byte[] value) {
        Node n = live(node);
        GraphLimits.checkPropertyKey(key);
        GraphLimits.checkPropertyValue(key, value);
        n.properties.put(key, Arrays.copyOf(value, value.length));
        version++;
    }

    @Override
    public boolean removeProperty(int node, String key) {
        Node n = live(node);
        GraphLimits.checkPropertyKey(key);
        if (n.properties.remove(key) == null) {
            return false;
        }
        version++;
        return true;
    }

    /** Releases the collections; idempotent. */
    @Override
    public void close() {
        closed = true;
        nodes.clear();
        ids.clear();
    }

    @Override
    public String toString() {
        return closed ? "ReferenceGraph[closed]"
                : "ReferenceGraph[nodes=" + nodeCount + ", edges=" + edgeCount + ", version=" + version + "]";
    }

    // ---------------------------------------------------------------- internals

    private void checkOpen() {
        if (closed) {
            throw new GraphClosedException("ReferenceGraph");
        }
    }

    private Node live(int node) {
        checkOpen();
        Node n = node >= 0 && node < nodes.size() ? nodes.get(node) : null;
        if (n == null) {
            throw new UnknownNodeException(node, nodes.size());
        }
        return n;
    }

    /** Iterates a snapshot-free view of one node's out-edges; invalidated by a mutation. */
    private final class Cursor implements EdgeCursor {
        private int from = NO_NODE;
        private Iterator<Map.Entry<Integer, Edge>> it;
        private Map.Entry<Integer, Edge> current;

        @Override
        public EdgeCursor moveTo(int node) {
            Node n = live(node);
            from = node;
            it = n.out.entrySet().iterator();
            current = null;
            return this;
        }

        @Override
        public boolean next() {
            checkOpen();
            if (it != null && it.hasNext()) {
                current = it.next();
                return true;
            }
            current = null;
            return false;
        }

        @Override
        public int from() {
            return from;
        }

        @Override
        public int to() {
            return current().getKey();
        }

        @Override
        public float weight() {
            return current().getValue().weight;
        }

        @Override
        public int type() {
            return current().getValue().type;
        }

        private Map.Entry<Integer, Edge> current() {
            if (current == null) {
                throw new IllegalStateException("cursor is not on an edge: call moveTo(node) and next() first");
            }
            return current;
        }
    }
}
