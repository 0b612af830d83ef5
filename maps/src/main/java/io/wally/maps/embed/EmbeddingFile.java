package io.wally.maps.embed;

import io.wally.maps.NavGraph;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Embeddings on disk, next to a map file or a store directory ({@code embeddings.bin}).
 *
 * <pre>
 *  offset  size  field
 *       0     4  magic "WEMB"
 *       4     4  format version (1)
 *       8     8  graph version the vectors belong to
 *      16     8  graph structure checksum
 *      24     8  settings fingerprint
 *      32     4  dimension
 *      36     4  count (rows = node ids)
 *      40     4  precision (0 float32, 1 int8)
 *      44     4  CRC32C of bytes [0, 44) and of the payload
 *      48        payload: rows (count * dimension * 4 or 1 bytes, little-endian), then int8 scales (count * 4)
 * </pre>
 *
 * <p>Writes go to a temporary file that is forced to disk and then renamed over the target, so a crash leaves
 * the old file or the new one, never half of one. A read checks magic, version, sizes and the checksum and
 * throws {@link EmbeddingFileException} naming the file and what is wrong. Stateless; thread-safe.
 */
public final class EmbeddingFile {

    /** The file name used next to a map or in a store directory. */
    public static final String FILE_NAME = "embeddings.bin";
    static final int MAGIC = 0x424D4557; // "WEMB" little-endian
    static final int FORMAT_VERSION = 1;
    static final int HEADER_BYTES = 48;

    /** Whether {@link #loadOrCompute} reused the file or computed afresh, and why. */
    public record Outcome(Embeddings embeddings, boolean reused, String reason) {
    }

    private EmbeddingFile() {
    }

    /** The embeddings file for a map file ({@code house.yaml.embeddings.bin}) or a store directory ({@code DIR/embeddings.bin}). */
    public static Path beside(Path mapOrStore) {
        if (Files.isDirectory(mapOrStore)) {
            return mapOrStore.resolve(FILE_NAME);
        }
        return mapOrStore.resolveSibling(mapOrStore.getFileName() + "." + FILE_NAME);
    }

