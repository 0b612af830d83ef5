package io.wally.runtime.cli;

import io.wally.maps.PoolStats;
import io.wally.maps.PropertyStats;
import io.wally.maps.graph.OffHeapGraph;
import io.wally.maps.store.Durability;
import io.wally.maps.store.GraphStore;
import io.wally.maps.store.RecoveryReport;
import io.wally.maps.store.StateChecksum;
import io.wally.maps.store.StoreException;
import io.wally.maps.store.StoreInfo;
import io.wally.maps.store.StoreInspection;
import io.wally.maps.store.StoreOptions;
import io.wally.maps.store.StoreRepair;
import io.wally.maps.store.StoreVerifier;
import io.wally.maps.store.Torture;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import io.wally.runtime.text.Numbers;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wally store}: works on a persistent map store (a snapshot plus a write-ahead log in one
 * directory; docs/persistence.md): {@code torture}, {@code verify}, {@code checkpoint}, {@code info},
 * {@code repair}. {@code verify} and {@code info} open the store read-only and never change a byte.
 * Store errors (corrupt file, locked store) print one line naming the file and exit 2.
 */
@Command(name = "store", mixinStandardHelpOptions = true,
        description = "Works on a persistent map store: torture, verify, checkpoint, info, repair.",
        subcommands = {
            StoreCommand.TortureCommand.class,
            StoreCommand.VerifyCommand.class,
            StoreCommand.CheckpointCommand.class,
            StoreCommand.InfoCommand.class,
            StoreCommand.RepairCommand.class,
            CommandLine.HelpCommand.class
        })
