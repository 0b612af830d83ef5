package io.wally.maps.embed;

/** An embeddings file that cannot be used: missing, torn, corrupt or of another format; the message names the file. */
public final class EmbeddingFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EmbeddingFileException(String message) {
        super(message);
    }
}
