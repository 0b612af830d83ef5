package io.wally.maps.graph;

import io.wally.maps.VectorSupport;
import java.util.Arrays;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Hashes many names at once, with the Vector API or with the scalar {@link NameHash#hash64}; both paths
 * give identical results (tested on random inputs: empty, non-ASCII, surrogates, long names, batch
 * sizes that are not multiples of the lane count, and in child JVMs with 4- and 8-lane species).
 *
 * <p>Vector path ({@link #hashVector}), names of 1 to 16 chars (one round of the 16 streams), a group of
 * {@link #LANES} names at a time: each name's chars are copied ({@code String.getChars}) into its own
 * zeroed 16-char row, so chars past its end read as zero, as the definition wants. The rows are read as
 * short vectors reinterpreted as ints (two neighbouring chars per int lane: the even stream's char in
 * the low half, the odd one's in the high half, no widening step) and every stream's update and
 * post-mix runs lane-wise; a pairwise add tree of two-vector {@code selectFrom}s then turns the rows'
 * partial sums into one hi and one lo total per name, in name order, and {@code fmix64} finishes them
 * lane-wise in {@code LongVector}s. Longer (and empty) names take {@link #hash64(String)}: one name's 16
 * streams across the lanes, a masked {@code ShortVector} load per round zero-extended to ints, two lane
 * reductions. The int species is the machine's preferred one kept within 4 to 16 lanes (16 on AVX-512,
 * 8 on AVX2, 4 on NEON); the results do not depend on it.
 *
 * <p>Why across names: with one name per vector, a short name left most lanes idle and paid its setup
 * (mask, copy, two reductions) alone, which made the vector path slower than the scalar one below 16
 * chars; a group shares that work ({@code docs/store.md} has the figures).
 *
 * <p>Without {@code jdk.incubator.vector} in the JVM ({@link VectorSupport}), every method takes the scalar
 * path; the vector code lives in the nested {@code Vectorized} class, which is then never loaded.
 *
 * <p>Threading: an instance owns its scratch buffers; one instance per thread. The static scalar
 * method is stateless.
 *
 * <pre>{@code
 * BatchHasher hasher = new BatchHasher();
 * long[] hashes = new long[names.length];
 * hasher.hashVector(names, hashes);     // same values as BatchHasher.hashScalar(names, hashes)
 * }</pre>
 */
public final class BatchHasher {

    /**
     * Names per group on the vector path: the preferred int species' lane count within [4, {@link
     * NameHash#STREAMS}]; 4 when the Vector API is not loaded (then only {@link #hashAll}'s threshold uses it).
     */
    static final int LANES = VectorSupport.available() ? Vectorized.LANES : 4;

    /** The vector kernels and their scratch, or null when {@code jdk.incubator.vector} is not loaded. */
    private final Vectorized vector = VectorSupport.available() ? new Vectorized() : null;

    /** Creates a hasher with a scratch buffer that grows to the longest name seen. */
    public BatchHasher() {
    }

    /**
     * The vector species in use, e.g. {@code "Species[int, 16, S_512_BIT]"} (for benchmark reports), or
     * {@link VectorSupport#scalarOnly()} when the Vector API is not loaded.
     */
    public static String species() {
        return VectorSupport.available() ? Vectorized.INT_SPECIES.toString() : VectorSupport.scalarOnly();
    }

    /** Scalar path: {@code out[i] = NameHash.hash64(names[i])} for every {@code i}. */
    public static void hashScalar(String[] names, long[] out) {
        checkLengths(names, out);
        for (int i = 0; i < names.length; i++) {
            out[i] = NameHash.hash64(names[i]);
        }
    }

    /**
     * The faster path, as measured ({@code docs/store.md}): {@link #hashVector} for batches of at least
     * {@link #LANES} names (a whole group of short names at once, long ones one by one); for fewer,
     * name by name, scalar up to {@value NameHash#STREAMS} chars and vector above. Same values as both.
     * Without the Vector API, the scalar path.
     */
    public void hashAll(String[] names, long[] out) {
        checkLengths(names, out);
        if (vector == null) {
            hashScalar(names, out);
            return;
        }
        if (names.length >= LANES) {
            vector.hashVector(names, out);
            return;
        }
        for (int i = 0; i < names.length; i++) {
            String name = names[i];
            out[i] = name.length() <= NameHash.STREAMS ? NameHash.hash64(name) : vector.hash64(name);
        }
    }

    /**
     * Vector path: the same results as {@link #hashScalar}. Without the Vector API ({@link
     * VectorSupport#available()} false), it is the scalar path.
     */
    public void hashVector(String[] names, long[] out) {
        checkLengths(names, out);
        if (vector == null) {
            hashScalar(names, out);
            return;
        }
        vector.hashVector(names, out);
    }

    /** The vector-path hash of one name (scalar without the Vector API); equal to {@link NameHash#hash64(String)}. */
    public long hash64(String s) {
        return vector == null ? NameHash.hash64(s) : vector.hash64(s);
    }

    /**
     * The vector paths, loaded only when {@link VectorSupport#available()}: a JVM without {@code
     * jdk.incubator.vector} never links this class. One instance per {@link BatchHasher} (it owns the scratch
     * buffers), so one per thread.
     */
    static final class Vectorized {

        /** Int lanes per vector: the preferred species' count, within [4, {@link NameHash#STREAMS}]. */
        static final int LANES = Math.max(4, Math.min(NameHash.STREAMS, IntVector.SPECIES_PREFERRED.length()));
        static final VectorSpecies<Integer> INT_SPECIES = VectorSpecies.of(int.class, VectorShape.forBitSize(LANES * 32));
        static final VectorSpecies<Short> CHAR_SPECIES = VectorSpecies.of(short.class, VectorShape.forBitSize(LANES * 16));
        static final VectorSpecies<Long> LONG_SPECIES = VectorSpecies.of(long.class, VectorShape.forBitSize(LANES * 32));
        private static final int LONG_LANES = LANES / 2;
        private static final int CHUNKS = NameHash.STREAMS / LANES;
        /** Short vectors of twice the int lanes: read as ints, each lane holds two neighbouring chars. */
        static final VectorSpecies<Short> PAIR_SPECIES = VectorSpecies.of(short.class, VectorShape.forBitSize(LANES * 32));
        /** Vectors of {@code 2 * LANES} chars per 16-char row: 2 with 4 lanes, else 1. */
        private static final int CHUNKS_PER_ROW = Math.max(1, NameHash.STREAMS / (2 * LANES));
        /** Rows of partial hi sums per group (as many of lo): 8 with 16 or 8 lanes, 4 with 4. */
        private static final int SUM_ROWS = NameHash.STREAMS * LANES / (2 * LANES * CHUNKS_PER_ROW);
        /**
         * Initial states per lane of a pair vector: for each chunk of a row, {@code LANES} of the even
         * streams then {@code LANES} of the odd ones (lane {@code k} holds the chars at row positions
         * {@code (chunk * 2 * LANES + 2k) mod 16} and the next).
         */
        private static final int[] INIT_A_PAIRS = new int[CHUNKS_PER_ROW * 2 * LANES];
        private static final int[] INIT_B_PAIRS = new int[CHUNKS_PER_ROW * 2 * LANES];
        /** Lane indexes {@code 0, 2, 4, ...} then {@code 1, 3, 5, ...} into two concatenated vectors. */
        private static final int[] EVEN_ODD = new int[2 * LANES];
        /** Lane indexes taking {@code lo[k]} to lane {@code 2k} and {@code hi[k]} to {@code 2k + 1} (then the upper half). */
        private static final int[] LO_HI_INTERLEAVE = new int[2 * LANES];

        static {
            for (int chunk = 0; chunk < CHUNKS_PER_ROW; chunk++) {
                for (int k = 0; k < LANES; k++) {
                    int stream = (chunk * 2 * LANES + 2 * k) % NameHash.STREAMS;
                    INIT_A_PAIRS[chunk * 2 * LANES + k] = NameHash.INIT_A[stream];
                    INIT_A_PAIRS[chunk * 2 * LANES + LANES + k] = NameHash.INIT_A[stream + 1];
                    INIT_B_PAIRS[chunk * 2 * LANES + k] = NameHash.INIT_B[stream];
                    INIT_B_PAIRS[chunk * 2 * LANES + LANES + k] = NameHash.INIT_B[stream + 1];
                }
            }
            for (int i = 0; i < LANES; i++) {
                EVEN_ODD[i] = 2 * i;
                EVEN_ODD[LANES + i] = 2 * i + 1;
            }
            for (int k = 0; k < LANES; k++) {
                LO_HI_INTERLEAVE[2 * k] = LANES + k;
                LO_HI_INTERLEAVE[2 * k + 1] = k;
            }
        }

        private char[] chars = new char[64];
        /** One group's chars: row {@code lane} (16 chars) holds that lane's name, zero past its end. */
        private final char[] rows = new char[NameHash.STREAMS * LANES];
        /** Partial stream sums of a group, {@code 2 * SUM_ROWS} rows of {@code LANES} (see {@link #mixRows}). */
        private final int[] partialSums = new int[2 * SUM_ROWS * LANES];
        /** {@code length * MUL_LEN ^ SEED} per lane of a group. */
        private final long[] lengthTerms = new long[LANES];
        private final long[] groupOut = new long[LANES];

        /** The vector path of {@link BatchHasher#hashVector} (lengths checked by the caller). */
        void hashVector(String[] names, long[] out) {
            int count = names.length;
            for (int from = 0; from < count; from += LANES) {
                int groupSize = Math.min(LANES, count - from);
                int oneRound = 0;
                for (int i = from; i < from + groupSize; i++) {
                    String name = names[i];
                    if (isOneRound(name.length())) {
                        oneRound++;
                    } else {
                        out[i] = hash64(name); // empty and longer names one by one (in this small loop hash64 inlines)
                    }
                }
                if (oneRound > 0) {
                    hashOneRoundNames(names, from, groupSize, oneRound == groupSize, out);
                }
            }
        }

        /** Whether a name of {@code length} chars is hashed in one round: 1 to 16 chars. */
        private static boolean isOneRound(int length) {
            return Integer.compareUnsigned(length - 1, NameHash.STREAMS) < 0;
        }

        /**
         * Hashes the names of 1 to 16 chars (one round) among {@code names[from .. from + count)} ({@code
         * count <= LANES}) into {@code out[from ..]} together: each is copied into one zeroed 16-char row of
         * {@link #rows}, then the rows are mixed ({@link #mixRows}), summed per name ({@link #sumRows}) and
         * finished ({@link #finishGroup}) lane-wise. Unless {@code allOneRound}, the other names' slots are
         * left as they are.
         */
        private void hashOneRoundNames(String[] names, int from, int count, boolean allOneRound, long[] out) {
            char[] buf = rows;
            long[] terms = lengthTerms;
            Arrays.fill(buf, (char) 0); // chars past each name's end must read as zero
            for (int lane = 0; lane < count; lane++) {
                String name = names[from + lane];
                int n = name.length();
                if (isOneRound(n)) {
                    name.getChars(0, n, buf, lane * NameHash.STREAMS);
                }
                terms[lane] = n * NameHash.MUL_LEN ^ NameHash.SEED;
            }
            int[] sums = partialSums;
            mixRows(buf, sums);
            sumRows(sums);
            if (count == LANES && allOneRound) {
                finishGroup(sums, terms, out, from);
                return;
            }
            long[] hashes = groupOut;
            finishGroup(sums, terms, hashes, 0);
            for (int lane = 0; lane < count; lane++) {
                if (isOneRound(names[from + lane].length())) {
                    out[from + lane] = hashes[lane];
                }
            }
        }

        /**
         * Updates and post-mixes the 16 streams of every row of {@code buf}, reading {@code 2 * LANES} chars
         * at a time as {@code LANES} ints (little-endian: an even char in the low half, the next odd char in
         * the high half, so no widening conversion is needed). A vector holds two rows (16 lanes), one row (8)
         * or half a row (4, whose two halves are added): {@link #SUM_ROWS} rows of partial hi sums, then as
         * many of lo sums, go to {@code sums}, a row's lanes split evenly among the names it covers.
         */
        private static void mixRows(char[] buf, int[] sums) {
            for (int r = 0; r < SUM_ROWS; r++) {
                IntVector hi = IntVector.zero(INT_SPECIES);
                IntVector lo = IntVector.zero(INT_SPECIES);
                for (int chunk = 0; chunk < CHUNKS_PER_ROW; chunk++) {
                    IntVector pairs = ShortVector.fromCharArray(PAIR_SPECIES, buf, (r * CHUNKS_PER_ROW + chunk) * 2 * LANES)
                            .reinterpretAsInts();
                    IntVector even = pairs.and(0xFFFF);
                    IntVector odd = pairs.lanewise(VectorOperators.LSHR, 16);
                    int init = chunk * 2 * LANES;
                    IntVector a0 = even.lanewise(VectorOperators.XOR, IntVector.fromArray(INT_SPECIES, INIT_A_PAIRS, init)).mul(NameHash.MUL_A);
                    IntVector a1 = odd.lanewise(VectorOperators.XOR, IntVector.fromArray(INT_SPECIES, INIT_A_PAIRS, init + LANES)).mul(NameHash.MUL_A);
                    IntVector b0 = rotateB(even.add(IntVector.fromArray(INT_SPECIES, INIT_B_PAIRS, init))).mul(NameHash.MUL_B);
                    IntVector b1 = rotateB(odd.add(IntVector.fromArray(INT_SPECIES, INIT_B_PAIRS, init + LANES))).mul(NameHash.MUL_B);
                    hi = hi.add(mixA(a0)).add(mixA(a1));
                    lo = lo.add(mixB(b0)).add(mixB(b1));
                }
                hi.intoArray(sums, r * LANES);
                lo.intoArray(sums, (SUM_ROWS + r) * LANES);
            }
        }

        private static IntVector rotateB(IntVector b) {
            return b.lanewise(VectorOperators.LSHL, NameHash.ROT_B).or(b.lanewise(VectorOperators.LSHR, 32 - NameHash.ROT_B));
        }

        private static IntVector mixA(IntVector a) {
            return a.lanewise(VectorOperators.XOR, a.lanewise(VectorOperators.LSHR, NameHash.SHIFT_A)).mul(NameHash.MIX_A);
        }

        private static IntVector mixB(IntVector b) {
            return b.lanewise(VectorOperators.XOR, b.lanewise(VectorOperators.LSHR, NameHash.SHIFT_B)).mul(NameHash.MIX_B);
        }

        /**
         * Pairwise add tree over the {@code 2 * SUM_ROWS} rows of {@code sums}: each level adds the even and
         * odd lanes of two neighbouring rows into one (a two-vector {@code selectFrom} each), so at the end
         * row 0 holds every name's hi total, in name order, and row 1 the lo totals.
         */
        private static void sumRows(int[] sums) {
            IntVector even = IntVector.fromArray(INT_SPECIES, EVEN_ODD, 0);
            IntVector odd = IntVector.fromArray(INT_SPECIES, EVEN_ODD, LANES);
            for (int rowCount = 2 * SUM_ROWS; rowCount > 2; rowCount /= 2) {
                for (int k = 0; k < rowCount / 2; k++) {
                    IntVector x = IntVector.fromArray(INT_SPECIES, sums, 2 * k * LANES);
                    IntVector y = IntVector.fromArray(INT_SPECIES, sums, (2 * k + 1) * LANES);
                    even.selectFrom(x, y).add(odd.selectFrom(x, y)).intoArray(sums, k * LANES);
                }
            }
        }

        /**
         * {@link NameHash#finish} lane-wise: interleaves the hi and lo totals into 64-bit words, mixes in
         * the length terms and applies {@code fmix64}, {@code LANES / 2} names per long vector.
         */
        private static void finishGroup(int[] sums, long[] terms, long[] dst, int at) {
            IntVector hi = IntVector.fromArray(INT_SPECIES, sums, 0);
            IntVector lo = IntVector.fromArray(INT_SPECIES, sums, LANES);
            for (int part = 0; part < 2; part++) {
                LongVector h = IntVector.fromArray(INT_SPECIES, LO_HI_INTERLEAVE, part * LANES).selectFrom(hi, lo)
                        .reinterpretAsLongs()
                        .lanewise(VectorOperators.XOR, LongVector.fromArray(LONG_SPECIES, terms, part * LONG_LANES));
                h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 33)).mul(0xFF51AFD7ED558CCDL);
                h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 33)).mul(0xC4CEB9FE1A85EC53L);
                h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 33)).intoArray(dst, at + part * LONG_LANES);
            }
        }

        /** The vector-path hash of one name; equal to {@link NameHash#hash64(String)}. */
        long hash64(String s) {
            int n = s.length();
            char[] buf = chars;
            if (buf.length < n) {
                buf = chars = new char[Math.max(n, buf.length * 2)];
            }
            s.getChars(0, n, buf, 0);
            int rounds = (n + NameHash.STREAMS - 1) / NameHash.STREAMS;
            IntVector hi = IntVector.zero(INT_SPECIES);
            IntVector lo = IntVector.zero(INT_SPECIES);
            for (int chunk = 0; chunk < CHUNKS; chunk++) {
                IntVector a = IntVector.fromArray(INT_SPECIES, NameHash.INIT_A, chunk * LANES);
                IntVector b = IntVector.fromArray(INT_SPECIES, NameHash.INIT_B, chunk * LANES);
                for (int r = 0, at = chunk * LANES; r < rounds; r++, at += NameHash.STREAMS) {
                    VectorMask<Short> live = CHAR_SPECIES.indexInRange(at, n);
                    IntVector c = (IntVector) ShortVector.fromCharArray(CHAR_SPECIES, buf, at, live)
                            .convertShape(VectorOperators.ZERO_EXTEND_S2I, INT_SPECIES, 0);
                    a = a.lanewise(VectorOperators.XOR, c).mul(NameHash.MUL_A);
                    b = b.add(c).lanewise(VectorOperators.ROL, NameHash.ROT_B).mul(NameHash.MUL_B);
                }
                hi = hi.add(a.lanewise(VectorOperators.XOR, a.lanewise(VectorOperators.LSHR, NameHash.SHIFT_A)).mul(NameHash.MIX_A));
                lo = lo.add(b.lanewise(VectorOperators.XOR, b.lanewise(VectorOperators.LSHR, NameHash.SHIFT_B)).mul(NameHash.MIX_B));
            }
            return NameHash.finish(n, hi.reduceLanes(VectorOperators.ADD), lo.reduceLanes(VectorOperators.ADD));
        }
    }

    private static void checkLengths(String[] names, long[] out) {
        if (out.length < names.length) {
            throw new IllegalArgumentException("out has " + out.length + " slots for " + names.length + " names");
        }
    }
}
