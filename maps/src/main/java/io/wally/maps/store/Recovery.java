package io.wally.maps.store;

import io.wally.maps.GraphException;
import io.wally.maps.MutableNavGraph;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Opens a store directory to its last durable state: loads the snapshot, replays the log records after
 * its LSN, cuts the log at the first torn or corrupt record, and deletes what a crashed checkpoint
 * left behind. Runs on the opening thread while the store lock is held.
 *
 * <p>What is an error and what is a cut: a bad snapshot, a bad segment header, a gap in the LSNs, or
 * an intact record that does not apply to the graph mean the files are not a store this code wrote
 * (or were damaged where no crash can damage them): {@link StoreCorruptException}, nothing changed.
 * A record that is torn or fails its checksum is what a crash (or a damaged tail) leaves: the log is
 * truncated before it, later segments are deleted, and the cut is reported.
 */
final class Recovery {

    /** The outcome: the graph, where the log continues, and the report. */
    record Result(MutableNavGraph graph, long lastLsn, StoreFiles.Segment tail, long tailValidEnd,
            List<StoreFiles.Segment> priorSegments, RecoveryReport report) {
    }

    private Recovery() {
    }

    static Result run(Path dir, SnapshotFormat format, boolean everyByte) throws IOException {
        StoreFiles.deleteTemporaries(dir);
        long t0 = System.nanoTime();
        Path snapshotFile = StoreFiles.snapshot(dir);
        SnapshotFormat.Loaded loaded = Files.exists(snapshotFile) ? format.load(snapshotFile, everyByte) : new SnapshotFormat.Loaded(format.newGraph(), 0);
        long t1 = System.nanoTime();
        MutableNavGraph graph = loaded.graph();
        try {
            return replay(dir, graph, loaded.lsn(), t1 - t0);
        } catch (IOException | RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    private static Result replay(Path dir, MutableNavGraph graph, long snapshotLsn, long snapshotNanos) throws IOException {
        long t1 = System.nanoTime();
        List<StoreFiles.Segment> all = StoreFiles.segments(dir);
        // A segment is obsolete when the next one starts at or before snapshotLsn + 1: all its records are
        // covered by the snapshot (a checkpoint that crashed before trimming the log leaves such files).
        List<Path> obsolete = new ArrayList<>();
        List<StoreFiles.Segment> needed = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            boolean coveredByNext = i + 1 < all.size() && all.get(i + 1).firstLsn() <= snapshotLsn + 1;
            if (coveredByNext) {
                obsolete.add(all.get(i).path());
            } else {
                needed.add(all.get(i));
            }
        }
        for (Path p : obsolete) {
            Files.delete(p);
        }
        if (!obsolete.isEmpty()) {
            StoreFiles.syncDirectory(dir);
        }

        GraphMutation m = new GraphMutation();
        long next = -1;            // LSN the next record must carry
        long lastApplied = snapshotLsn;
        long replayed = 0;
        RecoveryReport.Truncation truncation = null;
        StoreFiles.Segment tail = null;
        long tailEnd = 0;
        List<StoreFiles.Segment> prior = new ArrayList<>();
        for (int i = 0; i < needed.size() && truncation == null; i++) {
            StoreFiles.Segment seg = needed.get(i);
            try (FileChannel ch = FileChannel.open(seg.path(), StandardOpenOption.READ, StandardOpenOption.WRITE);
                    Arena arena = Arena.ofConfined()) {
                long first = SegmentHeader.read(seg.path(), ch);
                if (first != seg.firstLsn()) {
                    throw new StoreCorruptException(seg.path(), 16, "header says first LSN " + first + " but the file name says " + seg.firstLsn());
                }
                if (next < 0) {
                    if (first > snapshotLsn + 1) {
                        throw new StoreCorruptException(seg.path(), -1, "log starts at LSN " + first + " but the snapshot ends at LSN " + snapshotLsn
                                + ": records " + (snapshotLsn + 1) + ".." + (first - 1) + " are missing");
                    }
                } else if (first != next) {
                    throw new StoreCorruptException(seg.path(), -1, "segment starts at LSN " + first + " but the previous segment ends before LSN " + next
                            + (first > next ? ": records " + next + ".." + (first - 1) + " are missing" : ": LSNs overlap"));
                }
                next = first;
                long size = ch.size();
                ByteBuffer buf = size == SegmentHeader.BYTES ? ByteBuffer.allocate(0)
                        : ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena).asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                buf.position(Math.min(SegmentHeader.BYTES, buf.limit()));
                long end = SegmentHeader.BYTES;
                while (true) {
                    int at = buf.position();
                    GraphMutation.Status status = m.decode(buf);
                    if (status == GraphMutation.Status.END) {
                        break;
                    }
                    String problem = null;
                    if (status != GraphMutation.Status.RECORD) {
                        problem = m.problem();
                    } else if (m.lsn() != next) {
                        problem = "record carries LSN " + m.lsn() + " where LSN " + next + " was expected";
                    }
                    if (problem != null) {
                        truncation = new RecoveryReport.Truncation(seg.path(), at, next, problem, List.of());
                        break;
                    }
                    if (m.lsn() > snapshotLsn) {
                        try {
                            m.applyTo(graph);
                        } catch (GraphException e) {
                            throw new StoreCorruptException(seg.path(), at, "LSN " + m.lsn() + ": " + e.getMessage()
                                    + " (the log does not belong to the snapshot it follows)");
                        }
                        replayed++;
                        lastApplied = m.lsn();
                    }
                    next++;
                    end = buf.position();
                }
                if (truncation != null) {
                    ch.truncate(end);
                    ch.force(true);
                }
                tail = seg;
                tailEnd = end;
            }
            if (i + 1 < needed.size() && truncation == null) {
                prior.add(seg);
            }
        }
        if (truncation != null) {
            List<Path> discarded = new ArrayList<>();
            for (StoreFiles.Segment later : needed.subList(needed.indexOf(tail) + 1, needed.size())) {
                Files.delete(later.path());
                discarded.add(later.path());
            }
            StoreFiles.syncDirectory(dir);
            truncation = new RecoveryReport.Truncation(truncation.file(), truncation.offset(), truncation.lsn(), truncation.reason(), List.copyOf(discarded));
        }
        long lastLsn = Math.max(snapshotLsn, lastApplied);
        if (tail != null && next != lastLsn + 1) {
            // The surviving log ends before the snapshot (cut inside records the snapshot covers):
            // continue in a fresh segment at snapshotLsn + 1; the old one is obsolete.
            prior.add(tail);
            tail = null;
        }
        long t2 = System.nanoTime();
        RecoveryReport report = new RecoveryReport(snapshotLsn, replayed, lastLsn, Optional.ofNullable(truncation), List.copyOf(obsolete),
                snapshotNanos, t2 - t1);
        return new Result(graph, lastLsn, tail, tailEnd, prior, report);
    }
}
