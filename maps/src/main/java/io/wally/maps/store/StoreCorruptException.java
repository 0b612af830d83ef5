package io.wally.maps.store;

import java.nio.file.Path;

/**
 * A store file fails validation: wrong magic or format version, a checksum mismatch, a record that does
 * not belong to the graph, or a log that is damaged where no crash can damage it (anything but a torn
 * end of the last segment: docs/persistence.md). The message names the file, the byte offset and (for
 * the log) the LSNs affected and how many intact records lie beyond the damage; nothing was changed.
 */
public final class StoreCorruptException extends StoreException {

    private static final long serialVersionUID = 1L;
    private final transient Path file;
    private final long offset;
    private final String detail;

    /**
     * @param file the file that is corrupt
     * @param offset byte offset of the problem in {@code file}, or {@code -1} when it concerns the whole file
     * @param detail what is wrong
     */
    public StoreCorruptException(Path file, long offset, String detail) {
        super(file + (offset >= 0 ? " at offset " + offset : "") + ": " + detail);
        this.file = file;
        this.offset = offset;
        this.detail = detail;
    }

    /** What is wrong, without the file and offset. */
    public String detail() {
        return detail;
    }

    /** The corrupt file. */
    public Path file() {
        return file;
    }

    /** Byte offset of the problem, or {@code -1} for the whole file. */
    public long offset() {
        return offset;
    }
}
