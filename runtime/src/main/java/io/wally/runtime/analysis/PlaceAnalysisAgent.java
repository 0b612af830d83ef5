package io.wally.runtime.analysis;

import io.wally.maps.NavGraph;
import io.wally.maps.concurrent.ReplicatedNavGraph;
import io.wally.maps.embed.EmbeddingFile;
import io.wally.maps.embed.Embeddings;
import io.wally.maps.embed.FastRp;
import io.wally.maps.embed.FastRpSettings;
import io.wally.maps.embed.NearestNeighbours;
import io.wally.maps.embed.Neighbour;
import io.wally.maps.embed.RoomSegmentation;
import io.wally.maps.embed.RoomOutline;
import io.wally.maps.embed.RoomSegmenter;
import io.wally.maps.graph.OffHeapGraph;
import io.wally.maps.importer.GridGraph;
import io.wally.maps.importer.MapFormatException;
import io.wally.maps.importer.MapLoader;
import io.wally.maps.importer.PlaceKind;
import io.wally.maps.importer.PlaceMap;
import io.wally.maps.importer.UnknownCells;
import io.wally.maps.query.QueryEngine;
import io.wally.maps.query.QueryException;
import io.wally.maps.query.QueryResult;
import io.wally.maps.query.QuerySettings;
import io.wally.runtime.agent.GridArea;
import io.wally.runtime.agent.NearestNames;
import io.wally.runtime.agent.NodeLocator;
import io.wally.runtime.command.CommandQueue;
import io.wally.runtime.command.CommandReply;
import io.wally.runtime.command.ErrorCode;
import io.wally.runtime.command.MapEdit;
import io.wally.runtime.command.Place;
import io.wally.runtime.command.Request;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.IntPredicate;
import org.agrona.concurrent.Agent;

/**
 * Answers {@code similar} (places alike by their FastRP embeddings), {@code rooms} (rooms found on the
 * map's occupancy grid) and {@code query} (graph queries, docs/queries.md) on a read view of the graph. Embeddings belong to a graph version: they are kept
 * and reused while the version stays, and recomputed when it moved on; with a store they persist in the
 * store's directory ({@code embeddings.bin}, through {@link EmbeddingFile}) so a restart reuses them.
 * Rooms are found on the map file's grid (the static map), once per count asked for.
 *
 * <p>Threading: one agent thread of its own (a FastRP run over a house takes a tenth of a second; it must
 * not hold up planning). A reader of the graph: never blocks the writer.
 */
public final class PlaceAnalysisAgent implements Agent {

    private static final System.Logger LOG = System.getLogger(PlaceAnalysisAgent.class.getName());
    /** Rooms asked for when a request names no count and the map outlines none. */
    static final int DEFAULT_ROOMS = 6;

    /**
     * @param embedding      FastRP settings
     * @param mapFile        the map file (its grid is where rooms are found), or null
     * @param embeddingsFile where embeddings persist (a store's {@code embeddings.bin}), or null to keep them in memory
     * @param query          limits of {@code query} requests (rows, time, edges followed) and the compile threshold
     */
    public record Settings(FastRpSettings embedding, Path mapFile, Path embeddingsFile, QuerySettings query) {
    }

    private final Settings settings;
    private final CommandQueue requests;
    private final ReplicatedNavGraph.Reader reader;
    private final NodeLocator locator;
    private final BiConsumer<Request, CommandReply> handler = this::onRequest;
    private Embeddings embeddings;
    private PlaceMap mapFileGraph;
    private final Map<Integer, RoomSegmentation> roomsByCount = new LinkedHashMap<>();
    private QueryEngine queries;
    private QuerySettings querySettings;
    private Map<String, RoomOutline> outlines;

    public PlaceAnalysisAgent(Settings settings, CommandQueue requests, ReplicatedNavGraph graph, NodeLocator locator) {
        this.settings = settings;
        this.requests = requests;
        this.reader = graph.newReader();
        this.locator = locator;
    }

    @Override
    public String roleName() {
        return "wally-analysis";
    }

