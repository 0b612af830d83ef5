package io.wally.maps.embed;

import io.wally.maps.NavGraph;
import io.wally.maps.VectorSupport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Exact top-k nearest neighbours by cosine similarity over every node with a vector: a full scan, one dot
 * product per candidate, a bounded heap of the best {@code k}.
 *
 * <p>For float32 rows the scan reads an int8 copy first and computes exact dot products only for the nodes that
 * can still make the top k (see {@link #scan}); the result is the exact one. Two paths with the same result: {@link Kernel#VECTOR} (Vector API, the machine's preferred float species)
 * and {@link Kernel#SCALAR} (one component at a time, the same multiply-adds and the same reduction order, so the
 * same bits). Order of the result: similarity descending, ties by node id ascending.
 *
 * <p>Threading: an instance owns its scratch arrays: one per thread. Reads the {@link Embeddings} only.
 *
 * <pre>{@code
 * var knn = new NearestNeighbours(embeddings);
 * List<Neighbour> best = knn.query(kitchen, 5, node -> true, true);   // 5 most similar, kitchen itself left out
 * }</pre>
 */
public final class NearestNeighbours {

    /** Largest {@code k} a query accepts. */
    public static final int MAX_K = 100;

    /** Which dot-product kernel a query uses. */
    public enum Kernel {
        /** One component at a time. */
        SCALAR,
        /** {@code jdk.incubator.vector}, {@link Embeddings#LANES} floats at a time; {@link #SCALAR} when the module is not loaded. */
        VECTOR
    }

    private final Embeddings embeddings;
    private final float[] query;
    private final float[] lanes = new float[Embeddings.LANES];
    // The best k so far as a min-heap on (similarity, -node): the root is the one to evict first.
    private final int[] heapNodes = new int[MAX_K];
    private final float[] heapSims = new float[MAX_K];
    // The index pass: bounds of one block, the k best lower bounds (min-heap), the candidates kept.
    private final float[] bounds = new float[Embeddings.LANES];
    private final float[] lows = new float[MAX_K];
    private int[] candidates = new int[1024];
    private float[] candidateBounds = new float[1024];

    /** A searcher over {@code embeddings} (which must stay open while it is used). */
    public NearestNeighbours(Embeddings embeddings) {
        this.embeddings = embeddings;
        this.query = new float[embeddings.dimension()];
    }

    /**
     * A filter keeping the nodes of {@code graph} that carry any of the label bits in {@code mask} (e.g.
     * {@code PlaceKind.ROOM.labelBit()}). Reads the labels once, on the calling thread; the filter itself is a
     * lookup in a copy and is safe from any thread.
     */
    public static IntPredicate labelFilter(NavGraph graph, int mask) {
        int[] labels = new int[graph.nodeIdLimit()];
        for (int n = 0; n < labels.length; n++) {
            labels[n] = graph.containsNode(n) ? graph.labels(n) : 0;
        }
        return n -> n >= 0 && n < labels.length && (labels[n] & mask) != 0;
    }

    /**
     * The vector species in use, e.g. {@code "Species[float, 16, S_512_BIT]"} (for benchmark reports), or
     * {@link VectorSupport#scalarOnly()} when the Vector API is not loaded.
     */
    public static String species() {
        return Embeddings.species();
    }

    /** {@link #query(int, int, IntPredicate, boolean, Kernel)} with the vector kernel. */
    public List<Neighbour> query(int node, int k, IntPredicate filter, boolean excludeSelf) {
        return query(node, k, filter, excludeSelf, Kernel.VECTOR);
    }

    /**
     * The {@code k} nodes most similar to {@code node} among those that have a vector and pass {@code filter}.
     *
     * @param k in {@code [1, MAX_K]}
     * @param filter candidate ids to consider (e.g. a label test); {@code null} for all
     * @param excludeSelf whether {@code node} itself is left out
     * @throws IllegalArgumentException when {@code k} is out of range or {@code node} has no vector
     */
    public List<Neighbour> query(int node, int k, IntPredicate filter, boolean excludeSelf, Kernel kernel) {
        if (k < 1 || k > MAX_K) {
            throw new IllegalArgumentException("k must be in [1, " + MAX_K + "]; was " + k);
        }
        prepareQuery(node);
        return scan(k, filter, excludeSelf ? node : -1, kernel);
    }

    /** Sets the query vector to {@code node}'s, scaled to unit length. */
    private void prepareQuery(int node) {
        if (!embeddings.hasVector(node)) {
            throw new IllegalArgumentException("node " + node + " has no embedding (removed, or isolated with a zero vector)");
        }
        embeddings.copyRow(node, query);
        float inv = embeddings.invNorm(node);
        for (int j = 0; j < query.length; j++) {
            query[j] *= inv;
        }
    }

    /** Same contract as {@link #query(int, int, IntPredicate, boolean, Kernel)}, but every node gets the exact dot product (no index): the baseline the index must match. */
    List<Neighbour> queryExhaustive(int node, int k, IntPredicate filter, boolean excludeSelf, Kernel kernel) {
        prepareQuery(node);
        return fullScan(k, filter, excludeSelf ? node : -1, kernel);
    }

    /** Top {@code k} for an arbitrary query vector of {@link Embeddings#dimension()} components (need not be unit length). */
    public List<Neighbour> query(float[] vector, int k, IntPredicate filter, Kernel kernel) {
        if (k < 1 || k > MAX_K) {
            throw new IllegalArgumentException("k must be in [1, " + MAX_K + "]; was " + k);
        }
        if (vector.length != query.length) {
            throw new IllegalArgumentException("query vector needs " + query.length + " components; had " + vector.length);
        }
        double sum = 0;
        for (float v : vector) {
            sum += (double) v * v;
        }
        if (sum == 0) {
            throw new IllegalArgumentException("query vector is all zero");
        }
        float inv = (float) (1.0 / Math.sqrt(sum));
        for (int j = 0; j < query.length; j++) {
            query[j] = vector[j] * inv;
        }
        return scan(k, filter, -1, kernel);
    }

    /**
     * Float32 rows: a pass over the int8 search index ({@link Embeddings#buildIndex}) keeps every node whose upper
     * bound reaches the k-th best lower bound seen so far, then only those get the exact dot product. A node of the
     * true top k always passes (its upper bound is at least its cosine, which is at least the k-th best lower
     * bound), so the result is the exact one, read from a quarter of the bytes.
     */
    private List<Neighbour> scan(int k, IntPredicate filter, int skip, Kernel kernel) {
        embeddings.checkOpen();
        if (embeddings.precision() != Embeddings.Precision.FLOAT32) {
            return fullScan(k, filter, skip, kernel);
        }
        embeddings.buildIndex();
        boolean vector = kernel == Kernel.VECTOR && VectorSupport.available();
        int count = embeddings.count();
        int blocks = (count + Embeddings.LANES - 1) / Embeddings.LANES;
        float floor = Float.NEGATIVE_INFINITY;
        int lowCount = 0;
        int candidateCount = 0;
        for (int b = 0; b < blocks; b++) {
            boolean any = vector ? embeddings.blockBoundsVector(query, b, floor, bounds) : embeddings.blockBoundsScalar(query, b, floor, bounds);
            if (!any) {
                continue;
            }
            for (int i = 0; i < Embeddings.LANES; i++) {
                float upper = bounds[i];
                int v = b * Embeddings.LANES + i;
                if (upper < floor || upper == Float.NEGATIVE_INFINITY || v >= count || v == skip || (filter != null && !filter.test(v))) {
                    continue;
                }
                float lower = upper - 2 * embeddings.indexError(v);
                if (candidateCount == candidates.length) {
                    candidates = Arrays.copyOf(candidates, 2 * candidateCount);
                    candidateBounds = Arrays.copyOf(candidateBounds, 2 * candidateCount);
                }
                candidates[candidateCount] = v;
                candidateBounds[candidateCount++] = upper;
                if (lowCount < k) {
                    lows[lowCount++] = lower;
                    siftUpLow(lowCount - 1);
                } else if (lower > lows[0]) {
                    lows[0] = lower;
                    siftDownLow(0, lowCount);
                }
                if (lowCount == k) {
                    floor = lows[0];
                }
            }
        }
        int size = 0;
        for (int c = 0; c < candidateCount; c++) {
            if (candidateBounds[c] < floor) {
                continue;
            }
            int v = candidates[c];
            float dot = vector ? embeddings.dotVector(query, v) : embeddings.dotScalar(query, v, lanes);
            size = offer(v, dot * embeddings.invNorm(v), size, k);
        }
        return result(size);
    }

    private int offer(int v, float sim, int size, int k) {
        if (size < k) {
            heapNodes[size] = v;
            heapSims[size] = sim;
            siftUp(size);
            return size + 1;
        }
        if (sim > heapSims[0]) {
            // Equal similarity never replaces: candidates come in ascending id, so the smaller id stays.
            heapNodes[0] = v;
            heapSims[0] = sim;
            siftDown(0, size);
        }
        return size;
    }

    private void siftUpLow(int i) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (lows[i] >= lows[parent]) {
                return;
            }
            float t = lows[i];
            lows[i] = lows[parent];
            lows[parent] = t;
            i = parent;
        }
    }

    private void siftDownLow(int i, int size) {
        while (true) {
            int l = 2 * i + 1;
            int r = l + 1;
            int m = i;
            if (l < size && lows[l] < lows[m]) {
                m = l;
            }
            if (r < size && lows[r] < lows[m]) {
                m = r;
            }
            if (m == i) {
                return;
            }
            float t = lows[i];
            lows[i] = lows[m];
            lows[m] = t;
            i = m;
        }
    }

    /** Int8 rows: every node gets the (approximate) dot product; no index. */
    private List<Neighbour> fullScan(int k, IntPredicate filter, int skip, Kernel kernel) {
        int size = 0;
        int count = embeddings.count();
        boolean vector = kernel == Kernel.VECTOR && VectorSupport.available();
        for (int v = 0; v < count; v++) {
            float invNorm = embeddings.invNorm(v);
            if (invNorm == 0f || v == skip || (filter != null && !filter.test(v))) {
                continue;
            }
            float dot = vector ? embeddings.dotVector(query, v) : embeddings.dotScalar(query, v, lanes);
            size = offer(v, dot * invNorm, size, k);
        }
        return result(size);
    }

    private List<Neighbour> result(int size) {
        List<Neighbour> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(new Neighbour(heapNodes[i], heapSims[i]));
        }
        out.sort((a, b) -> a.similarity() != b.similarity() ? Float.compare(b.similarity(), a.similarity()) : Integer.compare(a.node(), b.node()));
        return Collections.unmodifiableList(out);
    }

    /** Whether entry {@code a} ranks below entry {@code b} (lower similarity, or equal and larger id). */
    private boolean worse(int a, int b) {
        return heapSims[a] < heapSims[b] || (heapSims[a] == heapSims[b] && heapNodes[a] > heapNodes[b]);
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (!worse(i, parent)) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i, int size) {
        while (true) {
            int l = 2 * i + 1;
            int r = l + 1;
            int m = i;
            if (l < size && worse(l, m)) {
                m = l;
            }
            if (r < size && worse(r, m)) {
                m = r;
            }
            if (m == i) {
                return;
            }
            swap(i, m);
            i = m;
        }
    }

    private void swap(int a, int b) {
        int n = heapNodes[a];
        heapNodes[a] = heapNodes[b];
        heapNodes[b] = n;
        float s = heapSims[a];
        heapSims[a] = heapSims[b];
        heapSims[b] = s;
    }
}
