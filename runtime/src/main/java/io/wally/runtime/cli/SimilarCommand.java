package io.wally.runtime.cli;

import io.wally.maps.NavGraph;
import io.wally.maps.embed.EmbeddingFile;
import io.wally.maps.embed.Embeddings;
import io.wally.maps.embed.NearestNeighbours;
import io.wally.maps.embed.Neighbour;
import io.wally.maps.importer.PlaceKind;
import io.wally.maps.importer.PlaceMap;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.IntPredicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code wally similar}: the places most similar to one place, by cosine similarity of their embeddings
 * (computed, or reused from the file {@code wally embed} keeps next to the map).
 *
 * <p>Exit codes: 0 listed, 2 bad input (unknown place, bad k or label).
 */
@Command(
        name = "similar",
        mixinStandardHelpOptions = true,
        description = {
            "Lists the places most similar to PLACE by their embeddings (exact top-k, cosine similarity).",
            "  wally similar --map FILE PLACE [-k 5] [--label room|waypoint|dock]",
            "PLACE is a place name or x,y (metres; column,row on .map files)."
        })
final class SimilarCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--map", paramLabel = "FILE", required = true, description = "Map: named-places YAML, ROS map_server YAML, or Moving AI .map.")
    Path map;

    @Parameters(index = "0", paramLabel = "PLACE", description = "The place to compare with: a name or x,y.")
    String place;

    @Option(names = "-k", paramLabel = "K", defaultValue = "5", description = "How many (1 to 100, default 5).")
    int k;

    @Option(names = "--label", paramLabel = "KIND", description = "Only places of this kind: room, waypoint or dock.")
    String label;

    @CommandLine.Mixin
    EmbedCommand.EmbeddingOptions options = new EmbedCommand.EmbeddingOptions();

    @Override
    public Integer call() {
        if (k < 1 || k > NearestNeighbours.MAX_K) {
            throw new UserErrorException("-k must be in [1, " + NearestNeighbours.MAX_K + "]; was " + k);
        }
        IntPredicate filter = null;
        PlaceMap placeMap = EmbedCommand.EmbeddingOptions.load(map);
        try (var graph = placeMap.graph()) {
            if (label != null) {
                PlaceKind kind = List.of(PlaceKind.values()).stream().filter(p -> p.name().equalsIgnoreCase(label.strip())).findFirst()
                        .orElseThrow(() -> new UserErrorException("--label must be room, waypoint or dock; was '" + label + "'"));
                filter = NearestNeighbours.labelFilter(graph, kind.labelBit());
            }
            int node = placeMap.resolve(place);
            if (node == NavGraph.NO_NODE) {
                String names = placeMap.places().isEmpty() ? "this map has no named places; use x,y"
                        : "places: " + String.join(", ", placeMap.places().stream().map(p -> p.name()).toList());
                throw new UserErrorException("'" + place + "' is neither a place nor a point on " + map + " (" + names + ")");
            }
            EmbeddingFile.Outcome outcome = EmbeddingFile.loadOrCompute(EmbeddingFile.beside(map), graph, options.settings());
            try (Embeddings e = outcome.embeddings()) {
                if (!e.hasVector(node)) {
                    throw new UserErrorException("'" + place + "' has no embedding (a blocked or isolated cell); pick a passable place");
                }
                List<Neighbour> best = new NearestNeighbours(e).query(node, k, filter, true);
                PrintWriter w = spec.commandLine().getOut();
                w.printf(Locale.ROOT, "most similar to %s (graph version %d, embeddings %s):%n", describe(graph, node),
                        e.graphVersion(), outcome.reused() ? "reused" : "computed");
                int rank = 1;
                for (Neighbour n : best) {
                    w.printf(Locale.ROOT, "%3d. %-32s %.4f%n", rank++, describe(graph, n.node()), n.similarity());
                }
                w.flush();
            }
        }
        return ExitCodes.OK;
    }

    private static String describe(NavGraph graph, int node) {
        return graph.name(node).map(n -> "'" + n + "'")
                .orElse(String.format(Locale.ROOT, "(%.2f, %.2f)", graph.x(node), graph.y(node)));
    }
}
