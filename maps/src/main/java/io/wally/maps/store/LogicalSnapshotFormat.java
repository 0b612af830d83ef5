package io.wally.maps.store;

import io.wally.maps.EdgeCursor;
import io.wally.maps.GraphException;
import io.wally.maps.MutableNavGraph;
import io.wally.maps.NavGraph;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.zip.CRC32C;

/**
 * A snapshot as a logical image: every node, name, property and edge, serialised in id order, read back
 * into a fresh graph through its public API (so it works for any {@link MutableNavGraph}).
 *
 * <pre>
 * header, 64 bytes, little-endian:
 *  0                8         12         16          24           32         36
 *  +----------------+---------+----------+-----------+------------+----------+
 *  | magic WALLYSNP | version | hdr size | LSN (u64) | body bytes | body crc |
 *  +----------------+---------+----------+-----------+------------+----------+
 *  36            40           44           48                56         60         64
 *  +-------------+------------+------------+-----------------+----------+----------+
 *  | nodeIdLimit | node count | edge count | state checksum  | reserved | hdr crc  |
 *  +-------------+------------+------------+-----------------+----------+----------+
 *  hdr crc = CRC32C of bytes [0, 60); body crc = CRC32C of the body
 *
 * body:
 *  nodeIdLimit x node:  u8 live; when live: f32 x, f32 y, u8 blocked, i32 labels,
 *                       i32 nameLength (-1: none), name UTF-8, i32 propertyCount,
 *                       propertyCount x (i32 keyLength, key UTF-8, i32 valueLength, value)
 *  per live node, id order: i32 degree, degree x (i32 to, f32 weight, i32 type)
 * </pre>
 *
 * <p>Loading checks both CRCs, every length against the file, and finally recomputes
 * {@link StateChecksum} of the rebuilt graph against the header's, so a snapshot either loads to exactly
 * the graph that was written or fails with a {@link StoreCorruptException} naming the file.
 */
final class LogicalSnapshotFormat implements SnapshotFormat {

    static final byte[] MAGIC = "WALLYSNP".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int HEADER_BYTES = 64;

    private final Supplier<? extends MutableNavGraph> graphFactory;

    LogicalSnapshotFormat(Supplier<? extends MutableNavGraph> graphFactory) {
        this.graphFactory = graphFactory;
    }

    @Override
    public MutableNavGraph newGraph() {
        return graphFactory.get();
    }

    @Override
    public void write(NavGraph graph, long lsn, FileChannel out) throws IOException {
        BodyWriter body = new BodyWriter(out, HEADER_BYTES);
        int limit = graph.nodeIdLimit();
        for (int id = 0; id < limit; id++) {
            if (!graph.containsNode(id)) {
                body.ensure(1).put((byte) 0);
                continue;
            }
            body.ensure(21).put((byte) 1).putFloat(graph.x(id)).putFloat(graph.y(id))
                    .put((byte) (graph.isBlocked(id) ? 1 : 0)).putInt(graph.labels(id));
            Optional<String> name = graph.name(id);
            if (name.isPresent()) {
                body.bytes(name.get().getBytes(StandardCharsets.UTF_8));
            } else {
                body.ensure(4).putInt(-1);
            }
            var keys = graph.propertyKeys(id);
            body.ensure(4).putInt(keys.size());
            for (String key : keys) {
                body.bytes(key.getBytes(StandardCharsets.UTF_8));
                body.bytes(graph.property(id, key).orElseThrow());
            }
        }
        EdgeCursor edges = graph.edges();
        for (int id = 0; id < limit; id++) {
            if (!graph.containsNode(id)) {
                continue;
            }
            int degree = 0;
            edges.moveTo(id);
            while (edges.next()) {
                degree++;
            }
            body.ensure(4).putInt(degree);
            edges.moveTo(id);
            while (edges.next()) {
                body.ensure(12).putInt(edges.to()).putFloat(edges.weight()).putInt(edges.type());
            }
        }
        body.finish();
        ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        h.put(MAGIC).putInt(VERSION).putInt(HEADER_BYTES).putLong(lsn).putLong(body.length).putInt((int) body.crc.getValue())
                .putInt(limit).putInt(graph.nodeCount()).putInt(graph.edgeCount()).putLong(StateChecksum.of(graph)).putInt(0);
        CRC32C crc = new CRC32C();
        crc.update(h.array(), 0, 60);
        h.putInt((int) crc.getValue()).flip();
        long pos = 0;
        while (h.hasRemaining()) {
            pos += out.write(h, pos);
        }
    }

