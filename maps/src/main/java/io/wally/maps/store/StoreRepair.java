package io.wally.maps.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code wally store repair}: the one explicit way to cut a damaged log. It never guesses: the caller
 * names the last LSN to keep ({@code --accept-loss-after}), which must lie between the snapshot's LSN
 * and the last valid record before the damage. Before changing anything it copies every store file
 * into {@code D/repair-<UTC timestamp>/}; then it cuts the log just after that LSN, deletes the later
 * segments, and reports what was discarded. Afterwards the store opens to exactly the state at that
 * LSN.
 *
 * <p>Threading: one call at a time; it takes the store lock (a running writer makes it fail).
 */
public final class StoreRepair {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /**
     * The damage found by {@link #assess}, or none.
     *
     * @param damaged whether the log is damaged (torn tail or corruption)
     * @param description one line: where and what, or "the log is intact up to LSN N"
     * @param lastValidLsn the highest LSN {@code --accept-loss-after} may name (the last valid record before the damage)
     * @param snapshotLsn the lowest LSN it may name (the snapshot covers everything up to it)
     * @param lossRange the LSNs a cut after {@code lastValidLsn} discards, as text
     */
    public record Assessment(boolean damaged, String description, long lastValidLsn, long snapshotLsn, String lossRange) {
    }

    /**
     * A completed repair.
     *
     * @param backup the directory holding the copies of the original files
     * @param keptLsn the LSN the store now ends at
     * @param discardedFromLsn first LSN discarded
     * @param discardedToLsn last LSN known discarded ({@code -1}: unknown, a segment was missing)
     * @param discardedRecords intact records discarded (the damaged one not counted)
     * @param deletedSegments segment files deleted
     * @param cutFile the segment the log now ends in
     * @param cutOffset where that file was cut, bytes
     * @param checksum {@link StateChecksum} of the state the store now opens to
     */
    public record Outcome(Path backup, long keptLsn, long discardedFromLsn, long discardedToLsn, long discardedRecords,
            List<Path> deletedSegments, Path cutFile, long cutOffset, long checksum) {
    }

    private StoreRepair() {
    }

    /** Reads the store in {@code dir} without changing it and says where its log is damaged. */
    public static Assessment assess(Path dir) {
        requireDirectory(dir);
        try {
            return scan(dir).assessment; // read-only: a refused repair changes nothing, not even the lock file
        } catch (IOException e) {
            throw new StoreException("cannot read store " + dir + ": " + e, e);
        }
    }

    /**
     * Cuts the log of {@code dir} after {@code acceptLossAfter}, after copying the original files aside.
     *
     * @throws StoreException when the log is not damaged, {@code acceptLossAfter} is out of range (the
     *     message names the range), the snapshot is damaged (repair cuts only the log), or on I/O errors
     */
    public static Outcome repair(Path dir, long acceptLossAfter, Clock clock) {
        requireDirectory(dir);
        Path cutFile;
        long cutOffset;
        Path backup;
        List<Path> deleted = new ArrayList<>();
        Scan s;
        try {
            check(dir, scan(dir).assessment, acceptLossAfter); // refused before the lock file is touched
        } catch (IOException e) {
            throw new StoreException("cannot read store " + dir + ": " + e, e);
        }
        try (StoreLock lock = StoreLock.acquire(dir)) {
            s = scan(dir); // again under the lock: nothing can have changed it since the check without failing it
            check(dir, s.assessment, acceptLossAfter);
            backup = copyAside(dir, clock);
            // The segment that holds LSN acceptLossAfter + 1 (or ends just before it) among those valid up to the damage.
            LogScan.Valid target = null;
            for (LogScan.Valid v : s.log.valid()) {
                if (v.segment().firstLsn() <= acceptLossAfter + 1) {
                    target = v;
                }
            }
            List<StoreFiles.Segment> later = new ArrayList<>();
            List<StoreFiles.Segment> all = StoreFiles.segments(dir);
            long keepFrom = target == null ? Long.MIN_VALUE : target.segment().firstLsn();
            for (StoreFiles.Segment seg : all) {
                if (!s.log.obsolete().contains(seg) && seg.firstLsn() > keepFrom) {
                    later.add(seg);
                }
            }
            if (target == null || target.segment().firstLsn() == acceptLossAfter + 1) {
                // The log must go on at acceptLossAfter + 1: a fresh, empty segment there (replacing a damaged one).
                if (target != null) {
                    later.add(0, target.segment());
                }
                for (StoreFiles.Segment seg : later) {
                    Files.delete(seg.path());
                    deleted.add(seg.path());
                }
                cutFile = StoreFiles.createSegment(dir, acceptLossAfter + 1);
                cutOffset = SegmentHeader.BYTES;
                deleted.remove(cutFile);
                // An older segment sealed to name it stays consistent: the file exists again.
            } else {
                cutFile = target.segment().path();
                cutOffset = offsetOf(target, acceptLossAfter + 1);
                for (StoreFiles.Segment seg : later) {
                    Files.delete(seg.path());
                    deleted.add(seg.path());
                }
                try (FileChannel ch = FileChannel.open(cutFile, StandardOpenOption.WRITE)) {
                    ch.truncate(cutOffset);
                    ch.force(true);
                }
            }
            StoreFiles.syncDirectory(dir);
        } catch (IOException e) {
            throw new StoreException("repair of " + dir + " failed: " + e, e);
        }
        LogScan.Damage d = s.log.damage();
        long discarded = (d.lastValidLsn() - acceptLossAfter) + d.intactBeyond();
        long to = d.lossUnknown() ? -1 : Math.max(d.lsn(), d.lastLsnBeyond());
        try (StoreInspection after = StoreInspection.open(dir, true)) {
            if (after.lsn() != acceptLossAfter) {
                throw new StoreException("repair of " + dir + " left the store at LSN " + after.lsn() + " instead of " + acceptLossAfter
                        + "; the original files are in " + backup);
            }
            return new Outcome(backup, acceptLossAfter, acceptLossAfter + 1, to, discarded, List.copyOf(deleted), cutFile, cutOffset,
                    StateChecksum.of(after.graph()));
        }
    }

