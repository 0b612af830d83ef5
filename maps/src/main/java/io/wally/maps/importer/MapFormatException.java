package io.wally.maps.importer;

import java.nio.file.Path;

/**
 * A map file that cannot be imported: unreadable, malformed, or inconsistent. The message names the
 * file, the place in it (line, or pixel/cell) and what is wrong, e.g.
 * {@code "house-grid.yaml line 3: resolution must be > 0; was -0.05"}. When an importer throws it, no
 * graph was produced (a graph being filled is closed and discarded).
 */
public final class MapFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * @param file the file at fault
     * @param where the place in it ("line 3", "pixel (4, 7)"), or empty for the whole file
     * @param what what is wrong, with the offending value
     */
    public MapFormatException(Path file, String where, String what) {
        super(format(file, where, what));
        this.file = file;
    }

    /** As {@link #MapFormatException(Path, String, String)}, keeping the underlying {@code cause}. */
    public MapFormatException(Path file, String where, String what, Throwable cause) {
        super(format(file, where, what), cause);
        this.file = file;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }

    private static String format(Path file, String where, String what) {
        String name = file == null ? "<input>" : file.toString();
        return where == null || where.isEmpty() ? name + ": " + what : name + " " + where + ": " + what;
    }
}
