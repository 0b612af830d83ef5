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
 * @param truncation where the log was cut because of a torn or corrupt record, if it was
 * @param obsoleteSegmentsDeleted segments wholly covered by the snapshot, deleted (an interrupted checkpoint's leftovers)
 * @param snapshotOpenNanos time to open and validate the snapshot, ns
 * @param replayNanos time to scan and replay the log, ns
 */
public record RecoveryReport(long snapshotLsn, long replayedRecords, long recoveredLsn, Optional<Truncation> truncation,
        List<Path> obsoleteSegmentsDeleted, long snapshotOpenNanos, long replayNanos) {

    /**
     * The log was cut at the first record that could not be read whole and intact.
     *
     * @param file the segment holding the bad record
     * @param offset byte offset of the bad record in {@code file}; the file now ends there
     * @param lsn the LSN the bad record would have had
     * @param reason what is wrong with it ("torn record: …", "record checksum mismatch …")
     * @param discardedSegments later segments deleted because the log cannot continue past the cut
     */
    public record Truncation(Path file, long offset, long lsn, String reason, List<Path> discardedSegments) {

        /** One line: "log cut at F offset O (LSN L): reason[; discarded …]". */
        public String describe() {
            return "log cut at " + file + " offset " + offset + " (LSN " + lsn + "): " + reason
                    + (discardedSegments.isEmpty() ? "" : "; discarded later segments " + discardedSegments);
        }
    }
}