    private static void check(Path dir, Assessment a, long acceptLossAfter) {
        if (!a.damaged()) {
            throw new StoreException("store " + dir + " needs no repair: " + a.description());
        }
        if (acceptLossAfter > a.lastValidLsn()) {
            throw new StoreException("--accept-loss-after " + acceptLossAfter + " is beyond the last valid record before the damage (LSN "
                    + a.lastValidLsn() + "); name an LSN in [" + a.snapshotLsn() + ", " + a.lastValidLsn() + "]; nothing was changed");
        }
        if (acceptLossAfter < a.snapshotLsn()) {
            throw new StoreException("--accept-loss-after " + acceptLossAfter + " is below the snapshot's LSN " + a.snapshotLsn()
                    + ", which holds everything up to it; name an LSN in [" + a.snapshotLsn() + ", " + a.lastValidLsn() + "]; nothing was changed");
        }
    }

    private record Scan(LogScan.Result log, Assessment assessment) {
    }

    private static Scan scan(Path dir) throws IOException {
        Path snapshot = StoreFiles.snapshot(dir);
        long snapshotLsn = 0;
        boolean exists = Files.exists(snapshot);
        if (exists) {
            try {
                SnapshotFormat.Loaded loaded = new ImageSnapshotFormat().load(snapshot, true);
                loaded.graph().close();
                snapshotLsn = loaded.lsn();
            } catch (StoreCorruptException e) {
                throw new StoreException("repair cuts only the log, and the snapshot is damaged: " + e.getMessage());
            }
        }
        LogScan.Result log = LogScan.scan(dir, snapshotLsn, exists, null);
        LogScan.Damage d = log.damage();
        Assessment a = d == null
                ? new Assessment(false, "the log is intact up to LSN " + log.lastLsn(), log.lastLsn(), snapshotLsn, "")
                : new Assessment(true, d.file() + (d.offset() >= 0 ? " at offset " + d.offset() : "") + ": " + d.problem()
                        + (d.tornTail() ? " (a torn tail: the next writable open cuts it anyway)" : ""), d.lastValidLsn(), snapshotLsn, d.lossRange());
        return new Scan(log, a);
    }

    /** Byte offset of the record with {@code lsn} in {@code v}, or its valid end when the records stop before it. */
    private static long offsetOf(LogScan.Valid v, long lsn) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(v.segment().path())).order(ByteOrder.LITTLE_ENDIAN);
        buf.limit((int) v.validEnd()).position(SegmentHeader.BYTES);
        GraphMutation m = new GraphMutation();
        int at = buf.position();
        while (m.decode(buf) == GraphMutation.Status.RECORD) {
            if (m.lsn() == lsn) {
                return at;
            }
            at = buf.position();
        }
        return at;
    }


    /** Copies every regular file of {@code dir} but the lock into a new {@code repair-<stamp>} directory, fsynced. */
    private static Path copyAside(Path dir, Clock clock) throws IOException {
        Path backup = dir.resolve("repair-" + STAMP.format(clock.instant()));
        for (int n = 2; Files.exists(backup); n++) {
            backup = dir.resolve("repair-" + STAMP.format(clock.instant()) + "-" + n);
        }
        Files.createDirectory(backup);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (Files.isRegularFile(f) && !f.getFileName().toString().equals(StoreFiles.LOCK)) {
                    Path copy = backup.resolve(f.getFileName());
                    Files.copy(f, copy, StandardCopyOption.COPY_ATTRIBUTES);
                    try (FileChannel ch = FileChannel.open(copy, StandardOpenOption.WRITE)) {
                        ch.force(true);
                    }
                }
            }
        }
        StoreFiles.syncDirectory(backup);
        StoreFiles.syncDirectory(dir);
        return backup;
    }

    private static void requireDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new StoreException("store " + dir + " does not exist (not a directory)");
        }
    }
}