    /** Streams the body through a direct buffer, computing its CRC on the way. */
    private static final class BodyWriter {
        private final FileChannel out;
        private final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        private final CRC32C crc = new CRC32C();
        private long position;
        private long length;

        BodyWriter(FileChannel out, long start) {
            this.out = out;
            this.position = start;
        }

        ByteBuffer ensure(int n) throws IOException {
            if (buf.remaining() < n) {
                drain();
            }
            return buf;
        }

        void bytes(byte[] b) throws IOException {
            ensure(4).putInt(b.length);
            int off = 0;
            while (off < b.length) {
                int n = Math.min(b.length - off, ensure(1).remaining());
                buf.put(b, off, n);
                off += n;
            }
        }

        void drain() throws IOException {
            buf.flip();
            crc.update(buf.duplicate());
            length += buf.remaining();
            while (buf.hasRemaining()) {
                position += out.write(buf, position);
            }
            buf.clear();
        }

        void finish() throws IOException {
            drain();
        }
    }

    @Override
    public Loaded load(Path file, boolean everyByte) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ); Arena arena = Arena.ofConfined()) {
            long size = ch.size();
            if (size < HEADER_BYTES) {
                throw new StoreCorruptException(file, 0, "snapshot is " + size + " bytes, shorter than its " + HEADER_BYTES + "-byte header");
            }
            MemorySegment mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            ByteBuffer all = mapped.asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            byte[] magic = new byte[8];
            all.get(0, magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new StoreCorruptException(file, 0, "not a WALLY snapshot (magic " + SegmentHeader.printable(magic) + ", expected WALLYSNP)");
            }
            int version = all.getInt(8);
            if (version != VERSION) {
                throw new StoreCorruptException(file, 8, "unsupported snapshot format version " + version + " (this build reads version " + VERSION + ")");
            }
            CRC32C crc = new CRC32C();
            crc.update(all.slice(0, 60));
            int storedHeaderCrc = all.getInt(60);
            if (storedHeaderCrc != (int) crc.getValue()) {
                throw new StoreCorruptException(file, 60, String.format("snapshot header checksum mismatch (stored %08x, computed %08x)",
                        storedHeaderCrc, (int) crc.getValue()));
            }
            long lsn = all.getLong(16);
            long bodyBytes = all.getLong(24);
            int bodyCrc = all.getInt(32);
            int limit = all.getInt(36);
            int nodeCount = all.getInt(40);
            int edgeCount = all.getInt(44);
            long checksum = all.getLong(48);
            if (all.getInt(12) != HEADER_BYTES || lsn < 0 || limit < 0 || bodyBytes != size - HEADER_BYTES) {
                throw new StoreCorruptException(file, -1, "snapshot header does not match the file (header size " + all.getInt(12)
                        + ", LSN " + lsn + ", node id limit " + limit + ", body " + bodyBytes + " bytes in a " + size + "-byte file)");
            }
            ByteBuffer body = all.slice(HEADER_BYTES, (int) bodyBytes).order(ByteOrder.LITTLE_ENDIAN);
            crc.reset();
            crc.update(body.duplicate());
            if (bodyCrc != (int) crc.getValue()) {
                throw new StoreCorruptException(file, HEADER_BYTES, String.format("snapshot body checksum mismatch (stored %08x, computed %08x)",
                        bodyCrc, (int) crc.getValue()));
            }
            MutableNavGraph graph = graphFactory.get();
            try {
                readBody(file, body, limit, graph);
                if (graph.nodeCount() != nodeCount || graph.edgeCount() != edgeCount || StateChecksum.of(graph) != checksum) {
                    throw new StoreCorruptException(file, -1, "snapshot content does not match its header (nodes " + graph.nodeCount()
                            + " vs " + nodeCount + ", edges " + graph.edgeCount() + " vs " + edgeCount + ", state checksum "
                            + StateChecksum.hexOf(graph) + " vs " + StateChecksum.toHex(checksum) + ")");
                }
                return new Loaded(graph, lsn);
            } catch (RuntimeException e) {
                graph.close();
                throw e;
            }
        }
    }

    private static void readBody(Path file, ByteBuffer body, int limit, MutableNavGraph graph) {
        boolean[] live = new boolean[limit];
        try {
            for (int id = 0; id < limit; id++) {
                int at = body.position();
                byte flag = body.get();
                if (flag == 0) {
                    graph.addNode(0f, 0f);
                    continue;
                }
                if (flag != 1) {
                    throw new StoreCorruptException(file, HEADER_BYTES + at, "node " + id + " has live flag " + flag);
                }
                live[id] = true;
                float x = body.getFloat();
                float y = body.getFloat();
                boolean blocked = body.get() != 0;
                int labels = body.getInt();
                int nameLength = body.getInt();
                int got = nameLength < 0 ? graph.addNode(x, y) : graph.addNode(text(file, body, nameLength), x, y);
                if (got != id) {
                    throw new StoreCorruptException(file, HEADER_BYTES + at, "graph assigned id " + got + " to snapshot node " + id);
                }
                if (blocked) {
                    graph.setBlocked(id, true);
                }
                if (labels != 0) {
                    graph.setLabels(id, labels);
                }
                int properties = body.getInt();
                if (properties < 0) {
                    throw new StoreCorruptException(file, HEADER_BYTES + body.position() - 4, "node " + id + " has " + properties + " properties");
                }
                for (int p = 0; p < properties; p++) {
                    String key = text(file, body, body.getInt());
                    int valueLength = body.getInt();
                    checkLength(file, body, valueLength);
                    byte[] value = new byte[valueLength];
                    body.get(value);
                    graph.setProperty(id, key, value);
                }
            }
            for (int id = 0; id < limit; id++) {
                if (!live[id]) {
                    graph.removeNode(id);
                }
            }
            for (int id = 0; id < limit; id++) {
                if (!live[id]) {
                    continue;
                }
                int degree = body.getInt();
                if (degree < 0 || (long) degree * 12 > body.remaining()) {
                    throw new StoreCorruptException(file, HEADER_BYTES + body.position() - 4, "node " + id + " has degree " + degree);
                }
                for (int e = 0; e < degree; e++) {
                    graph.addEdge(id, body.getInt(), body.getFloat(), body.getInt());
                }
            }
            if (body.hasRemaining()) {
                throw new StoreCorruptException(file, HEADER_BYTES + body.position(), body.remaining() + " unexpected bytes after the last edge");
            }
        } catch (BufferUnderflowException e) {
            throw new StoreCorruptException(file, HEADER_BYTES + body.position(), "snapshot body ends early");
        } catch (StoreCorruptException e) {
            throw e;
        } catch (GraphException e) {
            throw new StoreCorruptException(file, HEADER_BYTES + body.position(), "snapshot content is not a valid graph: " + e.getMessage());
        }
    }

    private static void checkLength(Path file, ByteBuffer body, int n) {
        if (n < 0 || n > body.remaining()) {
            throw new StoreCorruptException(file, HEADER_BYTES + body.position() - 4, "length " + n + " exceeds the snapshot body");
        }
    }

    private static String text(Path file, ByteBuffer body, int n) {
        checkLength(file, body, n);
        byte[] bytes = new byte[n];
        body.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
