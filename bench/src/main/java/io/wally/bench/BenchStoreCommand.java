package io.wally.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.wally.bench.store.GraphBenchmarks;
import io.wally.bench.store.ImageBenchmarks;
import io.wally.bench.store.NameBenchmarks;
import io.wally.bench.store.NameWorkloads;
import io.wally.maps.graph.BatchHasher;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wally bench store}: the navigation graph store, side by side in one run — batch insert,
 * bytes per node and edge of a 100,000-node grid, Bloom filter accuracy, the filter against none and
 * against Guava's, and the vector against the scalar batch path. Writes one JSON object.
 */
@Command(name = "store", mixinStandardHelpOptions = true, description = "Navigation graph store: batch insert, bytes per node/edge, Bloom filter, SIMD batch.")
final class BenchStoreCommand implements Callable<Integer> {

    @Option(names = "--json", paramLabel = "FILE", required = true, description = "Where to write the JSON object of results.")
    Path json;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        say("batch insert of 1,000 named nodes");
        out.put("batch_insert_1k_ms", round(GraphBenchmarks.batchInsertMedianMillis(1000, 200, 101), 4));

        say("100,000-node 8-connected grid, named");
        GraphBenchmarks.GridFigures grid = GraphBenchmarks.grid(250, 400);
        out.put("bytes_per_node", round(grid.bytesPerNode(), 2));
        out.put("bytes_per_edge", round(grid.bytesPerEdge(), 2));
        out.put("grid100k_offheap_mb", round(grid.offHeapBytes() / 1e6, 3));

        say("Bloom filter at design capacity, 1,000,000 absent names");
        NameBenchmarks.BloomAccuracy accuracy = NameBenchmarks.bloomAccuracy(1_000_000, 1_000_000);
        out.put("bloom_fpr", round(accuracy.measuredFpp(), 5));
        out.put("bloom_bits_per_key", round(accuracy.bitsPerKey(), 2));

        say("absent look-ups with and without the filter");
        out.put("absent_lookup_speedup", round(NameBenchmarks.absentLookupSpeedup(100_000), 2));
        say("our Bloom filter against Guava's");
        out.put("bloom_vs_guava_speedup", round(NameBenchmarks.bloomVsGuavaSpeedup(1_000_000, false), 2));
        say("batch hashing + exists, scalar against vector");
        out.put("simd_batch_speedup", round(NameBenchmarks.simdBatchSpeedup(10_000, false), 2));

        // context for the figures above
        out.put("grid_nodes", grid.nodes());
        out.put("grid_directed_edges", grid.directedEdges());
        out.put("bytes_per_edge_before_compact", round(grid.bytesPerEdgeBeforeCompact(), 2));
        out.put("bloom_fpr_estimated", round(accuracy.estimatedFpp(), 5));
        out.put("bloom_design_capacity", accuracy.designCapacity());
        out.put("simd_batch_speedup_long_names", round(NameBenchmarks.simdBatchSpeedup(10_000, true), 2));
        out.put("simd_hash_only_speedup", round(NameBenchmarks.hashOnlySpeedup(NameWorkloads.gridNames(10_000, 100)), 2));
        out.put("simd_hash_only_speedup_long_names",
                round(NameBenchmarks.hashOnlySpeedup(NameWorkloads.longNames(10_000, "north-east")), 2));
        out.put("bloom_vs_guava_speedup_vector_hash", round(NameBenchmarks.bloomVsGuavaSpeedup(1_000_000, true), 2));
        out.put("vector_species", BatchHasher.species());
        say("Bloom filter after removing a quarter of the names");
        NameBenchmarks.RemovalFigures removal = NameBenchmarks.bloomAfterRemovals(1_000_000, 1_000_000);
        out.put("bloom_fpr_with_stale_bits_after_24pct_removed", round(removal.fppWithStaleBits(), 5));
        out.put("bloom_fpr_estimated_if_rebuilt", round(removal.fppEstimatedIfRebuilt(), 5));
        out.put("bloom_fpr_after_rebuild", round(removal.fppAfterRebuild(), 5));
        out.put("name_rebuild_ms", round(removal.rebuildMillis(), 1));
        say("name index image of 1,000,000 names");
        ImageBenchmarks.ImageFigures image = ImageBenchmarks.nameIndexImage(1_000_000, 5);
        out.put("name_image_1m_bytes", image.imageBytes());
        out.put("name_image_1m_write_ms", round(image.writeMillis(), 1));
        out.put("name_image_1m_open_ms", round(image.openMillis(), 1));

        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), out);
        System.out.println(new ObjectMapper().writeValueAsString(out));
        return 0;
    }

    private static void say(String what) {
        System.err.println("wally bench store: " + what + " ...");
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