    @Override
    public void onStart() {
        requests.bindConsumer();
    }

    @Override
    public int doWork() {
        return requests.drain(handler, 1);
    }

    @Override
    public void onClose() {
        if (embeddings != null) {
            embeddings.close();
            embeddings = null;
        }
        if (mapFileGraph != null) {
            mapFileGraph.graph().close();
            mapFileGraph = null;
        }
    }

    private void onRequest(Request request, CommandReply reply) {
        try {
            switch (request) {
                case Request.Similar similar -> similar(similar, reply);
                case Request.Rooms rooms -> rooms(rooms, reply);
                case Request.Query query -> query(query, reply);
                case Request.Places places -> {
                    try (ReplicatedNavGraph.ReadView view = reader.acquire()) {
                        reply.ok(MapIntrospection.places(view, outlines()));
                    }
                }
                case Request.EditMap(MapEdit.GetMap get) -> {
                    try (ReplicatedNavGraph.ReadView view = reader.acquire()) {
                        MapIntrospection.picture(view, locator, get.format(), reply);
                    }
                }
                default -> reply.error(ErrorCode.INTERNAL, "place analysis does not serve " + request.command());
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, request.command() + " failed", e);
            reply.error(ErrorCode.INTERNAL, request.command() + " failed: " + e.getMessage());
        }
    }

    /** The rooms' outlines of the map file, read once. */
    private Map<String, RoomOutline> outlines() {
        if (outlines == null) {
            outlines = GridArea.placeOutlines(settings.mapFile());
        }
        return outlines;
    }

