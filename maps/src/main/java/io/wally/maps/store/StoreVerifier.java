package io.wally.maps.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code wally store verify}: opens a store (recovering it like any open: snapshot and segment
 * headers validated, every log record's CRC32C checked, a torn tail cut; in addition the snapshot's
 * whole-file CRC32C, padding included, is checked), checks the
 * {@link GraphInvariants}, and computes the {@link StateChecksum} of the recovered state.
 *
 * <p>Threading: one call at a time per store (it takes the store lock).
 */
public final class StoreVerifier {

    /**
     * A verified store.
     *
     * @param lsn LSN of the recovered state
     * @param checksum its {@link StateChecksum}
     * @param recovery what opening found (a cut log is reported there)
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
        try (GraphStore store = GraphStore.open(dir, StoreOptions.defaults().withDurability(Durability.SYNC), true)) {
            List<String> problems = GraphInvariants.check(store.graph());
            if (!problems.isEmpty()) {
                throw new StoreException("store " + dir + " recovered to LSN " + store.lastLsn() + " but its graph is inconsistent: "
                        + String.join("; ", problems));
            }
            return new Result(store.lastLsn(), StateChecksum.of(store.graph()), store.recovery(), store.info());
        }
    }
}
