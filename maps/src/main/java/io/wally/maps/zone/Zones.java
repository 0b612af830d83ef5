package io.wally.maps.zone;

import io.wally.maps.MutableNavGraph;
import io.wally.maps.NavGraph;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The zones of a map, and where they live in its graph: each zone is one property of the graph's anchor node
 * (its lowest live node id), key {@code zone:<name>}, value {@link Zone#encode()}. So adding or removing a zone is
 * one mutation: one record in the store's write-ahead log (replayed by recovery, kept by checkpoints) and one in
 * the replicas' mutation log, published with a graph version, so a reader never sees half a zone.
 *
 * <p>Limit: removing the anchor node (node 0 of a grid map) removes the zones with it.
 *
 * <p>Immutable and thread-safe; the static methods read or write the graph on the caller's thread, under the
 * graph's own rules (writes on its single writer).
 */
public final class Zones {

    /** Property key prefix of a zone on the anchor node. */
    public static final String KEY_PREFIX = "zone:";

    private static final Zones NONE = new Zones(List.of());

    private final List<Zone> zones;

    private Zones(List<Zone> zones) {
        this.zones = List.copyOf(zones);
    }

    /** No zones. */
    public static Zones none() {
        return NONE;
    }

    /**
     * These zones, sorted by name.
     *
     * @throws IllegalArgumentException when two share a name
     */
    public static Zones of(List<Zone> zones) {
        List<Zone> sorted = new ArrayList<>(zones);
        sorted.sort(Comparator.comparing(Zone::name));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).name().equals(sorted.get(i - 1).name())) {
                throw new IllegalArgumentException("two zones are called '" + sorted.get(i).name() + "'");
            }
        }
        return sorted.isEmpty() ? NONE : new Zones(sorted);
    }

    /** The zones stored in {@code graph} (none when it has no nodes). */
    public static Zones read(NavGraph graph) {
        int anchor = anchor(graph);
        if (anchor == NavGraph.NO_NODE) {
            return NONE;
        }
        List<Zone> found = new ArrayList<>();
        for (String key : graph.propertyKeys(anchor)) {
            if (key.startsWith(KEY_PREFIX)) {
                String name = key.substring(KEY_PREFIX.length());
                found.add(Zone.decode(name, graph.property(anchor, key).orElseThrow()));
            }
        }
        return of(found);
    }

    /**
     * Stores {@code zone} in {@code graph} as one property write, replacing a zone of the same name.
     *
     * @throws IllegalStateException when the graph has no node to hold it
     */
    public static void write(MutableNavGraph graph, Zone zone) {
        graph.setProperty(requireAnchor(graph), key(zone.name()), zone.encode());
    }

    /** Removes the zone called {@code name} from {@code graph}; false when there was none. */
    public static boolean remove(MutableNavGraph graph, String name) {
        int anchor = anchor(graph);
        return anchor != NavGraph.NO_NODE && graph.removeProperty(anchor, key(name));
    }

    /** The property key of the zone called {@code name}. */
    public static String key(String name) {
        return KEY_PREFIX + Objects.requireNonNull(name, "name");
    }

    /** The node whose properties hold the zones: the lowest live node id, or {@code NO_NODE} on an empty graph. */
    public static int anchor(NavGraph graph) {
        if (graph.nodeCount() == 0) {
            return NavGraph.NO_NODE;
        }
        int limit = graph.nodeIdLimit();
        for (int n = 0; n < limit; n++) {
            if (graph.containsNode(n)) {
                return n;
            }
        }
        return NavGraph.NO_NODE;
    }

    /** {@link #anchor}, or fails naming why. */
    public static int requireAnchor(NavGraph graph) {
        int anchor = anchor(graph);
        if (anchor == NavGraph.NO_NODE) {
            throw new IllegalStateException("the map has no node to hold zones (it is empty)");
        }
        return anchor;
    }

    /** The zones, sorted by name. */
    public List<Zone> list() {
        return zones;
    }

    /** Whether there are none. */
    public boolean isEmpty() {
        return zones.isEmpty();
    }

    /** The zone called {@code name}. */
    public Optional<Zone> named(String name) {
        for (Zone z : zones) {
            if (z.name().equals(name)) {
                return Optional.of(z);
            }
        }
        return Optional.empty();
    }

    /** Whether any zone is a keep-out zone or costs more: planning must then use A* rather than jump point search. */
    public boolean changesCosts() {
        return !zones.isEmpty();
    }

    /** The first keep-out zone containing {@code (x, y)}, or null. Allocates nothing. */
    public Zone keepoutAt(double x, double y) {
        for (int i = 0; i < zones.size(); i++) {
            Zone z = zones.get(i);
            if (z.kind() == ZoneKind.KEEPOUT && z.contains(x, y)) {
                return z;
            }
        }
        return null;
    }

    /**
     * The lowest speed cap of the speed zones containing {@code (x, y)}, m/s, or +inf when none caps it.
     * Allocates nothing (the control loop calls it every cycle).
     */
    public double speedCapAt(double x, double y) {
        double cap = Double.POSITIVE_INFINITY;
        for (int i = 0; i < zones.size(); i++) {
            Zone z = zones.get(i);
            if (z.kind() == ZoneKind.SPEED && !Double.isNaN(z.maxSpeedMps()) && z.maxSpeedMps() < cap && z.contains(x, y)) {
                cap = z.maxSpeedMps();
            }
        }
        return cap;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Zones z && zones.equals(z.zones);
    }

    @Override
    public int hashCode() {
        return zones.hashCode();
    }

    @Override
    public String toString() {
        return zones.toString();
    }
}
