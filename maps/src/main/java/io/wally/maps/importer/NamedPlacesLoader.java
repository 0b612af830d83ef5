package io.wally.maps.importer;

import com.fasterxml.jackson.databind.JsonNode;
import io.wally.maps.GraphLimits;
import io.wally.maps.MutableNavGraph;
import io.wally.maps.NavGraph;
import io.wally.maps.plan.Heuristics;
import io.wally.maps.query.PropertyValues;
import io.wally.maps.zone.Zone;
import io.wally.maps.zone.ZoneKind;
import io.wally.maps.zone.Zones;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads a named-places YAML file: rooms, waypoints and the dock with coordinates, optionally on top of
 * a ROS occupancy grid, optionally joined by connections.
 *
 * <pre>
 * grid: house-grid.yaml       # optional: a ROS map_server YAML, relative to this file
 * unknown: blocked            # optional: how the grid's unknown cells count (blocked | free)
 * places:
 *   - {name: dock,    kind: dock, x: 1.0, y: 1.0}    # metres, in the grid's world frame
 *   - {name: kitchen, kind: room, x: 8.0, y: 6.2,
 *      outline: [[6, 4.7], [10, 4.7], [10, 8], [6, 8]],   # optional: the room's corners (metres)
 *      properties: {floor: tile, visits: 12, tags: [food]}} # optional: what graph queries read as n.floor
 * connections:                # optional: edges between places, both ways unless one-way
 *   - [dock, kitchen]           # weight = straight-line distance
 *   - {from: dock, to: kitchen, weight: 9.5}
 *   - {from: hall, to: garden, oneway: true}   # a one-way door: hall to garden only
 * zones:                      # optional: keep-out and speed zones, polygons in metres (docs/zones.md)
 *   - {name: rug, kind: keepout, points: [[2, 1], [4, 1], [4, 2], [2, 2]]}
 *   - {name: hall, kind: speed, points: [[0, 3.5], [10, 3.5], [10, 4.7], [0, 4.7]], costFactor: 2, maxSpeedMps: 0.2}
 * </pre>
 *
 * <p>Each place becomes a node named after it, with the {@link PlaceKind#labelBit()} of its kind as
 * labels. With a grid, the place must stand in a passable cell, and its node is joined to that cell's
 * node by an undirected edge (type {@link PlaceMap#ANCHOR_EDGE_TYPE}) weighing the grid distance
 * (Manhattan when 4-connected, octile when 8-connected) to the cell centre, so routes between places
 * run over the grid and the grid heuristic stays admissible. Connections (type
 * {@link PlaceMap#CONNECTION_EDGE_TYPE}) are for maps without a grid, or for links the grid does not
 * show (a lift); with a grid they may cut through walls, so the sample house has none.
 *
 * <p>Place names follow {@link PlaceNames}: a name that reads as a node id or as {@code "x,y"} is
 * refused, as is one over {@link GraphLimits#MAX_NAME_BYTES} bytes.
 *
 * <p>Everything is validated before the first node is added: an error names the file, the line and
 * what is wrong, and no graph is produced. Stateless and thread-safe.
 */
public final class NamedPlacesLoader {

    private NamedPlacesLoader() {
    }

    /** The parsed, validated contents of a places file, not yet in a graph. */
    public record NamedPlaces(Path file, OccupancyGrid grid, UnknownCells unknownCells, List<PlaceSpec> places,
            List<Connection> connections, Zones zones) {

        public NamedPlaces {
            places = List.copyOf(places);
            connections = List.copyOf(connections);
            Objects.requireNonNull(zones, "zones");
        }

        /** Places without zones. */
        public NamedPlaces(Path file, OccupancyGrid grid, UnknownCells unknownCells, List<PlaceSpec> places, List<Connection> connections) {
            this(file, grid, unknownCells, places, connections, Zones.none());
        }

        /** Builds the graph: see {@link NamedPlacesLoader#build}. */
        public PlaceMap build(int connectivity, Supplier<? extends MutableNavGraph> factory) {
            return NamedPlacesLoader.build(this, connectivity, factory);
        }

        /**
         * The map's layout: the graph {@link #build} makes (same node ids, positions, blocked cells, places and
         * their cells, labels, properties, zones) without any edge, for a caller that needs only where things
         * are. A fraction of {@link #build}'s time on a grid.
         */
        public PlaceMap layout(int connectivity, Supplier<? extends MutableNavGraph> factory) {
            return NamedPlacesLoader.build(this, connectivity, factory, false);
        }
    }

    /**
     * One place as written in the file.
     *
     * @param outline the room's outline as {@code [x, y]} corners in metres (optional key {@code outline}, at
     *     least 3 corners; empty when the file gives none): what a room covers, used to score room segmentation
     */
    public record PlaceSpec(String name, PlaceKind kind, double x, double y, List<double[]> outline, Map<String, Object> properties) {

        public PlaceSpec {
            outline = List.copyOf(outline);
            properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        }

        /** A place without properties. */
        public PlaceSpec(String name, PlaceKind kind, double x, double y, List<double[]> outline) {
            this(name, kind, x, y, outline, Map.of());
        }

        /** A place without an outline. */
        public PlaceSpec(String name, PlaceKind kind, double x, double y) {
            this(name, kind, x, y, List.of());
        }
    }

    /**
     * A connection between places {@code from} and {@code to} (indices into the place list): both ways,
     * or from {@code from} to {@code to} only when {@code oneway}.
     */
    public record Connection(int from, int to, double weight, boolean oneway) {
    }

    /** Reads and validates the places file at {@code file} (and the grid it names). */
    public static NamedPlaces load(Path file) {
        YamlDoc doc = YamlDoc.read(file);
        JsonNode root = doc.requireObject(doc.root(), "a named-places file");
        for (var it = root.fieldNames(); it.hasNext();) {
            String key = it.next();
            if (!Set.of("grid", "unknown", "places", "connections", "zones").contains(key)) {
                throw doc.error(doc.where(root, key), "unknown key '" + key + "' (expected grid, unknown, places, connections, zones)");
            }
        }
        OccupancyGrid grid = null;
        if (doc.has(root, "grid")) {
            String gridFile = doc.requireText(root, "grid");
            grid = RosMapLoader.load(doc.file().toAbsolutePath().getParent().resolve(gridFile));
        }
        UnknownCells unknown = UnknownCells.BLOCKED;
        if (doc.has(root, "unknown")) {
            String text = doc.requireText(root, "unknown");
            try {
                unknown = UnknownCells.valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw doc.error(doc.where(root, "unknown"), "unknown must be blocked or free; was '" + text + "'");
            }
        }
        JsonNode placesNode = root.get("places");
        if (placesNode == null || !placesNode.isArray() || placesNode.isEmpty()) {
            throw doc.error(doc.where(root, "places"), "'places' must be a non-empty list");
        }
        List<PlaceSpec> places = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < placesNode.size(); i++) {
            JsonNode p = placesNode.get(i);
            String where = doc.where(placesNode, i);
            if (!p.isObject()) {
                throw doc.error(where, "a place must be a mapping with name, kind, x, y");
            }
            String name = doc.requireText(p, "name").strip();
            if (name.isEmpty()) {
                throw doc.error(doc.where(p, "name"), "place name must not be empty");
            }
            if (index.containsKey(name)) {
                throw doc.error(doc.where(p, "name"), "duplicate place name '" + name + "'");
            }
            int nameBytes = name.getBytes(StandardCharsets.UTF_8).length;
            if (nameBytes > GraphLimits.MAX_NAME_BYTES) {
                throw doc.error(doc.where(p, "name"), "place name '" + name.substring(0, 40) + "…' is " + nameBytes
                        + " bytes (UTF-8); the limit is " + GraphLimits.MAX_NAME_BYTES);
            }
            String ambiguous = PlaceNames.whyAmbiguous(name);
            if (ambiguous != null) {
                throw doc.error(doc.where(p, "name"), "place name '" + name + "' " + ambiguous);
            }
            PlaceKind kind = PlaceKind.ROOM;
            if (doc.has(p, "kind")) {
                String k = doc.requireText(p, "kind");
                kind = PlaceKind.parse(k);
                if (kind == null) {
                    throw doc.error(doc.where(p, "kind"), "kind must be room, waypoint or dock; was '" + k + "'");
                }
            }
            double x = doc.requireNumber(p, "x");
            double y = doc.requireNumber(p, "y");
            if (!Double.isFinite(x) || !Double.isFinite(y)) {
                throw doc.error(where, "place '" + name + "' needs finite coordinates; was (" + x + ", " + y + ")");
            }
            if (grid != null) {
                int col = grid.colAt(x, y);
                int row = grid.rowAt(x, y);
                if (!grid.inside(col, row)) {
                    throw doc.error(where, "place '" + name + "' at (" + x + ", " + y + ") is outside the grid");
                }
                if (!grid.passable(col, row, unknown)) {
                    throw doc.error(where, "place '" + name + "' at (" + x + ", " + y + ") stands in cell (" + col + ", " + row
                            + ") which is " + grid.state(col, row).name().toLowerCase(Locale.ROOT));
                }
            }
            List<double[]> outline = new ArrayList<>();
            JsonNode outlineNode = p.get("outline");
            if (outlineNode != null && !outlineNode.isNull()) {
                if (!outlineNode.isArray() || outlineNode.size() < 3) {
                    throw doc.error(doc.where(p, "outline"), "outline of '" + name + "' must be a list of at least 3 [x, y] corners");
                }
                for (int c = 0; c < outlineNode.size(); c++) {
                    JsonNode corner = outlineNode.get(c);
                    if (!corner.isArray() || corner.size() != 2 || !corner.get(0).isNumber() || !corner.get(1).isNumber()
                            || !Double.isFinite(corner.get(0).asDouble()) || !Double.isFinite(corner.get(1).asDouble())) {
                        throw doc.error(doc.where(outlineNode, c), "outline corner " + (c + 1) + " of '" + name + "' must be [x, y] with finite numbers");
                    }
                    outline.add(new double[] {corner.get(0).asDouble(), corner.get(1).asDouble()});
                }
            }
            index.put(name, i);
            places.add(new PlaceSpec(name, kind, x, y, outline, properties(doc, p, name)));
        }
        List<Connection> connections = new ArrayList<>();
        JsonNode connNode = root.get("connections");
        if (connNode != null && !connNode.isNull()) {
            if (!connNode.isArray()) {
                throw doc.error(doc.where(root, "connections"), "'connections' must be a list");
            }
            Set<Long> bothWays = new HashSet<>();   // unordered pairs
            Set<Long> oneWay = new HashSet<>();     // ordered pairs
            for (int i = 0; i < connNode.size(); i++) {
                JsonNode c = connNode.get(i);
                String where = doc.where(connNode, i);
                String a;
                String b;
                double weight = Double.NaN;
                boolean oneway = false;
                if (c.isArray() && c.size() == 2) {
                    a = c.get(0).asText();
                    b = c.get(1).asText();
                } else if (c.isObject()) {
                    a = doc.requireText(c, "from");
                    b = doc.requireText(c, "to");
                    for (Iterator<String> keys = c.fieldNames(); keys.hasNext(); ) {
                        String key = keys.next();
                        if (!Set.of("from", "to", "weight", "oneway").contains(key)) {
                            throw doc.error(doc.where(c, key), "unknown connection key '" + key + "' (expected from, to, weight, oneway)");
                        }
                    }
                    if (doc.has(c, "oneway")) {
                        JsonNode flag = c.get("oneway");
                        if (!flag.isBoolean()) {
                            throw doc.error(doc.where(c, "oneway"), "oneway must be true or false; was " + flag);
                        }
                        oneway = flag.booleanValue();
                    }
                    if (doc.has(c, "weight")) {
                        weight = doc.requireNumber(c, "weight");
                        if (!(weight >= 0) || Double.isInfinite(weight)) {
                            throw doc.error(doc.where(c, "weight"), "weight must be finite and >= 0; was " + weight);
                        }
                    }
                } else {
                    throw doc.error(where, "a connection must be [from, to] or {from, to, weight, oneway}");
                }
                Integer ia = index.get(a);
                Integer ib = index.get(b);
                if (ia == null || ib == null) {
                    throw doc.error(where, "connection names unknown place '" + (ia == null ? a : b) + "'");
                }
                if (ia.equals(ib)) {
                    throw doc.error(where, "connection joins '" + a + "' to itself");
                }
                long pair = ((long) Math.min(ia, ib) << 32) | Math.max(ia, ib);
                long forward = ((long) ia << 32) | ib;
                long backward = ((long) ib << 32) | ia;
                boolean duplicate = oneway
                        ? bothWays.contains(pair) || !oneWay.add(forward)
                        : oneWay.contains(forward) || oneWay.contains(backward) || !bothWays.add(pair);
                if (duplicate) {
                    throw doc.error(where, "duplicate connection between '" + a + "' and '" + b + "'");
                }
                if (Double.isNaN(weight)) {
                    PlaceSpec pa = places.get(ia);
                    PlaceSpec pb = places.get(ib);
                    weight = Math.hypot(pa.x() - pb.x(), pa.y() - pb.y());
                }
                connections.add(new Connection(ia, ib, weight, oneway));
            }
        }
        return new NamedPlaces(file, grid, unknown, places, connections, zones(doc, root));
    }

    /** The {@code zones:} list, each checked by {@link Zone}; an error names the line of the zone or key at fault. */
    private static Zones zones(YamlDoc doc, JsonNode root) {
        JsonNode list = root.get("zones");
        if (list == null || list.isNull()) {
            return Zones.none();
        }
        if (!list.isArray()) {
            throw doc.error(doc.where(root, "zones"), "'zones' must be a list");
        }
        List<Zone> zones = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode z = list.get(i);
            String where = doc.where(list, i);
            if (!z.isObject()) {
                throw doc.error(where, "a zone must be a mapping with name, kind, points");
            }
            for (Iterator<String> keys = z.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (!Set.of("name", "kind", "points", "costFactor", "maxSpeedMps").contains(key)) {
                    throw doc.error(doc.where(z, key), "unknown zone key '" + key + "' (expected name, kind, points, costFactor, maxSpeedMps)");
                }
            }
            String name = doc.requireText(z, "name").strip();
            if (!names.add(name)) {
                throw doc.error(doc.where(z, "name"), "duplicate zone name '" + name + "'");
            }
            String kindText = doc.requireText(z, "kind");
            ZoneKind kind = ZoneKind.parse(kindText);
            if (kind == null) {
                throw doc.error(doc.where(z, "kind"), "zone kind must be keepout or speed; was '" + kindText + "'");
            }
            JsonNode points = z.get("points");
            if (points == null || !points.isArray()) {
                throw doc.error(doc.has(z, "points") ? doc.where(z, "points") : where, "zone '" + name + "' needs points: [[x, y], ...]");
            }
            double[] xy = new double[2 * points.size()];
            for (int c = 0; c < points.size(); c++) {
                JsonNode corner = points.get(c);
                if (!corner.isArray() || corner.size() != 2 || !corner.get(0).isNumber() || !corner.get(1).isNumber()) {
                    throw doc.error(doc.where(points, c), "corner " + (c + 1) + " of zone '" + name + "' must be [x, y] with numbers");
                }
                xy[2 * c] = corner.get(0).asDouble();
                xy[2 * c + 1] = corner.get(1).asDouble();
            }
            if (kind == ZoneKind.KEEPOUT && (doc.has(z, "costFactor") || doc.has(z, "maxSpeedMps"))) {
                throw doc.error(doc.where(z, doc.has(z, "costFactor") ? "costFactor" : "maxSpeedMps"),
                        "keep-out zone '" + name + "' takes no costFactor or maxSpeedMps (nothing enters it)");
            }
            try {
                zones.add(kind == ZoneKind.KEEPOUT ? Zone.keepout(name, xy)
                        : Zone.speed(name, xy, doc.optionalNumber(z, "costFactor", 1.0), doc.optionalNumber(z, "maxSpeedMps", Double.NaN)));
            } catch (IllegalArgumentException e) {
                throw doc.error(where, e.getMessage());
            }
        }
        return Zones.of(zones);
    }

    /**
     * The optional {@code properties:} mapping of a place: what graph queries read as {@code n.key}.
     * Values are integers, floats, text, booleans or lists of those (stored typed in the property store).
     */
    private static Map<String, Object> properties(YamlDoc doc, JsonNode place, String name) {
        JsonNode node = place.get("properties");
        Map<String, Object> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw doc.error(doc.where(place, "properties"), "properties of '" + name + "' must be a mapping of key: value");
        }
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            out.put(key, propertyValue(doc, doc.where(node, key), node.get(key), name + "." + key));
        }
        return out;
    }

    private static Object propertyValue(YamlDoc doc, String where, JsonNode v, String what) {
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.asLong();
        }
        if (v.isNumber() && Double.isFinite(v.asDouble())) {
            return v.asDouble();
        }
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isArray()) {
            List<Object> list = new ArrayList<>(v.size());
            for (int i = 0; i < v.size(); i++) {
                JsonNode element = v.get(i);
                if (element.isArray() || element.isObject()) {
                    throw doc.error(doc.where(v, i), "property " + what + " may be a list of plain values, not of lists or mappings");
                }
                list.add(propertyValue(doc, doc.where(v, i), element, what));
            }
            return list;
        }
        throw doc.error(where, "property " + what + " must be an integer, a finite float, text, true/false or a list of those; was "
                + (v.isNull() ? "empty" : v.getNodeType().name().toLowerCase(Locale.ROOT)));
    }

    /**
     * Builds {@code places} into a new graph from {@code factory}: the grid's cells first (ids from 0, see
     * {@link GridGraph}), then one node per place in file order, then the anchors and connections. On
     * any failure the new graph is closed and nothing is returned.
     *
     * @param connectivity 4 or 8: how grid cells connect (ignored without a grid)
     */
    public static PlaceMap build(NamedPlaces places, int connectivity, Supplier<? extends MutableNavGraph> factory) {
        return build(places, connectivity, factory, true);
    }

    private static PlaceMap build(NamedPlaces places, int connectivity, Supplier<? extends MutableNavGraph> factory, boolean withEdges) {
        Objects.requireNonNull(places, "places");
        MutableNavGraph graph = factory.get();
        try {
            GridGraph grid = places.grid() == null ? null : GridGraph.into(places.grid(), connectivity, places.unknownCells(), graph, withEdges);
            List<Place> built = new ArrayList<>();
            for (PlaceSpec spec : places.places()) {
                int node = graph.addNode(spec.name(), (float) spec.x(), (float) spec.y());
                graph.setLabels(node, spec.kind().labelBit());
                spec.properties().forEach((key, value) -> graph.setProperty(node, key, PropertyValues.encode(value)));
                int cell = NavGraph.NO_NODE;
                if (grid != null) {
                    cell = grid.nodeAt(spec.x(), spec.y());
                    // The anchor weighs the grid's own distance (Manhattan or octile) to the cell centre, never
                    // less than the straight line, so the grid heuristic stays admissible across anchors.
                    float d = (float) Heuristics.forGrid(connectivity).estimate(graph.x(cell), graph.y(cell), (float) spec.x(), (float) spec.y())
                            / (float) Heuristics.SLACK;
                    if (withEdges) {
                        graph.addUndirectedEdge(node, cell, d, PlaceMap.ANCHOR_EDGE_TYPE);
                    }
                }
                built.add(new Place(spec.name(), spec.kind(), spec.x(), spec.y(), node, cell));
            }
            for (Connection c : withEdges ? places.connections() : List.<Connection>of()) {
                int from = built.get(c.from()).node();
                int to = built.get(c.to()).node();
                if (c.oneway()) {
                    graph.addEdge(from, to, (float) c.weight(), PlaceMap.CONNECTION_EDGE_TYPE);
                } else {
                    graph.addUndirectedEdge(from, to, (float) c.weight(), PlaceMap.CONNECTION_EDGE_TYPE);
                }
            }
            if (!places.zones().isEmpty()) {
                for (var zone : places.zones().list()) {
                    Zones.write(graph, zone);
                }
            }
            return new PlaceMap(graph, grid, built, PlaceMap.Source.NAMED_PLACES, !places.connections().isEmpty());
        } catch (RuntimeException | Error e) {
            graph.close();
            throw e;
        }
    }
}
