package io.wally.maps.embed;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.wally.maps.VectorSupport;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.util.Arrays;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * One embedding per node id, off-heap, and the only class that knows their layout.
 *
 * <pre>
 *   rows:     node 0: [c0 c1 ... c(d-1)]  node 1: [...]  ...    float32 (4 bytes) or int8 (1 byte) per component
 *   scales:   [s0 s1 ...]   int8 only: component = byte * s(node)
 *   invNorms: [1/|v0| 1/|v1| ...]   float32; 0 = the node has no usable vector (dead id, or all zero)
 *
 *   search index (built on first query, float32 only), blocks of L = LANES nodes:
 *   block b:  [c0 of nodes bL..bL+L-1][c1 of the same L nodes] ... [c(d-1) ...]   int8, L bytes per component
 *   indexScales: per node  scale(v) / |v|      indexErrors: per node  bound on |cos - approximate cos|
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

    /**
     * Floats per vector: the preferred species' lane count, and the block size of the search index. Without the
     * Vector API, the same count worked out from the JVM's {@code MaxVectorSize}, so that the scalar paths still
     * add in the order the vector ones would (same layout, same bits).
     */
    static final int LANES = VectorSupport.available() ? Vectorized.SPECIES.length() : scalarLanes();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private final Arena arena;
    private final int count;
    private final int dimension;
    private final Precision precision;
    private final MemorySegment rows;
    private final MemorySegment scales;
    private final MemorySegment invNorms;
    private final long graphVersion;
    private final long graphChecksum;
    // The search index (see buildIndex): int8 rows in blocks of LANES nodes, component-major inside a block.
    private MemorySegment indexRows;
    private MemorySegment indexScales;
    private MemorySegment indexErrors;
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
        this.rows = LargePages.allocate(arena, Math.max(1, (long) count * dimension * componentBytes));
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

    /** Off-heap bytes of the search index (0 until the first query built it). */
    public long indexBytes() {
        return indexRows == null ? 0 : indexRows.byteSize() + indexScales.byteSize() + indexErrors.byteSize();
    }

    // ---- package-private writers and kernels: the only code that touches the layout ----

    /**
     * Builds the search index once (thread-safe; the first query does it when nobody did): each row quantised to int8 with its own scale, stored
     * component-major in blocks of {@link #LANES} nodes so that one vector holds one component of a whole block,
     * plus per node {@code scale / |v|} and a bound on how far the approximate cosine can be from the exact one
     * ({@code |v - v'| / |v|} plus a margin for float rounding); {@code -infinity} for a node without a vector.
     */
    public synchronized void buildIndex() {
        checkOpen();
        if (indexRows != null) {
            return;
        }
        if (precision != Precision.FLOAT32) {
            throw new IllegalStateException("the search index is built from float32 rows; these are " + precision);
        }
        int blocks = (count + LANES - 1) / LANES;
        MemorySegment idx = LargePages.allocate(arena, (long) blocks * dimension * LANES + 16);
        MemorySegment sc = arena.allocate(4L * blocks * LANES, 64);
        MemorySegment err = arena.allocate(4L * blocks * LANES, 64);
        float[] row = new float[dimension];
        for (int node = 0; node < blocks * LANES; node++) {
            float inv = node < count ? invNorm(node) : 0f;
            if (inv == 0f) {
                err.setAtIndex(FLOAT, node, Float.NEGATIVE_INFINITY);
                continue;
            }
            copyRow(node, row);
            float max = 0;
            for (float v : row) {
                max = Math.max(max, Math.abs(v));
            }
            float scale = max / 127f;
            long base = (long) (node / LANES) * dimension * LANES + node % LANES;
            double error = 0;
            double norm = 0;
            for (int j = 0; j < dimension; j++) {
                byte b = (byte) Math.round(row[j] / scale);
                idx.set(ValueLayout.JAVA_BYTE, base + (long) j * LANES, b);
                double diff = row[j] - (double) b * scale;
                error += diff * diff;
                norm += (double) row[j] * row[j];
            }
            sc.setAtIndex(FLOAT, node, scale * inv);
            // |q.v - q.v'| <= |v - v'| for a unit q; the margin covers float rounding of the approximate sum.
            err.setAtIndex(FLOAT, node, (float) ((Math.sqrt(error) + 1e-4 * Math.sqrt(norm)) * inv + 1e-6));
        }
        indexScales = sc;
        indexErrors = err;
        indexRows = idx;
    }

    /**
     * Upper bounds on the cosines of {@code q} (unit length) with the {@link #LANES} nodes of {@code block}, Vector
     * API ({@link Vectorized#blockBounds}); only called when {@link VectorSupport#available()}.
     */
    boolean blockBoundsVector(float[] q, int block, float floor, float[] out) {
        return Vectorized.blockBounds(this, q, block, floor, out);
    }

    /** {@link #blockBoundsVector}, one lane and one component at a time: the same operations, the same bits. */
    boolean blockBoundsScalar(float[] q, int block, float floor, float[] out) {
        long base = (long) block * dimension * LANES;
        boolean any = false;
        float[] sums = new float[4];
        for (int i = 0; i < LANES; i++) {
            Arrays.fill(sums, 0f);
            for (int j = 0; j < dimension; j++) {
                sums[j % 4] = Math.fma(indexRows.get(ValueLayout.JAVA_BYTE, base + (long) j * LANES + i), q[j], sums[j % 4]);
            }
            float acc = (sums[0] + sums[1]) + (sums[2] + sums[3]);
            int node = block * LANES + i;
            out[i] = Math.fma(acc, indexScales.getAtIndex(FLOAT, node), indexErrors.getAtIndex(FLOAT, node));
            any |= out[i] >= floor;
        }
        return any;
    }

    /** Error bound of {@code node} in the index (subtract twice from an upper bound to get a lower bound). */
    float indexError(int node) {
        return indexErrors.getAtIndex(FLOAT, node);
    }

    /** Overwrites {@code node}'s float32 row with {@code src[0 .. dimension)}. */
    void writeRow(int node, float[] src) {
        MemorySegment.copy(src, 0, rows, FLOAT, (long) node * dimension * 4, dimension);
    }

    /** {@code row(node) += weight * src}, component-wise (same rounding on every path: one multiply-add each). */
    void addToRow(int node, float weight, float[] src) {
        long base = (long) node * dimension * 4;
        int j = VectorSupport.available() ? Vectorized.addToRow(this, base, weight, src) : 0;
        for (; j < dimension; j++) {
            long off = base + 4L * j;
            rows.set(FLOAT, off, Math.fma(src[j], weight, rows.get(FLOAT, off)));
        }
    }

    /** {@code acc += weight * row(node)}, component-wise, one multiply-add each (float32 rows). */
    void accumulateRow(int node, float weight, float[] acc) {
        long base = (long) node * dimension * 4;
        int j = VectorSupport.available() ? Vectorized.accumulateRow(this, base, weight, acc) : 0;
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

    /** Dot product of {@code q} with {@code node}'s row, Vector API ({@link Vectorized#dot}); only called when {@link VectorSupport#available()}. */
    float dotVector(float[] q, int node) {
        return Vectorized.dot(this, q, node);
    }

    /** Same result as {@link #dotVector}, one component at a time; {@code lanes} is scratch of {@link #LANES} floats. */
    float dotScalar(float[] q, int node, float[] lanes) {
        int bound = loopBound(dimension);
        Arrays.fill(lanes, 0f);
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

    /** {@code SPECIES.loopBound(n)} without the Vector API: {@code n} rounded down to a multiple of {@link #LANES}. */
    private static int loopBound(int n) {
        return n - n % LANES;
    }

    /**
     * What {@code FloatVector.SPECIES_PREFERRED.length()} would be, from the JVM's {@code MaxVectorSize} (bytes per
     * vector register the JIT may use), within [2, 16]: the Vector API's preferred shape is that register size.
     */
    private static int scalarLanes() {
        HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        int bytes = Integer.parseInt(hotSpot.getVMOption("MaxVectorSize").getValue());
        return Math.max(2, Math.min(16, Integer.highestOneBit(Math.max(1, bytes / 4))));
    }

    /** The vector species in use (for reports), or {@link VectorSupport#scalarOnly()}. */
    static String species() {
        return VectorSupport.available() ? Vectorized.SPECIES.toString() : VectorSupport.scalarOnly();
    }

    /**
     * The Vector API kernels, loaded only when {@link VectorSupport#available()}: a JVM without {@code
     * jdk.incubator.vector} never links this class. Stateless; reads the layout of the {@link Embeddings} passed in.
     */
    static final class Vectorized {

        static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
        /** {@link Embeddings#LANES}, which is this class's species length: read from the species, since this class may be initialised during Embeddings'. */
        private static final int LANES = SPECIES.length();
        static final VectorSpecies<Byte> BYTE_SPECIES = VectorSpecies.of(byte.class,
                VectorShape.forBitSize(LANES * 8 < 64 ? 64 : LANES * 8));
        /** Lane rotations used by the dot product's reduction: step {@code k} takes lane {@code i + LANES / 2^(k+1)} to lane {@code i}. */
        private static final VectorShuffle<Float>[] FOLDS = folds();

        private Vectorized() {
        }

        /**
         * Upper bounds on the cosines of {@code q} (unit length) with the {@link #LANES} nodes of {@code block}, Vector
         * API: lane {@code i} sums {@code q[j] * byte(j, i)} with multiply-adds into four partial sums (components
         * {@code j mod 4}, each in order), adds them as {@code (s0 + s1) + (s2 + s3)}, multiplies by the node's
         * {@code scale / |v|}, plus its error bound. Writes them to {@code out} and returns true only when one reaches
         * {@code floor}. {@link Embeddings#blockBoundsScalar} computes the same bits.
         */
        static boolean blockBounds(Embeddings e, float[] q, int block, float floor, float[] out) {
            int dimension = e.dimension;
            long base = (long) block * dimension * LANES;
            // Four independent sums (components j mod 4) so that the multiply-adds do not wait on one another.
            FloatVector a0 = FloatVector.zero(SPECIES);
            FloatVector a1 = a0;
            FloatVector a2 = a0;
            FloatVector a3 = a0;
            int j = 0;
            for (; j + 4 <= dimension; j += 4) {
                long at = base + (long) j * LANES;
                a0 = int8(e, at).fma(FloatVector.broadcast(SPECIES, q[j]), a0);
                a1 = int8(e, at + LANES).fma(FloatVector.broadcast(SPECIES, q[j + 1]), a1);
                a2 = int8(e, at + 2L * LANES).fma(FloatVector.broadcast(SPECIES, q[j + 2]), a2);
                a3 = int8(e, at + 3L * LANES).fma(FloatVector.broadcast(SPECIES, q[j + 3]), a3);
            }
            for (; j < dimension; j++) {
                FloatVector v = int8(e, base + (long) j * LANES).fma(FloatVector.broadcast(SPECIES, q[j]), j % 4 == 0 ? a0 : j % 4 == 1 ? a1 : a2);
                if (j % 4 == 0) {
                    a0 = v;
                } else if (j % 4 == 1) {
                    a1 = v;
                } else {
                    a2 = v;
                }
            }
            FloatVector acc = a0.add(a1).add(a2.add(a3));
            long node = (long) block * LANES * 4;
            FloatVector bound = acc.fma(FloatVector.fromMemorySegment(SPECIES, e.indexScales, node, ORDER),
                    FloatVector.fromMemorySegment(SPECIES, e.indexErrors, node, ORDER));
            if (!bound.compare(VectorOperators.GE, floor).anyTrue()) {
                return false;
            }
            bound.intoArray(out, 0);
            return true;
        }

        private static FloatVector int8(Embeddings e, long offset) {
            return (FloatVector) ByteVector.fromMemorySegment(BYTE_SPECIES, e.indexRows, offset, ORDER).convertShape(VectorOperators.B2F, SPECIES, 0);
        }

        /** {@link Embeddings#addToRow}'s whole vectors; returns the first component left for the scalar tail. */
        static int addToRow(Embeddings e, long base, float weight, float[] src) {
            int j = 0;
            FloatVector w = FloatVector.broadcast(SPECIES, weight);
            for (; j < SPECIES.loopBound(e.dimension); j += LANES) {
                FloatVector r = FloatVector.fromMemorySegment(SPECIES, e.rows, base + 4L * j, ORDER);
                FloatVector.fromArray(SPECIES, src, j).fma(w, r).intoMemorySegment(e.rows, base + 4L * j, ORDER);
            }
            return j;
        }

        /** {@link Embeddings#accumulateRow}'s whole vectors; returns the first component left for the scalar tail. */
        static int accumulateRow(Embeddings e, long base, float weight, float[] acc) {
            int j = 0;
            FloatVector w = FloatVector.broadcast(SPECIES, weight);
            for (; j < SPECIES.loopBound(e.dimension); j += LANES) {
                FloatVector r = FloatVector.fromMemorySegment(SPECIES, e.rows, base + 4L * j, ORDER);
                r.fma(w, FloatVector.fromArray(SPECIES, acc, j)).intoArray(acc, j);
            }
            return j;
        }

        /**
         * Dot product of {@code q} with {@code node}'s row, Vector API. Lane {@code i} accumulates components
         * {@code i, i + LANES, ...} with multiply-adds; the lanes are then folded in halves (lane {@code i} plus lane
         * {@code i + half}) down to lane 0, and the tail components are added in order. {@link Embeddings#dotScalar} does the
         * same operations in the same order, so both give the same bits.
         */
        static float dot(Embeddings e, float[] q, int node) {
            int dimension = e.dimension;
            MemorySegment rows = e.rows;
            int bound = SPECIES.loopBound(dimension);
            float sum;
            if (e.precision == Precision.FLOAT32) {
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
            float scale = e.scales.getAtIndex(FLOAT, node);
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
}
