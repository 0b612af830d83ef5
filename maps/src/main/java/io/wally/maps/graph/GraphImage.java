package io.wally.maps.graph;

import static io.wally.maps.graph.ImageDescriptor.EDGES;
import static io.wally.maps.graph.ImageDescriptor.HEADER_BYTES;
import static io.wally.maps.graph.ImageDescriptor.NAMES;
import static io.wally.maps.graph.ImageDescriptor.NODES;
import static io.wally.maps.graph.ImageDescriptor.PROPERTIES;
import static io.wally.maps.graph.ImageDescriptor.SECTION_NAMES;

import io.wally.maps.CorruptImageException;
import io.wally.maps.GraphException;
import io.wally.maps.OversizeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Writes and maps {@link OffHeapGraph} images ({@link ImageDescriptor}); package-private machinery.
 * It sees a graph only as its {@link Parts}, never through the graph's public API or back doors.
 */
final class GraphImage {

    /**
     * What an image holds of a graph: its version, node table, adjacency store, names and properties.
     * The graph hands its parts to {@link #write}, and {@link #open} builds a graph from new ones.
     */
    record Parts(long version, NodeTable nodes, AdjacencyStore adjacency, NameIndex names, PropertyStore properties) {
    }

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int CHUNK_BYTES = 64 * 1024;
    private static final int CRC_CHUNK_BYTES = 1 << 30;

    private GraphImage() {
    }

    // ================================================================ write

    /** Receives generated section bytes. */
    private interface Sink {
        void accept(ByteBuffer bytes) throws IOException;
    }

    static long write(Parts g, WritableByteChannel out) throws IOException {
        try (Arena scratch = Arena.ofConfined()) {
            EdgePalette palette = g.adjacency().buildPalette(EdgePalette.empty(scratch.allocate(EdgePalette.BYTES, 8)));
            return write(g, palette, out);
        }
    }

    private static long write(Parts g, EdgePalette palette, WritableByteChannel out) throws IOException {
        int limit = g.nodes().idLimit();
        byte[] forms = g.adjacency().compactForms(palette);
        long edgesLength = EdgePalette.BYTES + g.adjacency().compactAreaBytes(forms);
        if (edgesLength > AdjacencyDescriptor.MAX_COMPACT_BYTES) {
            throw new OversizeException("edges section of the image", edgesLength, AdjacencyDescriptor.MAX_COMPACT_BYTES);
        }
        long nodesLength = (long) limit * NodeDescriptor.RECORD_BYTES;
        byte[] names = capture(g.names()::writeImage);
        byte[] properties = capture(g.properties()::writeImage);

        long[] offsets = new long[4];
        long[] lengths = {nodesLength, edgesLength, names.length, properties.length};
        long at = HEADER_BYTES;
        for (int s = 0; s < 4; s++) {
            offsets[s] = ImageDescriptor.align8(at);
            at = offsets[s] + lengths[s];
        }
        int[] crcs = new int[4];
        crcs[NODES] = crcOf(sink -> emitNodes(g, forms, sink));
        crcs[EDGES] = crcOf(sink -> emitEdges(g, palette, forms, sink));
        crcs[NAMES] = crc(names);
        crcs[PROPERTIES] = crc(properties);

        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        header.putLong(ImageDescriptor.MAGIC_OFFSET, ImageDescriptor.MAGIC)
                .putInt(ImageDescriptor.FORMAT_VERSION_OFFSET, ImageDescriptor.FORMAT_VERSION)
                .putInt(ImageDescriptor.HEADER_BYTES_OFFSET, HEADER_BYTES)
                .putInt(ImageDescriptor.NODE_RECORD_BYTES_OFFSET, NodeDescriptor.RECORD_BYTES)
                .putInt(ImageDescriptor.EDGE_ENTRY_BYTES_OFFSET, AdjacencyDescriptor.UNTYPED_ENTRY_BYTES)
                .putInt(ImageDescriptor.TYPED_EDGE_ENTRY_BYTES_OFFSET, AdjacencyDescriptor.TYPED_ENTRY_BYTES)
                .putInt(ImageDescriptor.ADJACENCY_HEADER_BYTES_OFFSET, AdjacencyDescriptor.HEADER_BYTES)
                .putInt(ImageDescriptor.BYTE_ORDER_OFFSET, ImageDescriptor.BYTE_ORDER_MARK)
                .putLong(ImageDescriptor.GRAPH_VERSION_OFFSET, g.version())
                .putInt(ImageDescriptor.NODE_ID_LIMIT_OFFSET, limit)
                .putInt(ImageDescriptor.NODE_COUNT_OFFSET, g.nodes().count())
                .putInt(ImageDescriptor.EDGE_COUNT_OFFSET, g.adjacency().edgeCount());
        for (int s = 0; s < 4; s++) {
            int e = ImageDescriptor.sectionEntry(s);
            header.putLong(e + ImageDescriptor.SECTION_OFFSET, offsets[s])
                    .putLong(e + ImageDescriptor.SECTION_LENGTH, lengths[s])
                    .putInt(e + ImageDescriptor.SECTION_CRC, crcs[s]);
        }
        CRC32C headerCrc = new CRC32C();
        headerCrc.update(header.array(), 0, ImageDescriptor.HEADER_CRC_OFFSET);
        header.putInt(ImageDescriptor.HEADER_CRC_OFFSET, (int) headerCrc.getValue());

        long written = 0;
        written += writeFully(out, header);
        for (int s = 0; s < 4; s++) {
            written += writeFully(out, ByteBuffer.allocate((int) (offsets[s] - written)));
            switch (s) {
                case NODES -> emitNodes(g, forms, bytes -> writeFully(out, bytes));
                case EDGES -> emitEdges(g, palette, forms, bytes -> writeFully(out, bytes));
                case NAMES -> writeFully(out, ByteBuffer.wrap(names));
                default -> writeFully(out, ByteBuffer.wrap(properties));
            }
            written += lengths[s];
        }
        return written;
    }

