package io.wally.maps.graph;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The 64-bit hash of node names and property keys, over the string's UTF-16 chars (so a look-up hashes
 * the {@link String} directly, allocation-free).
 *
 * <p>Definition (fixed: it is part of the persisted image format). The chars are dealt round-robin to
 * {@value #STREAMS} independent streams: char {@code i} goes to stream {@code i mod 16}; every stream
 * gets {@code ceil(n / 16)} chars, the missing ones of the last round being zero. Each stream {@code j}
 * keeps two 32-bit states, starting from per-stream constants:
 * <pre>
 *   for each char c of stream j:   a = (a ^ c) * 0x9E3779B1
 *                                  b = rotl32(b + c, 13) * 0x85EBCA77
 *   hi = sum over j of (a ^ a >>> 16) * 0x7FEB352D        (32-bit wrap-around sums)
 *   lo = sum over j of (b ^ b >>> 15) * 0x846CA68B
 *   hash = fmix64((hi << 32 | lo) ^ SEED ^ n * 0x9E3779B97F4A7C15)
 * </pre>
 * ({@code fmix64} is MurmurHash3's finaliser.) Because the streams are independent and combined by
 * sums, {@link BatchHasher} computes them lane-wise (a long name's 16 streams, or the streams of a
 * group of short names, per vector instruction); this class is the scalar path and the reference the
 * vector path is tested against.
 *
 * <p>Stateless; safe for any thread.
 */
public final class NameHash {

    /** Independent streams the chars are dealt to. */
    public static final int STREAMS = 16;

    static final int MUL_A = 0x9E3779B1;
    static final int MUL_B = 0x85EBCA77;
    static final int ROT_B = 13;
    static final int MIX_A = 0x7FEB352D;
    static final int MIX_B = 0x846CA68B;
    static final int SHIFT_A = 16;
    static final int SHIFT_B = 15;
    /** Initial stream states: the first 32 words of the fractional hex digits of pi. */
    static final int[] INIT_A = {
        0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344, 0xA4093822, 0x299F31D0, 0x082EFA98, 0xEC4E6C89,
        0x452821E6, 0x38D01377, 0xBE5466CF, 0x34E90C6C, 0xC0AC29B7, 0xC97C50DD, 0x3F84D5B5, 0xB5470917};
    static final int[] INIT_B = {
        0x9216D5D9, 0x8979FB1B, 0xD1310BA6, 0x98DFB5AC, 0x2FFD72DB, 0xD01ADFB7, 0xB8E1AFED, 0x6A267E96,
        0xBA7C9045, 0xF12C7F99, 0x24A19947, 0xB3916CF7, 0x0801F2E2, 0x858EFC16, 0x636920D8, 0x71574E69};

    static final long SEED = 0x5DEECE66DL;
    static final long MUL_LEN = 0x9E3779B97F4A7C15L;

    /**
     * For a name of {@code n <= 16} chars (one round), the streams {@code j >= n} see only a zero char:
     * their sums are constants, precomputed here per {@code n} (index 0: the empty name, no round).
     */
    static final int[] SHORT_TAIL_HI = new int[STREAMS + 1];
    static final int[] SHORT_TAIL_LO = new int[STREAMS + 1];

    static {
        for (int j = 0; j < STREAMS; j++) {
            SHORT_TAIL_HI[0] += mixA(INIT_A[j]);
            SHORT_TAIL_LO[0] += mixB(INIT_B[j]);
        }
        for (int n = 1; n <= STREAMS; n++) {
            for (int j = n; j < STREAMS; j++) {
                SHORT_TAIL_HI[n] += mixA(INIT_A[j] * MUL_A);
                SHORT_TAIL_LO[n] += mixB(Integer.rotateLeft(INIT_B[j], ROT_B) * MUL_B);
            }
        }
    }

    private NameHash() {
    }

    /** The 64-bit hash of {@code s} (any string, including empty and ones with unpaired surrogates). */
    public static long hash64(String s) {
        int n = s.length();
        if (n <= STREAMS) {
            // the common case, one round: same arithmetic, with the all-zero streams precomputed
            int hi = SHORT_TAIL_HI[n];
            int lo = SHORT_TAIL_LO[n];
            for (int j = 0; j < n; j++) {
                int c = s.charAt(j);
                hi += mixA((INIT_A[j] ^ c) * MUL_A);
                lo += mixB(Integer.rotateLeft(INIT_B[j] + c, ROT_B) * MUL_B);
            }
            return finish(n, hi, lo);
        }
        int rounds = (n + STREAMS - 1) / STREAMS;
        int hi = 0;
        int lo = 0;
        for (int j = 0; j < STREAMS; j++) {
            int a = INIT_A[j];
            int b = INIT_B[j];
            for (int r = 0, i = j; r < rounds; r++, i += STREAMS) {
                int c = i < n ? s.charAt(i) : 0;
                a = (a ^ c) * MUL_A;
                b = Integer.rotateLeft(b + c, ROT_B) * MUL_B;
            }
            hi += mixA(a);
            lo += mixB(b);
        }
        return finish(n, hi, lo);
    }

    private static int mixA(int a) {
        return (a ^ (a >>> SHIFT_A)) * MIX_A;
    }

    private static int mixB(int b) {
        return (b ^ (b >>> SHIFT_B)) * MIX_B;
    }

    /**
     * {@link #hash64(String)} of the ASCII text in {@code length} bytes at {@code offset} of
     * {@code segment} (for ASCII, UTF-8 bytes and UTF-16 chars coincide), without decoding a String;
     * used when a table is rebuilt from its stored names. The caller checks that every byte is below 0x80.
     */
    static long hash64Ascii(MemorySegment segment, long offset, int length) {
        int n = length;
        int rounds = (n + STREAMS - 1) / STREAMS;
        if (n == 0) {
            return finish(0, SHORT_TAIL_HI[0], SHORT_TAIL_LO[0]);
        }
        int hi = 0;
        int lo = 0;
        for (int j = 0; j < STREAMS; j++) {
            int a = INIT_A[j];
            int b = INIT_B[j];
            for (int r = 0, i = j; r < rounds; r++, i += STREAMS) {
                int c = i < n ? segment.get(ValueLayout.JAVA_BYTE, offset + i) : 0;
                a = (a ^ c) * MUL_A;
                b = Integer.rotateLeft(b + c, ROT_B) * MUL_B;
            }
            hi += mixA(a);
            lo += mixB(b);
        }
        return finish(n, hi, lo);
    }

    static long finish(int length, int hi, int lo) {
        long h = ((long) hi << 32) | (lo & 0xFFFF_FFFFL);
        return fmix64(h ^ SEED ^ (length * MUL_LEN));
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
