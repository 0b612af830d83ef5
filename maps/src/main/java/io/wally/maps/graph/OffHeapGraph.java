package io.wally.maps.graph;

import static io.wally.maps.graph.AdjacencyDescriptor.HEADER_BYTES;
import static io.wally.maps.graph.AdjacencyDescriptor.NO_ADJACENCY;
import static io.wally.maps.graph.NodeDescriptor.BLOCKED_BIT;
import static io.wally.maps.graph.NodeDescriptor.HANDLE_MASK;
import static io.wally.maps.graph.NodeDescriptor.LIVE_BIT;
import static io.wally.maps.graph.NodeDescriptor.RECORD_BYTES;

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
import io.wally.maps.UnknownNodeException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
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
 * <p>Storage (layouts and diagrams in {@link NodeDescriptor} and {@link AdjacencyDescriptor}):
 * <ul>
 *   <li>16 bytes per node id in two growable arrays indexed by id: a 4-byte word holding the live
 *       and blocked flags and the node's adjacency handle (all a search reads), and a 12-byte place
 *       (x, y, labels);</li>
 *   <li>each node's out-edges in one adjacency record of 8-byte entries (10-byte once one of its
 *       edges has a type other than 0), from a {@link BlockPool} per power-of-two size class and entry
 *       width; a full record moves to the next class;</li>
 *   <li>{@link #compact()} copies every adjacency record, in node order, into one contiguous area
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

    private static final System.Logger LOG = System.getLogger(OffHeapGraph.class.getName());
    private static final int MIN_NODE_CAPACITY = 64;
    private static final int CLASSES = AdjacencyDescriptor.MAX_CLASS + 1;
    /** Target pool page size; small classes get many blocks per page, large ones one. */
    private static final int POOL_PAGE_BYTES = 256 * 1024;

    private Arena nodeArena;
    /** Per node id: the 4-byte word (flags, adjacency handle); see {@link NodeDescriptor}. */
    private MemorySegment words;
    /** Per node id: the 12-byte place (x, y, labels). */
    private MemorySegment places;
    private int nodeCapacity;
    private int nodeIdLimit;
    private int nodeCount;
    private int edgeCount;
    private long version;

    /** Edge pools: untyped size classes at [0, CLASSES), typed ones at [CLASSES, 2 * CLASSES). */
    private final BlockPool[] pools = new BlockPool[2 * CLASSES];
    private Arena compactArena;
    private MemorySegment compactArea = MemorySegment.NULL;
    /** The weights narrow compact entries refer to; null until the first compact area. */
    private EdgePalette palette;
    private long compactUsedBytes;
    private long compactDeadBytes;

    private final NameIndex names;
    private final BatchHasher batchHasher = new BatchHasher();
    private final PropertyStore properties;
    /** The arena of a mapped image whose memory the graph still uses; closed with the graph. */
    private final Arena imageArena;
    private boolean closed;

    /** An empty graph sized for a few nodes; it grows as needed. */
    public OffHeapGraph() {
        this(MIN_NODE_CAPACITY);
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
        this.nodeCapacity = Math.max(MIN_NODE_CAPACITY, expectedNodes);
        this.nodeArena = Arena.ofShared();
        this.words = nodeArena.allocate((long) nodeCapacity * NodeDescriptor.WORD_BYTES, 8);
        this.places = nodeArena.allocate((long) nodeCapacity * NodeDescriptor.PLACE_BYTES, 8);
        this.names = new NameIndex(Math.max(16, Math.min(expectedNames, 1 << 29)), true);
        this.properties = new PropertyStore(PropertyStore.DEFAULT_COMPRESS_THRESHOLD_BYTES,
                GraphLimits.MAX_PROPERTY_VALUE_BYTES);
    }

    /** Assembles a graph from an image's parts; see {@link GraphImage}. */
    OffHeapGraph(Arena imageArena, MemorySegment words, MemorySegment places, int nodeIdLimit, int nodeCount, int edgeCount, long version,
                 MemorySegment compactArea, EdgePalette palette, long compactUsedBytes, long compactDeadBytes,
                 NameIndex names, PropertyStore properties) {
        this.imageArena = imageArena;
        this.nodeArena = null;
        this.words = words;
        this.places = places;
        this.nodeCapacity = nodeIdLimit;
        this.nodeIdLimit = nodeIdLimit;
        this.nodeCount = nodeCount;
        this.edgeCount = edgeCount;
        this.version = version;
        this.compactArena = null;
        this.compactArea = compactArea;
        this.palette = palette;
        this.compactUsedBytes = compactUsedBytes;
        this.compactDeadBytes = compactDeadBytes;
        this.names = names;
        this.properties = properties;
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
        return nodeIdLimit;
    }

    @Override
    public boolean containsNode(int node) {
        checkOpen();
        return Integer.compareUnsigned(node, nodeIdLimit) < 0 && (word(node) & LIVE_BIT) != 0;
    }

    @Override
    public float x(int node) {
        return places.get(NodeDescriptor.FLOAT, NodeDescriptor.placeOffset(live(node)) + NodeDescriptor.X_OFFSET);
    }

    @Override
    public float y(int node) {
        return places.get(NodeDescriptor.FLOAT, NodeDescriptor.placeOffset(live(node)) + NodeDescriptor.Y_OFFSET);
    }

    /**
     * {@inheritDoc}
     *
     * <p>On the planners' hot path (once per node reached): one read of the record's flags word, which
     * also answers the liveness check.
     */
    @Override
    public boolean isBlocked(int node) {
        return (liveWord(node) & BLOCKED_BIT) != 0;
    }

    @Override
    public int labels(int node) {
        return places.get(NodeDescriptor.INT, NodeDescriptor.placeOffset(live(node)) + NodeDescriptor.LABELS_OFFSET);
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
        return new Cursor();
    }

    @Override
    public boolean hasEdge(int from, int to) {
        live(from);
        live(to);
        return find(from, to) >= 0;
    }

    @Override
    public float weight(int from, int to) {
        live(from);
        live(to);
        int index = find(from, to);
        if (index < 0) {
            return Float.NaN;
        }
        int h = handle(from);
        return entryWeight(segOf(h), entryAt(h, index), header(h));
    }

    @Override
    public int edgeType(int from, int to) {
        live(from);
        live(to);
        int index = find(from, to);
        if (index < 0) {
            throw new NoSuchEdgeException(from, to);
        }
        int h = handle(from);
        return entryType(segOf(h), entryAt(h, index), header(h));
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
        ensureNodeCapacity(nodeIdLimit + 1L);
        return appendRecord(x, y);
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
        ensureNodeCapacity(nodeIdLimit + 1L);
        names.put(name, nodeIdLimit);
        return appendRecord(x, y);
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
        byte[][] utf8 = new byte[n][];
        Map<String, Integer> inBatch = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            utf8[i] = GraphLimits.checkName(nameBatch[i]);
            GraphLimits.checkCoordinates(xs[i], ys[i]);
            Integer earlier = inBatch.putIfAbsent(nameBatch[i], i);
            if (earlier != null) {
                throw new DuplicateNameException(nameBatch[i], nodeIdLimit + earlier);
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
        ensureNodeCapacity((long) nodeIdLimit + n);
        names.reserve(n); // one growth (and filter rebuild) for the batch instead of one per step
        names.reserveNodeIds(nodeIdLimit + n);
        for (int i = 0; i < n; i++) {
            names.putChecked(utf8[i], hashes[i], nodeIdLimit);
            ids[i] = appendRecord(xs[i], ys[i]);
        }
        return ids;
    }

    private int appendRecord(float x, float y) {
        int id = nodeIdLimit;
        long at = NodeDescriptor.placeOffset(id);
        places.set(NodeDescriptor.FLOAT, at + NodeDescriptor.X_OFFSET, x);
        places.set(NodeDescriptor.FLOAT, at + NodeDescriptor.Y_OFFSET, y);
        places.set(NodeDescriptor.INT, at + NodeDescriptor.LABELS_OFFSET, 0);
        words.set(NodeDescriptor.INT, NodeDescriptor.wordOffset(id), LIVE_BIT | NO_ADJACENCY);
        nodeIdLimit++;
        nodeCount++;
        version++;
        return id;
    }

    @Override
    public void removeNode(int node) {
        live(node);
        // edges into the node: records keep no in-edges, so scan every other node's out-edges
        for (int n = 0; n < nodeIdLimit; n++) {
            if (n != node && (word(n) & LIVE_BIT) != 0) {
                int index = find(n, node);
                if (index >= 0) {
                    removeEntry(n, index);
                    edgeCount--;
                }
            }
        }
        int h = handle(node);
        if (h != NO_ADJACENCY) {
            edgeCount -= degree(h);
            releaseRecord(h);
        }
        names.removeNode(node);
        properties.removeAll(node);
        words.set(NodeDescriptor.INT, NodeDescriptor.wordOffset(node), 0);
        places.asSlice(NodeDescriptor.placeOffset(node), NodeDescriptor.PLACE_BYTES).fill((byte) 0);
        nodeCount--;
        version++;
    }

    @Override
    public void setBlocked(int node, boolean blocked) {
        int w = word(live(node));
        setWord(node, blocked ? w | BLOCKED_BIT : w & ~BLOCKED_BIT);
        version++;
    }

    @Override
    public void setLabels(int node, int labels) {
        places.set(NodeDescriptor.INT, NodeDescriptor.placeOffset(live(node)) + NodeDescriptor.LABELS_OFFSET, labels);
        version++;
    }

    @Override
    public void addEdge(int from, int to, float weight, int type) {
        live(from);
        live(to);
        GraphLimits.checkWeight(from, to, weight);
        GraphLimits.checkEdgeType(from, to, type);
        if (find(from, to) >= 0) {
            throw new EdgeExistsException(from, to);
        }
        appendEntry(from, to, weight + 0f, type);
        edgeCount++;
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
        if (find(a, b) >= 0) {
            throw new EdgeExistsException(a, b);
        }
        if (find(b, a) >= 0) {
            throw new EdgeExistsException(b, a);
        }
        addEdge(a, b, weight, type);
        if (a != b) {
            try {
                addEdge(b, a, weight, type);
            } catch (GraphException e) {
                // only an oversize adjacency can fail here; undo the first arc so nothing changed
                removeEntry(a, find(a, b));
                edgeCount--;
                version--;
                throw e;
            }
        }
    }

    @Override
    public boolean removeEdge(int from, int to) {
        live(from);
        live(to);
        int index = find(from, to);
        if (index < 0) {
            return false;
        }
        removeEntry(from, index);
        edgeCount--;
        version++;
        return true;
    }

    @Override
    public void setWeight(int from, int to, float weight) {
        live(from);
        live(to);
        GraphLimits.checkWeight(from, to, weight);
        int index = find(from, to);
        if (index < 0) {
            throw new NoSuchEdgeException(from, to);
        }
        int h = handle(from);
        float w = weight + 0f;
        if (AdjacencyDescriptor.isNarrow(header(h))) {
            long at = entryAt(h, index);
            // a new pair joins the palette while it has room (codes in use never change), so that
            // cost updates of a compacted map, such as obstacle marks, keep their records in place
            int code = palette.codeOrAdd(w, entryType(segOf(h), at, header(h)));
            if (code >= 0) {
                segOf(h).set(ValueLayout.JAVA_BYTE, at + AdjacencyDescriptor.CODE_OFFSET, (byte) code);
                version++;
                return;
            }
            // the palette is full: the record leaves the compact area in its wide form
            h = moveToPool(from, h, AdjacencyDescriptor.classFor(degree(h)), needsTypes(h));
        }
        segOf(h).set(AdjacencyDescriptor.FLOAT, entryAt(h, index) + AdjacencyDescriptor.WEIGHT_OFFSET, w);
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
        Arena arena = Arena.ofShared();
        EdgePalette built = buildPalette(EdgePalette.empty(arena.allocate(EdgePalette.BYTES, 8)));
        byte[] forms = compactForms(built);
        long total = compactAreaBytes(forms);
        if (total > AdjacencyDescriptor.MAX_COMPACT_BYTES) {
            arena.close();
            throw new OversizeException("compact edge area", total, AdjacencyDescriptor.MAX_COMPACT_BYTES);
        }
        MemorySegment area = total == 0 ? MemorySegment.NULL : arena.allocate(total, 8);
        long at = 0;
        for (int n = 0; n < nodeIdLimit; n++) {
            if (forms[n] == AdjacencyDescriptor.NO_RECORD) {
                continue;
            }
            int w = word(n);
            int h = w & HANDLE_MASK;
            long start = at;
            at += writeRecord(n, h, forms[n], built, area, at);
            if (!AdjacencyDescriptor.isCompact(h)) {
                poolOf(h).free(AdjacencyDescriptor.block(h));
            }
            setWord(n, (w & ~HANDLE_MASK) | AdjacencyDescriptor.compactHandle(start));
        }
        for (BlockPool pool : pools) {
            if (pool != null) {
                pool.reset();
            }
        }
        if (compactArena != null) {
            compactArena.close();
        }
        compactArena = arena;
        compactArea = area;
        palette = built;
        compactUsedBytes = total;
        compactDeadBytes = 0;
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
        GraphImage.write(this, out);
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
        if (closed) {
            return;
        }
        closed = true;
        // the live nodes' records still hold their blocks: only blocks no record refers to are a leak
        long[] referenced = new long[pools.length];
        for (int n = 0; n < nodeIdLimit; n++) {
            int w = word(n);
            int h = w & HANDLE_MASK;
            if ((w & LIVE_BIT) != 0 && h != NO_ADJACENCY && !AdjacencyDescriptor.isCompact(h)) {
                referenced[(AdjacencyDescriptor.isTypedPool(h) ? CLASSES : 0) + AdjacencyDescriptor.sizeClass(h)]++;
            }
        }
        for (int c = 0; c < pools.length; c++) {
            if (pools[c] != null) {
                PoolLeakReport report = pools[c].release();
                if (report.leakedBlocks() != referenced[c]) {
                    LOG.log(System.Logger.Level.WARNING, "OffHeapGraph leaked " + (report.leakedBlocks() - referenced[c])
                            + " edge block(s): " + report + ", but node records refer to " + referenced[c]);
                }
            }
        }
        if (compactArena != null) {
            compactArena.close();
        }
        if (nodeArena != null) {
            nodeArena.close();
        }
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
        return (long) nodeIdLimit * RECORD_BYTES;
    }

    /** Off-heap bytes of live adjacency records: pool blocks in use plus the live part of the compact area. */
    public long edgeRecordBytes() {
        checkOpen();
        return pooledStats().inUseBytes() + compactUsedBytes - compactDeadBytes;
    }

    /**
     * All off-heap bytes the graph holds: reserved node segment, reserved pool pages, compact area
     * (with its 2 KiB edge palette), name index and property store.
     */
    public long offHeapBytes() {
        checkOpen();
        return words.byteSize() + places.byteSize() + pooledStats().reservedBytes() + compactArea.byteSize()
                + (palette == null ? 0 : EdgePalette.BYTES) + names.offHeapBytes() + properties.stats().offHeapBytes();
    }

    /** The edge pools' counters, summed over the size classes. */
    public PoolStats poolStats() {
        checkOpen();
        return pooledStats();
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
        return closed ? "OffHeapGraph[closed]"
                : "OffHeapGraph[nodes=" + nodeCount + ", edges=" + edgeCount + ", version=" + version + "]";
    }

    private PoolStats pooledStats() {
        PoolStats sum = PoolStats.EMPTY;
        for (BlockPool pool : pools) {
            if (pool != null) {
                sum = sum.plus(pool.stats());
            }
        }
        return sum;
    }

    // ================================================================ internals (package-private for images)

    /** The palette of the compact area, null before the first {@link #compact()}. */
    EdgePalette palette() {
        return palette;
    }

    int nodeIdLimitUnchecked() {
        return nodeIdLimit;
    }

    MemorySegment placeSegment() {
        return places;
    }

    NameIndex nameIndex() {
        return names;
    }

    PropertyStore propertyStore() {
        return properties;
    }

    long versionUnchecked() {
        return version;
    }

    int nodeCountUnchecked() {
        return nodeCount;
    }

    int edgeCountUnchecked() {
        return edgeCount;
    }

    boolean isClosed() {
        return closed;
    }

    void checkOpen() {
        if (closed) {
            throw closedException();
        }
    }

    /** {@code node} when it is a live node of this open graph; else the matching exception. */
    private int live(int node) {
        liveWord(node);
        return node;
    }

    /**
     * The flags word of live {@code node}, checking that the graph is open and the node live on the way.
     * Kept to a few bytecodes (the throws live in cold methods) so that the JIT inlines it into the
     * planners' loops: LIVE is the sign bit, so liveness is {@code word < 0}.
     */
    private int liveWord(int node) {
        if (closed) {
            throw closedException();
        }
        if (Integer.compareUnsigned(node, nodeIdLimit) >= 0) {
            throw unknownNode(node);
        }
        int w = words.get(NodeDescriptor.INT, NodeDescriptor.wordOffset(node));
        if (w >= 0) {
            throw unknownNode(node);
        }
        return w;
    }

    private static GraphClosedException closedException() {
        return new GraphClosedException("OffHeapGraph");
    }

    private UnknownNodeException unknownNode(int node) {
        return new UnknownNodeException(node, nodeIdLimit);
    }

    int word(int node) {
        return words.get(NodeDescriptor.INT, NodeDescriptor.wordOffset(node));
    }

    private void setWord(int node, int word) {
        words.set(NodeDescriptor.INT, NodeDescriptor.wordOffset(node), word);
    }

    private int handle(int node) {
        return word(node) & HANDLE_MASK;
    }

    private void setHandle(int node, int handle) {
        setWord(node, (word(node) & ~HANDLE_MASK) | handle);
    }

    MemorySegment segOf(int handle) {
        return AdjacencyDescriptor.isCompact(handle) ? compactArea : poolOf(handle).page(AdjacencyDescriptor.block(handle));
    }

    long offOf(int handle) {
        return AdjacencyDescriptor.isCompact(handle) ? AdjacencyDescriptor.compactOffset(handle)
                : poolOf(handle).offsetInPage(AdjacencyDescriptor.block(handle));
    }

    private BlockPool poolOf(int handle) {
        return pools[(AdjacencyDescriptor.isTypedPool(handle) ? CLASSES : 0) + AdjacencyDescriptor.sizeClass(handle)];
    }

    /** The record's header word (degree and TYPED flag). */
    int header(int handle) {
        return segOf(handle).get(AdjacencyDescriptor.INT, offOf(handle) + AdjacencyDescriptor.HEADER_OFFSET);
    }

    int degree(int handle) {
        return AdjacencyDescriptor.degreeOf(header(handle));
    }

    /** Byte offset of entry {@code index} of the record in {@link #segOf}. */
    private long entryAt(int handle, int index) {
        return AdjacencyDescriptor.entryOffset(offOf(handle), index, AdjacencyDescriptor.entryBytesOf(header(handle)));
    }

    /** Target of the entry at byte {@code at} of {@code seg}, in a record of {@code node} with {@code header}. */
    private static int entryTo(int node, MemorySegment seg, long at, int header) {
        return AdjacencyDescriptor.isNarrow(header) ? node + seg.get(AdjacencyDescriptor.SHORT, at + AdjacencyDescriptor.DELTA_OFFSET)
                : seg.get(AdjacencyDescriptor.INT, at + AdjacencyDescriptor.TO_OFFSET);
    }

    /** Weight of the entry at byte {@code at} of {@code seg}, in a record with {@code header}. */
    private float entryWeight(MemorySegment seg, long at, int header) {
        return AdjacencyDescriptor.isNarrow(header) ? palette.weight(codeAt(seg, at))
                : seg.get(AdjacencyDescriptor.FLOAT, at + AdjacencyDescriptor.WEIGHT_OFFSET);
    }

    /** Type of the entry at byte {@code at} of {@code seg}, in a record with {@code header}. */
    private int entryType(MemorySegment seg, long at, int header) {
        if (AdjacencyDescriptor.isNarrow(header)) {
            return palette.type(codeAt(seg, at));
        }
        return AdjacencyDescriptor.isTyped(header)
                ? Short.toUnsignedInt(seg.get(AdjacencyDescriptor.SHORT, at + AdjacencyDescriptor.TYPE_OFFSET)) : 0;
    }

    private static int codeAt(MemorySegment seg, long at) {
        return Byte.toUnsignedInt(seg.get(ValueLayout.JAVA_BYTE, at + AdjacencyDescriptor.CODE_OFFSET));
    }

    /**
     * A palette holding the first {@value EdgePalette#CAPACITY} distinct (weight, type) pairs of the
     * edges, in node and entry order (the pairs narrow entries can refer to).
     */
    EdgePalette buildPalette(EdgePalette into) {
        for (int n = 0; n < nodeIdLimit && into.size() < EdgePalette.CAPACITY; n++) {
            int w = word(n);
            int h = w & HANDLE_MASK;
            if ((w & LIVE_BIT) == 0 || h == NO_ADJACENCY) {
                continue;
            }
            MemorySegment seg = segOf(h);
            long base = offOf(h);
            int header = seg.get(AdjacencyDescriptor.INT, base + AdjacencyDescriptor.HEADER_OFFSET);
            int stride = AdjacencyDescriptor.entryBytesOf(header);
            long at = base + HEADER_BYTES;
            for (int i = AdjacencyDescriptor.degreeOf(header); i > 0; i--, at += stride) {
                into.codeOrAdd(entryWeight(seg, at, header), entryType(seg, at, header));
            }
        }
        return into;
    }

    /**
     * Per node id, the compact form of its record under {@code pairs} ({@link #compactForm}), or
     * {@link AdjacencyDescriptor#NO_RECORD}: decided once for a {@link #compact()} or an image, whose
     * passes (sizes, handles, records) all read it.
     */
    byte[] compactForms(EdgePalette pairs) {
        byte[] forms = new byte[nodeIdLimit];
        for (int n = 0; n < nodeIdLimit; n++) {
            int w = word(n);
            int h = w & HANDLE_MASK;
            forms[n] = (byte) ((w & LIVE_BIT) == 0 || h == NO_ADJACENCY ? AdjacencyDescriptor.NO_RECORD : compactForm(n, h, pairs));
        }
        return forms;
    }

    /** Bytes the records take in the compact area in {@code forms} ({@link #compactForms}). */
    long compactAreaBytes(byte[] forms) {
        long total = 0;
        for (int n = 0; n < forms.length; n++) {
            if (forms[n] != AdjacencyDescriptor.NO_RECORD) {
                total += AdjacencyDescriptor.compactBytes(degree(handle(n)), forms[n]);
            }
        }
        return total;
    }

    /**
     * The smallest compact form of node's record {@code handle}: {@link AdjacencyDescriptor#NARROW}
     * when every neighbour is within reach and every (weight, type) pair in {@code pairs}, else
     * {@code TYPED} when a type is not 0, else {@code WIDE}.
     */
    private int compactForm(int node, int handle, EdgePalette pairs) {
        MemorySegment seg = segOf(handle);
        long base = offOf(handle);
        int header = seg.get(AdjacencyDescriptor.INT, base + AdjacencyDescriptor.HEADER_OFFSET);
        int stride = AdjacencyDescriptor.entryBytesOf(header);
        long at = base + HEADER_BYTES;
        for (int i = AdjacencyDescriptor.degreeOf(header); i > 0; i--, at += stride) {
            if (!AdjacencyDescriptor.fitsNarrow(node, entryTo(node, seg, at, header))
                    || pairs.code(entryWeight(seg, at, header), entryType(seg, at, header)) < 0) {
                return needsTypes(handle) ? AdjacencyDescriptor.TYPED : AdjacencyDescriptor.WIDE;
            }
        }
        return AdjacencyDescriptor.NARROW;
    }

    /** Whether the record has an edge of a type other than 0 (so its wide form must be typed). */
    boolean needsTypes(int handle) {
        int header = header(handle);
        if (!AdjacencyDescriptor.isTyped(header) && !AdjacencyDescriptor.isNarrow(header)) {
            return false;
        }
        MemorySegment seg = segOf(handle);
        int stride = AdjacencyDescriptor.entryBytesOf(header);
        long at = offOf(handle) + AdjacencyDescriptor.HEADER_BYTES;
        for (int i = AdjacencyDescriptor.degreeOf(header); i > 0; i--, at += stride) {
            if (entryType(seg, at, header) != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes node's record {@code handle} (header and its {@code degree} entries, in order) to
     * {@code dst} at {@code dstOffset} in compact form {@code form} ({@link AdjacencyDescriptor}); a
     * pool block takes the {@code WIDE} or {@code TYPED} form too. Returns the bytes written. Dropping
     * types is only correct when {@link #needsTypes} is false, and {@code NARROW} only when
     * {@link #compactForm} says so under {@code pairs} (which may be null for the other forms).
     */
    long writeRecord(int node, int handle, int form, EdgePalette pairs, MemorySegment dst, long dstOffset) {
        MemorySegment src = segOf(handle);
        long srcOffset = offOf(handle);
        int header = src.get(AdjacencyDescriptor.INT, srcOffset + AdjacencyDescriptor.HEADER_OFFSET);
        int degree = AdjacencyDescriptor.degreeOf(header);
        long bytes = AdjacencyDescriptor.compactBytes(degree, form);
        int dstHeader = AdjacencyDescriptor.header(degree, form);
        boolean sameForm = (header & ~AdjacencyDescriptor.DEGREE_MASK) == (dstHeader & ~AdjacencyDescriptor.DEGREE_MASK);
        if (sameForm && (form != AdjacencyDescriptor.NARROW || pairs.codesMatch(palette))) {
            MemorySegment.copy(src, srcOffset, dst, dstOffset, AdjacencyDescriptor.HEADER_BYTES
                    + (long) AdjacencyDescriptor.entryBytesOf(header) * degree);
        } else {
            int srcStride = AdjacencyDescriptor.entryBytesOf(header);
            int dstStride = AdjacencyDescriptor.entryBytesOf(dstHeader);
            long from = srcOffset + HEADER_BYTES;
            long to = dstOffset + HEADER_BYTES;
            for (int i = 0; i < degree; i++, from += srcStride, to += dstStride) {
                int target = entryTo(node, src, from, header);
                float weight = entryWeight(src, from, header);
                int type = entryType(src, from, header);
                if (form == AdjacencyDescriptor.NARROW) {
                    dst.set(AdjacencyDescriptor.SHORT, to + AdjacencyDescriptor.DELTA_OFFSET, (short) (target - node));
                    dst.set(ValueLayout.JAVA_BYTE, to + AdjacencyDescriptor.CODE_OFFSET, (byte) pairs.code(weight, type));
                } else {
                    dst.set(AdjacencyDescriptor.INT, to + AdjacencyDescriptor.TO_OFFSET, target);
                    dst.set(AdjacencyDescriptor.FLOAT, to + AdjacencyDescriptor.WEIGHT_OFFSET, weight);
                    if (form == AdjacencyDescriptor.TYPED) {
                        dst.set(AdjacencyDescriptor.SHORT, to + AdjacencyDescriptor.TYPE_OFFSET, (short) type);
                    }
                }
            }
        }
        if (bytes > AdjacencyDescriptor.HEADER_BYTES + (long) AdjacencyDescriptor.entryBytesOf(dstHeader) * degree) {
            dst.set(ValueLayout.JAVA_BYTE, dstOffset + bytes - 1, (byte) 0); // a narrow record's padding byte
        }
        dst.set(AdjacencyDescriptor.INT, dstOffset + AdjacencyDescriptor.HEADER_OFFSET, dstHeader);
        return bytes;
    }

    /** Index of edge {@code from -> to} in from's adjacency record, or -1. */
    private int find(int from, int to) {
        int h = handle(from);
        if (h == NO_ADJACENCY) {
            return -1;
        }
        MemorySegment seg = segOf(h);
        long base = offOf(h);
        int header = seg.get(AdjacencyDescriptor.INT, base + AdjacencyDescriptor.HEADER_OFFSET);
        int degree = AdjacencyDescriptor.degreeOf(header);
        int stride = AdjacencyDescriptor.entryBytesOf(header);
        long at = base + HEADER_BYTES;
        if (AdjacencyDescriptor.isNarrow(header)) {
            if (!AdjacencyDescriptor.fitsNarrow(from, to)) {
                return -1;
            }
            short delta = (short) (to - from);
            for (int i = 0; i < degree; i++, at += stride) {
                if (seg.get(AdjacencyDescriptor.SHORT, at + AdjacencyDescriptor.DELTA_OFFSET) == delta) {
                    return i;
                }
            }
            return -1;
        }
        for (int i = 0; i < degree; i++, at += stride) {
            if (seg.get(AdjacencyDescriptor.INT, at + AdjacencyDescriptor.TO_OFFSET) == to) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Appends an entry to from's record, first moving the record to a larger class when it is full,
     * out of the compact area, or to a typed block when the edge's type is not 0 and the record is untyped.
     */
    private void appendEntry(int from, int to, float weight, int type) {
        int h = handle(from);
        int header = h == NO_ADJACENCY ? 0 : header(h);
        int degree = AdjacencyDescriptor.degreeOf(header);
        boolean typed = type != 0 || (AdjacencyDescriptor.isNarrow(header) ? needsTypes(h) : AdjacencyDescriptor.isTyped(header));
        boolean move = h == NO_ADJACENCY || AdjacencyDescriptor.isCompact(h)
                || AdjacencyDescriptor.isTypedPool(h) != typed
                || degree == AdjacencyDescriptor.capacity(AdjacencyDescriptor.sizeClass(h));
        if (move) {
            int sizeClass = AdjacencyDescriptor.classFor(degree + 1);
            if (sizeClass > AdjacencyDescriptor.MAX_CLASS) {
                throw new OversizeException("out-edges of node " + from, degree + 1L,
                        AdjacencyDescriptor.capacity(AdjacencyDescriptor.MAX_CLASS));
            }
            if (h == NO_ADJACENCY) {
                h = allocateRecord(sizeClass, typed);
                segOf(h).set(AdjacencyDescriptor.INT, offOf(h) + AdjacencyDescriptor.HEADER_OFFSET,
                        AdjacencyDescriptor.header(0, typed));
                setHandle(from, h);
            } else {
                h = moveToPool(from, h, sizeClass, typed);
            }
        }
        MemorySegment seg = segOf(h);
        long base = offOf(h);
        long at = AdjacencyDescriptor.entryOffset(base, degree, AdjacencyDescriptor.entryBytes(typed));
        seg.set(AdjacencyDescriptor.INT, at + AdjacencyDescriptor.TO_OFFSET, to);
        seg.set(AdjacencyDescriptor.FLOAT, at + AdjacencyDescriptor.WEIGHT_OFFSET, weight);
        if (typed) {
            seg.set(AdjacencyDescriptor.SHORT, at + AdjacencyDescriptor.TYPE_OFFSET, (short) type);
        }
        seg.set(AdjacencyDescriptor.INT, base + AdjacencyDescriptor.HEADER_OFFSET, AdjacencyDescriptor.header(degree + 1, typed));
    }

    /** Moves node's record {@code h} into a new pool block of {@code sizeClass}, typed or not; returns its handle. */
    private int moveToPool(int node, int h, int sizeClass, boolean typed) {
        int moved = allocateRecord(sizeClass, typed);
        writeRecord(node, h, typed ? AdjacencyDescriptor.TYPED : AdjacencyDescriptor.WIDE, null, segOf(moved), offOf(moved));
        releaseRecord(h);
        setHandle(node, moved);
        return moved;
    }

    /** Removes entry {@code index} of node's record (the last entry fills the hole). */
    private void removeEntry(int node, int index) {
        int h = handle(node);
        MemorySegment seg = segOf(h);
        long base = offOf(h);
        int header = seg.get(AdjacencyDescriptor.INT, base + AdjacencyDescriptor.HEADER_OFFSET);
        int degree = AdjacencyDescriptor.degreeOf(header);
        int stride = AdjacencyDescriptor.entryBytesOf(header);
        if (degree == 1) {
            releaseRecord(h);
            setHandle(node, NO_ADJACENCY);
            return;
        }
        int last = degree - 1;
        if (index != last) {
            MemorySegment.copy(seg, AdjacencyDescriptor.entryOffset(base, last, stride), seg,
                    AdjacencyDescriptor.entryOffset(base, index, stride), stride);
        }
        seg.set(AdjacencyDescriptor.INT, base + AdjacencyDescriptor.HEADER_OFFSET, (header & ~AdjacencyDescriptor.DEGREE_MASK) | last);
        if (AdjacencyDescriptor.isCompact(h)) {
            compactDeadBytes += stride;
        }
    }

    /** Gives back a record's memory: a pool block is freed, compact-area bytes are counted dead. */
    private void releaseRecord(int h) {
        if (AdjacencyDescriptor.isCompact(h)) {
            compactDeadBytes += AdjacencyDescriptor.compactBytesOf(header(h));
        } else {
            poolOf(h).free(AdjacencyDescriptor.block(h));
        }
    }

    private int allocateRecord(int sizeClass, boolean typed) {
        int index = (typed ? CLASSES : 0) + sizeClass;
        BlockPool pool = pools[index];
        if (pool == null) {
            int blockBytes = AdjacencyDescriptor.blockBytes(sizeClass, typed);
            int perPage = Math.max(1, Integer.highestOneBit(POOL_PAGE_BYTES / blockBytes));
            pool = new BlockPool((typed ? "typed-edges-" : "edges-") + AdjacencyDescriptor.capacity(sizeClass),
                    blockBytes, perPage);
            pools[index] = pool;
        }
        int block = pool.allocate();
        if (block >= AdjacencyDescriptor.MAX_BLOCKS_PER_POOL) {
            pool.free(block);
            throw new OversizeException("edge pool " + pool.name() + " (records)", block + 1L,
                    AdjacencyDescriptor.MAX_BLOCKS_PER_POOL);
        }
        return AdjacencyDescriptor.poolHandle(sizeClass, typed, block);
    }

    private void ensureNodeCapacity(long needed) {
        if (needed > Integer.MAX_VALUE) {
            throw new OversizeException("node id space", needed, Integer.MAX_VALUE);
        }
        if (needed <= nodeCapacity) {
            return;
        }
        int newCapacity = (int) Math.min(Integer.MAX_VALUE, Math.max(needed, Math.max(MIN_NODE_CAPACITY, 2L * nodeCapacity)));
        Arena arena = Arena.ofShared();
        MemorySegment grownWords = arena.allocate((long) newCapacity * NodeDescriptor.WORD_BYTES, 8);
        MemorySegment grownPlaces = arena.allocate((long) newCapacity * NodeDescriptor.PLACE_BYTES, 8);
        MemorySegment.copy(words, 0, grownWords, 0, (long) nodeIdLimit * NodeDescriptor.WORD_BYTES);
        MemorySegment.copy(places, 0, grownPlaces, 0, (long) nodeIdLimit * NodeDescriptor.PLACE_BYTES);
        if (nodeArena != null) {
            nodeArena.close();
        }
        nodeArena = arena;
        words = grownWords;
        places = grownPlaces;
        nodeCapacity = newCapacity;
    }

    /**
     * The flyweight cursor: reads entries in place; allocates nothing per call or per edge.
     *
     * <p>All checking happens in {@link #moveTo}: the graph is open, the node live; it then resolves the
     * node's adjacency record once (segment, first entry, end, stride; for a compacted graph a slice
     * of the one contiguous area) so that {@link #next()} is an add and a compare and the accessors are
     * one read each at the current offset, small enough for the JIT to inline into a planner's loop.
     * Reads go through the bounds-checked {@link MemorySegment}, so even misuse (an accessor before
     * {@code next()} returned true, or after the graph changed) reads graph memory or throws; it never
     * reads outside the graph. A graph closed mid-iteration is reported by the next {@code moveTo}
     * ({@link GraphClosedException}); reads in between throw the segment's {@link IllegalStateException}.
     */
    private final class Cursor implements EdgeCursor {
        private int from = NO_NODE;
        private MemorySegment seg = MemorySegment.NULL;
        /** Byte offset in {@link #seg} of the current entry; {@code first - stride} before the first next(). */
        private long at;
        /** Byte offset just past the last entry. */
        private long end;
        private long stride = AdjacencyDescriptor.UNTYPED_ENTRY_BYTES;
        private boolean typed;
        /** Whether the record is narrow: targets are deltas from {@link #from}, weights and types codes into {@link #pairs}. */
        private boolean narrow;
        private MemorySegment pairs = MemorySegment.NULL;

        @Override
        public EdgeCursor moveTo(int node) {
            int h = liveWord(node) & HANDLE_MASK;
            from = node;
            if (h == NO_ADJACENCY) {
                seg = MemorySegment.NULL;
                narrow = false;
                stride = AdjacencyDescriptor.UNTYPED_ENTRY_BYTES;
                at = -stride;
                end = 0;
                return this;
            }
            MemorySegment s;
            long base;
            if (AdjacencyDescriptor.isCompact(h)) {
                s = compactArea;
                base = AdjacencyDescriptor.compactOffset(h);
            } else {
                BlockPool pool = poolOf(h);
                int block = AdjacencyDescriptor.block(h);
                s = pool.page(block);
                base = pool.offsetInPage(block);
            }
            int header = s.get(AdjacencyDescriptor.INT, base + AdjacencyDescriptor.HEADER_OFFSET);
            boolean t = AdjacencyDescriptor.isTyped(header);
            boolean n = AdjacencyDescriptor.isNarrow(header);
            long step = AdjacencyDescriptor.entryBytesOf(header);
            long first = base + HEADER_BYTES;
            seg = s;
            typed = t;
            narrow = n;
            if (n) {
                pairs = palette.entries();
            }
            stride = step;
            at = first - step;
            end = first + step * AdjacencyDescriptor.degreeOf(header);
            return this;
        }

        @Override
        public boolean next() {
            long next = at + stride;
            if (next < end) {
                at = next;
                return true;
            }
            return false;
        }

        @Override
        public int from() {
            return from;
        }

        @Override
        public int to() {
            return narrow ? from + seg.get(AdjacencyDescriptor.SHORT, at + AdjacencyDescriptor.DELTA_OFFSET)
                    : seg.get(AdjacencyDescriptor.INT, at + AdjacencyDescriptor.TO_OFFSET);
        }

        @Override
        public float weight() {
            return narrow
                    ? pairs.get(EdgePalette.FLOAT, (long) codeAt(seg, at) * EdgePalette.ENTRY_BYTES + EdgePalette.WEIGHT_OFFSET)
                    : seg.get(AdjacencyDescriptor.FLOAT, at + AdjacencyDescriptor.WEIGHT_OFFSET);
        }

        @Override
        public int type() {
            if (narrow) {
                return pairs.get(EdgePalette.INT, (long) codeAt(seg, at) * EdgePalette.ENTRY_BYTES + EdgePalette.TYPE_OFFSET);
            }
            return typed ? Short.toUnsignedInt(seg.get(AdjacencyDescriptor.SHORT, at + AdjacencyDescriptor.TYPE_OFFSET)) : 0;
        }
    }
}
