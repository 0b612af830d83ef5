package io.wally.maps.embed;

import io.wally.maps.EdgeCursor;
import io.wally.maps.NavGraph;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * FastRP written for clarity: double arrays, one loop per formula of {@link FastRp}'s Javadoc, no threads.
 * Shares only the definition of the random projection ({@link FastRp#projection}) with the production code.
 */
final class ReferenceFastRp {

    private ReferenceFastRp() {
    }

    static double[][] compute(NavGraph graph, FastRpSettings s) {
        int n = graph.nodeIdLimit();
        int d = s.dimension();
        List<List<int[]>> out = new ArrayList<>();
        List<List<Double>> weights = new ArrayList<>();
        EdgeCursor cursor = graph.edges();
        for (int v = 0; v < n; v++) {
            List<int[]> targets = new ArrayList<>();
            List<Double> ws = new ArrayList<>();
            if (graph.containsNode(v)) {
                cursor.moveTo(v);
                while (cursor.next()) {
                    targets.add(new int[] {cursor.to()});
                    ws.add(s.weighted() ? (double) cursor.weight() : 1.0);
                }
            }
            out.add(targets);
            weights.add(ws);
        }
        double[][] features = features(graph, out, s);
        double[][] r0 = new double[n][d];
        for (int v = 0; v < n; v++) {
            if (!graph.containsNode(v)) {
                continue;
            }
            for (int j = 0; j < d; j++) {
                double value = s.identity() ? FastRp.projection(s.seed(), v, j) : 0;
                for (int k = 0; k < features[v].length; k++) {
                    value += s.featureWeight() * features[v][k] * FastRp.projection(s.seed(), -1L - k, j);
                }
                r0[v][j] = value;
            }
            int degree = out.get(v).size();
            if (degree > 0 && s.normalizationStrength() != 0) {
                double scale = Math.pow(degree, s.normalizationStrength());
                for (int j = 0; j < d; j++) {
                    r0[v][j] *= scale;
                }
            }
        }
        double[][] result = new double[n][d];
        for (int v = 0; v < n; v++) {
            for (int j = 0; j < d; j++) {
                result[v][j] = s.selfInfluence() * r0[v][j];
            }
        }
        double[][] previous = r0;
        for (double iterationWeight : s.iterationWeights()) {
            double[][] current = new double[n][d];
            for (int v = 0; v < n; v++) {
                for (int e = 0; e < out.get(v).size(); e++) {
                    int u = out.get(v).get(e)[0];
                    for (int j = 0; j < d; j++) {
                        current[v][j] += weights.get(v).get(e) * previous[u][j];
                    }
                }
                double norm = 0;
                for (int j = 0; j < d; j++) {
                    norm += current[v][j] * current[v][j];
                }
                norm = Math.sqrt(norm);
                for (int j = 0; j < d; j++) {
                    if (norm > 0) {
                        current[v][j] /= norm;
                    }
                    result[v][j] += iterationWeight * current[v][j];
                }
            }
            previous = current;
        }
        return result;
    }

    private static double[][] features(NavGraph graph, List<List<int[]>> out, FastRpSettings s) {
        int n = graph.nodeIdLimit();
        double[][] f = new double[n][];
        double[] clearance = clearance(graph, out);
        for (int v = 0; v < n; v++) {
            List<Double> values = new ArrayList<>();
            boolean live = graph.containsNode(v);
            if (s.features().contains(NodeFeature.KIND)) {
                for (int bit = 0; bit < 3; bit++) {
                    values.add(live && (graph.labels(v) & (1 << bit)) != 0 ? 1.0 : 0.0);
                }
            }
            if (s.features().contains(NodeFeature.BLOCKED)) {
                values.add(live && graph.isBlocked(v) ? 1.0 : 0.0);
            }
            if (s.features().contains(NodeFeature.DEGREE)) {
                for (int deg = 0; deg < 16; deg++) {
                    values.add(Math.min(15, out.get(v).size()) == deg ? 1.0 : 0.0);
                }
            }
            if (s.features().contains(NodeFeature.CLEARANCE)) {
                values.add(clearance[v]);
            }
            f[v] = values.stream().mapToDouble(Double::doubleValue).toArray();
        }
        return f;
    }

    /** Hops to the nearest unblocked node whose degree is below the most common one, over the largest. */
    private static double[] clearance(NavGraph graph, List<List<int[]>> out) {
        int n = graph.nodeIdLimit();
        Map<Integer, Integer> histogram = new TreeMap<>();
        for (int v = 0; v < n; v++) {
            if (graph.containsNode(v) && !graph.isBlocked(v) && !out.get(v).isEmpty()) {
                histogram.merge(Math.min(63, out.get(v).size()), 1, Integer::sum);
            }
        }
        int interior = 0;
        int best = 0;
        for (var e : histogram.entrySet()) {
            if (e.getValue() > best) {
                best = e.getValue();
                interior = e.getKey();
            }
        }
        int[] hops = new int[n];
        Arrays.fill(hops, -1);
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int v = 0; v < n; v++) {
            if (graph.containsNode(v) && !graph.isBlocked(v) && out.get(v).size() < interior) {
                hops[v] = 0;
                queue.add(v);
            }
        }
        int max = 1;
        while (!queue.isEmpty()) {
            int v = queue.poll();
            for (int[] t : out.get(v)) {
                int u = t[0];
                if (hops[u] < 0 && graph.containsNode(u) && !graph.isBlocked(u)) {
                    hops[u] = hops[v] + 1;
                    max = Math.max(max, hops[u]);
                    queue.add(u);
                }
            }
        }
        double[] c = new double[n];
        for (int v = 0; v < n; v++) {
            if (graph.containsNode(v) && !graph.isBlocked(v)) {
                c[v] = hops[v] < 0 ? 1.0 : hops[v] / (double) max;
            }
        }
        return c;
    }
}
