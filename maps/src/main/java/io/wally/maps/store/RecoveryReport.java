package io.wally.maps.store;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What opening a store found and did: the snapshot it started from, the log records it replayed, and
 * where (if anywhere) it cut the log.
 *
 * @param snapshotLsn LSN the snapshot covers ({@code 0}: no snapshot, empty graph)
 * @param replayedRecords log records applied on top of the snapshot
 * @param recoveredLsn LSN of the state the store opened to
 * @param truncation the torn tail of the log, if there was one: cut by a writable open, reported by a read-only one
 * @param obsoleteSegmentsDeleted segments wholly covered by the snapshot, deleted (an interrupted checkpoint's leftovers;
 *     a read-only open deletes none)
 * @param snapshotOpenNanos time to open and validate the snapshot, ns
 * @param replayNanos time to scan and replay the log, ns
 */
public record RecoveryReport(long snapshotLsn, long replayedRecords, long recoveredLsn, Optional<Truncation> truncation,
        List<Path> obsoleteSegmentsDeleted, long snapshotOpenNanos, long replayNanos) {

    /**
     * A torn tail: the end of the last log segment, where a crash interrupted an append, holds a
     * record that cannot be read whole and intact, and nothing valid follows it. Only a writable open
     * cuts it; a read-only open (verify, info) reports where it would.
     *
     * @param file the last segment
     * @param offset byte offset of the torn record in {@code file}; once cut, the file ends there
     * @param lsn the LSN the torn record would have had (never acknowledged)
     * @param reason what is wrong with it ("torn record: …", "record checksum mismatch …")
     * @param discardedSegments later segments deleted by the cut (always empty: a torn tail is in the last segment)
     * @param cut whether the file was cut (writable open) or is left as it is (read-only open)
     */
    public record Truncation(Path file, long offset, long lsn, String reason, List<Path> discardedSegments, boolean cut) {

        /** One line: "log cut at F offset O (LSN L): reason", or "torn tail: would cut the log at …" when not cut. */
        public String describe() {
            return (cut ? "log cut at " : "torn tail: would cut the log at ") + file + " offset " + offset + " (LSN " + lsn + "): " + reason
                    + (discardedSegments.isEmpty() ? "" : "; discarded later segments " + discardedSegments);
        }
    }
}
