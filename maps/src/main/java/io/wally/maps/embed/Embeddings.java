package io.wally.maps.embed;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * One embedding per node id, off-heap, and the only class that knows their layout.
 *
 * <pre>
 *   rows:     node 0: [c0 c1 ... c(d-1)]  node 1: [...]  ...    float32 (4 bytes) or int8 (1 byte) per component
 *   scales:   [s0 s1 ...]   int8 only: component = byte * s(node)
 *   invNorms: [1/|v0| 1/|v1| ...]   float32; 0 = the node has no usable vector (dead id, or all zero)
 * </pre>
 *
 * <p>Rows are indexed by node id in {@code [0, count())}, so a row is found without a lookup; a dead id's
 * row is zero. Float32 is what {@link FastRp} writes; {@link #quantiseInt8()} makes a copy at a quarter of
 * the row bytes (cost in recall: {@code docs/embeddings.md}). Inverse norms are kept so that a cosine is one
 * dot product and one multiply.
 *
 * <p>Also records the graph it belongs to: its {@linkplain #graphVersion() version}, a
 * {@linkplain #graphChecksum() checksum of its structure}, and the {@linkplain #settingsFingerprint()
 * settings} that made it; {@link EmbeddingFile} reuses a stored file only when all three still match.
 *
 * <p>Threading: filled by its creator ({@link FastRp}, whose workers each write disjoint rows), then
 * read-only and safe to read from any number of threads. Lifecycle: {@link #close()} frees the memory;
 * using it afterwards throws {@link IllegalStateException}.
 */
public final class Embeddings implements AutoCloseable {

    /** How components are stored. */
    public enum Precision {
        /** 4 bytes per component, as computed. */
        FLOAT32,
        /** 1 byte per component and a float scale per node. */
        INT8
    }

    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int LANES = SPECIES.length();
    static final VectorSpecies<Byte> BYTE_SPECIES = VectorSpecies.of(byte.class,
            jdk.incubator.vector.VectorShape.forBitSize(LANES * 8 < 64 ? 64 : LANES * 8));
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;
    /** Lane rotations used by the dot product's reduction: step {@code k} takes lane {@code i + LANES / 2^(k+1)} to lane {@code i}. */
    private static final VectorShuffle<Float>[] FOLDS = folds();

    private final Arena arena;
    private final int count;
    private final int dimension;
    private final Precision precision;
    private final MemorySegment rows;
    private final MemorySegment scales;
    private final MemorySegment invNorms;
    private final long graphVersion;
    private final long graphChecksum;
    private final long settingsFingerprint;

    private Embeddings(int count, int dimension, Precision precision, long graphVersion, long graphChecksum, long settingsFingerprint) {
        if (count < 0 || dimension < 1) {
            throw new IllegalArgumentException("embeddings need count >= 0 and dimension >= 1; were " + count + " and " + dimension);
        }
        this.arena = Arena.ofShared();
        this.count = count;
        this.dimension = dimension;
        this.precision = precision;
        long componentBytes = precision == Precision.FLOAT32 ? 4 : 1;
        this.rows = arena.allocate(Math.max(1, (long) count * dimension * componentBytes), 64);
        this.scales = precision == Precision.INT8 ? arena.allocate(Math.max(4, 4L * count), 64) : MemorySegment.NULL;
        this.invNorms = arena.allocate(Math.max(4, 4L * count), 64);
        this.graphVersion = graphVersion;
        this.graphChecksum = graphChecksum;
        this.settingsFingerprint = settingsFingerprint;
    }

    /** Zeroed float32 rows, to be filled by the package's writers. */
    static Embeddings allocate(int count, int dimension, long graphVersion, long graphChecksum, long settingsFingerprint) {
        return new Embeddings(count, dimension, Precision.FLOAT32, graphVersion, graphChecksum, settingsFingerprint);
    }

    /** Zeroed rows of {@code precision}, for {@link EmbeddingFile} to read into. */
    static Embeddings allocate(int count, int dimension, Precision precision, long graphVersion, long graphChecksum, long settingsFingerprint) {
        return new Embeddings(count, dimension, precision, graphVersion, graphChecksum, settingsFingerprint);
    }

    /** Rows (one per node id, dead ids included). */
    public int count() {
        return count;
    }

    /** Components per row. */
    public int dimension() {
        return dimension;
    }

    /** How components are stored. */
    public Precision precision() {
        return precision;
    }

    /** {@link io.wally.maps.NavGraph#version()} of the graph these were computed on. */
    public long graphVersion() {
        return graphVersion;
    }

    /** Checksum of the graph's structure (live ids, blocked flags, edges) at computation time. */
    public long graphChecksum() {
        return graphChecksum;
    }

    /** {@link FastRpSettings#fingerprint()} of the settings that made these. */
    public long settingsFingerprint() {
        return settingsFingerprint;
    }

    /** Off-heap bytes held (rows, scales, inverse norms). */
    public long bytes() {
        return rows.byteSize() + scales.byteSize() + invNorms.byteSize();
    }

    /** Whether {@code node} has a usable (non-zero) vector. */
    public boolean hasVector(int node) {
        checkNode(node);
        return invNorms.getAtIndex(FLOAT, node) != 0f;
    }

    /** Component {@code component} of {@code node}'s vector (dequantised when int8). */
    public float get(int node, int component) {
        checkNode(node);
        if (component < 0 || component >= dimension) {
            throw new IndexOutOfBoundsException("component must be in [0, " + dimension + "); was " + component);
        }
        long index = (long) node * dimension + component;
        return precision == Precision.FLOAT32 ? rows.getAtIndex(FLOAT, index)
                : rows.get(ValueLayout.JAVA_BYTE, index) * scales.getAtIndex(FLOAT, node);
    }

    /** Copies {@code node}'s vector (dequantised when int8) into {@code out[0 .. dimension)}. */
    public void copyRow(int node, float[] out) {
        checkNode(node);
        if (out.length < dimension) {
            throw new IllegalArgumentException("row buffer needs " + dimension + " floats; had " + out.length);
        }
        if (precision == Precision.FLOAT32) {
            MemorySegment.copy(rows, FLOAT, (long) node * dimension * 4, out, 0, dimension);
        } else {
            float scale = scales.getAtIndex(FLOAT, node);
            long base = (long) node * dimension;
            for (int j = 0; j < dimension; j++) {
                out[j] = rows.get(ValueLayout.JAVA_BYTE, base + j) * scale;
            }
        }
    }

    /** Cosine similarity of the vectors of {@code a} and {@code b}, in {@code [-1, 1]}; 0 when either has none. */
    public float cosine(int a, int b) {
        float[] ra = new float[dimension];
        float[] rb = new float[dimension];
        copyRow(a, ra);
        copyRow(b, rb);
        double dot = 0;
        for (int j = 0; j < dimension; j++) {
            dot += (double) ra[j] * rb[j];
        }
        return (float) (dot * invNorms.getAtIndex(FLOAT, a) * invNorms.getAtIndex(FLOAT, b));
    }

    /**
     * A copy stored as int8 with one scale per node ({@code max |component| / 127}): a quarter of the row bytes.
     * Inverse norms are those of the dequantised vectors, so cosines stay consistent with {@link #get}.
     */
    public Embeddings quantiseInt8() {
        checkOpen();
        Embeddings q = new Embeddings(count, dimension, Precision.INT8, graphVersion, graphChecksum, settingsFingerprint);
        float[] row = new float[dimension];
        for (int node = 0; node < count; node++) {
            copyRow(node, row);
            float max = 0;
            for (float v : row) {
                max = Math.max(max, Math.abs(v));
            }
            float scale = max / 127f;
            q.scales.setAtIndex(FLOAT, node, scale);
            long base = (long) node * dimension;
            for (int j = 0; j < dimension; j++) {
                q.rows.set(ValueLayout.JAVA_BYTE, base + j, scale == 0 ? 0 : (byte) Math.round(row[j] / scale));
            }
        }
        q.finish();
        return q;
    }

    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }

    // ---- package-private writers and kernels: the only code that touches the layout ----

    /** Overwrites {@code node}'s float32 row with {@code src[0 .. dimension)}. */
    void writeRow(int node, float[] src) {
        MemorySegment.copy(src, 0, rows, FLOAT, (long) node * dimension * 4, dimension);
    }

    /** {@code row(node) += weight * src}, component-wise (same rounding on every path: one multiply-add each). */
    void addToRow(int node, float weight, float[] src) {
        long base = (long) node * dimension * 4;
        int j = 0;
        FloatVector w = FloatVector.broadcast(SPECIES, weight);
        for (; j < SPECIES.loopBound(dimension); j += LANES) {
            FloatVector r = FloatVector.fromMemorySegment(SPECIES, rows, base + 4L * j, ORDER);
            FloatVector.fromArray(SPECIES, src, j).fma(w, r).intoMemorySegment(rows, base + 4L * j, ORDER);
        }
        for (; j < dimension; j++) {
            long off = base + 4L * j;
            rows.set(FLOAT, off, Math.fma(src[j], weight, rows.get(FLOAT, off)));
        }
    }

    /** {@code acc += weight * row(node)}, component-wise, one multiply-add each (float32 rows). */
    void accumulateRow(int node, float weight, float[] acc) {
        long base = (long) node * dimension * 4;
        int j = 0;
        FloatVector w = FloatVector.broadcast(SPECIES, weight);
        for (; j < SPECIES.loopBound(dimension); j += LANES) {
            FloatVector r = FloatVector.fromMemorySegment(SPECIES, rows, base + 4L * j, ORDER);
            r.fma(w, FloatVector.fromArray(SPECIES, acc, j)).intoArray(acc, j);
        }
        for (; j < dimension; j++) {
            acc[j] = Math.fma(rows.get(FLOAT, base + 4L * j), weight, acc[j]);
        }
    }

    /** Computes every row's inverse norm (0 for an all-zero row); call once the rows are final. */
    void finish() {
        float[] row = new float[dimension];
        for (int node = 0; node < count; node++) {
            copyRow(node, row);
            double sum = 0;
            for (float v : row) {
                sum += (double) v * v;
            }
            invNorms.setAtIndex(FLOAT, node, sum == 0 ? 0f : (float) (1.0 / Math.sqrt(sum)));
        }
    }

    /** Inverse norm of {@code node}'s row (0 when it has none). */
    float invNorm(int node) {
        return invNorms.getAtIndex(FLOAT, node);
    }

    void setInvNorm(int node, float value) {
        invNorms.setAtIndex(FLOAT, node, value);
    }

    /**
     * Dot product of {@code q} with {@code node}'s row, Vector API. Lane {@code i} accumulates components
     * {@code i, i + LANES, ...} with multiply-adds; the lanes are then folded in halves (lane {@code i} plus lane
     * {@code i + half}) down to lane 0, and the tail components are added in order. {@link #dotScalar} does the
     * same operations in the same order, so both give the same bits.
     */
    float dotVector(float[] q, int node) {
        int bound = SPECIES.loopBound(dimension);
        float sum;
        if (precision == Precision.FLOAT32) {
            long base = (long) node * dimension * 4;
            FloatVector acc = FloatVector.zero(SPECIES);
            for (int j = 0; j < bound; j += LANES) {
                acc = FloatVector.fromArray(SPECIES, q, j).fma(FloatVector.fromMemorySegment(SPECIES, rows, base + 4L * j, ORDER), acc);
            }
            for (VectorShuffle<Float> fold : FOLDS) {
                acc = acc.add(acc.rearrange(fold));
            }
            sum = acc.lane(0);
            for (int j = bound; j < dimension; j++) {
                sum = Math.fma(q[j], rows.get(FLOAT, base + 4L * j), sum);
            }
            return sum;
        }
        long base = (long) node * dimension;
        float scale = scales.getAtIndex(FLOAT, node);
        FloatVector acc = FloatVector.zero(SPECIES);
        for (int j = 0; j < bound; j += LANES) {
            FloatVector v = (FloatVector) ByteVector.fromMemorySegment(BYTE_SPECIES, rows, base + j, ORDER)
                    .convertShape(VectorOperators.B2F, SPECIES, 0);
            acc = FloatVector.fromArray(SPECIES, q, j).fma(v, acc);
        }
        for (VectorShuffle<Float> fold : FOLDS) {
            acc = acc.add(acc.rearrange(fold));
        }
        sum = acc.lane(0);
        for (int j = bound; j < dimension; j++) {
            sum = Math.fma(q[j], rows.get(ValueLayout.JAVA_BYTE, base + j), sum);
        }
        return sum * scale;
    }

    /** Same result as {@link #dotVector}, one component at a time; {@code lanes} is scratch of {@link #LANES} floats. */
    float dotScalar(float[] q, int node, float[] lanes) {
        int bound = SPECIES.loopBound(dimension);
        java.util.Arrays.fill(lanes, 0f);
        boolean int8 = precision == Precision.INT8;
        long base = (long) node * dimension;
        for (int j = 0; j < bound; j += LANES) {
            for (int i = 0; i < LANES; i++) {
                float v = int8 ? rows.get(ValueLayout.JAVA_BYTE, base + j + i) : rows.getAtIndex(FLOAT, base + j + i);
                lanes[i] = Math.fma(q[j + i], v, lanes[i]);
            }
        }
        for (int half = LANES / 2; half >= 1; half /= 2) {
            for (int i = 0; i < half; i++) {
                lanes[i] = lanes[i] + lanes[i + half];
            }
        }
        float sum = lanes[0];
        for (int j = bound; j < dimension; j++) {
            float v = int8 ? rows.get(ValueLayout.JAVA_BYTE, base + j) : rows.getAtIndex(FLOAT, base + j);
            sum = Math.fma(q[j], v, sum);
        }
        return int8 ? sum * scales.getAtIndex(FLOAT, node) : sum;
    }

    /** The raw rows, scales and inverse norms, for {@link EmbeddingFile} (which writes and reads them whole). */
    MemorySegment rowsSegment() {
        return rows;
    }

    MemorySegment scalesSegment() {
        return scales;
    }

    void checkOpen() {
        if (!arena.scope().isAlive()) {
            throw new IllegalStateException("embeddings are closed");
        }
    }

    private void checkNode(int node) {
        checkOpen();
        if (node < 0 || node >= count) {
            throw new IndexOutOfBoundsException("node must be in [0, " + count + "); was " + node);
        }
    }

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] folds() {
        int steps = Integer.numberOfTrailingZeros(LANES);
        VectorShuffle<Float>[] folds = new VectorShuffle[steps];
        int half = LANES / 2;
        for (int k = 0; k < steps; k++, half /= 2) {
            int[] index = new int[LANES];
            for (int i = 0; i < LANES; i++) {
                index[i] = (i + half) % LANES;
            }
            folds[k] = VectorShuffle.fromArray(SPECIES, index, 0);
        }
        return folds;
    }
}
