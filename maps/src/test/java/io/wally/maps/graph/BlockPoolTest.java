package io.wally.maps.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wally.maps.PoolStats;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

final class BlockPoolTest {

    private static final ValueLayout.OfLong L = ValueLayout.JAVA_LONG_UNALIGNED;

    @Test
    void shouldHandOutDistinctBlocksAndGrowByPagesWhenAllocating() {
        try (BlockPool pool = new BlockPool("t", 24, 8)) {
            Set<Integer> handles = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                int b = pool.allocate();
                assertThat(handles.add(b)).isTrue();
                pool.page(b).set(L, pool.offsetInPage(b), 1000L + i);
                pool.page(b).set(L, pool.offsetInPage(b) + 16, -i);
            }
            PoolStats s = pool.stats();
            assertThat(s.pages()).isEqualTo(3);
            assertThat(s.capacityBlocks()).isEqualTo(24);
            assertThat(s.inUseBlocks()).isEqualTo(20);
            assertThat(s.reservedBytes()).isEqualTo(24 * 24);
            assertThat(s.inUseBytes()).isEqualTo(20 * 24);
            // every block kept its own data: no overlap
            int i = 0;
            for (int b = 0; b < 20; b++, i++) {
                assertThat(pool.page(b).get(L, pool.offsetInPage(b))).isEqualTo(1000L + b);
                assertThat(pool.page(b).get(L, pool.offsetInPage(b) + 16)).isEqualTo(-b);
            }
            for (int b = 0; b < 20; b++) {
                pool.free(b);
            }
            assertThat(pool.release().isClean()).isTrue();
        }
    }

    @Test
    void shouldReuseFreedBlocksBeforeGrowingWhenFreed() {
        try (BlockPool pool = new BlockPool("t", 8, 4)) {
            int a = pool.allocate();
            int b = pool.allocate();
            int c = pool.allocate();
            pool.free(b);
            pool.free(a);
            assertThat(pool.allocate()).isEqualTo(a); // LIFO free list
            assertThat(pool.allocate()).isEqualTo(b);
            assertThat(pool.stats().pages()).isEqualTo(1);
            PoolStats s = pool.stats();
            assertThat(s.allocations()).isEqualTo(5);
            assertThat(s.frees()).isEqualTo(2);
            assertThat(s.inUseBlocks()).isEqualTo(3);
            assertThat(s.peakInUseBlocks()).isEqualTo(3);
            pool.free(a);
            pool.free(b);
            pool.free(c);
            assertThat(pool.stats().peakInUseBlocks()).isEqualTo(3);
            assertThat(pool.stats().inUseBlocks()).isZero();
        }
    }

    @Test
    void shouldReportDoubleFreeWhenBlockIsAlreadyFree() {
        try (BlockPool pool = new BlockPool("edges", 16, 4)) {
            int a = pool.allocate();
            int b = pool.allocate();
            pool.free(a);
            PoolStats before = pool.stats();
            assertThatThrownBy(() -> pool.free(a))
                    .isInstanceOfSatisfying(BlockPoolException.class,
                            e -> assertThat(e.reason()).isEqualTo(BlockPoolException.Reason.DOUBLE_FREE))
                    .hasMessage("double free of block 0 in pool 'edges': it is already free");
            assertThat(pool.stats()).isEqualTo(before);
            // the free list is intact: the next two allocations are a, then a fresh block
            assertThat(pool.allocate()).isEqualTo(a);
            assertThat(pool.allocate()).isNotIn(a, b);
        }
    }

    @Test
    void shouldReportForeignHandleWhenPoolNeverHandedItOut() {
        try (BlockPool pool = new BlockPool("edges", 16, 4)) {
            pool.allocate();
            for (int bad : new int[] {-1, 1, 4, Integer.MAX_VALUE}) {
                assertThatThrownBy(() -> pool.free(bad))
                        .isInstanceOfSatisfying(BlockPoolException.class,
                                e -> assertThat(e.reason()).isEqualTo(BlockPoolException.Reason.FOREIGN_BLOCK))
                        .hasMessage("block " + bad + " is not from pool 'edges' (handed out handles are 0..0)");
            }
            assertThat(pool.stats().inUseBlocks()).isEqualTo(1);
        }
    }

    @Test
    void shouldReportForeignMemoryWhenSegmentIsFromElsewhere() {
        try (BlockPool pool = new BlockPool("edges", 16, 4); BlockPool other = new BlockPool("other", 16, 4);
             Arena arena = Arena.ofConfined()) {
            pool.allocate();
            MemorySegment fromOtherPool = other.segment(other.allocate());
            MemorySegment fromArena = arena.allocate(16);
            for (MemorySegment bad : List.of(fromOtherPool, fromArena, MemorySegment.ofArray(new byte[16]))) {
                assertThatThrownBy(() -> pool.free(bad))
                        .isInstanceOfSatisfying(BlockPoolException.class,
                                e -> assertThat(e.reason()).isEqualTo(BlockPoolException.Reason.FOREIGN_BLOCK))
                        .hasMessageContaining("is not in any of the 1 page(s) of pool 'edges'");
            }
            assertThat(pool.stats().inUseBlocks()).isEqualTo(1);
            other.free(fromOtherPool);
        }
    }

    @Test
    void shouldReportMisalignedMemoryWhenSegmentIsOffABlockBoundary() {
        try (BlockPool pool = new BlockPool("edges", 16, 4)) {
            int a = pool.allocate();
            MemorySegment block = pool.segment(a);
            MemorySegment page = pool.page(a);
            MemorySegment shifted = page.asSlice(pool.offsetInPage(a) + 4, 16);
            MemorySegment wrongSize = page.asSlice(pool.offsetInPage(a), 8);
            for (MemorySegment bad : List.of(shifted, wrongSize)) {
                assertThatThrownBy(() -> pool.free(bad))
                        .isInstanceOfSatisfying(BlockPoolException.class,
                                e -> assertThat(e.reason()).isEqualTo(BlockPoolException.Reason.MISALIGNED_BLOCK))
                        .hasMessageContaining("is not a block of pool 'edges' (blocks are 16 bytes");
            }
            assertThat(pool.isAllocated(a)).isTrue();
            pool.free(block);
            assertThat(pool.isAllocated(a)).isFalse();
        }
    }

    @Test
    void shouldReportLeakedBlocksWhenClosedWithBlocksAllocated() {
        // given
        BlockPool pool = new BlockPool("edges", 32, 4);
        int a = pool.allocate();
        int b = pool.allocate();
        int c = pool.allocate();
        pool.free(b);
        // when
        PoolLeakReport report = pool.release();
        // then
        assertThat(report.isClean()).isFalse();
        assertThat(report.leakedBlocks()).isEqualTo(2);
        assertThat(report.leakedBytes()).isEqualTo(64);
        assertThat(report.firstLeaked()).containsExactly(a, c);
        assertThat(report.toString())
                .isEqualTo("pool 'edges': 2 block(s) (64 bytes) still allocated at close, first [0, 2]");
        assertThat(pool.release().isClean()).as("second release").isTrue();
        assertThatThrownBy(pool::allocate).isInstanceOfSatisfying(BlockPoolException.class,
                e -> assertThat(e.reason()).isEqualTo(BlockPoolException.Reason.CLOSED));
    }

    @Test
    void shouldLogLeakWarningWhenClosedWithBlocksAllocated() {
        // given a handler on the pool's logger (System.Logger's default backend is java.util.logging)
        Logger logger = Logger.getLogger(BlockPool.class.getName());
        List<LogRecord> records = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            BlockPool clean = new BlockPool("clean", 8, 4);
            clean.free(clean.allocate());
            clean.close();
            assertThat(records).as("no warning for a clean pool").isEmpty();
            // when
            BlockPool leaky = new BlockPool("leaky", 8, 4);
            leaky.allocate();
            leaky.close();
            // then
            assertThat(records).singleElement().satisfies(r -> {
                assertThat(r.getLevel()).isEqualTo(Level.WARNING);
                assertThat(r.getMessage()).isEqualTo("pool 'leaky': 1 block(s) (8 bytes) still allocated at close, first [0]");
            });
        } finally {
            logger.removeHandler(handler);
        }
    }

    @Test
    void shouldMeasureFragmentationWhenFreeBlocksAreStrandedInLivePages() {
        try (BlockPool pool = new BlockPool("t", 8, 4)) {
            List<Integer> blocks = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                blocks.add(pool.allocate());
            }
            assertThat(pool.stats().fragmentation()).isZero();
            // free 3 of page 0 (stranded: page 0 keeps one live block) and all 4 of page 1 (not stranded)
            for (int i = 1; i < 8; i++) {
                pool.free(blocks.get(i));
            }
            assertThat(pool.stats().fragmentation()).isEqualTo(3.0 / 8);
            pool.free(blocks.get(0));
            assertThat(pool.stats().fragmentation()).isZero();
            pool.reset();
            assertThat(pool.stats().pages()).isZero();
            assertThat(pool.allocate()).isZero();
        }
    }

    @Test
    void shouldRefuseResetWhenBlocksAreAllocated() {
        try (BlockPool pool = new BlockPool("t", 8, 4)) {
            int a = pool.allocate();
            assertThatThrownBy(pool::reset).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("1 block(s) (8 bytes) still allocated");
            pool.free(a);
        }
    }

    @Test
    void shouldKeepBookkeepingExactWhenRandomAllocateFreeSequencesRun() {
        Random random = new Random(42);
        try (BlockPool pool = new BlockPool("t", 12, 16)) {
            List<Integer> live = new ArrayList<>();
            Set<Integer> liveSet = new HashSet<>();
            for (int step = 0; step < 20_000; step++) {
                if (live.isEmpty() || random.nextInt(3) > 0) {
                    int b = pool.allocate();
                    assertThat(liveSet.add(b)).as("block %d handed out twice", b).isTrue();
                    live.add(b);
                    pool.page(b).set(ValueLayout.JAVA_INT_UNALIGNED, pool.offsetInPage(b) + 8, b);
                } else {
                    int b = live.remove(random.nextInt(live.size()));
                    assertThat(pool.page(b).get(ValueLayout.JAVA_INT_UNALIGNED, pool.offsetInPage(b) + 8)).isEqualTo(b);
                    liveSet.remove(b);
                    pool.free(b);
                }
            }
            PoolStats s = pool.stats();
            assertThat(s.inUseBlocks()).isEqualTo(live.size());
            assertThat(s.allocations() - s.frees()).isEqualTo(live.size());
            assertThat(s.capacityBlocks()).isGreaterThanOrEqualTo(s.peakInUseBlocks());
            assertThat(s.capacityBlocks() - s.peakInUseBlocks()).isLessThan(16);
            for (int b : live) {
                pool.free(b);
            }
        }
    }

    @Test
    void shouldRejectBadGeometryWhenConstructed() {
        assertThatThrownBy(() -> new BlockPool("t", 3, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("block size must be >= 4 bytes; was 3");
        assertThatThrownBy(() -> new BlockPool("t", 8, 6)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("blocks per page must be a power of two >= 1; was 6");
    }
}