final class StoreCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs {@code body}, turning a store error into a one-line user error (exit 2). */
    static int storeErrors(Callable<Integer> body) throws Exception {
        try {
            return body.call();
        } catch (StoreException e) {
            throw new UserErrorException(e.getMessage(), ExitCodes.USAGE);
        }
    }

    static Path existingStore(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UserErrorException("store " + dir + " does not exist (not a directory)");
        }
        return dir;
    }

    @Command(name = "torture", mixinStandardHelpOptions = true,
            description = {"Runs random graph mutations against a store, for crash tests.",
                "Nodes, names, edges, weights, properties, removals and checkpoints; prints 'ACK <lsn> <state-checksum>' per"
                    + " acknowledged commit and 'LSN <lsn> <checksum>' before each mutation is logged."})
    static final class TortureCommand implements Callable<Integer> {
        @Option(names = "--dir", required = true, paramLabel = "D", description = "Store directory (created if missing).")
        Path dir;

        @Option(names = "--ops", defaultValue = "10000", paramLabel = "N", description = "Mutation attempts (default ${DEFAULT-VALUE}).")
        long ops;

        @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Random seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--durability", defaultValue = "group", paramLabel = "sync|group",
                description = "Durability policy: sync, group or none (default ${DEFAULT-VALUE}).")
        String durability;

        @Option(names = "--checkpoint-every", defaultValue = "500", paramLabel = "K",
                description = "A checkpoint follows a mutation with probability 1/K; 0 = never (default ${DEFAULT-VALUE}).")
        int checkpointEvery;

        @Override
        public Integer call() throws Exception {
            Durability d = parseDurability(durability);
            if (ops < 0 || checkpointEvery < 0) {
                throw new UserErrorException("--ops and --checkpoint-every must be >= 0; were " + ops + ", " + checkpointEvery);
            }
            PrintStream out = System.out;
            return storeErrors(() -> {
                try {
                    Torture.run(new Torture.Options(dir, ops, seed, d, checkpointEvery, 150), out);
                } catch (IllegalStateException divergence) {
                    out.flush();
                    System.err.println("wally: store torture found a divergence: " + divergence.getMessage());
                    return ExitCodes.FAILED;
                }
                return ExitCodes.OK;
            });
        }
    }

    static Durability parseDurability(String text) {
        return switch (text) {
            case "sync" -> Durability.SYNC;
            case "group" -> Durability.GROUP;
            case "none" -> Durability.NONE;
            default -> throw new UserErrorException("--durability must be sync, group or none; was '" + text + "'");
        };
    }

    /**
     * A subcommand on an existing store: {@code --dir}, the check that it exists, and store errors as
     * one-line user errors (exit 2); the subclass does its work in {@link #run}.
     */
    abstract static class OnExistingStore implements Callable<Integer> {
        @Option(names = "--dir", required = true, paramLabel = "D", description = "Store directory.")
        Path dir;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public final Integer call() throws Exception {
            existingStore(dir);
            return storeErrors(() -> {
                PrintWriter out = spec.commandLine().getOut();
                run(out, spec.commandLine().getErr());
                out.flush();
                return ExitCodes.OK;
            });
        }

        /** The store opened (recovering) with synchronous commits. */
        GraphStore openStore() {
            return GraphStore.open(dir, StoreOptions.defaults().withDurability(Durability.SYNC));
        }

        abstract void run(PrintWriter out, PrintWriter err) throws Exception;
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Checks every checksum and graph invariant of a store, read-only (changes nothing).",
                "Works on a read-only copy too; prints 'OK <lsn> <state-checksum>' and exits 0, or one line naming the"
                    + " problem and exits 2.",
                "A torn tail (what a crash leaves) is reported on stderr, not cut, and is not an error."})
    static final class VerifyCommand extends OnExistingStore {
        @Override
        void run(PrintWriter out, PrintWriter err) {
            StoreVerifier.Result r = StoreVerifier.verify(dir);
            r.recovery().truncation().ifPresent(t -> err.println("wally: " + t.describe() + " (the next writable open cuts it)"));
            err.flush();
            out.println(r.okLine());
        }
    }

    @Command(name = "checkpoint", mixinStandardHelpOptions = true,
            description = "Opens (recovering) the store, writes a new snapshot atomically and trims the log; prints 'CHECKPOINT <lsn>'.")
    static final class CheckpointCommand extends OnExistingStore {
        @Override
        void run(PrintWriter out, PrintWriter err) {
            try (GraphStore store = openStore()) {
                long lsn = store.checkpoint();
                out.println("CHECKPOINT " + lsn + " " + StateChecksum.hexOf(store.graph()));
            }
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Opens the store read-only (changes nothing) and prints its sizes, LSNs, counts, memory and compression figures.")
    static final class InfoCommand extends OnExistingStore {
        @Override
        void run(PrintWriter out, PrintWriter err) {
            try (StoreInspection store = StoreInspection.open(dir)) {
                StoreInfo i = store.info();
                RecoveryReport r = store.recovery();
                out.println("store       " + i.directory());
                out.println("snapshot    " + (i.snapshotBytes() == 0 ? "none" : Numbers.bytes(i.snapshotBytes()) + " at LSN " + i.snapshotLsn())
                        + ", opened in " + Numbers.millis(r.snapshotOpenNanos()));
                out.println("log         " + plural(i.logSegments(), "segment") + ", " + Numbers.bytes(i.logBytes()) + "; "
                        + plural(r.replayedRecords(), "record") + " replayed in " + Numbers.millis(r.replayNanos()));
                out.println("last LSN    " + i.lastLsn());
                out.println("graph       " + plural(i.nodeCount(), "node") + ", " + plural(i.edgeCount(), "edge")
                        + ", node ids below " + Numbers.grouped(i.nodeIdLimit()));
                out.println("state       " + StateChecksum.hexOf(store.graph()) + " (checksum of the graph, as wally store verify prints)");
                if (store.graph() instanceof OffHeapGraph graph) {
                    PoolStats pool = graph.poolStats();
                    out.println("memory      " + Numbers.bytes(graph.offHeapBytes()) + " off-heap; edge blocks " + Numbers.grouped(pool.inUseBlocks())
                            + " in use of " + Numbers.grouped(pool.capacityBlocks()) + " (peak " + Numbers.grouped(pool.peakInUseBlocks())
                            + ", " + Numbers.fixed(100 * pool.fragmentation(), 1) + " % fragmented)");
                    PropertyStats p = graph.propertyStats();
                    out.println("properties  " + plural(p.values(), "value") + ", " + Numbers.grouped(p.compressedValues()) + " compressed, "
                            + Numbers.bytes(p.storedBytes()) + " stored for " + Numbers.bytes(p.originalBytes()));
                    graph.bloomStats().ifPresent(b -> out.println("names       Bloom filter: " + Numbers.grouped(b.bits()) + " bits, "
                            + b.hashCount() + " hashes, " + plural(b.items(), "name") + ", "
                            + (b.estimatedFpp() <= 0 ? "no false positives" : "1 false positive in "
                                    + Numbers.grouped(Math.round(1 / b.estimatedFpp())))));
                }
                r.truncation().ifPresent(t -> out.println("torn tail   " + t.describe()));
            }
        }

        private static String plural(long count, String noun) {
            return Numbers.grouped(count) + " " + noun + (count == 1 ? "" : "s");
        }
    }

    @Command(name = "repair", mixinStandardHelpOptions = true,
            description = {"Cuts a damaged log explicitly: copies the store's files to D/repair-<UTC time>/, keeps the records"
                + " up to --accept-loss-after LSN, deletes the rest and prints what was discarded.",
                "Without the option it changes nothing and prints the LSN it would need (exit 2)."})
    static final class RepairCommand extends OnExistingStore {
        @Option(names = "--accept-loss-after", paramLabel = "LSN",
                description = "Keep records up to this LSN (at most the last valid record before the damage, at least the snapshot's LSN).")
        Long acceptLossAfter;

        @Override
        void run(PrintWriter out, PrintWriter err) {
            if (acceptLossAfter == null) {
                StoreRepair.Assessment a = StoreRepair.assess(dir);
                if (!a.damaged()) {
                    out.println("nothing to repair: " + a.description());
                    return;
                }
                throw new UserErrorException("store " + dir + " is damaged: " + a.description() + "; nothing was changed. To cut the log, run "
                        + "'wally store repair --dir " + dir + " --accept-loss-after " + a.lastValidLsn() + "' (discards " + a.lossRange() + ")",
                        ExitCodes.USAGE);
            }
            StoreRepair.Outcome o = StoreRepair.repair(dir, acceptLossAfter, Clock.systemUTC());
            out.println("copied the original files to " + o.backup());
            out.println("cut the log after LSN " + o.keptLsn() + " at " + o.cutFile() + " offset " + o.cutOffset()
                    + (o.deletedSegments().isEmpty() ? "" : "; deleted " + o.deletedSegments()));
            out.println("discarded LSNs " + o.discardedFromLsn() + ".." + (o.discardedToLsn() < 0 ? "(unknown: a segment was missing)" : o.discardedToLsn())
                    + ": " + o.discardedRecords() + " intact record(s) and the damaged one");
            out.println("REPAIRED " + o.keptLsn() + " " + StateChecksum.toHex(o.checksum()));
        }
    }
}
