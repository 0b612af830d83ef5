package io.wally.maps.store;

import io.wally.maps.GraphException;
import io.wally.maps.MutableNavGraph;
import io.wally.maps.NavGraph;
import io.wally.maps.graph.OffHeapGraph;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.zip.CRC32C;

/**
 * The snapshot as an {@link OffHeapGraph} image followed by the store's 64-byte trailer. Opening maps
 * the image ({@link OffHeapGraph#openImage}, copy-on-write, node and edge records used in place), so a
 * store opens in time proportional to the checksum passes, not to parsing.
 *
 * <pre>
 * snapshot.img
 * +----------------------------------------------+------------------+
 * | OffHeapGraph image (starts at 0: it is mapped | store trailer    |
 * | from the file start; own header "WALLYGR1",   | (last 64 bytes)  |
 * | format version, per-section CRC32C)           |                  |
 * +----------------------------------------------+------------------+
 *
 * trailer, little-endian:
 *  0                8         12          16          24            32          36
 *  +----------------+---------+-----------+-----------+-------------+-----------+
 *  | magic WALLYSNP | version | trailer   | LSN (u64) | image bytes | image crc |
 *  |                | (2)     | size (64) |           | (u64)       | (CRC32C)  |
 *  +----------------+---------+-----------+-----------+-------------+-----------+
 *  36         40                    48                          60         64
 *  +----------+---------------------+---------------------------+----------+
 *  | reserved | graph version (u64) | node count, edge count, 0 | crc32c   |
 *  +----------+---------------------+---------------------------+----------+
 *  image crc = CRC32C of bytes [0, image bytes): every byte, padding included
 *  crc32c    = CRC32C of trailer bytes [0, 60)
 * </pre>
 *
 * The trailer sits at the end because the image must start at offset 0 to be mapped as it is; it is the
 * store's header in every other respect (magic, format version, LSN, checksums) and is read first.
 *
 * <p>A plain open checks the trailer and lets {@link OffHeapGraph#openImage} check the image header and
 * every section's CRC32C: every byte that carries graph state. The image CRC in the trailer also covers
 * the padding between sections; {@code wally store verify} checks it too (one more pass over the file).
 */
final class ImageSnapshotFormat implements SnapshotFormat {

    static final byte[] MAGIC = "WALLYSNP".getBytes(StandardCharsets.US_ASCII);
    /** Version 1 is {@link LogicalSnapshotFormat}'s header-first file; 2 is image + trailer. */
    static final int VERSION = 2;
    static final int TRAILER_BYTES = 64;
    private static final long CRC_CHUNK_BYTES = 1 << 24;

    @Override
    public MutableNavGraph newGraph() {
        return new OffHeapGraph();
    }

