package io.wally.maps.graph;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * UTF-8 helpers for names and keys stored off-heap: the encoded length of a {@link String}, and
 * equality between a {@code String} and stored UTF-8 bytes, both without allocating (the hot path of
 * a name look-up never materialises a {@code String} or a {@code byte[]}).
 *
 * <p>Stateless; safe for any thread. A string with an unpaired surrogate is not valid Unicode: its
 * {@link #utf8Length} is {@code -1} and it equals no stored bytes, so callers reject it on insert and
 * never find it on look-up.
 */
final class NameUtf8 {

    private NameUtf8() {
    }

    /** Encoded UTF-8 length of {@code s} in bytes, or {@code -1} when {@code s} has an unpaired surrogate. */
    static int utf8Length(String s) {
        int n = s.length();
        int bytes = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 >= n || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return -1;
                }
                bytes += 4;
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return -1;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * Whether the {@code length} UTF-8 bytes at {@code offset} of {@code segment} encode exactly
     * {@code s}. Encodes {@code s} on the fly, char by char, and stops at the first difference.
     */
    static boolean equalsUtf8(String s, MemorySegment segment, long offset, int length) {
        int n = s.length();
        long p = offset;
        long end = offset + length;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (p >= end || segment.get(ValueLayout.JAVA_BYTE, p) != (byte) c) {
                    return false;
                }
                p++;
                continue;
            }
            int cp;
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= n || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                cp = Character.toCodePoint(c, s.charAt(++i));
            } else if (Character.isLowSurrogate(c)) {
                return false;
            } else {
                cp = c;
            }
            if (cp < 0x800) {
                if (end - p < 2
                        || segment.get(ValueLayout.JAVA_BYTE, p) != (byte) (0xC0 | (cp >>> 6))
                        || segment.get(ValueLayout.JAVA_BYTE, p + 1) != (byte) (0x80 | (cp & 0x3F))) {
                    return false;
                }
                p += 2;
            } else if (cp < 0x10000) {
                if (end - p < 3
                        || segment.get(ValueLayout.JAVA_BYTE, p) != (byte) (0xE0 | (cp >>> 12))
                        || segment.get(ValueLayout.JAVA_BYTE, p + 1) != (byte) (0x80 | ((cp >>> 6) & 0x3F))
                        || segment.get(ValueLayout.JAVA_BYTE, p + 2) != (byte) (0x80 | (cp & 0x3F))) {
                    return false;
                }
                p += 3;
            } else {
                if (end - p < 4
                        || segment.get(ValueLayout.JAVA_BYTE, p) != (byte) (0xF0 | (cp >>> 18))
                        || segment.get(ValueLayout.JAVA_BYTE, p + 1) != (byte) (0x80 | ((cp >>> 12) & 0x3F))
                        || segment.get(ValueLayout.JAVA_BYTE, p + 2) != (byte) (0x80 | ((cp >>> 6) & 0x3F))
                        || segment.get(ValueLayout.JAVA_BYTE, p + 3) != (byte) (0x80 | (cp & 0x3F))) {
                    return false;
                }
                p += 4;
            }
        }
        return p == end;
    }

    /** A short, printable form of {@code s} for error messages (at most 64 chars, then an ellipsis). */
    static String shortForm(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "…";
    }
}
