package io.wally.bench.embed;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wally.bench.BenchJson;
import io.wally.maps.MutableNavGraph;
import io.wally.maps.embed.Embeddings;
import io.wally.maps.embed.FastRp;
import io.wally.maps.embed.FastRpSettings;
import io.wally.maps.embed.NearestNeighbours.Kernel;
import io.wally.maps.embed.NearestNeighbours;
import io.wally.maps.embed.Neighbour;
import io.wally.maps.embed.RoomOutline;
import io.wally.maps.embed.RoomSegmentation;
import io.wally.maps.embed.RoomSegmenter;
import io.wally.maps.graph.OffHeapGraph;
import io.wally.maps.importer.CellState;
import io.wally.maps.importer.GridGraph;
import io.wally.maps.importer.NamedPlacesLoader;
import io.wally.maps.importer.OccupancyGrid;
import io.wally.maps.importer.PlaceKind;
import io.wally.maps.importer.PlaceMap;
import io.wally.maps.importer.UnknownCells;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wally bench embed}: FastRP on a one-million-cell 8-connected grid with obstacles (time, memory), exact
 * top-10 queries over all nodes (vector vs scalar kernel, int8 vs float32 recall), and room agreement on the
 * sample house. Medians of {@code --reps} runs; the load average is recorded because the machine is shared.
 */
@Command(name = "embed", mixinStandardHelpOptions = true, description = "FastRP, kNN (vector vs scalar, int8 recall) and rooms on the sample house.")
public final class BenchEmbedCommand implements Callable<Integer> {

    @Option(names = "--json", paramLabel = "FILE", description = "Where to write the JSON object of results.")
    Path json;

    @Option(names = "--size", paramLabel = "N", defaultValue = "1000", description = "Side of the grid (default 1000: one million cells).")
    int size;

    @Option(names = "--reps", paramLabel = "N", defaultValue = "3", description = "Timed repetitions (medians are reported).")
    int reps;

    @Option(names = "--house", paramLabel = "FILE", defaultValue = "maps/samples/house.yaml", description = "The sample house (rooms with outlines).")
    Path house;

    @Override
    public Integer call() throws Exception {
        if (size < 10 || reps < 1) {
            System.err.println("wally: --size must be >= 10 and --reps >= 1");
            return 2;
        }
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("grid", size + " x " + size + ", 8-connected, 20% obstacles (seed 1)");
        o.put("cores", Runtime.getRuntime().availableProcessors());
        o.put("load_average_start", loadAverage());
        o.put("species", NearestNeighbours.species());
        FastRpSettings settings = FastRpSettings.defaults().withDimension(64);
        o.put("dimension", settings.dimension());
        o.put("iteration_weights", Arrays.toString(settings.iterationWeights()));
        try (MutableNavGraph graph = grid(size)) {
            System.out.printf(Locale.ROOT, "grid: %d nodes, %d edges%n", graph.nodeCount(), graph.edgeCount());
            double[] fastRp = new double[reps];
            Embeddings kept = null;
            for (int r = 0; r < reps; r++) {
                long t = System.nanoTime();
                Embeddings e = FastRp.compute(graph, settings);
                fastRp[r] = (System.nanoTime() - t) / 1e9;
                System.out.printf(Locale.ROOT, "fastrp run %d: %.3f s%n", r + 1, fastRp[r]);
                if (kept == null) {
                    kept = e;
                } else {
                    e.close();
                }
            }
            try (Embeddings e = kept; Embeddings q = e.quantiseInt8()) {
                o.put("fastrp_1m_s", median(fastRp));
                o.put("fastrp_runs_s", Arrays.toString(fastRp));
                o.put("fastrp_bytes_per_node", (double) e.bytes() / graph.nodeCount());
                o.put("fastrp_working_bytes_per_node", FastRp.workingBytesPerNode(settings) + 4.0 * graph.edgeCount() / graph.nodeCount() + 8);
                o.put("int8_bytes_per_node", (double) q.bytes() / graph.nodeCount());
                long indexStart = System.nanoTime();
                e.buildIndex();
                o.put("knn_index_build_s", (System.nanoTime() - indexStart) / 1e9);
                o.put("knn_index_bytes_per_node", (double) e.indexBytes() / graph.nodeCount());
                Random random = new Random(3);
                int queries = 20;
                int[] nodes = new int[queries];
                for (int i = 0; i < queries; i++) {
                    do {
                        nodes[i] = random.nextInt(e.count());
                    } while (!e.hasVector(nodes[i]));
                }
                NearestNeighbours knn = new NearestNeighbours(e);
                NearestNeighbours knn8 = new NearestNeighbours(q);
                double vector = timeQueries(knn, nodes, Kernel.VECTOR, reps);
                double scalar = timeQueries(knn, nodes, Kernel.SCALAR, reps);
                double int8 = timeQueries(knn8, nodes, Kernel.VECTOR, reps);
                o.put("knn_1m_query_ms", vector);
                o.put("knn_1m_scalar_query_ms", scalar);
                o.put("knn_simd_speedup", scalar / vector);
                o.put("knn_1m_int8_query_ms", int8);
                double recall = 0;
                for (int node : nodes) {
                    Set<Integer> exact = new HashSet<>();
                    knn.query(node, 10, null, true).forEach(n -> exact.add(n.node()));
                    int hit = 0;
                    for (Neighbour n : knn8.query(node, 10, null, true)) {
                        hit += exact.contains(n.node()) ? 1 : 0;
                    }
                    recall += hit / 10.0;
                }
                o.put("int8_recall_at_10", recall / nodes.length);
            }
        }
        o.put("rooms_house_agreement", houseAgreement());
        o.put("load_average_end", loadAverage());
        BenchJson.write(o, json, true);
        return 0;
    }

