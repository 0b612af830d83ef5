package io.wally.maps.embed;

import io.wally.maps.NavGraph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * FastRP node embeddings (Chen et al., "Fast and Accurate Network Embeddings via Very Sparse Random
 * Projection", 2019; the algorithm of Neo4j GDS's {@code fastRP}) over any {@link NavGraph}.
 *
 * <p>The algorithm, for a node {@code v} of out-neighbours {@code N(v)}:
 * <ol>
 *   <li>{@code R0(v) = deg(v)^b · P · [e_v | f · features(v)]}: a very sparse random projection {@code P} of the
 *       node's one-hot identity concatenated with its optional {@link NodeFeature features}. Each entry of
 *       {@code P} is {@code +2} or {@code -2} with probability 1/8 each and 0 otherwise (unit variance); the
 *       row for column {@code c} is generated from a hash of {@code (seed, c)}, never from a shared random
 *       stream, so it does not depend on which thread asks or in what order.</li>
 *   <li>{@code H1(v) = normalise(Σ_{u in N(v)} w(v,u) · R0(u))}, then {@code Hi(v) = normalise(Σ w(v,u) · H(i-1)(u))},
 *       L2 normalisation per node; {@code w = 1} unless {@link FastRpSettings#weighted()}.</li>
 *   <li>{@code E(v) = selfInfluence · R0(v) + Σ_i iterationWeights[i] · Hi(v)}.</li>
 * </ol>
 *
 * <p>Determinism: nodes are split into fixed chunks of {@value #CHUNK} ids; a node's new vector depends only on
 * the previous iteration's vectors, summed in the graph's (stable) edge order with one multiply-add per
 * component, so the result is bit-identical for any thread count. Memory: the graph's adjacency as arrays
 * (4 bytes per edge, 8 when weighted) and three float32 matrices (result, previous, current: {@code 12 · d}
 * bytes per node id), all freed but the result on return.
 *
 * <p>Threading: reads the graph on the calling thread only (a snapshot of its adjacency is taken first), then
 * computes on {@link FastRpSettings#threads()} worker threads that it starts and stops. Stateless.
 */
public final class FastRp {

    /** Nodes per unit of work handed to a thread. */
    static final int CHUNK = 4096;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private FastRp() {
    }

    /** Computes embeddings for every node id of {@code graph} (dead ids get zero rows). The caller closes the result. */
    public static Embeddings compute(NavGraph graph, FastRpSettings settings) {
        return compute(GraphSnapshot.of(graph, settings.weighted()), settings);
    }

    static Embeddings compute(GraphSnapshot g, FastRpSettings s) {
        int n = g.nodeIdLimit;
        int d = s.dimension();
        double[] iterationWeights = s.iterationWeights();
        int iterations = iterationWeights.length;
        float[] features = features(g, s);
        int inputs = inputs(s);
        Embeddings result = Embeddings.allocate(n, d, g.version, g.checksum, s.fingerprint());
        Embeddings prev = null;
        Embeddings cur = null;
        try (ExecutorService pool = Executors.newFixedThreadPool(s.threads(), r -> {
            Thread t = new Thread(r, "fastrp-worker");
            t.setDaemon(true);
            return t;
        })) {
            prev = Embeddings.allocate(n, d, 0, 0, 0);
            Embeddings r0 = prev;
            float self = (float) s.selfInfluence();
            parallel(pool, s.threads(), n, (from, to) -> {
                float[] row = new float[d];
                for (int v = from; v < to; v++) {
                    if (!g.live[v]) {
                        continue;
                    }
                    initialRow(g, s, features, inputs, v, row);
                    r0.writeRow(v, row);
                    if (self != 0f) {
                        result.addToRow(v, self, row);
                    }
                }
            });
            if (iterations > 1) {
                cur = Embeddings.allocate(n, d, 0, 0, 0);
            }
            for (int i = 0; i < iterations; i++) {
                Embeddings source = prev;
                Embeddings target = i + 1 < iterations ? cur : null;
                float weight = (float) iterationWeights[i];
                parallel(pool, s.threads(), n, (from, to) -> {
                    float[] acc = new float[d];
                    for (int v = from; v < to; v++) {
                        if (!g.live[v]) {
                            continue;
                        }
                        Arrays.fill(acc, 0f);
                        for (int e = g.offsets[v]; e < g.offsets[v + 1]; e++) {
                            source.accumulateRow(g.targets[e], g.weights == null ? 1f : g.weights[e], acc);
                        }
                        normalise(acc);
                        if (target != null) {
                            target.writeRow(v, acc);
                        }
                        if (weight != 0f) {
                            result.addToRow(v, weight, acc);
                        }
                    }
                });
                if (target != null) {
                    Embeddings t = prev;
                    prev = cur;
                    cur = t;
                }
            }
            result.finish();
            return result;
        } catch (RuntimeException | Error e) {
            result.close();
            throw e;
        } finally {
            if (prev != null) {
                prev.close();
            }
            if (cur != null) {
                cur.close();
            }
        }
    }

    /** Peak off-heap bytes per node id of {@link #compute} for {@code settings} (result and both scratch matrices). */
    public static long workingBytesPerNode(FastRpSettings settings) {
        int matrices = settings.iterationWeights().length > 1 ? 3 : 2;
        return 4L * settings.dimension() * matrices + 4;
    }

    /** Scales {@code acc} to unit length (left as is when all zero); the norm is summed in order, in double. */
    static void normalise(float[] acc) {
        double sum = 0;
        for (float v : acc) {
            sum += (double) v * v;
        }
        if (sum > 0) {
            float inv = (float) (1.0 / Math.sqrt(sum));
            for (int j = 0; j < acc.length; j++) {
                acc[j] *= inv;
            }
        }
    }

    /**
     * Entry {@code (component, column)} of the sparse projection: {@code +2}, {@code -2} (probability 1/8 each) or 0.
     * Column {@code c >= 0} is node {@code c}'s identity; column {@code -1 - k} is feature input {@code k}.
     */
    static int projection(long seed, long column, int component) {
        long h = mix(mix(seed ^ (column * GOLDEN)) + component / 21);
        int r = (int) (h >>> (3 * (component % 21))) & 7;
        return r == 0 ? 2 : r == 1 ? -2 : 0;
    }

    /** Fills {@code row} with {@code R0(v)}. */
    private static void initialRow(GraphSnapshot g, FastRpSettings s, float[] features, int inputs, int v, float[] row) {
        int d = row.length;
        long seed = s.seed();
        // Whole 64-bit words of 21 entries at a time: the same values as projection(), one hash per word.
        long wordSeed = mix(seed ^ ((long) v * GOLDEN));
        Arrays.fill(row, 0f);
        for (int word = 0; s.identity() && word * 21 < d; word++) {
            long h = mix(wordSeed + word);
            for (int k = 0; k < 21 && word * 21 + k < d; k++) {
                int r = (int) (h >>> (3 * k)) & 7;
                row[word * 21 + k] = r == 0 ? 2f : r == 1 ? -2f : 0f;
            }
        }
        if (inputs > 0) {
            float fw = (float) s.featureWeight();
            for (int k = 0; k < inputs; k++) {
                float value = features[v * inputs + k] * fw;
                if (value != 0f) {
                    for (int j = 0; j < d; j++) {
                        int p = projection(seed, -1L - k, j);
                        if (p != 0) {
                            row[j] += value * p;
                        }
                    }
                }
            }
        }
        int degree = g.degree(v);
        if (s.normalizationStrength() != 0 && degree > 0) {
            float scale = (float) Math.pow(degree, s.normalizationStrength());
            for (int j = 0; j < d; j++) {
                row[j] *= scale;
            }
        }
    }

    /** Number of feature inputs the settings ask for. */
    static int inputs(FastRpSettings s) {
        int inputs = 0;
        for (NodeFeature f : NodeFeature.values()) {
            if (s.features().contains(f)) {
                inputs += f.inputs();
            }
        }
        return inputs;
    }

    /** Feature inputs per node, {@code inputs(s)} per node id, in {@link NodeFeature} order. */
    static float[] features(GraphSnapshot g, FastRpSettings s) {
        int inputs = inputs(s);
        if (inputs == 0) {
            return new float[0];
        }
        int n = g.nodeIdLimit;
        float[] out = new float[n * inputs];
        float[] clearance = s.features().contains(NodeFeature.CLEARANCE) ? clearance(g) : null;
        for (int v = 0; v < n; v++) {
            if (!g.live[v]) {
                continue;
            }
            int k = v * inputs;
            if (s.features().contains(NodeFeature.KIND)) {
                out[k++] = g.labels[v] & 1;
                out[k++] = (g.labels[v] >>> 1) & 1;
                out[k++] = (g.labels[v] >>> 2) & 1;
            }
            if (s.features().contains(NodeFeature.BLOCKED)) {
                out[k++] = g.blocked[v] ? 1f : 0f;
            }
            if (s.features().contains(NodeFeature.DEGREE)) {
                out[k + Math.min(15, g.degree(v))] = 1f;
                k += 16;
            }
            if (clearance != null) {
                out[k] = clearance[v];
            }
        }
        return out;
    }

    /** {@link NodeFeature#CLEARANCE}: hops to the nearest wall-adjacent node over the largest, 0 for blocked nodes. */
    static float[] clearance(GraphSnapshot g) {
        int n = g.nodeIdLimit;
        int[] histogram = new int[64];
        for (int v = 0; v < n; v++) {
            if (g.live[v] && !g.blocked[v] && g.degree(v) > 0) {
                histogram[Math.min(63, g.degree(v))]++;
            }
        }
        int interior = 0;
        for (int deg = 1; deg < 64; deg++) {
            if (histogram[deg] > histogram[interior]) {
                interior = deg;
            }
        }
        int[] hops = new int[n];
        Arrays.fill(hops, -1);
        int[] queue = new int[n];
        int head = 0;
        int tail = 0;
        for (int v = 0; v < n; v++) {
            if (g.live[v] && !g.blocked[v] && g.degree(v) < interior) {
                hops[v] = 0;
                queue[tail++] = v;
            }
        }
        int max = 1;
        while (head < tail) {
            int v = queue[head++];
            for (int e = g.offsets[v]; e < g.offsets[v + 1]; e++) {
                int u = g.targets[e];
                if (hops[u] < 0 && g.live[u] && !g.blocked[u]) {
                    hops[u] = hops[v] + 1;
                    max = Math.max(max, hops[u]);
                    queue[tail++] = u;
                }
            }
        }
        float[] out = new float[n];
        for (int v = 0; v < n; v++) {
            if (g.live[v] && !g.blocked[v]) {
                out[v] = hops[v] < 0 ? 1f : hops[v] / (float) max;
            }
        }
        return out;
    }

    /** SplitMix64's finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Work over the node ids {@code [from, to)} of one chunk. */
    interface ChunkWork {
        void run(int from, int to);
    }

    /** Runs {@code work} over all chunks of {@code [0, n)} on {@code threads} workers and waits for them. */
    static void parallel(ExecutorService pool, int threads, int n, ChunkWork work) {
        int chunks = (n + CHUNK - 1) / CHUNK;
        AtomicInteger next = new AtomicInteger();
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < Math.min(threads, Math.max(1, chunks)); t++) {
            tasks.add(() -> {
                for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                    work.run(c * CHUNK, Math.min(n, (c + 1) * CHUNK));
                }
                return null;
            });
        }
        try {
            for (Future<Void> f : pool.invokeAll(tasks)) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while computing embeddings", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
