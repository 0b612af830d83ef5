package io.wally.runtime.cli;

import io.wally.maps.NavGraph;
import io.wally.maps.graph.OffHeapGraph;
import io.wally.maps.embed.EmbeddingFile;
import io.wally.maps.embed.Embeddings;
import io.wally.maps.embed.FastRp;
import io.wally.maps.embed.FastRpSettings;
import io.wally.maps.embed.NodeFeature;
import io.wally.maps.importer.MapFormatException;
import io.wally.maps.importer.MapLoader;
import io.wally.maps.importer.PlaceMap;
import io.wally.maps.importer.UnknownCells;
import io.wally.maps.store.StoreInspection;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code wally embed}: computes FastRP place embeddings of a map and keeps them in a file next to it
 * ({@code FILE.embeddings.bin}), reusing that file while the graph and the settings are unchanged.
 *
 * <p>Exit codes: 0 done, 2 bad input. {@code --store} is refused for now: the store has no read-only open yet.
 */
@Command(
        name = "embed",
        mixinStandardHelpOptions = true,
        description = {
            "Computes place embeddings (FastRP) of a map or a store and keeps them beside it.",
            "  wally embed --map FILE [--dim 64] [--seed 42]   (FILE.embeddings.bin)",
            "  wally embed --store DIR [--dim 64]              (DIR/embeddings.bin)"
        })
final class EmbedCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--map", paramLabel = "FILE", description = "Map: named-places YAML, ROS map_server YAML, or Moving AI .map.")
    Path map;

    @Option(names = "--store", paramLabel = "DIR", description = "A graph store, read without changing it (refused while a runtime holds it).")
    Path store;

    @CommandLine.Mixin
    EmbeddingOptions options = new EmbeddingOptions();

    @Option(names = "--out", paramLabel = "FILE", description = "Embeddings file (default: next to the map, FILE.embeddings.bin).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if ((store == null) == (map == null)) {
            throw new UserErrorException("wally embed needs --map FILE or --store DIR (one of them); see wally embed --help");
        }
        FastRpSettings settings = options.settings();
        if (store != null) {
            return StoreCommand.storeErrors(() -> {
                try (StoreInspection inspection = StoreInspection.open(store)) {
                    Path file = out != null ? out : EmbeddingFile.beside(store);
                    report(store + " (LSN " + inspection.lsn() + ")", inspection.graph(), file, settings);
                }
                return ExitCodes.OK;
            });
        }
        PlaceMap placeMap = EmbeddingOptions.load(map);
        try (var graph = placeMap.graph()) {
            report(map.toString(), graph, out != null ? out : EmbeddingFile.beside(map), settings);
        }
        return ExitCodes.OK;
    }

    private void report(String what, NavGraph graph, Path file, FastRpSettings settings) {
        long start = System.nanoTime();
        EmbeddingFile.Outcome outcome = EmbeddingFile.loadOrCompute(file, graph, settings);
        try (Embeddings e = outcome.embeddings()) {
            double ms = (System.nanoTime() - start) / 1e6;
            PrintWriter w = spec.commandLine().getOut();
            w.printf(Locale.ROOT, "embeddings of %s: %d nodes x %d dimensions, graph version %d%n", what, graph.nodeCount(), e.dimension(),
                    e.graphVersion());
            w.printf(Locale.ROOT, "%s: %s (%s)%n", outcome.reused() ? "reused" : "computed", file, outcome.reason());
            w.printf(Locale.ROOT, "time:        %.1f ms%n", ms);
            w.printf(Locale.ROOT, "memory:      %d bytes off-heap (%d per node id; %d per node id while computing)%n", e.bytes(),
                    e.bytes() / Math.max(1, e.count()), FastRp.workingBytesPerNode(settings));
            w.flush();
        }
    }

    /** Options shared by {@code embed} and {@code similar}: the FastRP settings. */
    static final class EmbeddingOptions {
        @Option(names = "--dim", paramLabel = "N", defaultValue = "64", description = "Embedding dimension (default 64).")
        int dimension;

        @Option(names = "--weights", paramLabel = "W,W,...", defaultValue = "0,1,1,1", split = ",",
                description = "Weight of each propagation step (default 0,1,1,1: four steps, direct neighbours ignored).")
        double[] weights;

        @Option(names = "--strength", paramLabel = "B", defaultValue = "0", description = "Normalisation strength: initial vectors scaled by degree^B.")
        double strength;

        @Option(names = "--self", paramLabel = "S", defaultValue = "0", description = "Self influence: weight of a node's own initial vector.")
        double self;

        @Option(names = "--seed", paramLabel = "SEED", defaultValue = "42", description = "Random seed (same seed, same vectors on any core count).")
        long seed;

        @Option(names = "--features", paramLabel = "F,F", split = ",", description = "Node features: kind, blocked, degree, clearance.")
        List<String> features = List.of();

        @Option(names = "--no-identity", description = "Structural vectors: project only the features (needs --features), so that places alike in shape match.")
        boolean noIdentity;

        @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
        Integer threads;

        FastRpSettings settings() {
            Set<NodeFeature> set = EnumSet.noneOf(NodeFeature.class);
            for (String f : features) {
                try {
                    set.add(NodeFeature.valueOf(f.strip().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new UserErrorException("--features: unknown feature '" + f + "' (expected kind, blocked, degree, clearance)");
                }
            }
            try {
                FastRpSettings s = FastRpSettings.defaults().withDimension(dimension).withIterationWeights(weights).withNormalizationStrength(strength)
                        .withSelfInfluence(self).withSeed(seed).withFeatures(set, 1).withIdentity(!noIdentity);
                return threads == null ? s : s.withThreads(threads);
            } catch (IllegalArgumentException e) {
                throw new UserErrorException(e.getMessage());
            }
        }

        /** Reads a map into a compacted off-heap graph (the caller closes it); bad files become one-line user errors. */
        static PlaceMap load(Path file) {
            try {
                PlaceMap loaded = MapLoader.load(file, 8, UnknownCells.BLOCKED, OffHeapGraph::new);
                ((OffHeapGraph) loaded.graph()).compact();
                return loaded;
            } catch (MapFormatException e) {
                throw new UserErrorException(e.getMessage());
            } catch (UncheckedIOException e) {
                throw new UserErrorException(file + ": " + e.getMessage());
            }
        }
    }
}