    /**
     * The node words, every adjacency handle turned into its compact handle in the edges section, then
     * the node places as they are.
     */
    private static void emitNodes(Parts g, byte[] forms, Sink sink) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        long edgeAt = 0;
        NodeTable nodes = g.nodes();
        int limit = nodes.idLimit();
        for (int n = 0; n < limit; n++) {
            int word = nodes.word(n);
            if (forms[n] != AdjacencyDescriptor.NO_RECORD) {
                int h = word & NodeDescriptor.HANDLE_MASK;
                word = (word & ~NodeDescriptor.HANDLE_MASK) | AdjacencyDescriptor.compactHandle(edgeAt);
                edgeAt += AdjacencyDescriptor.compactBytes(g.adjacency().degree(h), forms[n]);
            }
            chunk.putInt(word);
            if (!chunk.hasRemaining()) {
                sink.accept(chunk.flip());
                chunk.clear();
            }
        }
        if (chunk.position() > 0) {
            sink.accept(chunk.flip());
        }
        MemorySegment places = nodes.places();
        long placeBytes = (long) limit * NodeDescriptor.PLACE_BYTES;
        for (long at = 0; at < placeBytes; at += CHUNK_BYTES) {
            sink.accept(places.asSlice(at, Math.min(CHUNK_BYTES, placeBytes - at)).asByteBuffer());
        }
    }

    /**
     * The edge palette, then every live node's adjacency record in its smallest compact form, exactly
     * sized, in node order; handed on in chunks of up to 64 KiB.
     */
    private static void emitEdges(Parts g, EdgePalette palette, byte[] forms, Sink sink) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_BYTES);
        MemorySegment chunkSegment = MemorySegment.ofBuffer(chunk);
        MemorySegment.copy(palette.entries(), 0, chunkSegment, 0, EdgePalette.BYTES);
        int used = EdgePalette.BYTES;
        AdjacencyStore adjacency = g.adjacency();
        for (int n = 0; n < forms.length; n++) {
            int form = forms[n];
            if (form == AdjacencyDescriptor.NO_RECORD) {
                continue;
            }
            int h = g.nodes().handle(n);
            long bytes = AdjacencyDescriptor.compactBytes(adjacency.degree(h), form);
            if (used + bytes > CHUNK_BYTES && used > 0) {
                sink.accept(chunk.clear().limit(used));
                used = 0;
            }
            if (bytes > CHUNK_BYTES) {
                try (Arena scratch = Arena.ofConfined()) {
                    MemorySegment big = scratch.allocate(bytes);
                    adjacency.writeRecord(n, h, form, palette, big, 0);
                    sink.accept(big.asByteBuffer());
                }
            } else {
                adjacency.writeRecord(n, h, form, palette, chunkSegment, used);
                used += (int) bytes;
            }
        }
        if (used > 0) {
            sink.accept(chunk.clear().limit(used));
        }
    }

    private static int crcOf(SinkUser user) throws IOException {
        CRC32C crc = new CRC32C();
        user.run(bytes -> crc.update(bytes));
        return (int) crc.getValue();
    }

    private interface SinkUser {
        void run(Sink sink) throws IOException;
    }

    private interface ImageWriter {
        long writeImage(WritableByteChannel out) throws IOException;
    }

    private static byte[] capture(ImageWriter writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        writer.writeImage(Channels.newChannel(bytes));
        return bytes.toByteArray();
    }

    private static int crc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int) crc.getValue();
    }

    private static long writeFully(WritableByteChannel out, ByteBuffer buffer) throws IOException {
        long n = buffer.remaining();
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
        return n;
    }

    // ================================================================ open

    static OffHeapGraph open(Path file) {
        return open(file, false);
    }

    /** As {@link #open(Path)}; {@code readOnly} forces the read-only mapping (tests run as root cannot get it otherwise). */
    static OffHeapGraph open(Path file, boolean readOnly) {
        Arena arena = Arena.ofShared();
        try {
            MemorySegment image = readOnly ? mapReadOnly(file, arena) : map(file, arena);
            return assemble(file, image, arena);
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    private static MemorySegment map(Path file, Arena arena) {
        try {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                // PRIVATE: copy-on-write pages; the graph may edit records in place, the file never changes
                return ch.map(FileChannel.MapMode.PRIVATE, 0, ch.size(), arena);
            } catch (AccessDeniedException e) {
                return mapReadOnly(file, arena);
            }
        } catch (IOException e) {
            throw new GraphException("cannot open graph image " + file + ": " + e, e);
        }
    }

    /** A read-only file: map it read-only and copy it, since the graph edits records in place. */
    private static MemorySegment mapReadOnly(Path file, Arena arena) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            MemorySegment ro = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            MemorySegment copy = arena.allocate(Math.max(1, ro.byteSize()), 8);
            MemorySegment.copy(ro, 0, copy, 0, ro.byteSize());
            return copy.asSlice(0, ro.byteSize());
        } catch (IOException e) {
            throw new GraphException("cannot open graph image " + file + ": " + e, e);
        }
    }

    private static OffHeapGraph assemble(Path file, MemorySegment image, Arena arena) {
        long size = image.byteSize();
        if (size < HEADER_BYTES) {
            throw new CorruptImageException(file, "truncated: " + size + " bytes, the header alone is " + HEADER_BYTES);
        }
        long magic = image.get(LONG, ImageDescriptor.MAGIC_OFFSET);
        if (magic != ImageDescriptor.MAGIC) {
            throw new CorruptImageException(file, "wrong magic 0x" + Long.toHexString(magic) + ", expected 0x"
                    + Long.toHexString(ImageDescriptor.MAGIC) + " (\"WALLYGR1\"): not a graph image");
        }
        int format = image.get(INT, ImageDescriptor.FORMAT_VERSION_OFFSET);
        if (format != ImageDescriptor.FORMAT_VERSION && format != ImageDescriptor.FORMAT_VERSION_WITHOUT_PALETTE) {
            throw new CorruptImageException(file, "format version " + format + ", this build reads versions "
                    + ImageDescriptor.FORMAT_VERSION_WITHOUT_PALETTE + " and " + ImageDescriptor.FORMAT_VERSION);
        }
        int headerCrc = crc(image, 0, ImageDescriptor.HEADER_CRC_OFFSET);
        int storedHeaderCrc = image.get(INT, ImageDescriptor.HEADER_CRC_OFFSET);
        if (headerCrc != storedHeaderCrc) {
            throw new CorruptImageException(file, "header CRC32C " + hex(headerCrc) + ", header says " + hex(storedHeaderCrc));
        }
        expect(file, image, ImageDescriptor.HEADER_BYTES_OFFSET, HEADER_BYTES, "header bytes");
        expect(file, image, ImageDescriptor.NODE_RECORD_BYTES_OFFSET, NodeDescriptor.RECORD_BYTES, "node record bytes");
        expect(file, image, ImageDescriptor.EDGE_ENTRY_BYTES_OFFSET, AdjacencyDescriptor.UNTYPED_ENTRY_BYTES,
                "untyped edge entry bytes");
        expect(file, image, ImageDescriptor.TYPED_EDGE_ENTRY_BYTES_OFFSET, AdjacencyDescriptor.TYPED_ENTRY_BYTES,
                "typed edge entry bytes");
        expect(file, image, ImageDescriptor.ADJACENCY_HEADER_BYTES_OFFSET, AdjacencyDescriptor.HEADER_BYTES,
                "adjacency header bytes");
        expect(file, image, ImageDescriptor.BYTE_ORDER_OFFSET, ImageDescriptor.BYTE_ORDER_MARK, "byte-order mark");
        long version = image.get(LONG, ImageDescriptor.GRAPH_VERSION_OFFSET);
        int limit = image.get(INT, ImageDescriptor.NODE_ID_LIMIT_OFFSET);
        int nodeCount = image.get(INT, ImageDescriptor.NODE_COUNT_OFFSET);
        int edgeCount = image.get(INT, ImageDescriptor.EDGE_COUNT_OFFSET);
        if (version < 0 || limit < 0 || nodeCount < 0 || nodeCount > limit || edgeCount < 0) {
            throw new CorruptImageException(file, "impossible counts: version " + version + ", node id limit " + limit
                    + ", nodes " + nodeCount + ", edges " + edgeCount);
        }
        MemorySegment[] sections = new MemorySegment[4];
        long previousEnd = HEADER_BYTES;
        for (int s = 0; s < 4; s++) {
            int e = ImageDescriptor.sectionEntry(s);
            long offset = image.get(LONG, e + ImageDescriptor.SECTION_OFFSET);
            long length = image.get(LONG, e + ImageDescriptor.SECTION_LENGTH);
            if (offset < previousEnd || (offset & 7) != 0 || length < 0 || offset > size || length > size - offset) {
                throw new CorruptImageException(file, SECTION_NAMES[s] + " section at " + offset + " length " + length
                        + " does not fit the file of " + size + " bytes (truncated?)");
            }
            previousEnd = offset + length;
            int storedCrc = image.get(INT, e + ImageDescriptor.SECTION_CRC);
            int actualCrc = crc(image, offset, length);
            if (actualCrc != storedCrc) {
                throw new CorruptImageException(file, SECTION_NAMES[s] + " section CRC32C " + hex(actualCrc)
                        + ", header says " + hex(storedCrc));
            }
            sections[s] = image.asSlice(offset, length);
        }
        if (sections[NODES].byteSize() != (long) limit * NodeDescriptor.RECORD_BYTES) {
            throw new CorruptImageException(file, "nodes section is " + sections[NODES].byteSize() + " bytes, "
                    + limit + " records need " + (long) limit * NodeDescriptor.RECORD_BYTES);
        }
        NameIndex names = null;
        PropertyStore properties = null;
        try {
            names = NameIndex.openImage(sections[NAMES]);
            properties = PropertyStore.openImage(sections[PROPERTIES]);
        } catch (GraphException | IndexOutOfBoundsException e) {
            if (names != null) {
                names.close();
            }
            throw new CorruptImageException(file, "names/properties section: " + e.getMessage(), e);
        }
        MemorySegment words;
        MemorySegment places;
        long wordBytes = (long) limit * NodeDescriptor.WORD_BYTES;
        if (format == ImageDescriptor.FORMAT_VERSION) {
            words = sections[NODES].asSlice(0, wordBytes);
            places = sections[NODES].asSlice(wordBytes);
        } else {
            // version 2 kept each node's 16 bytes together: x, y, labels, word
            words = arena.allocate(Math.max(1, wordBytes), 8).asSlice(0, wordBytes);
            places = arena.allocate(Math.max(1, (long) limit * NodeDescriptor.PLACE_BYTES), 8)
                    .asSlice(0, (long) limit * NodeDescriptor.PLACE_BYTES);
            for (int n = 0; n < limit; n++) {
                long record = (long) n * NodeDescriptor.RECORD_BYTES;
                MemorySegment.copy(sections[NODES], record, places, NodeDescriptor.placeOffset(n), NodeDescriptor.PLACE_BYTES);
                words.set(NodeDescriptor.INT, NodeDescriptor.wordOffset(n),
                        sections[NODES].get(NodeDescriptor.INT, record + NodeDescriptor.PLACE_BYTES));
            }
        }
        MemorySegment edges = sections[EDGES];
        EdgePalette palette = null;
        if (format == ImageDescriptor.FORMAT_VERSION) {
            if (edges.byteSize() < EdgePalette.BYTES) {
                names.close();
                properties.close();
                throw new CorruptImageException(file, "edges section is " + edges.byteSize()
                        + " bytes, less than its " + EdgePalette.BYTES + "-byte edge palette");
            }
            palette = EdgePalette.read(edges.asSlice(0, EdgePalette.BYTES));
            edges = edges.asSlice(EdgePalette.BYTES);
        }
        NodeTable nodes = new NodeTable(words, places, limit, nodeCount);
        AdjacencyStore adjacency = new AdjacencyStore(nodes, edges.byteSize() == 0 ? MemorySegment.NULL : edges,
                palette, edgeCount);
        return new OffHeapGraph(arena, new Parts(version, nodes, adjacency, names, properties));
    }

    private static void expect(Path file, MemorySegment image, long offset, int expected, String what) {
        int actual = image.get(INT, offset);
        if (actual != expected) {
            throw new CorruptImageException(file, what + " " + actual + ", this build uses " + expected);
        }
    }

    private static int crc(MemorySegment image, long offset, long length) {
        CRC32C crc = new CRC32C();
        for (long at = 0; at < length; at += CRC_CHUNK_BYTES) {
            crc.update(image.asSlice(offset + at, Math.min(CRC_CHUNK_BYTES, length - at)).asByteBuffer());
        }
        return (int) crc.getValue();
    }

    private static String hex(int crc) {
        return String.format("%08x", crc);
    }
}
