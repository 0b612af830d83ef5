package io.wally.maps.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of a store directory's files, and the few file-system steps every protocol uses.
 *
 * <pre>
 * dir/
 *   store.lock                       pid of the writer; held with FileChannel.tryLock
 *   snapshot.img                     the last checkpoint (absent: empty graph at LSN 0)
 *   snapshot.img.tmp                 a checkpoint being written (deleted on open)
 *   wal-00000000000000000001.log     log segments, named by their first LSN (20 digits)
 *   wal-00000000000000000001.log.tmp a segment being created (deleted on open)
 *   repair-20261204T181500Z/         originals copied aside by StoreRepair (never read)
 * </pre>
 */
final class StoreFiles {

    static final String LOCK = "store.lock";
    static final String SNAPSHOT = "snapshot.img";
    static final String SNAPSHOT_TMP = "snapshot.img.tmp";
    static final String TMP_SUFFIX = ".tmp";
    private static final Pattern SEGMENT = Pattern.compile("wal-(\\d{20})\\.log");

    private StoreFiles() {
    }

    static Path snapshot(Path dir) {
        return dir.resolve(SNAPSHOT);
    }

    static Path snapshotTmp(Path dir) {
        return dir.resolve(SNAPSHOT_TMP);
    }

    static Path segment(Path dir, long firstLsn) {
        return dir.resolve(String.format("wal-%020d.log", firstLsn));
    }

    /** A log segment file and the first LSN its name announces. */
    record Segment(Path path, long firstLsn) {
    }

    /** The segment files of {@code dir} sorted by first LSN. */
    static List<Segment> segments(Path dir) throws IOException {
        List<Segment> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "wal-*.log")) {
            for (Path p : files) {
                Matcher m = SEGMENT.matcher(p.getFileName().toString());
                if (m.matches()) {
                    out.add(new Segment(p, Long.parseLong(m.group(1))));
                }
            }
        }
        out.sort(Comparator.comparingLong(Segment::firstLsn));
        return out;
    }

    /** Deletes files left by an interrupted checkpoint or segment creation; they were never published. Writable opens only. */
    static void deleteTemporaries(Path dir) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + TMP_SUFFIX)) {
            for (Path p : files) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Makes renames, creations and deletions in {@code dir} durable (fsync of the directory). */
    /**
     * Creates {@code wal-<firstLsn>.log} holding only its header: written and fsynced under a temporary
     * name, then renamed, so that a segment file never has a torn header. The caller fsyncs the directory.
     */
    static Path createSegment(Path dir, long firstLsn) throws IOException {
        Path target = segment(dir, firstLsn);
        Path tmp = target.resolveSibling(target.getFileName() + TMP_SUFFIX);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer header = SegmentHeader.encode(firstLsn);
            while (header.hasRemaining()) {
                ch.write(header);
            }
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
