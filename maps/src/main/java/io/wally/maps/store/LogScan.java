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

/**
 * Reads a store's log segments without changing a byte: validates every header, record and seal,
 * applies the records after the snapshot's LSN to a graph (when given one), and tells a torn tail from
 * corruption.
 *
 * <p>A crash can only tear the end of the last segment: the writer appends, and it rolls to a new
 * segment only after the old one is fsynced. So the first bad record is a <em>torn tail</em> only when
 * it lies in the last segment and no intact frame (a record or a seal whose length, CRC32C and LSN check
 * out) follows it, found by trying every later byte offset as a record boundary. Anything else —
 * intact records after the damage, damage in an earlier segment, a gap or overlap in the LSNs, a
 * segment whose header disagrees with its name, a rolled segment without its seal, a seal naming a
 * segment that is not there, a snapshot without the segment its checkpoint created — is
 * <em>corruption</em>: acknowledged records may be lost, so it is reported, never cut.
 *
 * <p>Threading: one call at a time per directory; it holds no state between calls.
 */
final class LogScan {

    /**
     * The first place where the log stops being valid.
     *
     * @param file the damaged segment (or the missing one)
     * @param offset byte offset of the damage in {@code file}, {@code -1} when it concerns the whole file
     * @param lsn the LSN the damaged record would carry (the first LSN not recovered)
     * @param problem what is wrong there
     * @param tornTail whether this is a torn tail (the end of the last segment, nothing valid after it)
     * @param lastValidLsn LSN of the last valid record before the damage (or the snapshot's LSN)
     * @param intactBeyond intact records found after the damage (in this and later segments)
     * @param lastLsnBeyond highest LSN among them ({@code -1}: none)
     * @param lossUnknown whether records may be lost that cannot be counted (a missing segment)
     */
    record Damage(Path file, long offset, long lsn, String problem, boolean tornTail, long lastValidLsn, long intactBeyond,
            long lastLsnBeyond, boolean lossUnknown) {

        /** The LSN range that cutting the log after {@link #lastValidLsn()} would discard, as text. */
        String lossRange() {
            long to = Math.max(lsn, lastLsnBeyond);
            return lossUnknown ? "LSNs " + lsn + " and after (how many is unknown: the file is gone)"
                    : to > lsn ? "LSNs " + lsn + ".." + to : "LSN " + lsn;
        }

        /** The detail of the {@link StoreCorruptException}: what, which LSNs, how many intact records lie beyond. */
        String corruptionDetail() {
            String beyond = lossUnknown ? "an unknown number of records from LSN " + lsn + " on are in it"
                    : intactBeyond + " intact record(s) lie beyond the damage"
                            + (intactBeyond > 0 ? " (up to LSN " + lastLsnBeyond + ")" : "");
            return problem + " — this is corruption, not a torn tail (a crash only tears the end of the last segment): LSN " + lsn
                    + " is the first not recovered, " + beyond + "; nothing was changed. Cutting the log loses " + lossRange()
                    + ": 'wally store repair --accept-loss-after " + lastValidLsn + "' does it explicitly";
        }
    }

    /**
     * A segment that is valid up to {@code validEnd}: its header checks out and every frame before
     * {@code validEnd} is an intact record in sequence.
     */
    record Valid(StoreFiles.Segment segment, long validEnd) {
    }

    /**
     * What the scan found.
     *
     * @param lastLsn LSN of the last valid record ({@code snapshotLsn} when the log adds nothing)
     * @param replayed records applied to the graph
     * @param obsolete segments wholly covered by the snapshot (an interrupted checkpoint's leftovers)
     * @param valid the needed segments, oldest first, each valid up to its end (the last one up to the damage)
     * @param damage the first damage (torn tail or corruption), or null
     * @param unsealed a rolled segment whose roll stopped before its seal was written (its successor is
     *     the last segment and empty), or null; a writable open writes the seal at its {@code validEnd}
     */
    record Result(long lastLsn, long replayed, List<StoreFiles.Segment> obsolete, List<Valid> valid, Damage damage, Valid unsealed) {
    }

    private LogScan() {
    }

