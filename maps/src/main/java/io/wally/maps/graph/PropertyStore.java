package io.wally.maps.graph;

import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.wally.maps.GraphClosedException;
import io.wally.maps.GraphException;
import io.wally.maps.GraphLimits;
import io.wally.maps.InvalidNameException;
import io.wally.maps.OversizeException;
import io.wally.maps.PropertyStats;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Per-node properties (string key to bytes), off-heap. Values longer than a threshold (1 KiB by
 * default) are stored LZ4-compressed (aircompressor) when that makes them smaller; every value carries
 * a CRC32C of its original bytes, checked on every read, so a corrupted value is reported, never
 * returned.
 *
 * <p>Layout (little-endian): a directory with one {@code i64} per node id, {@code offset << LENGTH_BITS |
 * length} of the node's blob in the heap (0 = no properties); a blob is all of one node's entries:
 * <pre>
 *  blob:  | count: u16 | entry | entry | ...
 *  entry: | keyLen: u16 | key: UTF-8 | encoding: u8 (0 raw, 1 LZ4) | originalLen: i32
 *         | storedLen: i32 | crc32c(original): i32 | stored bytes (storedLen) |
 * </pre>
 * A write rewrites the node's blob at the end of the heap (copy-on-write, robot maps have few
 * properties per node); the heap is compacted when more than half of it is dead.
 *
 * <p>Limits: keys non-empty, valid Unicode, at most {@link #MAX_KEY_BYTES} UTF-8 bytes; values at most
 * {@code maxValueBytes} (16 MiB by default); a node's blob at most {@link #MAX_BLOB_BYTES}.
 * Violations throw {@link OversizeException} or {@link InvalidNameException} naming the node or key
 * and the sizes, and change nothing.
 *
 * <p>Threading: single writer; other threads may read only under the owner's publication protocol.
 * Lifecycle: {@link #close()} frees the memory; later calls throw {@link GraphException}.
 *
 * <pre>{@code
 * try (PropertyStore props = new PropertyStore()) {
 *     props.set(7, "label", "kitchen".getBytes(UTF_8));
 *     props.get(7, "label");      // Optional[bytes of "kitchen"]
 *     props.keys(7);              // [label]
 * }
 * }</pre>
 */
final class PropertyStore implements AutoCloseable {

    /** Default compression threshold: values longer than this many bytes are compressed. */
    public static final int DEFAULT_COMPRESS_THRESHOLD_BYTES = 1024;
    /** Default largest value, bytes ({@link GraphLimits#MAX_PROPERTY_VALUE_BYTES}, 16 MiB). */
    public static final int DEFAULT_MAX_VALUE_BYTES = GraphLimits.MAX_PROPERTY_VALUE_BYTES;
    /** Largest key, UTF-8 bytes ({@link GraphLimits#MAX_PROPERTY_KEY_BYTES}). */
    public static final int MAX_KEY_BYTES = GraphLimits.MAX_PROPERTY_KEY_BYTES;
    /** Largest blob (all properties of one node, as stored), bytes (256 MiB - 1). */
    public static final int MAX_BLOB_BYTES = (1 << 28) - 1;

    private static final int LENGTH_BITS = 28;
    private static final long LENGTH_MASK = (1L << LENGTH_BITS) - 1;

    private static final ValueLayout.OfInt INT = NameIndex.INT;
    private static final ValueLayout.OfLong LONG = NameIndex.LONG;
    private static final ValueLayout.OfShort SHORT = NameIndex.SHORT;
    private static final int ENTRY_FIXED = 2 + 1 + 4 + 4 + 4;
    private static final int HEAP_START = 8;
    private static final byte RAW = 0;
    private static final byte LZ4 = 1;

    private final int compressThresholdBytes;
    private final int maxValueBytes;
    private final Lz4Compressor compressor = new Lz4Compressor();
    private final Lz4Decompressor decompressor = new Lz4Decompressor();
    private GrowableSegment directory;
    private int directoryLength;
    private GrowableSegment heap;
    private long heapUsed;
    private long heapGarbage;
    private long values;
    private long compressedValues;
    private long originalBytes;
    private long storedBytes;
    private boolean closed;

    /** A store with the default threshold (1 KiB) and value limit (16 MiB). */
    public PropertyStore() {
        this(DEFAULT_COMPRESS_THRESHOLD_BYTES, DEFAULT_MAX_VALUE_BYTES);
    }

    /**
     * @param compressThresholdBytes values longer than this are compressed, {@code >= 0}
     * @param maxValueBytes largest value accepted, in {@code [1, 16 MiB]}
     */
    public PropertyStore(int compressThresholdBytes, int maxValueBytes) {
        if (compressThresholdBytes < 0) {
            throw new IllegalArgumentException("compressThresholdBytes must be >= 0; was " + compressThresholdBytes);
        }
        if (maxValueBytes < 1 || maxValueBytes > GraphLimits.MAX_PROPERTY_VALUE_BYTES) {
            throw new IllegalArgumentException("maxValueBytes must be in [1, " + GraphLimits.MAX_PROPERTY_VALUE_BYTES
                    + "]; was " + maxValueBytes);
        }
        this.compressThresholdBytes = compressThresholdBytes;
        this.maxValueBytes = maxValueBytes;
        this.directory = new GrowableSegment(8L * 16);
        this.directoryLength = 16;
        this.heap = new GrowableSegment(4096);
        this.heapUsed = HEAP_START;
    }

    // ---------------------------------------------------------------- writes

    /**
     * Sets property {@code key} of {@code node} to a copy of {@code value}, replacing any previous value.
     *
     * @param node node id, {@code >= 0}
     * @param key non-empty, valid Unicode, at most {@link #MAX_KEY_BYTES} UTF-8 bytes
     * @param value at most the store's value limit in bytes (may be empty)
     */
    public void set(int node, String key, byte[] value) {
        checkOpen();
        checkNode(node);
        byte[] keyBytes = checkKey(node, key);
        if (value == null) {
            throw new NullPointerException("value of property \"" + NameUtf8.shortForm(key) + "\" of node " + node + " is null");
        }
        if (value.length > maxValueBytes) {
            throw new OversizeException("value of property \"" + NameUtf8.shortForm(key) + "\" of node " + node,
                    value.length, maxValueBytes);
        }
        CRC32C crc = new CRC32C();
        crc.update(value);
        byte encoding = RAW;
        byte[] stored = value;
        int storedLength = value.length;
        if (value.length > compressThresholdBytes) {
            byte[] compressed = new byte[compressor.maxCompressedLength(value.length)];
            int n = compressor.compress(value, 0, value.length, compressed, 0, compressed.length);
            if (n < value.length) {
                encoding = LZ4;
                stored = compressed;
                storedLength = n;
            }
        }
        byte[] old = blobBytes(node);
        int oldCount = old == null ? 0 : Short.toUnsignedInt(ByteBuffer.wrap(old).order(ByteOrder.LITTLE_ENDIAN).getShort(0));
        int skipAt = old == null ? -1 : findEntry(old, keyBytes);
        int skipLength = skipAt < 0 ? 0 : entryLength(old, skipAt);
        long newLength = (old == null ? 2 : old.length - skipLength) + ENTRY_FIXED + keyBytes.length + storedLength;
        int newCount = oldCount + (skipAt < 0 ? 1 : 0);
        if (newLength > MAX_BLOB_BYTES || newCount > 0xFFFF) {
            throw new GraphException("properties of node " + node + " would be " + newLength + " bytes in "
                    + newCount + " entries, limit " + MAX_BLOB_BYTES + " bytes and 65535 entries");
        }
        ByteBuffer blob = ByteBuffer.allocate((int) newLength).order(ByteOrder.LITTLE_ENDIAN);
        blob.putShort((short) newCount);
        if (old != null) {
            int start = 2;
            int end = skipAt < 0 ? old.length : skipAt;
            blob.put(old, start, end - start);
            if (skipAt >= 0) {
                blob.put(old, skipAt + skipLength, old.length - skipAt - skipLength);
                account(old, skipAt, -1);
            }
        }
        int entryAt = blob.position();
        blob.putShort((short) keyBytes.length).put(keyBytes).put(encoding)
                .putInt(value.length).putInt(storedLength).putInt((int) crc.getValue())
                .put(stored, 0, storedLength);
        account(blob.array(), entryAt, +1);
        replaceBlob(node, blob.array());
    }

    /** Removes property {@code key} of {@code node}; false (nothing changes) when it is not set. */
    public boolean remove(int node, String key) {
        checkOpen();
        checkNode(node);
        if (key == null) {
            throw new NullPointerException("property key of node " + node + " is null");
        }
        byte[] old = blobBytes(node);
        if (old == null) {
            return false;
        }
        int at = findEntry(old, key.getBytes(StandardCharsets.UTF_8));
        if (at < 0 || NameUtf8.utf8Length(key) < 0) {
            return false;
        }
        int length = entryLength(old, at);
        int count = Short.toUnsignedInt(ByteBuffer.wrap(old).order(ByteOrder.LITTLE_ENDIAN).getShort(0)) - 1;
        account(old, at, -1);
        if (count == 0) {
            dropBlob(node);
            return true;
        }
        byte[] blob = new byte[old.length - length];
        ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).putShort((short) count);
        System.arraycopy(old, 2, blob, 2, at - 2);
        System.arraycopy(old, at + length, blob, at, old.length - at - length);
        replaceBlob(node, blob);
        return true;
    }

    /** Removes every property of {@code node} (nothing happens when it has none). */
    public void removeAll(int node) {
        checkOpen();
        checkNode(node);
        byte[] old = blobBytes(node);
        if (old == null) {
            return;
        }
        for (int at = 2; at < old.length; at += entryLength(old, at)) {
            account(old, at, -1);
        }
        dropBlob(node);
    }

    // ---------------------------------------------------------------- reads

    /**
     * The value of property {@code key} of {@code node} (a new array, decompressed and checksum-checked),
     * or empty when it is not set.
     *
     * @throws GraphException naming the node and key when the stored value fails its checksum or does
     *     not decompress
     */
    public Optional<byte[]> get(int node, String key) {
        checkOpen();
        checkNode(node);
        if (key == null) {
            throw new NullPointerException("property key of node " + node + " is null");
        }
        long packed = packed(node);
        if (packed == 0) {
            return Optional.empty();
        }
        MemorySegment h = heap.segment();
        long p = packed >>> LENGTH_BITS;
        long end = p + (packed & LENGTH_MASK);
        p += 2;
        while (p < end) {
            int keyLength = Short.toUnsignedInt(h.get(SHORT, p));
            long meta = p + 2 + keyLength;
            int storedLength = h.get(INT, meta + 5);
            if (NameUtf8.equalsUtf8(key, h, p + 2, keyLength)) {
                return Optional.of(decode(node, key, h, meta, storedLength));
            }
            p = meta + 13 + storedLength;
        }
        return Optional.empty();
    }

    private byte[] decode(int node, String key, MemorySegment h, long meta, int storedLength) {
        byte encoding = h.get(ValueLayout.JAVA_BYTE, meta);
        int originalLength = h.get(INT, meta + 1);
        int expectedCrc = h.get(INT, meta + 9);
        byte[] stored = new byte[storedLength];
        MemorySegment.copy(h, ValueLayout.JAVA_BYTE, meta + 13, stored, 0, storedLength);
        byte[] value;
        if (encoding == RAW) {
            value = stored;
        } else if (encoding == LZ4) {
            value = new byte[originalLength];
            int n;
            try {
                n = decompressor.decompress(stored, 0, storedLength, value, 0, originalLength);
            } catch (RuntimeException e) {
                throw corrupt(node, key, "LZ4 data does not decompress (" + e.getMessage() + ")");
            }
            if (n != originalLength) {
                throw corrupt(node, key, "decompressed to " + n + " bytes, expected " + originalLength);
            }
        } else {
            throw corrupt(node, key, "unknown encoding " + encoding);
        }
        CRC32C crc = new CRC32C();
        crc.update(value);
        if ((int) crc.getValue() != expectedCrc) {
            throw corrupt(node, key, "CRC32C mismatch (stored " + Integer.toHexString(expectedCrc)
                    + ", computed " + Integer.toHexString((int) crc.getValue()) + ")");
        }
        return value;
    }

    private static GraphException corrupt(int node, String key, String why) {
        return new GraphException("property \"" + NameUtf8.shortForm(key) + "\" of node " + node + " is corrupt: " + why);
    }

    /** Keys of the properties of {@code node}, sorted ({@link String#compareTo}); empty when none. */
    public List<String> keys(int node) {
        checkOpen();
        checkNode(node);
        byte[] blob = blobBytes(node);
        if (blob == null) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        for (int at = 2; at < blob.length; at += entryLength(blob, at)) {
            int keyLength = Short.toUnsignedInt(le(blob).getShort(at));
            keys.add(new String(blob, at + 2, keyLength, StandardCharsets.UTF_8));
        }
        Collections.sort(keys);
        return List.copyOf(keys);
    }

    /** Values longer than this many bytes are compressed (when that makes them smaller). */
    public int compressThresholdBytes() {
        return compressThresholdBytes;
    }

    /** Counts, original and stored bytes, compression ratio, and off-heap memory. */
    public PropertyStats stats() {
        checkOpen();
        return new PropertyStats(values, compressedValues, originalBytes, storedBytes, directory.byteSize() + heap.byteSize());
    }

    // ---------------------------------------------------------------- internals

    private long packed(int node) {
        return node < directoryLength ? directory.segment().getAtIndex(ValueLayout.JAVA_LONG, node) : 0;
    }

    private byte[] blobBytes(int node) {
        long packed = packed(node);
        if (packed == 0) {
            return null;
        }
        byte[] blob = new byte[(int) (packed & LENGTH_MASK)];
        MemorySegment.copy(heap.segment(), ValueLayout.JAVA_BYTE, packed >>> LENGTH_BITS, blob, 0, blob.length);
        return blob;
    }

    private static ByteBuffer le(byte[] blob) {
        return ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static int entryLength(byte[] blob, int at) {
        ByteBuffer b = le(blob);
        int keyLength = Short.toUnsignedInt(b.getShort(at));
        return ENTRY_FIXED + keyLength + b.getInt(at + 2 + keyLength + 5);
    }

    private static int findEntry(byte[] blob, byte[] keyBytes) {
        ByteBuffer b = le(blob);
        for (int at = 2; at < blob.length; at += entryLength(blob, at)) {
            int keyLength = Short.toUnsignedInt(b.getShort(at));
            if (keyLength == keyBytes.length
                    && Arrays.equals(blob, at + 2, at + 2 + keyLength, keyBytes, 0, keyLength)) {
                return at;
            }
        }
        return -1;
    }

    /** Adds ({@code sign = +1}) or subtracts ({@code -1}) the entry at {@code at} from the statistics. */
    private void account(byte[] blob, int at, int sign) {
        ByteBuffer b = le(blob);
        int keyLength = Short.toUnsignedInt(b.getShort(at));
        int meta = at + 2 + keyLength;
        values += sign;
        if (blob[meta] == LZ4) {
            compressedValues += sign;
        }
        originalBytes += sign * (long) b.getInt(meta + 1);
        storedBytes += sign * (long) b.getInt(meta + 5);
    }

    private void replaceBlob(int node, byte[] blob) {
        long packed = packed(node);
        if (packed != 0) {
            heapGarbage += packed & LENGTH_MASK;
        }
        if (heapGarbage > 64 * 1024 && heapGarbage * 2 > heapUsed) {
            setPacked(node, 0);
            compact();
        }
        long at = heapUsed;
        heap.ensure(at + blob.length, heapUsed);
        MemorySegment.copy(blob, 0, heap.segment(), ValueLayout.JAVA_BYTE, at, blob.length);
        heapUsed = at + blob.length;
        setPacked(node, (at << LENGTH_BITS) | blob.length);
    }

    private void dropBlob(int node) {
        heapGarbage += packed(node) & LENGTH_MASK;
        setPacked(node, 0);
    }

    private void setPacked(int node, long packed) {
        if (node >= directoryLength) {
            if (packed == 0) {
                return;
            }
            int newLength = Math.max(node + 1, directoryLength * 2);
            directory.ensure(8L * newLength, 8L * directoryLength);
            directory.segment().asSlice(8L * directoryLength, 8L * (newLength - directoryLength)).fill((byte) 0);
            directoryLength = newLength;
        }
        directory.segment().setAtIndex(ValueLayout.JAVA_LONG, node, packed);
    }

    /** Copies the live blobs into a fresh heap, in node order. */
    private void compact() {
        GrowableSegment old = heap;
        MemorySegment oh = old.segment();
        heap = new GrowableSegment(Math.max(4096, heapUsed - heapGarbage));
        long used = HEAP_START;
        MemorySegment dir = directory.segment();
        for (int node = 0; node < directoryLength; node++) {
            long packed = dir.getAtIndex(ValueLayout.JAVA_LONG, node);
            if (packed == 0) {
                continue;
            }
            int length = (int) (packed & LENGTH_MASK);
            heap.ensure(used + length, used);
            MemorySegment.copy(oh, packed >>> LENGTH_BITS, heap.segment(), used, length);
            dir.setAtIndex(ValueLayout.JAVA_LONG, node, (used << LENGTH_BITS) | length);
            used += length;
        }
        old.close();
        heapUsed = used;
        heapGarbage = 0;
    }

    private void checkOpen() {
        if (closed) {
            throw new GraphClosedException("property store");
        }
    }

    private static void checkNode(int node) {
        if (node < 0) {
            throw new GraphException("node id must be >= 0; was " + node);
        }
    }

    private static byte[] checkKey(int node, String key) {
        if (key == null) {
            throw new NullPointerException("property key of node " + node + " is null");
        }
        return GraphLimits.checkPropertyKey(key);
    }

    /** Frees all off-heap memory; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        directory.close();
        heap.close();
    }

    // ---------------------------------------------------------------- images

    private static final long IMAGE_MAGIC = 0x3154_5350_4F52_5057L; // "WPROPST1" little-endian
    private static final int IMAGE_VERSION = 1;
    private static final int IMAGE_HEADER_BYTES = 80;

    /**
     * Writes the whole store as one self-describing image (header, directory, heap; little-endian) to
     * {@code out}; {@link #openImage} restores it. Values keep their per-value CRC32C.
     *
     * @return bytes written
     */
    public long writeImage(WritableByteChannel out) throws IOException {
        checkOpen();
        long total = IMAGE_HEADER_BYTES + 8L * directoryLength + heapUsed;
        ByteBuffer header = ByteBuffer.allocate(IMAGE_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        header.putLong(IMAGE_MAGIC).putInt(IMAGE_VERSION).putInt(compressThresholdBytes)
                .putInt(maxValueBytes).putInt(directoryLength)
                .putLong(heapUsed).putLong(heapGarbage).putLong(values).putLong(compressedValues)
                .putLong(originalBytes).putLong(storedBytes).putLong(total);
        header.flip();
        NameIndex.writeFully(out, header);
        NameIndex.writeFully(out, directory.segment().asSlice(0, 8L * directoryLength).asByteBuffer());
        NameIndex.writeFully(out, heap.segment().asSlice(0, heapUsed).asByteBuffer());
        return total;
    }

    /** Length in bytes of the image starting at {@code image} (read from its header, validated). */
    public static long imageLength(MemorySegment image) {
        checkImageHeader(image);
        return image.get(LONG, 72);
    }

    /**
     * Restores a store from an image written by {@link #writeImage}, copying its directory and heap
     * into fresh off-heap memory (the slice may be a mapped file and is not used afterwards). Every
     * blob reference is checked against the heap; values are checksum-checked when read.
     *
     * @throws GraphException when the image is truncated, of another kind or version, or inconsistent
     */
    public static PropertyStore openImage(MemorySegment image) {
        checkImageHeader(image);
        int threshold = image.get(INT, 12);
        int maxValue = image.get(INT, 16);
        int dirLength = image.get(INT, 20);
        long used = image.get(LONG, 24);
        long garbage = image.get(LONG, 32);
        long total = image.get(LONG, 72);
        if (threshold < 0 || maxValue < 1 || maxValue > GraphLimits.MAX_PROPERTY_VALUE_BYTES || dirLength < 1 || used < HEAP_START
                || garbage < 0 || garbage > used || total != IMAGE_HEADER_BYTES + 8L * dirLength + used) {
            throw new GraphException("property store image is inconsistent: directory " + dirLength
                    + " nodes, heap " + used + " bytes, length " + total);
        }
        PropertyStore store = new PropertyStore(threshold, maxValue);
        store.directory.ensure(8L * dirLength, 0);
        MemorySegment.copy(image, IMAGE_HEADER_BYTES, store.directory.segment(), 0, 8L * dirLength);
        store.heap.ensure(used, 0);
        MemorySegment.copy(image, IMAGE_HEADER_BYTES + 8L * dirLength, store.heap.segment(), 0, used);
        store.directoryLength = dirLength;
        store.heapUsed = used;
        store.heapGarbage = garbage;
        store.values = image.get(LONG, 40);
        store.compressedValues = image.get(LONG, 48);
        store.originalBytes = image.get(LONG, 56);
        store.storedBytes = image.get(LONG, 64);
        MemorySegment dir = store.directory.segment();
        for (int node = 0; node < dirLength; node++) {
            long packed = dir.getAtIndex(ValueLayout.JAVA_LONG, node);
            if (packed != 0 && ((packed >>> LENGTH_BITS) < HEAP_START || (packed >>> LENGTH_BITS) + (packed & LENGTH_MASK) > used)) {
                store.close();
                throw new GraphException("property store image is inconsistent: node " + node
                        + " points outside the heap (offset " + (packed >>> LENGTH_BITS) + ", heap " + used + " bytes)");
            }
        }
        return store;
    }

    private static void checkImageHeader(MemorySegment image) {
        if (image.byteSize() < IMAGE_HEADER_BYTES) {
            throw new GraphException("property store image is truncated: " + image.byteSize() + " bytes, header needs " + IMAGE_HEADER_BYTES);
        }
        long magic = image.get(LONG, 0);
        if (magic != IMAGE_MAGIC) {
            throw new GraphException("not a property store image: magic " + Long.toHexString(magic));
        }
        int version = image.get(INT, 8);
        if (version != IMAGE_VERSION) {
            throw new GraphException("property store image version " + version + " is not supported (expected " + IMAGE_VERSION + ")");
        }
        long total = image.get(LONG, 72);
        if (total > image.byteSize() || total < IMAGE_HEADER_BYTES) {
            throw new GraphException("property store image is truncated: header says " + total + " bytes, slice has " + image.byteSize());
        }
    }
}