    private void similar(Request.Similar request, CommandReply reply) {
        try (ReplicatedNavGraph.ReadView view = reader.acquire()) {
            int node = resolve(view, request.place());
            if (node == NavGraph.NO_NODE) {
                reply.error(ErrorCode.UNKNOWN_NODE, "unknown place '" + request.place().text() + "'"
                        + (request.place() instanceof Place.Named named ? NearestNames.hint(view, named.name()) : ""));
                return;
            }
            String how = refresh(view);
            if (!embeddings.hasVector(node)) {
                reply.error(ErrorCode.BAD_REQUEST, "'" + request.place().text()
                        + "' has no embedding (a blocked or isolated cell); pick a passable place");
                return;
            }
            IntPredicate filter = request.kind() == null ? null
                    : NearestNeighbours.labelFilter(view, PlaceKind.valueOf(request.kind().toUpperCase(Locale.ROOT)).labelBit());
            List<Map<String, Object>> neighbours = new ArrayList<>();
            for (Neighbour n : new NearestNeighbours(embeddings).query(node, request.k(), filter, true)) {
                neighbours.add(describe(view, n.node(), n.similarity()));
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("place", describe(view, node, 1.0));
            result.put("graphVersion", embeddings.graphVersion());
            result.put("embeddings", how);
            result.put("neighbours", neighbours);
            reply.ok(result);
        }
    }

    /** Makes {@link #embeddings} those of {@code view}'s version; says whether they were reused or computed. */
    private String refresh(NavGraph view) {
        if (embeddings != null && embeddings.graphVersion() == view.version()) {
            return "reused";
        }
        if (embeddings != null) {
            embeddings.close();
            embeddings = null;
        }
        if (settings.embeddingsFile() != null) {
            EmbeddingFile.Outcome outcome = EmbeddingFile.loadOrCompute(settings.embeddingsFile(), view, settings.embedding());
            embeddings = outcome.embeddings();
            return outcome.reused() ? "reused" : "computed";
        }
        embeddings = FastRp.compute(view, settings.embedding());
        return "computed";
    }

    private void rooms(Request.Rooms request, CommandReply reply) {
        if (settings.mapFile() == null) {
            reply.error(ErrorCode.NOT_READY, "no map file is configured: rooms are found on a map file's occupancy grid");
            return;
        }
        PlaceMap map = mapFileGraph();
        GridGraph grid = map.grid().orElse(null);
        if (grid == null) {
            reply.error(ErrorCode.BAD_REQUEST, settings.mapFile() + " has no occupancy grid: rooms are found on grids");
            return;
        }
        long outlined = map.places().stream().filter(p -> p.kind() == PlaceKind.ROOM).count();
        int count = request.count() != null ? request.count() : outlined >= 2 ? (int) outlined : DEFAULT_ROOMS;
        RoomSegmentation segmentation = roomsByCount.computeIfAbsent(count,
                c -> RoomSegmenter.segment(grid, RoomSegmenter.Settings.defaults(c)));
        double cellArea = Math.pow(grid.grid().resolutionMetres(), 2);
        List<Map<String, Object>> rooms = new ArrayList<>();
        for (RoomSegmentation.Room room : segmentation.rooms()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", room.name());
            r.put("cells", room.cells());
            r.put("areaM2", Math.round(room.cells() * cellArea * 100) / 100.0);
            r.put("x", Math.round(room.x() * 1000) / 1000.0);
            r.put("y", Math.round(room.y() * 1000) / 1000.0);
            rooms.add(r);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("map", settings.mapFile().toString());
        result.put("rooms", rooms);
        reply.ok(result);
    }

    private void query(Request.Query request, CommandReply reply) {
        try (ReplicatedNavGraph.ReadView view = reader.acquire()) {
            QuerySettings limits = settings.query();
            if (request.limit() != null) {
                limits = new QuerySettings(request.limit(), limits.timeLimitMillis(), limits.maxExpansions(), limits.compileThreshold());
            }
            if (queries == null || !limits.equals(querySettings)) {
                queries = new QueryEngine(view, limits); // bound to the reader's view object, reused across acquisitions
                querySettings = limits;
            }
            QueryResult result;
            try {
                result = queries.run(request.text(), request.params());
            } catch (QueryException e) {
                ErrorCode code = switch (e.code()) {
                    case ROW_LIMIT, TIME_LIMIT, EXPANSION_LIMIT -> ErrorCode.QUERY_LIMIT;
                    default -> ErrorCode.BAD_REQUEST;
                };
                reply.error(code, e.getMessage());
                return;
            }
            List<List<Object>> rows = new ArrayList<>(result.rows().size());
            for (List<Object> row : result.rows()) {
                List<Object> plain = new ArrayList<>(row.size());
                for (Object v : row) {
                    plain.add(QueryResult.plain(view, v));
                }
                rows.add(plain);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("columns", result.columns());
            out.put("rows", rows);
            out.put("runtime", result.runtime());
            out.put("graphVersion", view.version());
            out.put("elapsedMs", Math.round(result.elapsedNanos() / 1e3) / 1e3);
            out.put("expansions", result.expansions());
            if (!result.plan().isEmpty()) {
                out.put("plan", result.plan());
            }
            reply.ok(out);
        }
    }

    private PlaceMap mapFileGraph() {
        if (mapFileGraph == null) {
            try {
                mapFileGraph = MapLoader.load(settings.mapFile(), 8, UnknownCells.BLOCKED, OffHeapGraph::new);
            } catch (MapFormatException | UncheckedIOException e) {
                throw new IllegalStateException("cannot read the map file " + settings.mapFile() + ": " + e.getMessage(), e);
            }
        }
        return mapFileGraph;
    }

    private int resolve(NavGraph view, Place place) {
        return switch (place) {
            case Place.Named named -> view.nodeId(named.name());
            case Place.Node node -> view.containsNode(node.id()) ? node.id() : NavGraph.NO_NODE;
            case Place.Point point -> locator.nodeAt(point.xMeters(), point.yMeters());
        };
    }

    private static Map<String, Object> describe(NavGraph view, int node, double similarity) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", node);
        view.name(node).ifPresent(n -> m.put("name", n));
        m.put("x", Math.round(view.x(node) * 1000) / 1000.0);
        m.put("y", Math.round(view.y(node) * 1000) / 1000.0);
        m.put("similarity", Math.round(similarity * 10_000) / 10_000.0);
        return m;
    }
}
