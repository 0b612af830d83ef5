package io.wally.maps.query;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Typed property values in the property store's bytes: integer, float, string, boolean and list.
 *
 * <p>The store keeps bytes; queries need types. A typed value is one tag byte followed by its payload
 * (little-endian):
 * <pre>
 *  0x01 integer | i64            0x02 float   | f64
 *  0x03 string  | UTF-8 bytes    0x04 boolean | u8 (0 or 1)
 *  0x05 list    | count: i32 | (length: i32 | typed value) per element
 * </pre>
 * Bytes that do not start with a tag (plain UTF-8 text written before typed values existed, such as
 * {@code "kitchen"}) decode as a string, so older maps stay readable.
 *
 * <p>Stateless and thread-safe.
 */
public final class PropertyValues {

    static final byte INTEGER = 1;
    static final byte FLOAT = 2;
    static final byte STRING = 3;
    static final byte BOOLEAN = 4;
    static final byte LIST = 5;

    private PropertyValues() {
    }

    /**
     * Encodes {@code value}: a {@link Long}, {@link Integer}, {@link Double}, {@link Float},
     * {@link String}, {@link Boolean} or a {@link List} of those; anything else throws
     * {@link IllegalArgumentException} naming its class.
     */
    public static byte[] encode(Object value) {
        Objects.requireNonNull(value, "value");
        return switch (value) {
            case Long l -> ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN).put(INTEGER).putLong(l).array();
            case Integer i -> encode(i.longValue());
            case Short s -> encode(s.longValue());
            case Double d -> ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN).put(FLOAT).putDouble(d).array();
            case Float f -> encode(f.doubleValue());
            case Boolean b -> new byte[] {BOOLEAN, (byte) (b ? 1 : 0)};
            case String s -> {
                byte[] text = s.getBytes(StandardCharsets.UTF_8);
                byte[] out = new byte[text.length + 1];
                out[0] = STRING;
                System.arraycopy(text, 0, out, 1, text.length);
                yield out;
            }
            case List<?> list -> {
                List<byte[]> parts = new ArrayList<>(list.size());
                int size = 5;
                for (Object element : list) {
                    byte[] part = encode(element);
                    parts.add(part);
                    size += 4 + part.length;
                }
                ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN).put(LIST).putInt(list.size());
                for (byte[] part : parts) {
                    out.putInt(part.length).put(part);
                }
                yield out.array();
            }
            default -> throw new IllegalArgumentException("a property value must be an integer, float, string, boolean or list; was "
                    + value.getClass().getName());
        };
    }

    /**
     * Decodes bytes written by {@link #encode}: a {@link Long}, {@link Double}, {@link String},
     * {@link Boolean} or an unmodifiable {@link List}; untagged bytes decode as UTF-8 text.
     */
    public static Object decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length == 0) {
            return "";
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte tag = bytes[0];
        if (tag == INTEGER && bytes.length == 9) {
            return in.getLong(1);
        }
        if (tag == FLOAT && bytes.length == 9) {
            return in.getDouble(1);
        }
        if (tag == STRING) {
            return new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_8);
        }
        if (tag == BOOLEAN && bytes.length == 2) {
            return bytes[1] != 0;
        }
        if (tag == LIST && bytes.length >= 5) {
            int count = in.getInt(1);
            int at = 5;
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int length = in.getInt(at);
                byte[] part = new byte[length];
                System.arraycopy(bytes, at + 4, part, 0, length);
                out.add(decode(part));
                at += 4 + length;
            }
            return Collections.unmodifiableList(out);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
