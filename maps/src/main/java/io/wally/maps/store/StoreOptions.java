package io.wally.maps.store;

/**
 * How a {@link GraphStore} logs and checkpoints. Immutable; build from {@link #defaults()} with the
 * {@code with…} methods.
 *
 * <p>Two kinds of writer: the default <em>blocking</em> writer (CLI tools, benchmarks) waits for the
 * disk inside mutation methods under {@link Durability#SYNC} and when a group batch is full. A
 * <em>non-blocking</em> writer ({@link #nonBlockingWriter()}, for a writer running inside an agent's
 * {@code doWork()}) never waits for the disk in a mutation method: every policy goes through the
 * flusher thread, acknowledgement is read from {@link GraphStore#durableLsn()}, and a backlog beyond
 * {@link #logBacklogLimitBytes()} refuses mutations ({@link LogBacklogFullException}) instead of waiting.
 *
 * @param durability when a mutation counts as acknowledged (see {@link Durability})
 * @param groupCommitIntervalMillis {@link Durability#GROUP}: minimum time between two fsyncs, ms, in [0, 10000]
 *     (0: fsync as soon as the previous one finished)
 * @param segmentBytes the log rolls to a new segment file once the current one holds this many bytes, in
 *     [1 MiB, 1 GiB]
 * @param checkpointOnClose whether {@link GraphStore#close()} writes a snapshot (and trims the log) first
 * @param nonBlockingWriter whether mutation methods never wait for the disk: under SYNC the flusher
 *     thread writes and fsyncs each record as soon as it is appended (no group interval) and the record
 *     is acknowledged when {@link GraphStore#durableLsn()} covers it, with the same crash guarantee as a
 *     blocking SYNC for acknowledged records; under GROUP and NONE a full batch grows instead of
 *     making the writer wait. {@link GraphStore#commit()}, {@link GraphStore#checkpoint()} and
 *     {@link GraphStore#close()} still wait.
 * @param logBacklogLimitBytes non-blocking writer: the most bytes of log records that may wait to become
 *     durable; a mutation whose record would take {@link GraphStore#logBacklogBytes()} beyond it is
 *     refused before anything changes, in [64 KiB, 1 GiB]. Keep it above the largest record (a property
 *     value of up to 16 MiB makes a record of that size). Ignored by the blocking writer, which waits
 *     instead once 16 MiB are in its batch.
 * @param logSync how the log forces a segment to disk ({@link LogSync#FORCE}; tests: a slow file system)
 */
public record StoreOptions(Durability durability, long groupCommitIntervalMillis, long segmentBytes, boolean checkpointOnClose,
        boolean nonBlockingWriter, long logBacklogLimitBytes, LogSync logSync) {

    /** Default minimum interval between group fsyncs, ms. */
    public static final long DEFAULT_GROUP_COMMIT_INTERVAL_MILLIS = 2;
    /** Default segment size, bytes (64 MiB). */
    public static final long DEFAULT_SEGMENT_BYTES = 64L * 1024 * 1024;
    /** Default backlog limit of a non-blocking writer, bytes (64 MiB: about three million obstacle marks). */
    public static final long DEFAULT_LOG_BACKLOG_LIMIT_BYTES = 64L * 1024 * 1024;

    /** Validates the ranges above. */
    public StoreOptions {
        if (durability == null) {
            throw new NullPointerException("durability is null");
        }
        if (logSync == null) {
            throw new NullPointerException("logSync is null");
        }
        if (groupCommitIntervalMillis < 0 || groupCommitIntervalMillis > 10_000) {
            throw new IllegalArgumentException("groupCommitIntervalMillis must be in [0, 10000]; was " + groupCommitIntervalMillis);
        }
        if (segmentBytes < (1L << 20) || segmentBytes > (1L << 30)) {
            throw new IllegalArgumentException("segmentBytes must be in [1 MiB, 1 GiB]; was " + segmentBytes);
        }
        if (logBacklogLimitBytes < (64L << 10) || logBacklogLimitBytes > (1L << 30)) {
            throw new IllegalArgumentException("logBacklogLimitBytes must be in [64 KiB, 1 GiB]; was " + logBacklogLimitBytes);
        }
    }

    /** Group commit every 2 ms, 64 MiB segments, no checkpoint on close, a blocking writer, {@link LogSync#FORCE}. */
    public static StoreOptions defaults() {
        return new StoreOptions(Durability.GROUP, DEFAULT_GROUP_COMMIT_INTERVAL_MILLIS, DEFAULT_SEGMENT_BYTES, false,
                false, DEFAULT_LOG_BACKLOG_LIMIT_BYTES, LogSync.FORCE);
    }

    /** A copy with {@code value} as durability. */
    public StoreOptions withDurability(Durability value) {
        return new StoreOptions(value, groupCommitIntervalMillis, segmentBytes, checkpointOnClose, nonBlockingWriter, logBacklogLimitBytes, logSync);
    }

    /** A copy with {@code value} ms as group commit interval. */
    public StoreOptions withGroupCommitIntervalMillis(long value) {
        return new StoreOptions(durability, value, segmentBytes, checkpointOnClose, nonBlockingWriter, logBacklogLimitBytes, logSync);
    }

    /** A copy with {@code value} bytes as segment size. */
    public StoreOptions withSegmentBytes(long value) {
        return new StoreOptions(durability, groupCommitIntervalMillis, value, checkpointOnClose, nonBlockingWriter, logBacklogLimitBytes, logSync);
    }

    /** A copy with {@code value} as checkpoint-on-close. */
    public StoreOptions withCheckpointOnClose(boolean value) {
        return new StoreOptions(durability, groupCommitIntervalMillis, segmentBytes, value, nonBlockingWriter, logBacklogLimitBytes, logSync);
    }

    /** A copy with {@code value} as non-blocking writer (true: mutation methods never wait for the disk). */
    public StoreOptions withNonBlockingWriter(boolean value) {
        return new StoreOptions(durability, groupCommitIntervalMillis, segmentBytes, checkpointOnClose, value, logBacklogLimitBytes, logSync);
    }

    /** A copy with {@code value} bytes as the non-blocking writer's backlog limit. */
    public StoreOptions withLogBacklogLimitBytes(long value) {
        return new StoreOptions(durability, groupCommitIntervalMillis, segmentBytes, checkpointOnClose, nonBlockingWriter, value, logSync);
    }

    /** A copy with {@code value} as the way the log forces segments to disk. */
    public StoreOptions withLogSync(LogSync value) {
        return new StoreOptions(durability, groupCommitIntervalMillis, segmentBytes, checkpointOnClose, nonBlockingWriter, logBacklogLimitBytes, value);
    }
}