    /** Writes {@code e} to {@code file} atomically (temporary file, fsync, rename). */
    public static void write(Embeddings e, Path file) {
        e.checkOpen();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        MemorySegment rows = e.rowsSegment();
        long rowBytes = (long) e.count() * e.dimension() * (e.precision() == Embeddings.Precision.FLOAT32 ? 4 : 1);
        long scaleBytes = e.precision() == Embeddings.Precision.INT8 ? 4L * e.count() : 0;
        ByteBuffer header = header(e);
        CRC32C crc = new CRC32C();
        crc.update(header.duplicate().limit(44));
        crc.update(rows.asSlice(0, rowBytes).asByteBuffer());
        if (scaleBytes > 0) {
            crc.update(e.scalesSegment().asSlice(0, scaleBytes).asByteBuffer());
        }
        header.putInt(44, (int) crc.getValue());
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            writeFully(ch, header);
            writeFully(ch, rows.asSlice(0, rowBytes).asByteBuffer());
            if (scaleBytes > 0) {
                writeFully(ch, e.scalesSegment().asSlice(0, scaleBytes).asByteBuffer());
            }
            ch.force(true);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write embeddings to " + tmp + ": " + ex.getMessage(), ex);
        }
        try {
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException ex) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            Path dir = file.toAbsolutePath().getParent();
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException ignored) {
                // some file systems cannot open a directory for fsync; the rename itself has happened
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot move embeddings into place at " + file + ": " + ex.getMessage(), ex);
        }
    }

    /** Reads {@code file}; the caller closes the result. */
    public static Embeddings read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < HEADER_BYTES) {
                throw new EmbeddingFileException(file + ": too short for an embeddings header (" + size + " bytes, need " + HEADER_BYTES + ")");
            }
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, header, 0);
            header.flip();
            if (header.getInt(0) != MAGIC) {
                throw new EmbeddingFileException(file + ": not an embeddings file (magic " + Integer.toHexString(header.getInt(0)) + ")");
            }
            if (header.getInt(4) != FORMAT_VERSION) {
                throw new EmbeddingFileException(file + ": format version " + header.getInt(4) + " is not supported (expected " + FORMAT_VERSION + ")");
            }
            int dimension = header.getInt(32);
            int count = header.getInt(36);
            int precisionCode = header.getInt(40);
            if (dimension < 1 || dimension > FastRpSettings.MAX_DIMENSION || count < 0 || (precisionCode != 0 && precisionCode != 1)) {
                throw new EmbeddingFileException(file + ": bad header (dimension " + dimension + ", count " + count + ", precision " + precisionCode + ")");
            }
            Embeddings.Precision precision = precisionCode == 0 ? Embeddings.Precision.FLOAT32 : Embeddings.Precision.INT8;
            long rowBytes = (long) count * dimension * (precision == Embeddings.Precision.FLOAT32 ? 4 : 1);
            long scaleBytes = precision == Embeddings.Precision.INT8 ? 4L * count : 0;
            if (size != HEADER_BYTES + rowBytes + scaleBytes) {
                throw new EmbeddingFileException(file + ": size " + size + " bytes does not match its header (expected "
                        + (HEADER_BYTES + rowBytes + scaleBytes) + "); the file is torn or truncated");
            }
            Embeddings e = Embeddings.allocate(count, dimension, precision, header.getLong(8), header.getLong(16), header.getLong(24));
            try {
                readFully(ch, e.rowsSegment().asSlice(0, rowBytes).asByteBuffer(), HEADER_BYTES);
                if (scaleBytes > 0) {
                    readFully(ch, e.scalesSegment().asSlice(0, scaleBytes).asByteBuffer(), HEADER_BYTES + rowBytes);
                }
                CRC32C crc = new CRC32C();
                crc.update(header.duplicate().limit(44));
                crc.update(e.rowsSegment().asSlice(0, rowBytes).asByteBuffer());
                if (scaleBytes > 0) {
                    crc.update(e.scalesSegment().asSlice(0, scaleBytes).asByteBuffer());
                }
                if ((int) crc.getValue() != header.getInt(44)) {
                    throw new EmbeddingFileException(file + ": checksum mismatch (stored " + Integer.toHexString(header.getInt(44))
                            + ", computed " + Integer.toHexString((int) crc.getValue()) + "); the file is corrupt");
                }
                e.finish();
                return e;
            } catch (RuntimeException | IOException ex) {
                e.close();
                throw ex;
            }
        } catch (NoSuchFileException ex) {
            throw new EmbeddingFileException(file + ": no such file");
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read embeddings from " + file + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * The embeddings of {@code graph} under {@code settings}: read from {@code file} when it exists and belongs to
     * the same graph version, structure and settings, else computed and written there (a corrupt file is
     * recomputed, not trusted).
     */
    public static Outcome loadOrCompute(Path file, NavGraph graph, FastRpSettings settings) {
        GraphSnapshot snapshot = GraphSnapshot.of(graph, settings.weighted());
        String reason;
        if (Files.exists(file)) {
            Embeddings stored = null;
            try {
                stored = read(file);
                if (stored.graphVersion() != snapshot.version) {
                    reason = "graph version moved on (file " + stored.graphVersion() + ", graph " + snapshot.version + ")";
                } else if (stored.graphChecksum() != snapshot.checksum || stored.count() != snapshot.nodeIdLimit) {
                    reason = "graph structure differs from the file's";
                } else if (stored.settingsFingerprint() != settings.fingerprint() || stored.dimension() != settings.dimension()
                        || stored.precision() != Embeddings.Precision.FLOAT32) {
                    reason = "settings differ from the file's";
                } else {
                    Embeddings reused = stored;
                    stored = null;
                    return new Outcome(reused, true, "graph version " + snapshot.version + " unchanged");
                }
            } catch (EmbeddingFileException ex) {
                reason = ex.getMessage();
            } finally {
                if (stored != null) {
                    stored.close();
                }
            }
        } else {
            reason = "no file yet";
        }
        Embeddings computed = FastRp.compute(snapshot, settings);
        try {
            write(computed, file);
        } catch (RuntimeException ex) {
            computed.close();
            throw ex;
        }
        return new Outcome(computed, false, reason);
    }

    private static ByteBuffer header(Embeddings e) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, MAGIC).putInt(4, FORMAT_VERSION).putLong(8, e.graphVersion()).putLong(16, e.graphChecksum())
                .putLong(24, e.settingsFingerprint()).putInt(32, e.dimension()).putInt(36, e.count())
                .putInt(40, e.precision() == Embeddings.Precision.FLOAT32 ? 0 : 1).putInt(44, 0);
        return b;
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        long pos = position;
        while (b.hasRemaining()) {
            int n = ch.read(b, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file at byte " + pos);
            }
            pos += n;
        }
    }
}
