package io.wally.maps.store;

import java.nio.file.Path;

/**
 * A store's sizes, LSNs and counts at one moment (for {@code wally store info} and telemetry).
 *
 * @param directory the store directory
 * @param durability the policy it was opened with
 * @param snapshotBytes size of {@code snapshot.img}, bytes ({@code 0}: none)
 * @param snapshotLsn LSN the snapshot covers
 * @param logSegments number of log segment files
 * @param logBytes total size of the log segments, bytes
 * @param lastLsn last LSN logged
 * @param durableLsn last LSN durable under the policy
 * @param nodeCount live nodes
 * @param edgeCount live directed edges
 * @param nodeIdLimit the graph's node id limit
 * @param logFsyncs fsyncs of log segments since open
 * @param checkpoints checkpoints since open
 * @param graphDescription the graph implementation's own one-line summary (pool, compression statistics)
 */
public record StoreInfo(Path directory, Durability durability, long snapshotBytes, long snapshotLsn, int logSegments, long logBytes,
        long lastLsn, long durableLsn, int nodeCount, int edgeCount, int nodeIdLimit, long logFsyncs, long checkpoints,
        String graphDescription) {
}
