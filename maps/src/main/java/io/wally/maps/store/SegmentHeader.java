package io.wally.maps.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The 32-byte header at the start of every log segment; records ({@link GraphMutation}) follow it.
 *
 * <pre>
 *  0                8          12         16                24         28        32
 *  +----------------+----------+----------+-----------------+----------+---------+
 *  | magic WALLYWAL | version  | hdr size | first LSN (u64) | reserved | crc32c  |
 *  +----------------+----------+----------+-----------------+----------+---------+
 *  little-endian; crc32c over bytes [0, 28)
 * </pre>
 *
 * Version 2 (written by this build) promises a {@link SegmentSeal} at the end of every segment but the
 * last, so a lost last segment is detected; version 1 (older builds) has no such promise and is still
 * read (its segments may carry a seal once this build rolled them).
 */
final class SegmentHeader {

    static final int BYTES = 32;
    static final byte[] MAGIC = "WALLYWAL".getBytes(StandardCharsets.US_ASCII);
    /** Written by this build: rolled segments end with a {@link SegmentSeal}. */
    static final int VERSION = 2;
    /** Still read: segments of older builds, without the seal promise. */
    static final int VERSION_WITHOUT_SEAL = 1;

    private SegmentHeader() {
    }

    /** A header read from a file: the first LSN and the format version. */
    record Read(long firstLsn, int version) {

        /** Whether the format promises a seal at the end of every segment but the last. */
        boolean sealPromised() {
            return version >= VERSION;
        }
    }

    static ByteBuffer encode(long firstLsn) {
        ByteBuffer b = ByteBuffer.allocate(BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(VERSION).putInt(BYTES).putLong(firstLsn).putInt(0);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 28);
        b.putInt((int) crc.getValue());
        return b.flip();
    }

    /** Reads and validates the header of {@code file}. */
    static Read read(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < BYTES) {
            throw new StoreCorruptException(file, 0, "log segment is " + size + " bytes, shorter than its " + BYTES + "-byte header");
        }
        ByteBuffer b = ByteBuffer.allocate(BYTES).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, b.position()) < 0) {
                throw new StoreCorruptException(file, b.position(), "unexpected end of file in the segment header");
            }
        }
        b.flip();
        byte[] magic = new byte[8];
        b.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new StoreCorruptException(file, 0, "not a WALLY log segment (magic " + printable(magic) + ", expected WALLYWAL)");
        }
        int version = b.getInt();
        if (version != VERSION && version != VERSION_WITHOUT_SEAL) {
            throw new StoreCorruptException(file, 8, "unsupported log format version " + version + " (this build reads versions "
                    + VERSION_WITHOUT_SEAL + " and " + VERSION + ")");
        }
        int headerSize = b.getInt();
        long firstLsn = b.getLong();
        b.getInt();
        int stored = b.getInt();
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 28);
        if (stored != (int) crc.getValue()) {
            throw new StoreCorruptException(file, 28, String.format("segment header checksum mismatch (stored %08x, computed %08x)", stored, (int) crc.getValue()));
        }
        if (headerSize != BYTES) {
            throw new StoreCorruptException(file, 12, "segment header size " + headerSize + ", expected " + BYTES);
        }
        if (firstLsn < 1) {
            throw new StoreCorruptException(file, 16, "segment first LSN " + firstLsn + " is not >= 1");
        }
        return new Read(firstLsn, version);
    }

    static String printable(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte x : bytes) {
            sb.append(x >= 0x20 && x < 0x7F ? String.valueOf((char) x) : String.format("\\x%02x", x & 0xFF));
        }
        return sb.toString();
    }
}
