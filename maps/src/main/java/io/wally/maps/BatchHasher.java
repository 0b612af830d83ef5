package io.wally.maps;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Hashes many names at once, with the Vector API or with the scalar {@link NameHash#hash64}; both paths
 * give identical results (tested on random inputs: empty, non-ASCII, surrogates, long names).
 *
 * <p>Vector path: a name's chars are copied into a reusable scratch {@code char[]} ({@code
 * String.getChars}, an intrinsic copy); each round of {@value NameHash#STREAMS} chars is loaded as
 * {@code ShortVector}s under a mask (chars past the end read as zero, as the definition wants),
 * zero-extended to {@code IntVector}s, and all streams' updates, post-mixes and sums run lane-wise.
 * The int species is the machine's preferred one kept within 4 to 16 lanes (16 on AVX-512, 8 on AVX2, 4 on
 * NEON), so 16 streams take 1, 2 or 4 vectors; the results do not depend on the species.
 *
 * <p>Threading: an instance owns its scratch buffer; one instance per thread. The static scalar
 * method is stateless.
 *
 * <pre>{@code
 * BatchHasher hasher = new BatchHasher();
 * long[] hashes = new long[names.length];
 * hasher.hashVector(names, hashes);     // same values as BatchHasher.hashScalar(names, hashes)
 * }</pre>
 */
public final class BatchHasher {

    /** Int lanes per vector: the preferred species' count, within [4, {@link NameHash#STREAMS}]. */
    static final int LANES = Math.max(4, Math.min(NameHash.STREAMS, IntVector.SPECIES_PREFERRED.length()));
    static final VectorSpecies<Integer> INT_SPECIES = VectorSpecies.of(int.class, VectorShape.forBitSize(LANES * 32));
    static final VectorSpecies<Short> CHAR_SPECIES = VectorSpecies.of(short.class, VectorShape.forBitSize(LANES * 16));
    private static final int CHUNKS = NameHash.STREAMS / LANES;

    private char[] chars = new char[64];

    /** Creates a hasher with a scratch buffer that grows to the longest name seen. */
    public BatchHasher() {
    }

    /** The vector species in use, e.g. {@code "Species[int, 16, S_512_BIT]"} (for benchmark reports). */
    public static String species() {
        return INT_SPECIES.toString();
    }

    /** Scalar path: {@code out[i] = NameHash.hash64(names[i])} for every {@code i}. */
    public static void hashScalar(String[] names, long[] out) {
        checkLengths(names, out);
        for (int i = 0; i < names.length; i++) {
            out[i] = NameHash.hash64(names[i]);
        }
    }

    /**
     * The faster path per name, as measured ({@code docs/store.md}): scalar for names of at most
     * {@value NameHash#STREAMS} chars (one round, whose all-zero streams the scalar path takes from a
     * table), vector for longer ones. Same values as both.
     */
    public void hashAll(String[] names, long[] out) {
        checkLengths(names, out);
        for (int i = 0; i < names.length; i++) {
            String name = names[i];
            out[i] = name.length() <= NameHash.STREAMS ? NameHash.hash64(name) : hash64(name);
        }
    }

    /** Vector path: the same results as {@link #hashScalar}. */
    public void hashVector(String[] names, long[] out) {
        checkLengths(names, out);
        for (int i = 0; i < names.length; i++) {
            out[i] = hash64(names[i]);
        }
    }

    /** The vector-path hash of one name; equal to {@link NameHash#hash64(String)}. */
    public long hash64(String s) {
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

    private static void checkLengths(String[] names, long[] out) {
        if (out.length < names.length) {
            throw new IllegalArgumentException("out has " + out.length + " slots for " + names.length + " names");
        }
    }
}
