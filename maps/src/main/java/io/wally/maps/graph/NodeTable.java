package io.wally.maps.graph;

import static io.wally.maps.graph.AdjacencyDescriptor.NO_ADJACENCY;
import static io.wally.maps.graph.NodeDescriptor.HANDLE_MASK;
import static io.wally.maps.graph.NodeDescriptor.LIVE_BIT;

import io.wally.maps.GraphClosedException;
import io.wally.maps.OversizeException;
import io.wally.maps.UnknownNodeException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The node records of an {@link OffHeapGraph}: per node id a 4-byte word (live and blocked flags,
 * adjacency handle) and a 12-byte place (x, y, labels) in two growable off-heap arrays, laid out as
 * {@link NodeDescriptor} draws them. Owns the id space (ids are handed out in order and never
 * reused), the live-node count, and whether the graph is open: {@link #liveWord} is the one check
 * every id passed to the graph goes through.
 *
 * <p>Threading: the graph's single writer. Lifecycle: {@link #close()} frees the arrays (an image's
 * arrays belong to the image's arena, closed by the graph); afterwards every check throws
 * {@link GraphClosedException}.
 */
final class NodeTable implements AutoCloseable {

    static final int MIN_CAPACITY = 64;

    /** Null when the arrays live in a mapped image. */
    private Arena arena;
    private MemorySegment words;
    private MemorySegment places;
    private int capacity;
    private int idLimit;
    private int count;
    private boolean closed;

    /** Empty, with room for {@code max(64, expectedNodes)} ids. */
    NodeTable(int expectedNodes) {
        this.capacity = Math.max(MIN_CAPACITY, expectedNodes);
        this.arena = Arena.ofShared();
        this.words = arena.allocate((long) capacity * NodeDescriptor.WORD_BYTES, 8);
        this.places = arena.allocate((long) capacity * NodeDescriptor.PLACE_BYTES, 8);
    }

    /** Over an image's arrays of {@code idLimit} words and places; the first growth copies them out. */
    NodeTable(MemorySegment words, MemorySegment places, int idLimit, int count) {
        this.arena = null;
        this.words = words;
        this.places = places;
        this.capacity = idLimit;
        this.idLimit = idLimit;
        this.count = count;
    }

    /** One past the highest id handed out. */
    int idLimit() {
        return idLimit;
    }

    /** Live nodes. */
    int count() {
        return count;
    }

    boolean isClosed() {
        return closed;
    }

    void checkOpen() {
        if (closed) {
            throw closedException();
        }
    }

    /** Whether {@code node} is a live id (any int; the table must be open). */
    boolean contains(int node) {
        return Integer.compareUnsigned(node, idLimit) < 0 && (word(node) & LIVE_BIT) != 0;
    }

    /** {@code node} when it is a live node of this open table; else the matching exception. */
    int live(int node) {
        liveWord(node);
        return node;
    }

    /**
     * The flags word of live {@code node}, checking that the table is open and the node live on the way.
     * Kept to a few bytecodes (the throws live in cold methods) so that the JIT inlines it into the
     * planners' loops: LIVE is the sign bit, so liveness is {@code word < 0}.
     */
    int liveWord(int node) {
        if (closed) {
            throw closedException();
        }
        if (Integer.compareUnsigned(node, idLimit) >= 0) {
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
        return new UnknownNodeException(node, idLimit);
    }

    /** The word of {@code node} (any id below {@link #idLimit}, live or not); unchecked. */
    int word(int node) {
        return words.get(NodeDescriptor.INT, NodeDescriptor.wordOffset(node));
    }

    void setWord(int node, int word) {
        words.set(NodeDescriptor.INT, NodeDescriptor.wordOffset(node), word);
    }

    /** The adjacency handle of {@code node}; {@link AdjacencyDescriptor#NO_ADJACENCY} when it has no out-edges. */
    int handle(int node) {
        return word(node) & HANDLE_MASK;
    }

    void setHandle(int node, int handle) {
        setWord(node, (word(node) & ~HANDLE_MASK) | handle);
    }

    float x(int node) {
        return places.get(NodeDescriptor.FLOAT, NodeDescriptor.placeOffset(node) + NodeDescriptor.X_OFFSET);
    }

    float y(int node) {
        return places.get(NodeDescriptor.FLOAT, NodeDescriptor.placeOffset(node) + NodeDescriptor.Y_OFFSET);
    }

    int labels(int node) {
        return places.get(NodeDescriptor.INT, NodeDescriptor.placeOffset(node) + NodeDescriptor.LABELS_OFFSET);
    }

    void setLabels(int node, int labels) {
        places.set(NodeDescriptor.INT, NodeDescriptor.placeOffset(node) + NodeDescriptor.LABELS_OFFSET, labels);
    }

    /** Appends a live node without out-edges at id {@link #idLimit}; room must have been {@linkplain #ensureCapacity made}. */
    int append(float x, float y) {
        int id = idLimit;
        long at = NodeDescriptor.placeOffset(id);
        places.set(NodeDescriptor.FLOAT, at + NodeDescriptor.X_OFFSET, x);
        places.set(NodeDescriptor.FLOAT, at + NodeDescriptor.Y_OFFSET, y);
        places.set(NodeDescriptor.INT, at + NodeDescriptor.LABELS_OFFSET, 0);
        words.set(NodeDescriptor.INT, NodeDescriptor.wordOffset(id), LIVE_BIT | NO_ADJACENCY);
        idLimit++;
        count++;
        return id;
    }

    /** Clears live {@code node}'s word and place (its id is never handed out again). */
    void remove(int node) {
        words.set(NodeDescriptor.INT, NodeDescriptor.wordOffset(node), 0);
        places.asSlice(NodeDescriptor.placeOffset(node), NodeDescriptor.PLACE_BYTES).fill((byte) 0);
        count--;
    }

    /** Grows the arrays (doubling) so that ids below {@code needed} fit. */
    void ensureCapacity(long needed) {
        if (needed > Integer.MAX_VALUE) {
            throw new OversizeException("node id space", needed, Integer.MAX_VALUE);
        }
        if (needed <= capacity) {
            return;
        }
        int newCapacity = (int) Math.min(Integer.MAX_VALUE, Math.max(needed, Math.max(MIN_CAPACITY, 2L * capacity)));
        Arena grown = Arena.ofShared();
        MemorySegment grownWords = grown.allocate((long) newCapacity * NodeDescriptor.WORD_BYTES, 8);
        MemorySegment grownPlaces = grown.allocate((long) newCapacity * NodeDescriptor.PLACE_BYTES, 8);
        MemorySegment.copy(words, 0, grownWords, 0, (long) idLimit * NodeDescriptor.WORD_BYTES);
        MemorySegment.copy(places, 0, grownPlaces, 0, (long) idLimit * NodeDescriptor.PLACE_BYTES);
        if (arena != null) {
            arena.close();
        }
        arena = grown;
        words = grownWords;
        places = grownPlaces;
        capacity = newCapacity;
    }

    /** The places of ids below {@link #idLimit}, as an image stores them. */
    MemorySegment places() {
        return places.asSlice(0, (long) idLimit * NodeDescriptor.PLACE_BYTES);
    }

    /** Bytes of the records in use: {@code idLimit * 16} (removed ids keep their record). */
    long recordBytes() {
        return (long) idLimit * NodeDescriptor.RECORD_BYTES;
    }

    /** Bytes reserved for both arrays. */
    long reservedBytes() {
        return words.byteSize() + places.byteSize();
    }

    /** Frees the arrays (unless an image owns them); idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (arena != null) {
            arena.close();
        }
    }
}
