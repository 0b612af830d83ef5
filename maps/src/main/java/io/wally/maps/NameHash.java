package io.wally.maps;

/**
 * The 64-bit hash of node names and property keys, over the string's UTF-16 chars (so a look-up hashes
 * the {@link String} directly, allocation-free).
 *
 * <p>Definition (fixed: it is part of the persisted image format). The chars are read in blocks of
 * {@value #LANES}; a short last block is padded with zero chars. Four 32-bit stream pairs
 * {@code (a[j], b[j])} each take char {@code j} of every block:
 * <pre>
 *   a[j] = (a[j] ^ c) * 0x9E3779B1
 *   b[j] = rotl32(b[j] + c, 13) * 0x85EBCA77
 * </pre>
 * and the result is {@code fmix64} (MurmurHash3's finaliser) of the length and the four
 * {@code a[j] << 32 | b[j]} words folded in order. The four independent streams are what lets
 * {@link BatchHasher} hash a block with one 128-bit vector step (4 int lanes: native on x86 SSE/AVX and
 * on the Raspberry Pi's NEON); this class is the scalar path and the reference the vector path is
 * tested against.
 *
 * <p>Stateless; safe for any thread.
 */
public final class NameHash {

    /** Chars per block = independent streams = int lanes of the vector path. */
    public static final int LANES = 4;

    static final int MUL_A = 0x9E3779B1;
    static final int MUL_B = 0x85EBCA77;
    static final int ROT_B = 13;
    /** Initial stream states (hex digits of pi): a[0..3], then b[0..3]. */
    static final int[] INIT_A = {0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344};
    static final int[] INIT_B = {0xA4093822, 0x299F31D0, 0x082EFA98, 0xEC4E6C89};

    private static final long SEED = 0x5DEECE66DL;
    private static final long MUL_LEN = 0x9E3779B97F4A7C15L;
    private static final long MUL_FOLD = 0xBF58476D1CE4E5B9L;

    private NameHash() {
    }

    /** The 64-bit hash of {@code s} (any string, including empty and ones with unpaired surrogates). */
    public static long hash64(String s) {
        int n = s.length();
        int a0 = INIT_A[0], a1 = INIT_A[1], a2 = INIT_A[2], a3 = INIT_A[3];
        int b0 = INIT_B[0], b1 = INIT_B[1], b2 = INIT_B[2], b3 = INIT_B[3];
        for (int i = 0; i < n; i += LANES) {
            int c0 = s.charAt(i);
            int c1 = i + 1 < n ? s.charAt(i + 1) : 0;
            int c2 = i + 2 < n ? s.charAt(i + 2) : 0;
            int c3 = i + 3 < n ? s.charAt(i + 3) : 0;
            a0 = (a0 ^ c0) * MUL_A;
            a1 = (a1 ^ c1) * MUL_A;
            a2 = (a2 ^ c2) * MUL_A;
            a3 = (a3 ^ c3) * MUL_A;
            b0 = Integer.rotateLeft(b0 + c0, ROT_B) * MUL_B;
            b1 = Integer.rotateLeft(b1 + c1, ROT_B) * MUL_B;
            b2 = Integer.rotateLeft(b2 + c2, ROT_B) * MUL_B;
            b3 = Integer.rotateLeft(b3 + c3, ROT_B) * MUL_B;
        }
        long h = SEED ^ (n * MUL_LEN);
        h = fold(h, a0, b0);
        h = fold(h, a1, b1);
        h = fold(h, a2, b2);
        h = fold(h, a3, b3);
        return fmix64(h);
    }

    static long fold(long h, int a, int b) {
        h ^= ((long) a << 32) | (b & 0xFFFF_FFFFL);
        return Long.rotateLeft(h, 29) * MUL_FOLD;
    }

    /** Seed of the fold for a string of {@code length} chars. */
    static long start(int length) {
        return SEED ^ (length * MUL_LEN);
    }

    /** MurmurHash3's 64-bit finaliser: every input bit affects every output bit. */
    static long fmix64(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}