    @Override
    public void write(NavGraph graph, long lsn, FileChannel out) throws IOException {
        if (!(graph instanceof OffHeapGraph off)) {
            throw new GraphException("image snapshots hold OffHeapGraphs; this store's graph is " + graph.getClass().getSimpleName());
        }
        CrcChannel image = new CrcChannel(out);
        off.writeImage(image);
        ByteBuffer t = ByteBuffer.allocate(TRAILER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        t.put(MAGIC).putInt(VERSION).putInt(TRAILER_BYTES).putLong(lsn).putLong(image.bytes).putInt((int) image.crc.getValue()).putInt(0)
                .putLong(graph.version()).putInt(graph.nodeCount()).putInt(graph.edgeCount()).putInt(0);
        CRC32C crc = new CRC32C();
        crc.update(t.array(), 0, 60);
        t.putInt((int) crc.getValue()).flip();
        while (t.hasRemaining()) {
            out.write(t);
        }
    }

    /** Passes bytes on to the file, counting them and computing their CRC32C on the way. */
    private static final class CrcChannel implements WritableByteChannel {
        private final FileChannel out;
        final CRC32C crc = new CRC32C();
        long bytes;

        CrcChannel(FileChannel out) {
            this.out = out;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            ByteBuffer view = src.duplicate();
            int n = out.write(src);
            view.limit(view.position() + n);
            crc.update(view);
            bytes += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return out.isOpen();
        }

        @Override
        public void close() {
            // the caller owns the file
        }
    }

    @Override
    public Loaded load(Path file, boolean everyByte) throws IOException {
        long lsn;
        long imageBytes;
        long version;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < TRAILER_BYTES) {
                throw new StoreCorruptException(file, 0, "snapshot is " + size + " bytes, shorter than its " + TRAILER_BYTES + "-byte trailer");
            }
            ByteBuffer t = ByteBuffer.allocate(TRAILER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            while (t.hasRemaining()) {
                if (ch.read(t, size - TRAILER_BYTES + t.position()) < 0) {
                    throw new StoreCorruptException(file, size - TRAILER_BYTES, "snapshot trailer cannot be read");
                }
            }
            long at = size - TRAILER_BYTES;
            byte[] magic = new byte[8];
            t.get(0, magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new StoreCorruptException(file, at, "not a WALLY snapshot (trailer magic " + SegmentHeader.printable(magic)
                        + ", expected WALLYSNP; the file is truncated or not a snapshot)");
            }
            int fileVersion = t.getInt(8);
            if (fileVersion != VERSION) {
                throw new StoreCorruptException(file, at + 8, "unsupported snapshot format version " + fileVersion
                        + " (this build reads version " + VERSION + ")");
            }
            CRC32C crc = new CRC32C();
            crc.update(t.array(), 0, 60);
            if (t.getInt(60) != (int) crc.getValue()) {
                throw new StoreCorruptException(file, at + 60, String.format("snapshot trailer checksum mismatch (stored %08x, computed %08x)",
                        t.getInt(60), (int) crc.getValue()));
            }
            lsn = t.getLong(16);
            imageBytes = t.getLong(24);
            version = t.getLong(40);
            if (t.getInt(12) != TRAILER_BYTES || lsn < 0 || imageBytes != size - TRAILER_BYTES) {
                throw new StoreCorruptException(file, at, "snapshot trailer does not match the file (trailer size " + t.getInt(12) + ", LSN " + lsn
                        + ", image " + imageBytes + " bytes in a " + size + "-byte file)");
            }
            int stored = t.getInt(32);
            int computed = everyByte ? imageCrc(ch, imageBytes) : stored;
            if (stored != computed) {
                Located where = locate(ch, imageBytes);
                throw new StoreCorruptException(file, where == null ? -1 : where.offset(), String.format(
                        "snapshot image checksum mismatch (stored %08x, computed %08x) in %s", stored, computed,
                        where == null ? "a byte no section checksum covers" : where.describe()));
            }
        }
        OffHeapGraph graph;
        try {
            graph = OffHeapGraph.openImage(file);
        } catch (GraphException e) {
            Located where;
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                where = locate(ch, imageBytes);
            }
            throw new StoreCorruptException(file, where == null ? -1 : where.offset(), "snapshot image cannot be opened"
                    + (where == null ? "" : " (" + where.describe() + ")") + ": " + e.getMessage());
        }
        if (graph.version() != version) {
            graph.close();
            throw new StoreCorruptException(file, -1, "snapshot image holds graph version " + graph.version() + " but its trailer says " + version);
        }
        return new Loaded(graph, lsn);
    }

    // The image's own layout, as docs/store.md publishes it (owned by io.wally.maps.graph.ImageDescriptor,
    // which is package-private there): read here only to name the damaged part of a snapshot.
    private static final int IMAGE_HEADER_BYTES = 160;
    private static final int IMAGE_HEADER_CRC_AT = 152;
    private static final int IMAGE_HEADER_RESERVED_AT = 156;
    private static final int SECTION_TABLE_AT = 56;
    private static final int SECTION_ENTRY_BYTES = 24;
    private static final int SECTION_CRC_AT = 16;
    private static final String[] SECTION_NAMES = {"nodes", "edges", "names", "properties"};

    /** Where in the image a check fails: the part's name, its offset and what fails. */
    record Located(String part, long offset, String detail) {

        String describe() {
            return part + " at offset " + offset + ": " + detail;
        }
    }

    /**
     * Names the first damaged part of the image: the header (its CRC32C), a section (its own CRC32C in
     * the header's section table), or padding and reserved bytes (written as zeros). Null when every
     * part checks out.
     */
    static Located locate(FileChannel ch, long imageBytes) throws IOException {
        if (imageBytes < IMAGE_HEADER_BYTES) {
            return new Located("header", 0, "the image is " + imageBytes + " bytes, shorter than its " + IMAGE_HEADER_BYTES + "-byte header");
        }
        try (Arena arena = Arena.ofConfined()) {
            ByteBuffer image = ch.map(FileChannel.MapMode.READ_ONLY, 0, imageBytes, arena).asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            CRC32C crc = new CRC32C();
            crc.update(image.slice(0, IMAGE_HEADER_CRC_AT));
            if ((int) crc.getValue() != image.getInt(IMAGE_HEADER_CRC_AT)) {
                return new Located("header", 0, String.format("header CRC32C %08x, stored %08x", (int) crc.getValue(), image.getInt(IMAGE_HEADER_CRC_AT)));
            }
            long[][] spans = new long[SECTION_NAMES.length][];
            for (int s = 0; s < SECTION_NAMES.length; s++) {
                int entry = SECTION_TABLE_AT + s * SECTION_ENTRY_BYTES;
                long offset = image.getLong(entry);
                long length = image.getLong(entry + 8);
                if (offset < IMAGE_HEADER_BYTES || length < 0 || offset > imageBytes || length > imageBytes - offset) {
                    return new Located("header", entry, SECTION_NAMES[s] + " section table entry (offset " + offset + ", length " + length
                            + ") lies outside the " + imageBytes + "-byte image");
                }
                crc.reset();
                for (long at = 0; at < length; at += CRC_CHUNK_BYTES) {
                    crc.update(image.slice((int) (offset + at), (int) Math.min(CRC_CHUNK_BYTES, length - at)));
                }
                if ((int) crc.getValue() != image.getInt(entry + SECTION_CRC_AT)) {
                    return new Located(SECTION_NAMES[s] + " section", offset, String.format("%d bytes, CRC32C %08x, section table says %08x", length,
                            (int) crc.getValue(), image.getInt(entry + SECTION_CRC_AT)));
                }
                spans[s] = new long[] {offset, offset + length};
            }
            // Not covered by a section checksum: the header's reserved field and the padding between
            // sections, all written as zeros.
            String after = "header";
            long from = IMAGE_HEADER_RESERVED_AT;
            Arrays.sort(spans, Comparator.comparingLong(a -> a[0]));
            for (int s = 0; s <= spans.length; s++) {
                long to = s < spans.length ? spans[s][0] : imageBytes;
                for (long at = from; at < to; at++) {
                    if (image.get((int) at) != 0) {
                        return new Located("padding after the " + after, at, String.format("byte 0x%02x where padding is 0", image.get((int) at) & 0xFF));
                    }
                }
                if (s < spans.length) {
                    from = Math.max(from, spans[s][1]);
                    after = sectionAt(image, spans[s][0]) + " section";
                }
            }
            return null;
        }
    }

    private static String sectionAt(ByteBuffer image, long offset) {
        for (int s = 0; s < SECTION_NAMES.length; s++) {
            if (image.getLong(SECTION_TABLE_AT + s * SECTION_ENTRY_BYTES) == offset) {
                return SECTION_NAMES[s];
            }
        }
        return "?";
    }

    private static int imageCrc(FileChannel ch, long bytes) throws IOException {
        CRC32C crc = new CRC32C();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, bytes, arena);
            for (long at = 0; at < bytes; at += CRC_CHUNK_BYTES) {
                crc.update(mapped.asSlice(at, Math.min(CRC_CHUNK_BYTES, bytes - at)).asByteBuffer());
            }
        }
        return (int) crc.getValue();
    }
}
