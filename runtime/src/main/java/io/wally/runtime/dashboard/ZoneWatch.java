package io.wally.runtime.dashboard;

import io.wally.maps.concurrent.ReplicatedNavGraph;
import io.wally.maps.zone.Zone;
import io.wally.maps.zone.ZoneKind;
import io.wally.maps.zone.Zones;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's view of the map's keep-out and speed zones (docs/zones.md): {@link #refresh} looks at the
 * published graph version and, only when it moved, reads the zones (one property per zone on the anchor node,
 * {@link Zones#read}) and says whether the set differs from the last one. A sensed obstacle moves the version
 * too, so the comparison by value is what keeps a zones frame from going out on every map change.
 *
 * <p>Reads through its own reader of the live graph, never the writer: the robot's control path does not see
 * it. Threading: one owner (the dashboard's broadcaster thread); not thread-safe.
 */
final class ZoneWatch {

    private final ReplicatedNavGraph.Reader reader;
    private long seenVersion = -1;
    private Zones zones = Zones.none();

    /** @param reader this watch's own reader of the live graph */
    ZoneWatch(ReplicatedNavGraph.Reader reader) {
        this.reader = reader;
    }

    /** Reads the zones when the graph changed; true when they differ from those of the last refresh. */
    boolean refresh() {
        try (ReplicatedNavGraph.ReadView view = reader.acquire()) {
            if (view.version() == seenVersion) {
                return false;
            }
            seenVersion = view.version();
            Zones now = Zones.read(view);
            if (now.equals(zones)) {
                return false;
            }
            zones = now;
            return true;
        }
    }

    /** The zones at the last {@link #refresh} (none before it). */
    Zones zones() {
        return zones;
    }

    /**
     * The {@code zones} frame of {@code zones}: per zone its name, kind ({@code keepout}, {@code speed}), corners
     * as {@code [[x, y], ...]} metres, and for speed zones the cost factor and the speed cap (null when none;
     * JSON has no NaN or infinity).
     */
    static Map<String, Object> frame(Zones zones) {
        List<Map<String, Object>> list = new ArrayList<>(zones.list().size());
        for (Zone z : zones.list()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", z.name());
            m.put("kind", z.kind().wireName());
            m.put("points", z.cornerPairs());
            boolean speed = z.kind() == ZoneKind.SPEED;
            m.put("costFactor", speed ? z.costFactor() : null);
            m.put("maxSpeedMps", speed && !Double.isNaN(z.maxSpeedMps()) ? z.maxSpeedMps() : null);
            list.add(m);
        }
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "zones");
        frame.put("zones", list);
        return frame;
    }
}
