package io.wally.runtime.cli;

import io.wally.maps.graph.OffHeapGraph;
import io.wally.maps.importer.GeoJsonExport;
import io.wally.maps.importer.GridGraph;
import io.wally.maps.importer.MapFormatException;
import io.wally.maps.importer.MapLoader;
import io.wally.maps.importer.Place;
import io.wally.maps.importer.PlaceMap;
import io.wally.maps.importer.UnknownCells;
import io.wally.maps.plan.Components;
import io.wally.maps.plan.GraphOrder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code wally map}: imports, inspects and exports maps (ROS occupancy grids, Moving AI grids, named places, route graphs). */
@Command(
        name = "map",
        mixinStandardHelpOptions = true,
        description = "Imports, inspects and exports maps (ROS occupancy grids, Moving AI grids, named places, route graphs).",
        subcommands = {MapCommand.Info.class, MapCommand.Export.class, MapSaveCommand.class, CommandLine.HelpCommand.class})
final class MapCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Imports {@code file} into an off-heap graph; a bad option or file is a one-line user error. */
    static PlaceMap load(Path file, int connectivity) {
        if (connectivity != 4 && connectivity != 8) {
            throw new UserErrorException("--connectivity must be 4 or 8; was " + connectivity);
        }
        try {
            return MapLoader.load(file, connectivity, UnknownCells.BLOCKED, OffHeapGraph::new);
        } catch (MapFormatException e) {
            throw new UserErrorException(e.getMessage());
        }
    }

    /** {@code wally map info FILE}: imports a map and describes it. */
    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Imports a map (places YAML, ROS YAML, .map, .geojson, .gr or .csv) and prints its size, places and connected parts.")
    static final class Info implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The map file.")
        Path file;

        @Option(names = "--connectivity", paramLabel = "N", defaultValue = "8", description = "Grid cells link to 4 or 8 neighbours.")
        int connectivity;

        @Override
        public Integer call() {
            PlaceMap map = load(file, connectivity);
            try (var graph = map.graph()) {
                PrintWriter out = spec.commandLine().getOut();
                out.printf(Locale.ROOT, "%s: %s map%n", file, map.source().name().toLowerCase(Locale.ROOT).replace('_', ' '));
                if (map.grid().isPresent()) {
                    GridGraph grid = map.grid().get();
                    out.printf(Locale.ROOT, "grid:       %d x %d cells of %.3f, %d-connected, origin (%.3f, %.3f), yaw %.4f rad%s%n",
                            grid.width(), grid.height(), grid.grid().resolutionMetres(), grid.connectivity(), grid.grid().originX(),
                            grid.grid().originY(), grid.grid().originYawRadians(),
                            grid.grid().originYawRadians() == 0 ? "" : " (applied: the grid is rotated about the origin)");
                }
                int blocked = 0;
                for (int n = 0; n < graph.nodeIdLimit(); n++) {
                    if (graph.containsNode(n) && graph.isBlocked(n)) {
                        blocked++;
                    }
                }
                Components components = GraphOrder.components(graph);
                out.printf(Locale.ROOT, "graph:      %d nodes (%d blocked), %d arcs%n", graph.nodeCount(), blocked, graph.edgeCount());
                int largest = components.largest();
                out.printf(Locale.ROOT, "components: %d (largest %d nodes)%n", components.count(), largest < 0 ? 0 : components.size(largest));
                for (Place p : map.places()) {
                    out.printf(Locale.ROOT, "place:      %-18s %-8s (%.2f, %.2f) component %d%n", p.name(), p.kind().name().toLowerCase(Locale.ROOT),
                            p.x(), p.y(), components.componentOf(p.node()));
                }
                out.flush();
            }
            return ExitCodes.OK;
        }
    }

    /** {@code wally map export FILE --geojson OUT}: writes a map's graph as a Nav2 route graph. */
    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Imports a map and writes its graph as a Nav2 Route Server GeoJSON graph.",
                "Nodes as Points, directed edges with their weights as cost; wally plan --map and Nav2 read it back."})
    static final class Export implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The map file.")
        Path file;

        @Option(names = "--geojson", required = true, paramLabel = "OUT", description = "Where to write the GeoJSON graph.")
        Path out;

        @Option(names = "--connectivity", paramLabel = "N", defaultValue = "8", description = "Grid cells link to 4 or 8 neighbours.")
        int connectivity;

        @Override
        public Integer call() throws IOException {
            PlaceMap map = load(file, connectivity);
            try (var graph = map.graph()) {
                GeoJsonExport.write(graph, out);
                PrintWriter w = spec.commandLine().getOut();
                w.printf(Locale.ROOT, "wrote %s: %d nodes, %d edges%n", out, graph.nodeCount(), graph.edgeCount());
                w.flush();
            }
            return ExitCodes.OK;
        }
    }
}
