package io.wally.maps;

import io.wally.maps.graph.OffHeapGraph;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the {@link MutableNavGraphContract} on an {@link OffHeapGraph} opened from an image of an empty
 * graph: every record then starts in the mapped file and grows out of it.
 */
final class ImageOpenedOffHeapGraphTest extends MutableNavGraphContract {

    @TempDir
    static Path dir;

    @Override
    protected MutableNavGraph newGraph() {
        try {
            Path file = Files.createTempFile(dir, "empty", ".img");
            try (OffHeapGraph empty = new OffHeapGraph();
                 FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                empty.writeImage(ch);
            }
            return OffHeapGraph.openImage(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
