package io.wally.maps.store;

/**
 * How a {@link GraphStore} logs and checkpoints. Immutable; build from {@link #defaults()} with the
 * {@code with…} methods.
 *
 * @param durability when a mutation counts as acknowledged (see {@link Durability})
 * @param groupCommitIntervalMillis {@link Durability#GROUP}: minimum time between two fsyncs, ms, in [0, 10000]
 *     (0: fsync as soon as the previous one finished)
 * @param segmentBytes the log rolls to a new segment file once the current one holds this many bytes, in
 *     [1 MiB, 1 GiB]
 * @param checkpointOnClose whether {@link GraphStore#close()} writes a snapshot (and trims the log) first
 */
public record StoreOptions(Durability durability, long groupCommitIntervalMillis, long segmentBytes, boolean checkpointOnClose) {

    /** Default minimum interval between group fsyncs, ms. */
    public static final long DEFAULT_GROUP_COMMIT_INTERVAL_MILLIS = 2;
    /** Default segment size, bytes (64 MiB). */
    public static final long DEFAULT_SEGMENT_BYTES = 64L * 1024 * 1024;

    /** Validates the ranges above. */
    public StoreOptions {
        if (durability == null) {
            throw new NullPointerException("durability is null");
        }
        if (groupCommitIntervalMillis < 0 || groupCommitIntervalMillis > 10_000) {
            throw new IllegalArgumentException("groupCommitIntervalMillis must be in [0, 10000]; was " + groupCommitIntervalMillis);
        }
        if (segmentBytes < (1L << 20) || segmentBytes > (1L << 30)) {
            throw new IllegalArgumentException("segmentBytes must be in [1 MiB, 1 GiB]; was " + segmentBytes);
        }
    }

    /** Group commit every 2 ms, 64 MiB segments, no checkpoint on close. */
    public static StoreOptions defaults() {
        return new StoreOptions(Durability.GROUP, DEFAULT_GROUP_COMMIT_INTERVAL_MILLIS, DEFAULT_SEGMENT_BYTES, false);
    }

    /** A copy with {@code value} as durability. */
    public StoreOptions withDurability(Durability value) {
        return new StoreOptions(value, groupCommitIntervalMillis, segmentBytes, checkpointOnClose);
    }

    /** A copy with {@code value} ms as group commit interval. */
    public StoreOptions withGroupCommitIntervalMillis(long value) {
        return new StoreOptions(durability, value, segmentBytes, checkpointOnClose);
    }

    /** A copy with {@code value} bytes as segment size. */
    public StoreOptions withSegmentBytes(long value) {
        return new StoreOptions(durability, groupCommitIntervalMillis, value, checkpointOnClose);
    }

    /** A copy with {@code value} as checkpoint-on-close. */
    public StoreOptions withCheckpointOnClose(boolean value) {
        return new StoreOptions(durability, groupCommitIntervalMillis, segmentBytes, value);
    }
}
