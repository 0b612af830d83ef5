package io.wally.maps;

import java.nio.file.Path;

/**
 * A graph image that cannot be opened: truncated, of another kind or format version, with record
 * sizes this build does not use, or failing a checksum. The message names the file and what is wrong
 * ("corrupt graph image /var/lib/wally/map.img: nodes section CRC32C 1a2b3c4d, header says 5e6f7a8b").
 * Nothing is opened when it is thrown.
 */
public final class CorruptImageException extends GraphException {

    private static final long serialVersionUID = 1L;

    /**
     * @param file the image file
     * @param problem what is wrong, with the values
     */
    public CorruptImageException(Path file, String problem) {
        super("corrupt graph image " + file + ": " + problem);
    }

    /**
     * @param file the image file
     * @param problem what is wrong
     * @param cause the underlying failure
     */
    public CorruptImageException(Path file, String problem, Throwable cause) {
        super("corrupt graph image " + file + ": " + problem, cause);
    }
}