    /**
     * Scans the log of {@code dir} after a snapshot at {@code snapshotLsn}.
     *
     * @param snapshotExists whether {@code snapshot.img} exists (then the segment its checkpoint created must too)
     * @param graph the graph to apply records after {@code snapshotLsn} to, or null to only read
     * @throws StoreCorruptException when an intact record does not apply to {@code graph}
     */
    static Result scan(Path dir, long snapshotLsn, boolean snapshotExists, MutableNavGraph graph) throws IOException {
        List<StoreFiles.Segment> all = StoreFiles.segments(dir);
        List<StoreFiles.Segment> obsolete = new ArrayList<>();
        List<StoreFiles.Segment> needed = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            // Covered when the next segment starts at or before snapshotLsn + 1: a checkpoint that
            // crashed before trimming the log leaves such files.
            boolean coveredByNext = i + 1 < all.size() && all.get(i + 1).firstLsn() <= snapshotLsn + 1;
            (coveredByNext ? obsolete : needed).add(all.get(i));
        }
        long totalBytes = 0;
        for (StoreFiles.Segment s : all) {
            totalBytes += Files.size(s.path());
        }
        Scanner s = new Scanner(dir, snapshotLsn, graph, needed, totalBytes);
        if (snapshotExists && all.stream().noneMatch(seg -> seg.firstLsn() == snapshotLsn + 1)) {
            Path missing = StoreFiles.segment(dir, snapshotLsn + 1);
            return s.result(obsolete, new Damage(missing, -1, snapshotLsn + 1, "the snapshot covers LSN " + snapshotLsn
                    + ", so its checkpoint created log segment " + missing.getFileName() + ", but that file is missing", false, snapshotLsn,
                    s.countLater(0, snapshotLsn + 1), s.maxBeyond, true));
        }
        return s.result(obsolete, s.run());
    }

    /** The scan's state: the LSN expected next, the valid segments so far. */
    private static final class Scanner {
        private final Path dir;
        private final long snapshotLsn;
        private final MutableNavGraph graph;
        private final List<StoreFiles.Segment> needed;
        private final long maxPlausibleLsnSpan;
        private final GraphMutation m = new GraphMutation();
        private final List<Valid> valid = new ArrayList<>();
        private long next = -1;
        private long replayed;
        private long maxBeyond = -1;
        private long framesSeen; // intact frames (records and seals) found by the last countFrames
        private Valid unsealed;

        Scanner(Path dir, long snapshotLsn, MutableNavGraph graph, List<StoreFiles.Segment> needed, long totalBytes) {
            this.dir = dir;
            this.snapshotLsn = snapshotLsn;
            this.graph = graph;
            this.needed = needed;
            this.maxPlausibleLsnSpan = totalBytes / SegmentSeal.BYTES + 2;
        }

        Result result(List<StoreFiles.Segment> obsolete, Damage damage) {
            long lastLsn = next < 0 ? snapshotLsn : next - 1;
            return new Result(lastLsn, replayed, List.copyOf(obsolete), List.copyOf(valid), damage, unsealed);
        }

        /** Scans the needed segments in order; returns the first damage or null. */
        Damage run() throws IOException {
            for (int i = 0; i < needed.size(); i++) {
                StoreFiles.Segment seg = needed.get(i);
                boolean last = i == needed.size() - 1;
                Damage d = segment(seg, i, last);
                if (d != null) {
                    return d;
                }
            }
            return null;
        }

        private Damage segment(StoreFiles.Segment seg, int index, boolean last) throws IOException {
            long expected = next < 0 ? snapshotLsn + 1 : next;
            try (FileChannel ch = FileChannel.open(seg.path(), StandardOpenOption.READ); Arena arena = Arena.ofConfined()) {
                SegmentHeader.Read header;
                try {
                    header = SegmentHeader.read(seg.path(), ch);
                } catch (StoreCorruptException e) {
                    return damageBeforeRecords(seg, index, e.offset(), e.detail(), expected);
                }
                long first = header.firstLsn();
                if (first != seg.firstLsn()) {
                    return damageBeforeRecords(seg, index, 16, "header says first LSN " + first + " but the file name says " + seg.firstLsn()
                            + " (a segment swapped, copied or renamed)", expected);
                }
                if (next < 0 && first > snapshotLsn + 1) {
                    return damageBeforeRecords(seg, index, -1, "log starts at LSN " + first + " but the snapshot ends at LSN " + snapshotLsn
                            + ": records " + (snapshotLsn + 1) + ".." + (first - 1) + " are missing", snapshotLsn + 1);
                }
                if (next >= 0 && first != next) {
                    return damageBeforeRecords(seg, index, -1, "segment starts at LSN " + first + " but the previous segment ends before LSN " + next
                            + (first > next ? ": records " + next + ".." + (first - 1) + " are missing" : ": their LSNs overlap"), next);
                }
                next = first;
                long size = ch.size();
                ByteBuffer buf = size == SegmentHeader.BYTES ? ByteBuffer.allocate(0)
                        : ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena).asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                buf.position(Math.min(SegmentHeader.BYTES, buf.limit()));
                long validEnd = SegmentHeader.BYTES;
                boolean sealed = false;
                long sealAt = -1;
                while (buf.hasRemaining()) {
                    int at = buf.position();
                    long sealNext = SegmentSeal.read(buf, at);
                    if (sealNext >= 0) {
                        if (sealNext != next) {
                            return damageInRecords(seg, index, last, buf, at, "segment seal names LSN " + sealNext + " as the next segment's first but "
                                    + "the segment's records end before LSN " + next, 1);
                        }
                        if (at + SegmentSeal.BYTES != buf.limit()) {
                            return damageInRecords(seg, index, last, buf, at + SegmentSeal.BYTES, (buf.limit() - at - SegmentSeal.BYTES)
                                    + " byte(s) after the segment seal", 1);
                        }
                        sealed = true;
                        sealAt = at;
                        break;
                    }
                    GraphMutation.Status status = m.decode(buf);
                    if (status != GraphMutation.Status.RECORD) {
                        return damageInRecords(seg, index, last, buf, at, m.problem(), 0);
                    }
                    if (m.lsn() != next) {
                        buf.position(at);
                        return damageInRecords(seg, index, last, buf, at, "record carries LSN " + m.lsn() + " where LSN " + next + " was expected", 1);
                    }
                    if (graph != null && m.lsn() > snapshotLsn) {
                        try {
                            m.applyTo(graph);
                        } catch (GraphException e) {
                            throw new StoreCorruptException(seg.path(), at, "LSN " + m.lsn() + ": " + e.getMessage()
                                    + " (the log does not belong to the snapshot it follows)");
                        }
                        replayed++;
                    }
                    next++;
                    validEnd = buf.position();
                }
                Valid v = new Valid(seg, validEnd);
                valid.add(v);
                if (last) {
                    if (sealed) {
                        Path missing = StoreFiles.segment(dir, next);
                        return new Damage(seg.path(), sealAt, next, "the segment is sealed: the log continues in " + missing.getFileName()
                                + ", which is missing", false, next - 1, 0, -1, true);
                    }
                    return null;
                }
                if (!sealed && header.sealPromised()) {
                    StoreFiles.Segment following = needed.get(index + 1);
                    boolean rollInterrupted = index + 1 == needed.size() - 1 && following.firstLsn() == next
                            && Files.size(following.path()) == SegmentHeader.BYTES;
                    if (!rollInterrupted) {
                        return new Damage(seg.path(), validEnd, next, "the segment ends at LSN " + (next - 1) + " without the seal that closes every "
                                + "rolled segment, and the log goes on in " + following.path().getFileName()
                                + ": the segment was cut short", false, next - 1, countLater(index + 1, next), maxBeyond, false);
                    }
                    unsealed = v; // the roll created the next segment, then stopped before sealing this one
                }
                return null;
            }
        }

        /** Damage in a segment's header or its place in the sequence: all of its records and later ones are beyond. */
        private Damage damageBeforeRecords(StoreFiles.Segment seg, int index, long offset, String problem, long lsn) throws IOException {
            return new Damage(seg.path(), offset, lsn, problem, false, lsn - 1, countLater(index, lsn), maxBeyond, false);
        }

        /**
         * Damage at {@code at} inside a segment's records. {@code extraIntact}: intact frames at
         * {@code at} itself (a valid record with a wrong LSN, a seal naming the wrong segment).
         */
        private Damage damageInRecords(StoreFiles.Segment seg, int index, boolean last, ByteBuffer buf, int at, String problem, int extraIntact)
                throws IOException {
            long lsn = next;
            valid.add(new Valid(seg, at)); // valid up to the damage
            long intact = countFrames(buf, at + 1, lsn) + extraIntact;
            boolean framesAfter = intact > 0 || framesSeen > 0;
            intact += countLater(index + 1, lsn);
            boolean torn = last && !framesAfter;
            return new Damage(seg.path(), at, lsn, problem, torn, lsn - 1, intact, maxBeyond, false);
        }

        /** Intact records in needed segments from {@code fromIndex} on, every byte offset tried as a boundary. */
        long countLater(int fromIndex, long minLsn) throws IOException {
            long count = 0;
            for (int i = fromIndex; i < needed.size(); i++) {
                Path p = needed.get(i).path();
                try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ); Arena arena = Arena.ofConfined()) {
                    long size = ch.size();
                    if (size == 0) {
                        continue;
                    }
                    ByteBuffer buf = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena).asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                    count += countFrames(buf, 0, minLsn);
                }
            }
            return count;
        }

        /**
         * Counts intact records from {@code from} on, trying every byte offset as a record boundary and
         * following consecutive records once one checks out (length in range, CRC32C, an LSN in
         * [minLsn, minLsn + what the log's size could hold]). Seals count in {@link #framesSeen} only.
         */
        private long countFrames(ByteBuffer buf, int from, long minLsn) {
            framesSeen = 0;
            long count = 0;
            long maxLsn = minLsn + maxPlausibleLsnSpan;
            GraphMutation probe = new GraphMutation();
            int p = from;
            int limit = buf.limit();
            while (limit - p >= SegmentSeal.BYTES) {
                int body = buf.getInt(p);
                long lsn = buf.getLong(p + GraphMutation.FRAME_HEADER_BYTES);
                if (body < SegmentSeal.BODY_BYTES || body > GraphMutation.MAX_BODY_BYTES || (long) p + GraphMutation.FRAME_HEADER_BYTES + body > limit
                        || lsn < minLsn || lsn > maxLsn) {
                    p++;
                    continue;
                }
                if (SegmentSeal.read(buf, p) >= 0) {
                    framesSeen++;
                    p += SegmentSeal.BYTES;
                    continue;
                }
                buf.position(p);
                if (probe.decode(buf) == GraphMutation.Status.RECORD) {
                    count++;
                    framesSeen++;
                    maxBeyond = Math.max(maxBeyond, probe.lsn());
                    p = buf.position();
                } else {
                    p++;
                }
            }
            return count;
        }
    }
}
