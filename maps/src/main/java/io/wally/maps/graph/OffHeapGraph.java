package io.wally.maps.graph;

import static io.wally.maps.graph.NodeDescriptor.BLOCKED_BIT;

import io.wally.maps.BloomStats;
import io.wally.maps.DuplicateNameException;
import io.wally.maps.EdgeCursor;
import io.wally.maps.EdgeExistsException;
import io.wally.maps.GraphClosedException;
import io.wally.maps.GraphException;
import io.wally.maps.GraphLimits;
import io.wally.maps.MutableNavGraph;
import io.wally.maps.NoSuchEdgeException;
import io.wally.maps.OversizeException;
import io.wally.maps.PoolStats;
import io.wally.maps.PropertyStats;
import io.wally.maps.ReferenceGraph;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The production navigation graph: compact records off-heap ({@code java.lang.foreign}), hidden
 * behind {@link MutableNavGraph}; callers pass node ids, never offsets, and every id is checked.
 *
 * <pre>{@code
 * try (OffHeapGraph g = new OffHeapGraph(100_000)) {
 *     int dock = g.addNode("dock", 0f, 0f);
 *     int door = g.addNode("door", 2f, 0f);
 *     g.addUndirectedEdge(dock, door, 2f, 0);      // dock <--2.0--> door
 *     g.compact();                                 // adjacency contiguous, for fast traversal
 *     EdgeCursor out = g.edges();                  // one per thread, reused, allocation-free
 *     out.moveTo(dock);
 *     while (out.next()) { ... out.to(), out.weight() ... }
 * }
 * }</pre>
 *
 * <p>This class is a façade: it checks arguments, counts the version and delegates to four parts
 * (layouts and diagrams in {@link NodeDescriptor} and {@link AdjacencyDescriptor}):
 * <ul>
 *   <li>a {@link NodeTable}: 16 bytes per node id in two growable arrays indexed by id: a 4-byte word
 *       holding the live and blocked flags and the node's adjacency handle (all a search reads), and
 *       a 12-byte place (x, y, labels);</li>
 *   <li>an {@link AdjacencyStore}, read by an {@link AdjacencyCursor}: each node's out-edges in one
 *       adjacency record of 8-byte entries (10-byte once one of its edges has a type other than 0),
 *       from a {@link BlockPool} per power-of-two size class and entry width; a full record moves to
 *       the next class; {@link #compact()} copies every adjacency record, in node order, into one contiguous area
 *       sized exactly (CSR-like) and gives the pool pages back; there a record whose neighbours are
 *       near its node id and whose (weight, type) pairs are among the graph's few distinct ones takes
 *       3 bytes per edge (a 16-bit id delta and a code into an {@link EdgePalette}); later edits to a
 *       compacted node edit in place (weight, removal; a new weight joins the palette while it has
 *       room) or move its record back into a pool (addition, or a weight for a full palette);</li>
 *   <li>names in a {@link NameIndex} (hash index with a Bloom filter), properties in a
 *       {@link PropertyStore} (large values LZ4-compressed).</li>
 * </ul>
 *
 * <p>Semantics are those of {@link ReferenceGraph} (ids never reused, at most one edge per pair,
 * {@link GraphLimits}, version +1 per successful mutation, same exceptions in the same order); the
 * differential tests hold them to it. Costs: {@code addEdge}, {@code removeEdge}, {@code hasEdge},
 * {@code weight} scan the source's out-edges (O(out-degree)); {@link #removeNode} scans every node's
 * out-edges for edges into the removed node (O(V + E)) because records keep no in-edges (robot maps
 * mark obstacles {@linkplain #setBlocked blocked} rather than remove nodes). A node has at most
 * 8,388,608 out-edges, and a pool (size class and entry width) at most 8,388,608 records; beyond, an
 * {@link OversizeException}.
 *
 * <p>Threading: single writer. The graph, its cursors and its statistics are used by one thread
 * (the map agent); growth and {@link #compact()} free memory that a reader on another thread could
 * still hold, so other threads read only through a published view under the owner's protocol.
 * A cursor is invalidated by any mutation and by {@code compact()}; it checks that the graph is open
 * and the node live in {@code moveTo} only, then reads raw (bounds-checked) memory per edge.
 *
 * <p>Lifecycle: {@link #close()} frees every off-heap byte (and reports pool leaks, which would be a
 * bug of this class); later calls throw {@link GraphClosedException}.
 */
public final class OffHeapGraph implements MutableNavGraph {

    private final NodeTable nodes;
    private final AdjacencyStore adjacency;
    private final NameIndex names;
    private final BatchHasher batchHasher = new BatchHasher();
    private final PropertyStore properties;
    /** The arena of a mapped image whose memory the graph still uses; closed with the graph. */
    private final Arena imageArena;
    private long version;

    /** An empty graph sized for a few nodes; it grows as needed. */
    public OffHeapGraph() {
        this(NodeTable.MIN_CAPACITY);
    }

    /**
     * An empty graph at version 0, with room for {@code min(expectedNodes, 1024)} names (most grid
     * cells have none; the name index grows as needed).
     *
     * @param expectedNodes nodes to reserve record room for up front, {@code >= 0}; it grows beyond
     */
    public OffHeapGraph(int expectedNodes) {
        this(expectedNodes, Math.min(expectedNodes, 1024));
    }

    /**
     * An empty graph at version 0.
     *
     * @param expectedNodes nodes to reserve record room for up front, {@code >= 0}; it grows beyond
     * @param expectedNames names to size the name index and its Bloom filter for, {@code >= 0}; it grows beyond
     */
    public OffHeapGraph(int expectedNodes, int expectedNames) {
        if (expectedNodes < 0 || expectedNames < 0) {
            throw new IllegalArgumentException("expectedNodes and expectedNames must be >= 0; were " + expectedNodes
                    + " and " + expectedNames);
        }
        this.imageArena = null;
        this.nodes = new NodeTable(expectedNodes);
        this.adjacency = new AdjacencyStore(nodes);
        this.names = new NameIndex(Math.max(16, Math.min(expectedNames, 1 << 29)), true);
        this.properties = new PropertyStore(PropertyStore.DEFAULT_COMPRESS_THRESHOLD_BYTES,
                GraphLimits.MAX_PROPERTY_VALUE_BYTES);
    }

    /** Assembles a graph from an image's parts; see {@link GraphImage}. */
    OffHeapGraph(Arena imageArena, GraphImage.Parts parts) {
        this.imageArena = imageArena;
        this.version = parts.version();
        this.nodes = parts.nodes();
        this.adjacency = parts.adjacency();
        this.names = parts.names();
        this.properties = parts.properties();
    }

    // ================================================================ reads

    @Override
    public long version() {
        checkOpen();
        return version;
    }

    @Override
    public int nodeCount() {
        checkOpen();
        return nodes.count();
    }

    @Override
    public int edgeCount() {
        checkOpen();
        return adjacency.edgeCount();
    }

    @Override
    public int nodeIdLimit() {
        checkOpen();
        return nodes.idLimit();
    }

    @Override
    public boolean containsNode(int node) {
        checkOpen();
        return nodes.contains(node);
    }

    @Override
    public float x(int node) {
        return nodes.x(nodes.live(node));
    }

    @Override
    public float y(int node) {
        return nodes.y(nodes.live(node));
    }

    /**
     * {@inheritDoc}
     *
     * <p>On the planners' hot path (once per node reached): one read of the record's flags word, which
     * also answers the liveness check.
     */
    @Override
    public boolean isBlocked(int node) {
        return (nodes.liveWord(node) & BLOCKED_BIT) != 0;
    }

    @Override
    public int labels(int node) {
        return nodes.labels(nodes.live(node));
    }

    @Override
    public Optional<String> name(int node) {
        return names.name(live(node));
    }

    @Override
    public int nodeId(String name) {
        checkOpen();
        if (name == null) {
            throw new NullPointerException("node name is null");
        }
        return names.get(name);
    }

    @Override
    public EdgeCursor edges() {
        checkOpen();
        return new AdjacencyCursor(nodes, adjacency);
    }

    @Override
    public boolean hasEdge(int from, int to) {
        live(from);
        live(to);
        return adjacency.find(from, to) >= 0;
    }

    @Override
    public float weight(int from, int to) {
        live(from);
        live(to);
        int index = adjacency.find(from, to);
        return index < 0 ? Float.NaN : adjacency.weight(from, index);
    }

    @Override
    public int edgeType(int from, int to) {
        live(from);
        live(to);
        int index = adjacency.find(from, to);
        if (index < 0) {
            throw new NoSuchEdgeException(from, to);
        }
        return adjacency.type(from, index);
    }

    @Override
    public Optional<byte[]> property(int node, String key) {
        live(node);
        GraphLimits.checkPropertyKey(key);
        return properties.get(node, key);
    }

    @Override
    public List<String> propertyKeys(int node) {
        return properties.keys(live(node));
    }

    /**
     * Whether each name is present: element {@code i} answers {@code names[i]}. Hashes the batch on the
     * vector path and lets the Bloom filter reject absent names before any probe.
     */
    public boolean[] exist(String[] nameBatch) {
        checkOpen();
        for (int i = 0; i < nameBatch.length; i++) {
            if (nameBatch[i] == null) {
                throw new NullPointerException("names[" + i + "] is null");
            }
        }
        return names.containsAll(nameBatch);
    }

    // ================================================================ writes

    @Override
    public int addNode(float x, float y) {
        checkOpen();
        GraphLimits.checkCoordinates(x, y);
        nodes.ensureCapacity(nodes.idLimit() + 1L);
        return appendNode(x, y);
    }

    @Override
    public int addNode(String name, float x, float y) {
        checkOpen();
        GraphLimits.checkName(name);
        GraphLimits.checkCoordinates(x, y);
        int existing = names.get(name);
        if (existing != NO_NODE) {
            throw new DuplicateNameException(name, existing);
        }
        nodes.ensureCapacity(nodes.idLimit() + 1L);
        names.put(name, nodes.idLimit());
        return appendNode(x, y);
    }

    /**
     * Adds {@code names.length} named nodes at once: checks the whole batch first (names valid and
     * unique, also within the batch; coordinates finite), then adds them with consecutive ids; on any
     * bad input nothing is added. The existence check hashes the batch on the vector path. Counts as
     * {@code names.length} mutations, like as many {@link #addNode(String, float, float)} calls.
     *
     * @param nameBatch the names; {@code xs[i]}, {@code ys[i]} are the coordinates of {@code nameBatch[i]}, metres
     * @return the new ids, in batch order
     */
    public int[] addNodes(String[] nameBatch, float[] xs, float[] ys) {
        checkOpen();
        if (xs.length != nameBatch.length || ys.length != nameBatch.length) {
            throw new IllegalArgumentException("batch arrays differ in length: names " + nameBatch.length
                    + ", xs " + xs.length + ", ys " + ys.length);
        }
        int n = nameBatch.length;
        int firstId = nodes.idLimit();
        byte[][] utf8 = new byte[n][];
        Map<String, Integer> inBatch = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            utf8[i] = GraphLimits.checkName(nameBatch[i]);
            GraphLimits.checkCoordinates(xs[i], ys[i]);
            Integer earlier = inBatch.putIfAbsent(nameBatch[i], i);
            if (earlier != null) {
                throw new DuplicateNameException(nameBatch[i], firstId + earlier);
            }
        }
        // hashed once for the look-up and the insertion
        long[] hashes = new long[n];
        batchHasher.hashAll(nameBatch, hashes);
        int[] ids = new int[n];
        names.getAllVector(nameBatch, hashes, ids);
        for (int i = 0; i < n; i++) {
            if (ids[i] != NO_NODE) {
                throw new DuplicateNameException(nameBatch[i], ids[i]);
            }
        }
        nodes.ensureCapacity((long) firstId + n);
        names.reserve(n); // one growth (and filter rebuild) for the batch instead of one per step
        names.reserveNodeIds(firstId + n);
        for (int i = 0; i < n; i++) {
            names.putChecked(utf8[i], hashes[i], nodes.idLimit());
            ids[i] = appendNode(xs[i], ys[i]);
        }
        return ids;
    }

    private int appendNode(float x, float y) {
        int id = nodes.append(x, y);
        version++;
        return id;
    }

    @Override
    public void removeNode(int node) {
        live(node);
        // edges into the node: records keep no in-edges, so scan every other node's out-edges
        for (int n = 0; n < nodes.idLimit(); n++) {
            if (n != node && nodes.contains(n)) {
                int index = adjacency.find(n, node);
                if (index >= 0) {
                    adjacency.remove(n, index);
                }
            }
        }
        adjacency.removeAll(node);
        names.removeNode(node);
        properties.removeAll(node);
        nodes.remove(node);
        version++;
    }

    @Override
    public void setBlocked(int node, boolean blocked) {
        int w = nodes.liveWord(node);
        nodes.setWord(node, blocked ? w | BLOCKED_BIT : w & ~BLOCKED_BIT);
        version++;
    }

    @Override
    public void setLabels(int node, int labels) {
        nodes.setLabels(live(node), labels);
        version++;
    }

    @Override
    public void addEdge(int from, int to, float weight, int type) {
        live(from);
        live(to);
        GraphLimits.checkWeight(from, to, weight);
        GraphLimits.checkEdgeType(from, to, type);
        if (adjacency.find(from, to) >= 0) {
            throw new EdgeExistsException(from, to);
        }
        adjacency.append(from, to, weight + 0f, type);
        version++;
    }

    /**
     * Adds {@code a -> b} and {@code b -> a} atomically: when either arc exists (or any argument is
     * bad), nothing is added. Counts two mutations (one for a loop {@code a == b}).
     */
    @Override
    public void addUndirectedEdge(int a, int b, float weight, int type) {
        live(a);
        live(b);
        GraphLimits.checkWeight(a, b, weight);
        GraphLimits.checkEdgeType(a, b, type);
        if (adjacency.find(a, b) >= 0) {
            throw new EdgeExistsException(a, b);
        }
        if (adjacency.find(b, a) >= 0) {
            throw new EdgeExistsException(b, a);
        }
        // both arcs checked above: append them directly (grid imports add some 10^5 of these)
        adjacency.append(a, b, weight + 0f, type);
        version++;
        if (a != b) {
            try {
                adjacency.append(b, a, weight + 0f, type);
            } catch (GraphException e) {
                // only an oversize adjacency can fail here; undo the first arc so nothing changed
                adjacency.remove(a, adjacency.find(a, b));
                version--;
                throw e;
            }
            version++;
        }
    }

    /**
     * Makes room for {@code degree} out-edges of {@code node} when it has none yet, so that adding them moves its
     * adjacency record nowhere (it otherwise moves to a larger block at its 2nd, 3rd, 5th, 9th... edge): what a
     * grid import does for every cell. A node left with fewer edges than reserved keeps the larger block until
     * the graph is compacted; one left with none keeps an empty record.
     *
     * @param degree the out-edges the node will have, at least 0
     * @param type their type: a type other than 0 needs the typed (wider) entries
     * @throws OversizeException when no record holds {@code degree} out-edges
     */
    @Override
    public void reserveOutEdges(int node, int degree, int type) {
        live(node);
        if (degree < 0) {
            throw new IllegalArgumentException("degree must be at least 0; was " + degree);
        }
        GraphLimits.checkEdgeType(node, node, type);
        adjacency.reserve(node, degree, type != 0);
    }

    @Override
    public boolean removeEdge(int from, int to) {
        live(from);
        live(to);
        int index = adjacency.find(from, to);
        if (index < 0) {
            return false;
        }
        adjacency.remove(from, index);
        version++;
        return true;
    }

    @Override
    public void setWeight(int from, int to, float weight) {
        live(from);
        live(to);
        GraphLimits.checkWeight(from, to, weight);
        int index = adjacency.find(from, to);
        if (index < 0) {
            throw new NoSuchEdgeException(from, to);
        }
        adjacency.setWeight(from, index, weight + 0f);
        version++;
    }

    @Override
    public void setProperty(int node, String key, byte[] value) {
        live(node);
        GraphLimits.checkPropertyKey(key);
        GraphLimits.checkPropertyValue(key, value);
        properties.set(node, key, value);
        version++;
    }

    @Override
    public boolean removeProperty(int node, String key) {
        live(node);
        GraphLimits.checkPropertyKey(key);
        if (!properties.remove(node, key)) {
            return false;
        }
        version++;
        return true;
    }

    /**
     * Lays every node's out-edges out contiguously, in node order, in one area of exactly the bytes
     * they need, and gives the pools' pages back. Not a mutation: the version and every observable
     * value (including iteration order) stay the same. O(V + E); invalidates cursors.
     *
     * @throws OversizeException when the edges would need more than the compact area can address (1 GiB)
     */
    public void compact() {
        checkOpen();
        adjacency.compact();
    }

    /**
     * Writes the whole observable state (version, node and edge records, names, properties) as one
     * self-describing image ({@link ImageDescriptor}: magic, format version, record sizes, counts,
     * graph version, a CRC32C per section and for the header). The adjacency is written compacted;
     * the graph itself is not changed. Blocking I/O on the calling (writer) thread.
     *
     * @param out where the image goes; not closed
     * @throws IOException from {@code out}
     */
    public void writeImage(WritableByteChannel out) throws IOException {
        checkOpen();
        GraphImage.write(new GraphImage.Parts(version, nodes, adjacency, names, properties), out);
    }

    /**
     * Opens an image written by {@link #writeImage}: maps the file copy-on-write
     * ({@code MapMode.PRIVATE}; a read-only file is mapped read-only and copied), checks the header
     * (magic, format version, record sizes, byte order, counts, section bounds) and every section's
     * CRC32C, and uses the node and edge records in place, without parsing them; names and properties
     * are restored from their sections. The returned graph is writable; edits never reach the file.
     * The caller closes it.
     *
     * @throws CorruptImageException naming the file and the problem (truncated, wrong magic or version,
     *         unexpected record size, checksum mismatch)
     * @throws GraphException when the file cannot be read
     */
    public static OffHeapGraph openImage(Path file) {
        return GraphImage.open(file);
    }

    /**
     * Frees every off-heap byte; idempotent. Edge blocks that no node record refers to (a bug of this
     * class) are logged as a leak.
     */
    @Override
    public void close() {
        if (nodes.isClosed()) {
            return;
        }
        adjacency.close(); // reads the node records to tell leaks from live records
        nodes.close();
        names.close();
        properties.close();
        if (imageArena != null) {
            imageArena.close();
        }
    }

    // ================================================================ statistics

    /** Off-heap bytes of the node records in use: {@code nodeIdLimit() * 16} (removed ids keep their record). */
    public long nodeRecordBytes() {
        checkOpen();
        return nodes.recordBytes();
    }

    /** Off-heap bytes of live adjacency records: pool blocks in use plus the live part of the compact area. */
    public long edgeRecordBytes() {
        checkOpen();
        return adjacency.recordBytes();
    }

    /**
     * All off-heap bytes the graph holds: reserved node segment, reserved pool pages, compact area
     * (with its 2 KiB edge palette), name index and property store.
     */
    public long offHeapBytes() {
        checkOpen();
        return nodes.reservedBytes() + adjacency.reservedBytes() + names.offHeapBytes() + properties.stats().offHeapBytes();
    }

    /** The edge pools' counters, summed over the size classes. */
    public PoolStats poolStats() {
        checkOpen();
        return adjacency.poolStats();
    }

    /** Statistics of the name index's Bloom filter. */
    public Optional<BloomStats> bloomStats() {
        checkOpen();
        return names.bloomStats();
    }

    /** Statistics of the property store (values, compression). */
    public PropertyStats propertyStats() {
        checkOpen();
        return properties.stats();
    }

    @Override
    public String toString() {
        return nodes.isClosed() ? "OffHeapGraph[closed]"
                : "OffHeapGraph[nodes=" + nodes.count() + ", edges=" + adjacency.edgeCount() + ", version=" + version + "]";
    }

    private void checkOpen() {
        nodes.checkOpen();
    }

    /** {@code node} when it is a live node of this open graph; else the matching exception. */
    private int live(int node) {
        return nodes.live(node);
    }
}
