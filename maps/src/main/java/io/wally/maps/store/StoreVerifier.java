package io.wally.maps.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code wally store verify}: opens a store read-only ({@link StoreInspection}: snapshot and segment
 * headers validated, every log record's CRC32C and seal checked, a torn tail reported but not cut,
 * nothing on disk changed; in addition the snapshot's whole-file CRC32C, padding included, is
 * checked), checks the {@link GraphInvariants}, and computes the {@link StateChecksum} of the
 * recovered state.
 *
 * <p>Threading: any thread; a store held by a running writer is refused.
 */
public final class StoreVerifier {

    /**
     * A verified store.
     *
     * @param lsn LSN of the recovered state
     * @param checksum its {@link StateChecksum}
     * @param recovery what opening found (a torn tail is reported there, not cut)
     * @param info sizes and counts after recovery
     */
    public record Result(long lsn, long checksum, RecoveryReport recovery, StoreInfo info) {

        /** The line {@code wally store verify} prints: {@code OK <lsn> <checksum>}. */
        public String okLine() {
            return "OK " + lsn + " " + StateChecksum.toHex(checksum);
        }
    }

    private StoreVerifier() {
    }

    /**
     * Verifies the store in {@code dir}.
     *
     * @throws StoreException when the directory is not a store, is locked, a file is corrupt (names the
     *     file), or the recovered graph violates an invariant (lists them)
     */
    public static Result verify(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new StoreException("store " + dir + " does not exist (not a directory)");
        }
        try (StoreInspection store = StoreInspection.open(dir, true)) {
            List<String> problems = GraphInvariants.check(store.graph());
            if (!problems.isEmpty()) {
                throw new StoreException("store " + dir + " recovered to LSN " + store.lsn() + " but its graph is inconsistent: "
                        + String.join("; ", problems));
            }
            return new Result(store.lsn(), StateChecksum.of(store.graph()), store.recovery(), store.info());
        }
    }
}