    /** Median over {@code reps} rounds of the mean time of one top-10 query, ms (one warm-up round first). */
    private static double timeQueries(NearestNeighbours knn, int[] nodes, Kernel kernel, int reps) {
        double[] ms = new double[reps];
        for (int r = -1; r < reps; r++) {
            long t = System.nanoTime();
            for (int node : nodes) {
                knn.query(node, 10, null, true, kernel);
            }
            if (r >= 0) {
                ms[r] = (System.nanoTime() - t) / 1e6 / nodes.length;
            }
        }
        System.out.printf(Locale.ROOT, "knn %s: %s ms%n", kernel, Arrays.toString(ms));
        return median(ms);
    }

    private double houseAgreement() {
        NamedPlacesLoader.NamedPlaces places = NamedPlacesLoader.load(locate(house));
        List<RoomOutline> truth = places.places().stream().filter(p -> p.kind() == PlaceKind.ROOM && !p.outline().isEmpty())
                .map(p -> new RoomOutline(p.name(), p.outline())).toList();
        PlaceMap map = places.build(8, OffHeapGraph::new);
        try (var graph = map.graph()) {
            GridGraph grid = map.grid().orElseThrow();
            RoomSegmentation rooms = RoomSegmenter.segment(grid, RoomSegmenter.Settings.defaults(truth.size()));
            return RoomSegmenter.agreement(rooms, grid, truth);
        }
    }

    /** {@code file} as given when it exists, else relative to the checkout the bench jar was built in (bench/target/..). */
    private static Path locate(Path file) {
        if (Files.exists(file) || file.isAbsolute()) {
            return file;
        }
        try {
            Path jar = Path.of(BenchEmbedCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = jar.toAbsolutePath().getParent().getParent().getParent();
            if (root != null && Files.exists(root.resolve(file))) {
                return root.resolve(file);
            }
        } catch (Exception e) {
            // fall through: the loader names the missing file
        }
        return file;
    }

    private static MutableNavGraph grid(int side) {
        Random random = new Random(1);
        CellState[] states = new CellState[side * side];
        Arrays.fill(states, CellState.FREE);
        // 20% of cells under random 1..6-cell square obstacles
        int covered = 0;
        while (covered < states.length / 5) {
            int s = 1 + random.nextInt(6);
            int c0 = random.nextInt(side - s);
            int r0 = random.nextInt(side - s);
            for (int r = r0; r < r0 + s; r++) {
                for (int c = c0; c < c0 + s; c++) {
                    if (states[r * side + c] == CellState.FREE) {
                        states[r * side + c] = CellState.OCCUPIED;
                        covered++;
                    }
                }
            }
        }
        OccupancyGrid grid = new OccupancyGrid(side, side, 0.05, 0, 0, 0, states);
        OffHeapGraph graph = (OffHeapGraph) GridGraph.build(grid, 8, UnknownCells.BLOCKED, () -> new OffHeapGraph(side * side)).graph();
        graph.compact();
        return graph;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
