package io.wally.bench.store;

import io.wally.maps.graph.NameIndex;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/** How long a {@link NameIndex} image of many names takes to write and to open again. */
public final class ImageBenchmarks {

    private ImageBenchmarks() {
    }

    /** Median write and open times (ms) and the image size for an index of {@code names} names. */
    public record ImageFigures(int names, long imageBytes, double writeMillis, double openMillis) {
    }

    /** Writes the image of a {@code count}-name index to a temporary file and maps and opens it, {@code rounds} times. */
    public static ImageFigures nameIndexImage(int count, int rounds) throws IOException {
        Path dir = Files.createTempDirectory("wally-bench-names");
        Path file = dir.resolve("names.img");
        try (NameIndex index = new NameIndex(count, true)) {
            String[] names = NameWorkloads.gridNames(count, 1000);
            for (int i = 0; i < count; i++) {
                index.put(names[i], i);
            }
            long[] writes = new long[rounds];
            long[] opens = new long[rounds];
            long bytes = 0;
            for (int r = 0; r < rounds; r++) {
                Files.deleteIfExists(file);
                long start = System.nanoTime();
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    bytes = index.writeImage(ch);
                }
                writes[r] = System.nanoTime() - start;
                start = System.nanoTime();
                try (Arena arena = Arena.ofConfined(); FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                    MemorySegment image = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
                    try (NameIndex restored = NameIndex.openImage(image)) {
                        opens[r] = System.nanoTime() - start;
                        if (restored.get(names[count - 1]) != count - 1) {
                            throw new IllegalStateException("restored index lost " + names[count - 1]);
                        }
                    }
                }
            }
            Arrays.sort(writes);
            Arrays.sort(opens);
            return new ImageFigures(count, bytes, writes[rounds / 2] / 1e6, opens[rounds / 2] / 1e6);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }
}
