package io.wally.maps.store;

/**
 * When a logged mutation counts as acknowledged, i.e. guaranteed to survive a crash (process kill or
 * power loss) — see {@link GraphStore} for what each method promises under each policy.
 */
public enum Durability {
    /**
     * Every mutation method returns only after its record was written and {@code fsync}ed
     * ({@code FileChannel.force}); returning is the acknowledgement. Slowest, one fsync per mutation.
     * With a {@linkplain StoreOptions#nonBlockingWriter() non-blocking writer} the flusher thread does
     * the write and fsync at once instead, and the acknowledgement is {@link GraphStore#durableLsn()}
     * reaching the record's LSN.
     */
    SYNC,
    /**
     * Group commit: mutation methods append to an in-memory batch and return at once (logged, not yet
     * acknowledged); a background thread writes and fsyncs the batch at most every
     * {@link StoreOptions#groupCommitIntervalMillis()} ms. A record is acknowledged once
     * {@link GraphStore#durableLsn()} reaches its LSN; {@link GraphStore#commit()} blocks until then.
     */
    GROUP,
    /**
     * For simulation only: like {@link #GROUP} but never fsyncs. {@link GraphStore#commit()} returns
     * once the records are handed to the operating system, so they survive a process crash but
     * nothing survives a power loss.
     */
    NONE
}
