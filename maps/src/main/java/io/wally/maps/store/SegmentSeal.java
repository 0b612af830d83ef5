package io.wally.maps.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The seal that closes a rolled log segment: one frame, framed like a {@link GraphMutation} record,
 * that names the first LSN of the segment that follows. Written when the log rolls, after the next
 * segment file exists, so a sealed segment always has a successor: a seal naming a segment that is
 * not there means that segment was lost, which no crash can cause.
 *
 * <pre>
 *  0        4        8                16   17         21
 *  +--------+--------+----------------+----+----------+
 *  | length | crc32c | next first LSN | op | reserved |
 *  | (13)   |        | (u64)          | 0  | (0)      |
 *  +--------+--------+----------------+----+----------+
 *  crc32c = CRC32C over the length field and the 13 bytes after the crc field, as for records
 * </pre>
 *
 * Op 0 is never a mutation (their codes start at 1), so a seal is never mistaken for a record. Segment
 * format version 2 requires a seal at the end of every segment but the last (see {@link SegmentHeader}).
 */
final class SegmentSeal {

    static final int BODY_BYTES = 13;
    static final int BYTES = GraphMutation.FRAME_HEADER_BYTES + BODY_BYTES;
    static final byte OP = 0;
    private static final int LSN_OFFSET = 8;
    private static final int OP_OFFSET = 16;

    private SegmentSeal() {
    }

    /** The 21 bytes of a seal naming {@code nextFirstLsn}, ready to write. */
    static ByteBuffer encode(long nextFirstLsn) {
        ByteBuffer b = ByteBuffer.allocate(BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(BODY_BYTES).putInt(0).putLong(nextFirstLsn).put(OP).putInt(0);
        b.putInt(4, crc(b, 0));
        return b.flip();
    }

    /**
     * The next first LSN named by a valid seal at {@code at} in {@code buf} (little-endian), or
     * {@code -1} when the bytes there are not a whole, intact seal.
     */
    static long read(ByteBuffer buf, int at) {
        if (buf.limit() - at < BYTES || buf.getInt(at) != BODY_BYTES || buf.get(at + OP_OFFSET) != OP || buf.getInt(at + OP_OFFSET + 1) != 0) {
            return -1;
        }
        if (buf.getInt(at + 4) != crc(buf, at)) {
            return -1;
        }
        long next = buf.getLong(at + LSN_OFFSET);
        return next >= 1 ? next : -1;
    }

    private static int crc(ByteBuffer buf, int at) {
        CRC32C crc = new CRC32C();
        crc.update(buf.slice(at, 4));
        crc.update(buf.slice(at + GraphMutation.FRAME_HEADER_BYTES, BODY_BYTES));
        return (int) crc.getValue();
    }
}
