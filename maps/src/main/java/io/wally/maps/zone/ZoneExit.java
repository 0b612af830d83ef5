package io.wally.maps.zone;

import io.wally.maps.EdgeCursor;
import io.wally.maps.NavGraph;
import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * The shortest way out of the keep-out zones for a robot standing in one (the zone was drawn around it, as in
 * Nav2 issue 4400): Dijkstra over the graph's own edges and blocked flags, ignoring the zones, from the start to
 * the nearest node outside every keep-out zone.
 *
 * <p>Rare and bounded by the zone's size, so it allocates freely. Stateless; the caller's thread.
 */
public final class ZoneExit {

    private ZoneExit() {
    }

    /**
     * The nodes from {@code start} (first) to the nearest node outside every keep-out zone of {@code costs}
     * (last), or null when none is reachable. A start already outside gives {@code [start]}.
     *
     * @param graph the graph without its zones (its own blocked flags count)
     */
    public static int[] wayOut(NavGraph graph, ZoneCosts costs, int start) {
        if (!graph.containsNode(start)) {
            return null;
        }
        if (!inKeepout(graph, costs, start)) {
            return new int[] {start};
        }
        int limit = graph.nodeIdLimit();
        double[] dist = new double[limit];
        Arrays.fill(dist, Double.POSITIVE_INFINITY);
        int[] parent = new int[limit];
        dist[start] = 0;
        parent[start] = -1;
        PriorityQueue<double[]> open = new PriorityQueue<>((a, b) -> Double.compare(a[0], b[0]));
        open.add(new double[] {0, start});
        EdgeCursor out = graph.edges();
        while (!open.isEmpty()) {
            double[] top = open.poll();
            int u = (int) top[1];
            if (top[0] > dist[u]) {
                continue;
            }
            if (!inKeepout(graph, costs, u)) {
                int length = 1;
                for (int n = u; parent[n] >= 0; n = parent[n]) {
                    length++;
                }
                int[] path = new int[length];
                for (int n = u, i = length - 1; i >= 0; n = parent[n], i--) {
                    path[i] = n;
                }
                return path;
            }
            out.moveTo(u);
            while (out.next()) {
                int v = out.to();
                double d = dist[u] + out.weight();
                if (d < dist[v] && !graph.isBlocked(v)) {
                    dist[v] = d;
                    parent[v] = u;
                    open.add(new double[] {d, v});
                }
            }
        }
        return null;
    }

    /**
     * Whether {@code node} is inside a keep-out zone: laid out as such, or by its coordinates (on a grid only the
     * cells under a zone are laid out, so a place node there is found by where it stands).
     */
    public static boolean inKeepout(NavGraph graph, ZoneCosts costs, int node) {
        return costs.keepout(node) || costs.zones().keepoutAt(graph.x(node), graph.y(node)) != null;
    }
}
