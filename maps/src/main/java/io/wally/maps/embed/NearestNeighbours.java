package io.wally.maps.embed;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Exact top-k nearest neighbours by cosine similarity over every node with a vector: a full scan, one dot
 * product per candidate, a bounded heap of the best {@code k}.
 *
 * <p>Two paths with the same result: {@link Kernel#VECTOR} (Vector API, the machine's preferred float species)
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
        /** {@code jdk.incubator.vector}, {@link Embeddings#LANES} floats at a time. */
        VECTOR
    }

    private final Embeddings embeddings;
    private final float[] query;
    private final float[] lanes = new float[Embeddings.LANES];
    // The best k so far as a min-heap on (similarity, -node): the root is the one to evict first.
    private final int[] heapNodes = new int[MAX_K];
    private final float[] heapSims = new float[MAX_K];

    /** A searcher over {@code embeddings} (which must stay open while it is used). */
    public NearestNeighbours(Embeddings embeddings) {
        this.embeddings = embeddings;
        this.query = new float[embeddings.dimension()];
    }

    /** The vector species in use, e.g. {@code "Species[float, 16, S_512_BIT]"} (for benchmark reports). */
    public static String species() {
        return Embeddings.SPECIES.toString();
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
        if (!embeddings.hasVector(node)) {
            throw new IllegalArgumentException("node " + node + " has no embedding (removed, or isolated with a zero vector)");
        }
        embeddings.copyRow(node, query);
        float inv = embeddings.invNorm(node);
        for (int j = 0; j < query.length; j++) {
            query[j] *= inv;
        }
        return scan(k, filter, excludeSelf ? node : -1, kernel);
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

    private List<Neighbour> scan(int k, IntPredicate filter, int skip, Kernel kernel) {
        embeddings.checkOpen();
        int size = 0;
        int count = embeddings.count();
        boolean vector = kernel == Kernel.VECTOR;
        for (int v = 0; v < count; v++) {
            float invNorm = embeddings.invNorm(v);
            if (invNorm == 0f || v == skip || (filter != null && !filter.test(v))) {
                continue;
            }
            float dot = vector ? embeddings.dotVector(query, v) : embeddings.dotScalar(query, v, lanes);
            float sim = dot * invNorm;
            if (size < k) {
                heapNodes[size] = v;
                heapSims[size] = sim;
                siftUp(size++);
            } else if (sim > heapSims[0]) {
                // Equal similarity never replaces: candidates come in ascending id, so the smaller id stays.
                heapNodes[0] = v;
                heapSims[0] = sim;
                siftDown(0, size);
            }
        }
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
