package io.wally.runtime.agent;

import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/** Text fields of command records: an int length (-1: absent) then UTF-8 bytes. */
final class CommandText {

    private CommandText() {
    }

    /** Bytes {@code text} takes in a record. */
    static int sizeOf(String text) {
        return 4 + (text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length);
    }

    /** Writes {@code text} at {@code offset}; returns the bytes written. */
    static int write(MutableDirectBuffer buffer, int offset, String text) {
        if (text == null) {
            buffer.putInt(offset, -1);
            return 4;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        buffer.putInt(offset, bytes.length);
        buffer.putBytes(offset + 4, bytes);
        return 4 + bytes.length;
    }

    /** Reads the text at {@code offset} (null when absent). */
    static String read(DirectBuffer buffer, int offset) {
        int length = buffer.getInt(offset);
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        buffer.getBytes(offset + 4, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Bytes the text at {@code offset} takes. */
    static int encodedLength(DirectBuffer buffer, int offset) {
        int length = buffer.getInt(offset);
        return 4 + Math.max(0, length);
    }
}
