package io.wally.maps.store;

import io.wally.maps.MutableNavGraph;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Opens a store directory to its last durable state: loads the snapshot and replays the log records
 * after its LSN ({@link LogScan}). Runs on the opening thread.
 *
 * <p>Corruption ({@link LogScan}: anything but a torn end of the last segment, a bad snapshot or
 * segment header, an intact record that does not apply) is a {@link StoreCorruptException} and
 * nothing is changed. A <em>writable</em> open (the store lock held) then finishes what a crash
 * interrupted: it deletes {@code .tmp} leftovers and segments wholly covered by the snapshot, cuts a
 * torn tail (reported in {@link RecoveryReport#truncation()}), and seals a segment whose roll stopped
 * before its seal. A <em>read-only</em> open (verify, info) does none of that: it never changes a byte,
 * and reports the torn tail it would cut.
 */
final class Recovery {

    /** The outcome: the graph, where the log continues, and the report. */
    record Result(MutableNavGraph graph, long lastLsn, StoreFiles.Segment tail, long tailValidEnd,
            List<StoreFiles.Segment> priorSegments, RecoveryReport report, int segments, long logBytes) {
    }

    private Recovery() {
    }

    static Result run(Path dir, SnapshotFormat format, boolean everyByte, boolean writable) throws IOException {
        if (writable) {
            StoreFiles.deleteTemporaries(dir);
        }
        long t0 = System.nanoTime();
        Path snapshotFile = StoreFiles.snapshot(dir);
        boolean snapshotExists = Files.exists(snapshotFile);
        SnapshotFormat.Loaded loaded = snapshotExists ? format.load(snapshotFile, everyByte) : new SnapshotFormat.Loaded(format.newGraph(), 0);
        long t1 = System.nanoTime();
        MutableNavGraph graph = loaded.graph();
        try {
            return replay(dir, graph, loaded.lsn(), snapshotExists, t1 - t0, writable);
        } catch (IOException | RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    private static Result replay(Path dir, MutableNavGraph graph, long snapshotLsn, boolean snapshotExists, long snapshotNanos, boolean writable)
            throws IOException {
        long t1 = System.nanoTime();
        LogScan.Result scan = LogScan.scan(dir, snapshotLsn, snapshotExists, graph);
        LogScan.Damage damage = scan.damage();
        if (damage != null && !damage.tornTail()) {
            throw new StoreCorruptException(damage.file(), damage.offset(), damage.corruptionDetail());
        }
        List<Path> obsolete = new ArrayList<>();
        for (StoreFiles.Segment s : scan.obsolete()) {
            obsolete.add(s.path());
        }
        RecoveryReport.Truncation truncation = null;
        if (damage != null) {
            truncation = new RecoveryReport.Truncation(damage.file(), damage.offset(), damage.lsn(), damage.problem(), List.of(), writable);
        }
        if (writable) {
            for (Path p : obsolete) {
                Files.delete(p);
            }
            if (!obsolete.isEmpty()) {
                StoreFiles.syncDirectory(dir);
            }
            if (damage != null) {
                try (FileChannel ch = FileChannel.open(damage.file(), StandardOpenOption.WRITE)) {
                    ch.truncate(damage.offset());
                    ch.force(true);
                }
            }
            if (scan.unsealed() != null) {
                seal(scan.unsealed(), scan.lastLsn() + 1);
            }
        }
        List<StoreFiles.Segment> prior = new ArrayList<>();
        StoreFiles.Segment tail = null;
        long tailEnd = 0;
        long logBytes = 0;
        for (LogScan.Valid v : scan.valid()) {
            if (tail != null) {
                prior.add(tail);
            }
            tail = v.segment();
            tailEnd = v.validEnd();
            logBytes += Files.size(v.segment().path());
        }
        long t2 = System.nanoTime();
        RecoveryReport report = new RecoveryReport(snapshotLsn, scan.replayed(), scan.lastLsn(), Optional.ofNullable(truncation),
                writable ? List.copyOf(obsolete) : List.of(), snapshotNanos, t2 - t1);
        return new Result(graph, scan.lastLsn(), tail, tailEnd, prior, report, scan.valid().size(), logBytes);
    }

    /** Finishes a roll that stopped after creating the next segment: writes the old segment's seal. */
    private static void seal(LogScan.Valid segment, long nextFirstLsn) throws IOException {
        try (FileChannel ch = FileChannel.open(segment.segment().path(), StandardOpenOption.WRITE)) {
            ch.truncate(segment.validEnd());
            ByteBuffer seal = SegmentSeal.encode(nextFirstLsn);
            long at = segment.validEnd();
            while (seal.hasRemaining()) {
                at += ch.write(seal, at);
            }
            ch.force(true);
        }
    }
}
