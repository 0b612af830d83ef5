package io.wally.maps.graph;

import io.wally.maps.BloomStats;
import io.wally.maps.DuplicateNameException;
import io.wally.maps.GraphClosedException;
import io.wally.maps.GraphException;
import io.wally.maps.GraphLimits;
import io.wally.maps.InvalidNameException;
import io.wally.maps.NavGraph;
import io.wally.maps.OversizeException;
import io.wally.maps.VectorSupport;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Node name to node id, off-heap: an open-addressing hash table (linear probing) over a heap of UTF-8
 * name records, with a {@link BloomFilter} in front that answers most look-ups of absent names with a
 * few bit tests and no probe. {@link OffHeapGraph}'s name part; public so that the benchmarks can
 * measure it alone.
 *
 * <p>Layout (all little-endian):
 * <pre>
 *  table slot (8 bytes)            name record in the heap (5 + len bytes, unaligned)
 *  +-----------+-----------+       +----------------+----------+--------------------+
 *  | node: i32 | ref: i32  |       | tag: i32       | len: u8  | UTF-8 bytes (len)  |
 *  +-----------+-----------+       +----------------+----------+--------------------+
 *  node -1 = empty, -2 = deleted;  ref = byte offset of the record in the heap;
 *  tag = high 32 bits of the name's hash (a probe compares it before any byte)
 *
 *  reverse map: one i32 per node id = ref of its name record, -1 = no name
 * </pre>
 *
 * <p>Capacity: the table has a power-of-two number of slots and holds at most 80% of it in names
 * ({@link #designCapacity()}); the Bloom filter has 10 bits per design-capacity key and 7 probes
 * (0.82% predicted false positives when full). Adding a name beyond the design capacity grows the
 * table (times 8 below 8,192 slots, times 2 above) and rebuilds the filter at the new capacity, so the
 * rate stays at or below that figure; {@link #reserve} grows once for a whole batch.
 *
 * <p>Deletions: a removed name leaves a tombstone in the table and its bits in the filter (more false
 * positives, never a false negative). When the removals since the last rebuild exceed a quarter of the
 * keys in the filter (and 1/64 of the design capacity, so that a nearly empty index does not rebuild on
 * every removal), or live plus stale keys would exceed the design capacity, the table, heap and filter are rebuilt from the live names (amortised O(1) per
 * removal), which also reclaims tombstones and dead name bytes.
 *
 * <p>Look-ups ({@link #get}) hash the string's chars directly and compare them against the stored
 * UTF-8 without materialising a {@code String}: no allocation per call.
 *
 * <p>Threading: single writer; other threads may read only under the owner's publication protocol
 * (growth frees old memory). Lifecycle: {@link #close()} frees everything; later calls throw
 * {@link GraphException}.
 *
 * <pre>{@code
 * try (NameIndex names = new NameIndex(1024, true)) {
 *     names.put("kitchen", 7);
 *     names.get("kitchen");   // 7
 *     names.get("garage");    // NavGraph.NO_NODE, usually without touching the table
 * }
 * }</pre>
 */
public final class NameIndex implements AutoCloseable {

    /** Largest name, in UTF-8 bytes ({@link GraphLimits#MAX_NAME_BYTES}). */
    public static final int MAX_NAME_BYTES = GraphLimits.MAX_NAME_BYTES;
    /** Bloom filter bits per design-capacity key. */
    public static final int BLOOM_BITS_PER_KEY = 10;
    /** Bloom filter probes per key. */
    public static final int BLOOM_HASHES = 7;

    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private static final int SLOT_BYTES = 8;
    private static final int SLOT_NODE = 0;
    private static final int SLOT_REF = 4;
    private static final int EMPTY = -1;
    private static final int DELETED = -2;
    private static final int REC_TAG = 0;
    private static final int REC_LEN = 4;
    private static final int REC_BYTES = 5;
    private static final int HEAP_START = 8;
    private static final int MIN_SLOTS = 16;

    /** Longest name {@link #getAllVector} compares in one vector step. */
    static final int VECTOR_NAME_CHARS = 16;
    /** Candidate names whose chars {@link #getAllVector} copies before it probes for them. */
    private static final int CANDIDATE_BLOCK = 16;
    /**
     * Whether the Vector API is loaded and 16 chars fit one vector here (256 bits); else {@link #getAllVector}
     * is the scalar path.
     */
    private static final boolean VECTOR_COMPARE = VectorSupport.available() && VectorProbe.FITS;
    /** {@code LIVE_BYTES[n * 16 + j]} is all ones when {@code j < n}: clears the bytes past a name's end. */
    private static final byte[] LIVE_BYTES = new byte[(VECTOR_NAME_CHARS + 1) * VECTOR_NAME_CHARS];

    static {
        for (int n = 0; n <= VECTOR_NAME_CHARS; n++) {
            Arrays.fill(LIVE_BYTES, n * VECTOR_NAME_CHARS, n * VECTOR_NAME_CHARS + n, (byte) -1);
        }
    }

    private final boolean withBloomFilter;
    private final BatchHasher hasher = new BatchHasher();
    private GrowableSegment table;
    private int slots;
    private int mask;
    private int size;
    private int deleted;
    private GrowableSegment heap;
    private long heapUsed;
    private long heapGarbage;
    private GrowableSegment reverse;
    private int reverseLength;
    private BloomFilter bloom;
    private long removedSinceRebuild;
    private long rebuilds;
    private long[] hashScratch = new long[0];
    /** Chars of up to 16 candidate names for {@link #getAllVector}: one 16-char row each, zero past its end. */
    private final char[] nameRows = new char[CANDIDATE_BLOCK * VECTOR_NAME_CHARS];
    /** Which names have a row (they passed the filter and have 1 to 16 chars). */
    private final int[] candidateScratch = new int[CANDIDATE_BLOCK];
    private boolean closed;

    /**
     * An empty index.
     *
     * @param designCapacity names it holds before it first grows, {@code >= 1} (rounded up so the table
     *     is a power of two at most 80% full)
     * @param withBloomFilter whether a Bloom filter answers absent look-ups (false only to measure
     *     what the filter buys)
     */
    public NameIndex(int designCapacity, boolean withBloomFilter) {
        if (designCapacity < 1 || designCapacity > (1 << 29)) {
            throw new IllegalArgumentException("designCapacity must be in [1, 2^29]; was " + designCapacity);
        }
        this.withBloomFilter = withBloomFilter;
        int n = Math.max(MIN_SLOTS, Integer.highestOneBit((int) Math.ceil(designCapacity / 0.8) - 1) << 1);
        this.table = newTable(n);
        // 20 bytes per name: a 5-byte record header plus a typical 8-16 byte name
        this.heap = new GrowableSegment(HEAP_START + 20L * designCapacity);
        this.heapUsed = HEAP_START;
        this.reverseLength = Math.max(64, designCapacity);
        this.reverse = new GrowableSegment(4L * reverseLength);
        this.reverse.segment().fill((byte) 0xFF);
        this.bloom = withBloomFilter ? newBloom(capacityFor(n)) : null;
    }

    private GrowableSegment newTable(int n) {
        GrowableSegment t = new GrowableSegment((long) n * SLOT_BYTES);
        t.segment().fill((byte) 0xFF);
        slots = n;
        mask = n - 1;
        return t;
    }

    private static int capacityFor(int slotCount) {
        return (int) (slotCount * 4L / 5);
    }

    private static BloomFilter newBloom(int capacity) {
        long bits = ((long) capacity * BLOOM_BITS_PER_KEY + 63) & ~63L;
        return BloomFilter.withShape(Math.max(64, bits), BLOOM_HASHES);
    }

    // ---------------------------------------------------------------- writes

    /**
     * Maps {@code name} to {@code node}.
     *
     * @param name non-empty, valid Unicode, at most {@link #MAX_NAME_BYTES} UTF-8 bytes
     * @param node node id, {@code >= 0}, that has no name yet
     * @throws DuplicateNameException when the name is taken; {@link InvalidNameException} or
     *     {@link OversizeException} (from {@link GraphLimits#checkName}) when it is empty, not valid
     *     Unicode or too long; {@link GraphException} when the node already has a name. The index is
     *     unchanged.
     */
    public void put(String name, int node) {
        checkOpen();
        byte[] bytes = GraphLimits.checkName(name);
        if (node < 0) {
            throw new GraphException("node id must be >= 0; was " + node);
        }
        long hash = NameHash.hash64(name);
        int existing = find(name, hash);
        if (existing != NavGraph.NO_NODE) {
            throw new DuplicateNameException(name, existing);
        }
        if (node < reverseLength && reverse.segment().getAtIndex(ValueLayout.JAVA_INT, node) != -1) {
            throw new GraphException("node " + node + " already has the name \"" + NameUtf8.shortForm(name(node).orElseThrow()) + "\"");
        }
        putChecked(bytes, hash, node);
    }

    /**
     * {@link #put} for a batch the caller has checked: {@code utf8} is the name's checked UTF-8
     * ({@link GraphLimits#checkName}), {@code hash} its {@link NameHash#hash64}, the name is absent and
     * the node has no name, and {@link #reserve} made room. Spares a batch insert the second
     * validation, hash and probe per name.
     */
    void putChecked(byte[] utf8, long hash, int node) {
        int capacity = capacityFor(slots);
        if (size + 1 > capacity) {
            rebuild(grownSlots(slots, size + 1));
        } else if (size + deleted + 1 > capacity || (bloom != null && bloom.items() + 1 > capacity)) {
            rebuild(slots); // tombstones or stale filter bits of removed names would push past the design load
        }
        long ref = appendRecord(hash, utf8, 0, utf8.length);
        insertSlot(hash, node, (int) ref);
        setReverse(node, (int) ref);
        if (bloom != null) {
            bloom.add(hash);
        }
        size++;
    }

    /**
     * Makes room for {@code additionalNames} more names at once, so that a batch of insertions grows
     * the table (and rebuilds the filter) at most once instead of once per doubling.
     *
     * @param additionalNames names about to be added, {@code >= 0}
     */
    public void reserve(int additionalNames) {
        checkOpen();
        if (additionalNames < 0) {
            throw new IllegalArgumentException("additionalNames must be >= 0; was " + additionalNames);
        }
        long needed = (long) size + additionalNames;
        if (needed > capacityFor(slots)) {
            if (needed > (1 << 29)) {
                throw new OversizeException("name index of " + needed + " names", needed, 1 << 29);
            }
            rebuild(grownSlots(slots, (int) needed));
        }
        heap.ensure(heapUsed + 20L * additionalNames, heapUsed);
    }

    /**
     * Slots for at least {@code names} names: times 8 while the table is small (below 8,192 slots; each
     * growth costs a few shared-arena allocations and frees, tens of microseconds, which dominated a
     * 1,000-name batch), times 2 beyond.
     */
    private static int grownSlots(int slots, int names) {
        int n = slots;
        while (capacityFor(n) < names) {
            n = n < 8192 ? n * 8 : n * 2;
        }
        return n;
    }

    /** Removes {@code name}; false (and nothing changes) when it is absent. */
    public boolean remove(String name) {
        checkOpen();
        requireNonNull(name);
        long hash = NameHash.hash64(name);
        int slot = findSlot(name, hash);
        if (slot < 0) {
            return false;
        }
        MemorySegment t = table.segment();
        long at = (long) slot * SLOT_BYTES;
        int node = t.get(INT, at + SLOT_NODE);
        int ref = t.get(INT, at + SLOT_REF);
        t.set(INT, at + SLOT_NODE, DELETED);
        heapGarbage += REC_BYTES + recordLength(ref);
        reverse.segment().setAtIndex(ValueLayout.JAVA_INT, node, -1);
        size--;
        deleted++;
        removedSinceRebuild++;
        if (bloom != null && removedSinceRebuild * 4 > bloom.items() && removedSinceRebuild * 64 >= capacityFor(slots)) {
            rebuild(slots);
        } else if (bloom == null && deleted * 4 > capacityFor(slots)) {
            rebuild(slots);
        }
        return true;
    }

    /** Removes the name of {@code node}; false when it has none. */
    public boolean removeNode(int node) {
        Optional<String> name = name(node);
        return name.isPresent() && remove(name.get());
    }

    // ---------------------------------------------------------------- reads

    /** The node named {@code name}, or {@link NavGraph#NO_NODE}. Allocates nothing. */
    public int get(String name) {
        checkOpen();
        requireNonNull(name);
        return find(name, NameHash.hash64(name));
    }

    /** As {@link #get(String)} with the name's {@link NameHash#hash64} already computed. */
    public int get(String name, long hash) {
        checkOpen();
        requireNonNull(name);
        return find(name, hash);
    }

    /** Whether {@code name} is present. Allocates nothing. */
    public boolean contains(String name) {
        return get(name) != NavGraph.NO_NODE;
    }

    /**
     * Batch look-up: {@code out[i] = get(names[i])}, hashing all names first ({@link
     * BatchHasher#hashAll}) and probing on the vector path ({@link #getAllVector}).
     */
    public void getAll(String[] names, int[] out) {
        checkOpen();
        if (hashScratch.length < names.length) {
            hashScratch = new long[names.length];
        }
        hasher.hashAll(names, hashScratch);
        getAllVector(names, hashScratch, out);
    }

    /**
     * Batch look-up with precomputed hashes, scalar path: {@code out[i] = get(names[i], hashes[i])}
     * (Bloom filter, then the table, each candidate compared char by char with the stored UTF-8).
     */
    public void getAll(String[] names, long[] hashes, int[] out) {
        checkOpen();
        checkBatch(names, hashes, out);
        for (int i = 0; i < names.length; i++) {
            requireNonNull(names[i]);
            out[i] = find(names[i], hashes[i]);
        }
    }

    /**
     * Batch look-up with precomputed hashes, vector path: the same results as {@link #getAll(String[],
     * long[], int[])}. A candidate record (its tag matching) of an ASCII name of at most {@value
     * #VECTOR_NAME_CHARS} chars is compared in one step: the name's chars, narrowed to bytes, against
     * the stored bytes in one {@code ByteVector} compare; other names are compared char by char. The
     * names that pass the Bloom filter are probed 16 at a time, after their chars were copied. Where
     * vectors are narrower than 256 bits (a 16-char row would not fit one), this is the scalar path.
     */
    public void getAllVector(String[] names, long[] hashes, int[] out) {
        checkOpen();
        checkBatch(names, hashes, out);
        if (!VECTOR_COMPARE) {
            getAll(names, hashes, out);
            return;
        }
        char[] rows = nameRows;
        int[] candidates = candidateScratch;
        int count = 0;
        for (int i = 0; i < names.length; i++) {
            String name = names[i];
            requireNonNull(name);
            long hash = hashes[i];
            int n;
            if (bloom != null && !bloom.mightContain(hash)) {
                out[i] = NavGraph.NO_NODE; // before the name's length: a miss need not touch the String
            } else if ((n = name.length()) == 0 || n > VECTOR_NAME_CHARS) {
                out[i] = nodeAt(findInTable(name, hash)); // nothing for vectors to do: as on the scalar path
            } else {
                // the candidate's chars into its row now, its probe later with others: a row read right
                // after it was written stalled on the stores, for every name
                name.getChars(0, n, rows, count * VECTOR_NAME_CHARS);
                candidates[count++] = i;
                if (count == CANDIDATE_BLOCK) {
                    probeCandidates(names, hashes, out, count);
                    count = 0;
                }
            }
        }
        if (count > 0) {
            probeCandidates(names, hashes, out, count);
        }
    }

    /** Probes the table for the first {@code count} candidates of {@link #candidateScratch}, then clears their rows. */
    private void probeCandidates(String[] names, long[] hashes, int[] out, int count) {
        char[] rows = nameRows;
        int[] candidates = candidateScratch;
        for (int c = 0; c < count; c++) {
            int i = candidates[c];
            out[i] = nodeAt(VectorProbe.find(this, rows, c * VECTOR_NAME_CHARS, names[i], hashes[i]));
        }
        Arrays.fill(rows, 0, count * VECTOR_NAME_CHARS, (char) 0);
    }

    private int nodeAt(int slot) {
        return slot < 0 ? NavGraph.NO_NODE : table.segment().get(INT, (long) slot * SLOT_BYTES + SLOT_NODE);
    }

    private static void checkBatch(String[] names, long[] hashes, int[] out) {
        if (hashes.length < names.length || out.length < names.length) {
            throw new IllegalArgumentException("need " + names.length + " hashes and out slots; have "
                    + hashes.length + " and " + out.length);
        }
    }

    /** Batch membership: element {@code i} tells whether {@code names[i]} is present. */
    public boolean[] containsAll(String[] names) {
        int[] ids = new int[names.length];
        getAll(names, ids);
        boolean[] result = new boolean[names.length];
        for (int i = 0; i < ids.length; i++) {
            result[i] = ids[i] != NavGraph.NO_NODE;
        }
        return result;
    }

    /** The name of {@code node}, if it has one (decodes a new {@code String}). */
    public Optional<String> name(int node) {
        checkOpen();
        if (node < 0 || node >= reverseLength) {
            return Optional.empty();
        }
        int ref = reverse.segment().getAtIndex(ValueLayout.JAVA_INT, node);
        if (ref == -1) {
            return Optional.empty();
        }
        int len = recordLength(ref);
        byte[] bytes = new byte[len];
        MemorySegment.copy(heap.segment(), ValueLayout.JAVA_BYTE, ref + REC_BYTES, bytes, 0, len);
        return Optional.of(new String(bytes, StandardCharsets.UTF_8));
    }

    /** Number of names. */
    public int size() {
        checkOpen();
        return size;
    }

    /** Names the index holds before it next grows (80% of its table slots). */
    public int designCapacity() {
        checkOpen();
        return capacityFor(slots);
    }

    /** Table, name heap, reverse map and Bloom filter bytes allocated off-heap. */
    public long offHeapBytes() {
        checkOpen();
        return table.byteSize() + heap.byteSize() + reverse.byteSize() + (bloom == null ? 0 : bloom.words().byteSize());
    }

    /** Times the table, heap and filter were rebuilt (growth, or removals beyond a quarter of the keys). */
    public long rebuilds() {
        return rebuilds;
    }

    /** The Bloom filter's statistics; empty when the index was built without one. */
    public Optional<BloomStats> bloomStats() {
        checkOpen();
        return bloom == null ? Optional.empty() : Optional.of(bloom.stats());
    }

    /**
     * Measured Bloom false-positive rate: the fraction of {@code absentNames} (none of which may be
     * present) that the filter lets through to the table.
     *
     * @throws IllegalArgumentException when a name is present or the index has no filter
     */
    public double measureBloomFpp(String[] absentNames) {
        checkOpen();
        if (bloom == null) {
            throw new IllegalArgumentException("this index has no Bloom filter");
        }
        long[] hashes = new long[absentNames.length];
        hasher.hashVector(absentNames, hashes);
        for (int i = 0; i < absentNames.length; i++) {
            if (findInTable(absentNames[i], hashes[i]) >= 0) {
                throw new IllegalArgumentException("\"" + NameUtf8.shortForm(absentNames[i]) + "\" is present, not absent");
            }
        }
        return bloom.measureFpp(hashes);
    }

    // ---------------------------------------------------------------- internals

    private int find(String name, long hash) {
        return nodeAt(findSlot(name, hash));
    }

    private int findSlot(String name, long hash) {
        if (bloom != null && !bloom.mightContain(hash)) {
            return -1;
        }
        return findInTable(name, hash);
    }

    private int findInTable(String name, long hash) {
        MemorySegment t = table.segment();
        MemorySegment h = heap.segment();
        int i = home(hash);
        while (true) {
            long at = (long) i * SLOT_BYTES;
            int node = t.get(INT, at + SLOT_NODE);
            if (node == EMPTY) {
                return -1;
            }
            if (node != DELETED) {
                int ref = t.get(INT, at + SLOT_REF);
                if (h.get(INT, ref + REC_TAG) == (int) (hash >>> 32)
                        && NameUtf8.equalsUtf8(name, h, ref + REC_BYTES, Byte.toUnsignedInt(h.get(ValueLayout.JAVA_BYTE, ref + REC_LEN)))) {
                    return i;
                }
            }
            i = (i + 1) & mask;
        }
    }

    private int home(long hash) {
        return (int) (hash ^ (hash >>> 29)) & mask;
    }

    private void insertSlot(long hash, int node, int ref) {
        MemorySegment t = table.segment();
        int i = home(hash);
        while (true) {
            long at = (long) i * SLOT_BYTES;
            int current = t.get(INT, at + SLOT_NODE);
            if (current == EMPTY || current == DELETED) {
                if (current == DELETED) {
                    deleted--;
                }
                t.set(INT, at + SLOT_NODE, node);
                t.set(INT, at + SLOT_REF, ref);
                return;
            }
            i = (i + 1) & mask;
        }
    }

    private long appendRecord(long hash, byte[] bytes, int offset, int length) {
        long ref = heapUsed;
        long need = ref + REC_BYTES + length;
        if (need > Integer.MAX_VALUE) {
            throw new GraphException("name heap would exceed 2 GiB (" + need + " bytes)");
        }
        heap.ensure(need, heapUsed);
        MemorySegment h = heap.segment();
        h.set(INT, ref + REC_TAG, (int) (hash >>> 32));
        h.set(ValueLayout.JAVA_BYTE, ref + REC_LEN, (byte) length);
        MemorySegment.copy(bytes, offset, h, ValueLayout.JAVA_BYTE, ref + REC_BYTES, length);
        heapUsed = need;
        return ref;
    }

    private int recordLength(int ref) {
        return Byte.toUnsignedInt(heap.segment().get(ValueLayout.JAVA_BYTE, ref + REC_LEN));
    }

    private void setReverse(int node, int ref) {
        if (node >= reverseLength) {
            growReverse(node + 1L);
        }
        reverse.segment().setAtIndex(ValueLayout.JAVA_INT, node, ref);
    }

    /**
     * Makes room in the node-to-name map for node ids below {@code nodeIdLimit} at once, so that a batch
     * of new nodes grows it (a shared-arena replacement, a thread handshake to free) at most once.
     */
    void reserveNodeIds(int nodeIdLimit) {
        if (nodeIdLimit > reverseLength) {
            growReverse(nodeIdLimit);
        }
    }

    private void growReverse(long minLength) {
        long grown = reverseLength < (1 << 18) ? reverseLength * 4L : reverseLength + reverseLength / 2L;
        int newLength = (int) Math.min(Integer.MAX_VALUE, Math.max(minLength, grown));
        reverse.ensure(4L * newLength, 4L * reverseLength);
        reverse.segment().asSlice(4L * reverseLength, 4L * (newLength - reverseLength)).fill((byte) 0xFF);
        reverseLength = newLength;
    }

    /** Rebuilds table, heap (compacted) and filter from the live names into {@code newSlots} slots. */
    private void rebuild(int newSlots) {
        GrowableSegment oldTable = table;
        GrowableSegment oldHeap = heap;
        int oldSlots = slots;
        MemorySegment ot = oldTable.segment();
        MemorySegment oh = oldHeap.segment();
        table = newTable(newSlots);
        // a growth without removals keeps the heap (and every ref) as it is; otherwise compact it
        boolean compactHeap = heapGarbage > 0;
        if (compactHeap) {
            heap = new GrowableSegment(Math.max(HEAP_START + 16L, heapUsed - heapGarbage));
            heapUsed = HEAP_START;
            heapGarbage = 0;
        }
        deleted = 0;
        if (withBloomFilter) {
            if (bloom.bits() >= (long) capacityFor(newSlots) * BLOOM_BITS_PER_KEY) {
                bloom.clear();
            } else {
                bloom.close();
                bloom = newBloom(capacityFor(newSlots));
            }
        }
        MemorySegment rev = reverse.segment();
        for (int i = 0; i < oldSlots; i++) {
            long at = (long) i * SLOT_BYTES;
            int node = ot.get(INT, at + SLOT_NODE);
            if (node < 0) {
                continue;
            }
            int oldRef = ot.get(INT, at + SLOT_REF);
            int len = Byte.toUnsignedInt(oh.get(ValueLayout.JAVA_BYTE, oldRef + REC_LEN));
            // the record keeps only a 32-bit tag: the full hash is recomputed from the name (rebuilds are rare)
            long hash = storedNameHash(oh, oldRef + REC_BYTES, len);
            long ref = oldRef;
            if (compactHeap) {
                ref = heapUsed;
                heap.ensure(ref + REC_BYTES + len, heapUsed);
                MemorySegment.copy(oh, oldRef, heap.segment(), ref, REC_BYTES + len);
                heapUsed = ref + REC_BYTES + len;
                rev.setAtIndex(ValueLayout.JAVA_INT, node, (int) ref);
            }
            insertSlot(hash, node, (int) ref);
            if (bloom != null) {
                bloom.add(hash);
            }
        }
        oldTable.close();
        if (compactHeap) {
            oldHeap.close();
        }
        removedSinceRebuild = 0;
        rebuilds++;
    }

    /** The hash of the stored name: straight from its bytes when ASCII, else from its decoded String. */
    private static long storedNameHash(MemorySegment h, long at, int len) {
        for (int i = 0; i < len; i++) {
            if (h.get(ValueLayout.JAVA_BYTE, at + i) < 0) {
                byte[] bytes = new byte[len];
                MemorySegment.copy(h, ValueLayout.JAVA_BYTE, at, bytes, 0, len);
                return NameHash.hash64(new String(bytes, StandardCharsets.UTF_8));
            }
        }
        return NameHash.hash64Ascii(h, at, len);
    }

    private void checkOpen() {
        if (closed) {
            throw new GraphClosedException("name index");
        }
    }

    private static void requireNonNull(String name) {
        if (name == null) {
            throw new NullPointerException("node name is null");
        }
    }

    /** Frees all off-heap memory; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        table.close();
        heap.close();
        reverse.close();
        if (bloom != null) {
            bloom.close();
        }
    }

    // ---------------------------------------------------------------- images

    private static final long IMAGE_MAGIC = 0x3158_4449_4D41_4E57L; // "WNAMIDX1" little-endian
    private static final int IMAGE_VERSION = 1;
    private static final int IMAGE_HEADER_BYTES = 80;

    /**
     * Writes the whole index as one self-describing image (header, table, heap, reverse map, filter
     * bits; little-endian) to {@code out}; {@link #openImage} restores it.
     *
     * @return bytes written
     */
    public long writeImage(WritableByteChannel out) throws IOException {
        checkOpen();
        long bloomBytes = bloom == null ? 0 : bloom.bits() / 8;
        long total = IMAGE_HEADER_BYTES + (long) slots * SLOT_BYTES + heapUsed + 4L * reverseLength + bloomBytes;
        ByteBuffer header = ByteBuffer.allocate(IMAGE_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        header.putLong(IMAGE_MAGIC).putInt(IMAGE_VERSION).putInt(bloom == null ? 0 : 1)
                .putInt(slots).putInt(size).putInt(deleted).putInt(reverseLength)
                .putLong(heapUsed).putLong(heapGarbage)
                .putLong(bloom == null ? 0 : bloom.bits()).putInt(bloom == null ? 0 : bloom.hashCount())
                .putInt((int) Math.min(Integer.MAX_VALUE, removedSinceRebuild))
                .putLong(bloom == null ? 0 : bloom.items()).putLong(total);
        header.flip();
        writeFully(out, header);
        writeFully(out, table.segment().asSlice(0, (long) slots * SLOT_BYTES).asByteBuffer());
        writeFully(out, heap.segment().asSlice(0, heapUsed).asByteBuffer());
        writeFully(out, reverse.segment().asSlice(0, 4L * reverseLength).asByteBuffer());
        if (bloom != null) {
            writeFully(out, bloom.words().asByteBuffer());
        }
        return total;
    }

    static void writeFully(WritableByteChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }

    /** Length in bytes of the image starting at {@code image} (read from its header, validated). */
    public static long imageLength(MemorySegment image) {
        checkImageHeader(image);
        return image.get(LONG, 72);
    }

    /**
     * Restores an index from an image written by {@link #writeImage}: copies its table, heap, reverse
     * map and filter bits into fresh off-heap memory (no re-hashing; the slice may be a mapped file
     * and is not used afterwards).
     *
     * @throws GraphException when the image is truncated, of another kind or version, or inconsistent
     */
    public static NameIndex openImage(MemorySegment image) {
        checkImageHeader(image);
        boolean withBloom = image.get(INT, 12) == 1;
        int slotCount = image.get(INT, 16);
        int size = image.get(INT, 20);
        int deleted = image.get(INT, 24);
        int reverseLength = image.get(INT, 28);
        long heapUsed = image.get(LONG, 32);
        long heapGarbage = image.get(LONG, 40);
        long bloomBits = image.get(LONG, 48);
        int bloomK = image.get(INT, 56);
        int removed = image.get(INT, 60);
        long bloomItems = image.get(LONG, 64);
        long total = image.get(LONG, 72);
        if (slotCount < MIN_SLOTS || Integer.bitCount(slotCount) != 1 || size < 0 || deleted < 0
                || size + (long) deleted > slotCount || reverseLength < 0 || heapUsed < HEAP_START
                || heapUsed > Integer.MAX_VALUE || heapGarbage < 0 || heapGarbage > heapUsed
                || (withBloom && (bloomBits < 64 || (bloomBits & 63) != 0 || bloomBits > BloomFilter.MAX_BITS
                        || bloomK < 1 || bloomK > 30))
                || total != IMAGE_HEADER_BYTES + (long) slotCount * SLOT_BYTES + heapUsed + 4L * reverseLength
                        + (withBloom ? bloomBits / 8 : 0)) {
            throw new GraphException("name index image is inconsistent: slots " + slotCount + ", names " + size
                    + ", heap " + heapUsed + " bytes, length " + total);
        }
        NameIndex index = new NameIndex(1, withBloom);
        index.table.close();
        index.table = index.newTable(slotCount);
        long p = IMAGE_HEADER_BYTES;
        MemorySegment.copy(image, p, index.table.segment(), 0, (long) slotCount * SLOT_BYTES);
        p += (long) slotCount * SLOT_BYTES;
        index.heap.ensure(heapUsed, 0);
        MemorySegment.copy(image, p, index.heap.segment(), 0, heapUsed);
        p += heapUsed;
        index.reverse.ensure(Math.max(4L, 4L * reverseLength), 0);
        MemorySegment.copy(image, p, index.reverse.segment(), 0, 4L * reverseLength);
        p += 4L * reverseLength;
        if (withBloom) {
            index.bloom.close();
            index.bloom = BloomFilter.withShape(bloomBits, bloomK);
            MemorySegment.copy(image, p, index.bloom.words(), 0, bloomBits / 8);
            index.bloom.restoreItems(bloomItems);
        }
        index.size = size;
        index.deleted = deleted;
        index.heapUsed = heapUsed;
        index.heapGarbage = heapGarbage;
        index.reverseLength = reverseLength;
        index.removedSinceRebuild = removed;
        return index;
    }

    private static void checkImageHeader(MemorySegment image) {
        if (image.byteSize() < IMAGE_HEADER_BYTES) {
            throw new GraphException("name index image is truncated: " + image.byteSize() + " bytes, header needs " + IMAGE_HEADER_BYTES);
        }
        long magic = image.get(LONG, 0);
        if (magic != IMAGE_MAGIC) {
            throw new GraphException("not a name index image: magic " + Long.toHexString(magic));
        }
        int version = image.get(INT, 8);
        if (version != IMAGE_VERSION) {
            throw new GraphException("name index image version " + version + " is not supported (expected " + IMAGE_VERSION + ")");
        }
        long total = image.get(LONG, 72);
        if (total > image.byteSize() || total < IMAGE_HEADER_BYTES) {
            throw new GraphException("name index image is truncated: header says " + total + " bytes, slice has " + image.byteSize());
        }
    }

    /**
     * The vector compare of {@link #getAllVector}, loaded only when {@link VectorSupport#available()}: a JVM
     * without {@code jdk.incubator.vector} never links this class. Stateless.
     */
    static final class VectorProbe {

        private static final VectorSpecies<Short> ROW_SPECIES = ShortVector.SPECIES_256;
        private static final VectorSpecies<Byte> NAME_BYTE_SPECIES = ByteVector.SPECIES_128;
        /** Whether 16 chars fit one vector here (256 bits). */
        static final boolean FITS = ShortVector.SPECIES_PREFERRED.vectorBitSize() >= 256;

        private VectorProbe() {
        }

        /**
         * The slot of {@code name} (whose 16-char row, zero past its end, starts at {@code rows[from]}) in
         * {@code index}'s table, or -1: an ASCII name is compared in one {@code ByteVector} step, others char by char.
         */
        static int find(NameIndex index, char[] rows, int from, String name, long hash) {
            ShortVector chars = ShortVector.fromCharArray(ROW_SPECIES, rows, from);
            // only an ASCII name is its own UTF-8, byte for byte
            return chars.compare(VectorOperators.ULT, (short) 0x80).allTrue()
                    ? findAscii(index, name, hash, (ByteVector) chars.convertShape(VectorOperators.S2B, NAME_BYTE_SPECIES, 0))
                    : index.findInTable(name, hash);
        }

        /**
         * {@link NameIndex#findInTable} for an ASCII name of {@code 1..16} chars given as {@code bytes} (zero past its
         * end): a candidate matches when its length is the name's and its bytes, masked to that length,
         * equal {@code bytes}.
         */
        private static int findAscii(NameIndex index, String name, long hash, ByteVector bytes) {
            MemorySegment t = index.table.segment();
            MemorySegment h = index.heap.segment();
            long readable = h.byteSize() - VECTOR_NAME_CHARS;
            int n = name.length();
            int i = index.home(hash);
            while (true) {
                long at = (long) i * SLOT_BYTES;
                int node = t.get(INT, at + SLOT_NODE);
                if (node == EMPTY) {
                    return -1;
                }
                if (node != DELETED) {
                    int ref = t.get(INT, at + SLOT_REF);
                    if (h.get(INT, ref + REC_TAG) == (int) (hash >>> 32)
                            && Byte.toUnsignedInt(h.get(ValueLayout.JAVA_BYTE, ref + REC_LEN)) == n) {
                        if (ref + REC_BYTES <= readable) {
                            ByteVector stored = ByteVector.fromMemorySegment(NAME_BYTE_SPECIES, h, ref + REC_BYTES, ByteOrder.LITTLE_ENDIAN)
                                    .and(ByteVector.fromArray(NAME_BYTE_SPECIES, LIVE_BYTES, n * VECTOR_NAME_CHARS));
                            if (stored.eq(bytes).allTrue()) {
                                return i;
                            }
                        } else if (NameUtf8.equalsUtf8(name, h, ref + REC_BYTES, n)) {
                            return i; // the last bytes of the heap: a 16-byte read would run past it
                        }
                    }
                }
                i = (i + 1) & index.mask;
            }
        }
    }
}
