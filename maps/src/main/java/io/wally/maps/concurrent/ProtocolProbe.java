package io.wally.maps.concurrent;

/**
 * A hook called at every shared-memory step of the publication and reclamation protocol of
 * {@link ReplicatedNavGraph}. Production uses {@link #NONE} (inlined away by the JIT); the deterministic
 * interleaving tests pass a probe that parks the calling thread until their scheduler lets it go on, so
 * they can step the writer and the readers through every interleaving of these points.
 */
interface ProtocolProbe {

    /** Reader: has read the published state. */
    int READER_READ_STATE = 1;
    /** Reader: has incremented the reader count of the replica it saw published. */
    int READER_ENTERED = 2;
    /** Reader: has re-read the published state (view held or retreated). */
    int READER_RECHECKED = 3;
    /** Reader: about to leave the replica (decrement). */
    int READER_LEAVING = 4;
    /** Writer: about to read the reader count of a candidate replica. */
    int WRITER_CHECK_READERS = 10;
    /** Writer: has claimed a replica and is about to write into it (replay, then new mutations). */
    int WRITER_WRITE = 11;
    /** Writer: about to publish its private replica. */
    int WRITER_PUBLISH = 12;

    /** The production probe: does nothing. */
    ProtocolProbe NONE = point -> { };

    /** Called by the protocol at {@code point} (one of the constants above). */
    void at(int point);
}
