package io.wally.maps.graph;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One off-heap block owned through its own shared {@link Arena}, replaced by a larger copy when it must
 * grow (the old block is freed at once). Used by {@link NameIndex} and {@link PropertyStore} for their
 * tables and byte heaps.
 *
 * <p>Threading: single writer. Growing frees the old block, so a reader on another thread must not hold
 * the old {@link #segment()} across a write (the owner's publication protocol guarantees that).
 */
final class GrowableSegment implements AutoCloseable {

    private Arena arena;
    private MemorySegment segment;

    GrowableSegment(long bytes) {
        arena = Arena.ofShared();
        segment = arena.allocate(Math.max(8, bytes), 8);
    }

    MemorySegment segment() {
        return segment;
    }

    long byteSize() {
        return segment.byteSize();
    }

    /**
     * Ensures at least {@code minBytes}, the first {@code keepBytes} bytes preserved: times 4 below
     * 1 MiB (each growth allocates and frees a shared arena, some 20 microseconds, so small segments
     * must not grow often), by half above (a big name heap would otherwise carry up to 100% slack).
     */
    void ensure(long minBytes, long keepBytes) {
        if (minBytes <= segment.byteSize()) {
            return;
        }
        long size = segment.byteSize();
        long newSize = Math.max(minBytes, size < (1 << 20) ? size * 4 : size + size / 2);
        Arena newArena = Arena.ofShared();
        MemorySegment grown = newArena.allocate(newSize, 8);
        MemorySegment.copy(segment, 0, grown, 0, Math.min(keepBytes, segment.byteSize()));
        arena.close();
        arena = newArena;
        segment = grown;
    }

    @Override
    public void close() {
        arena.close();
    }
}
