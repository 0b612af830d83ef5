package io.wally.maps.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.wally.maps.MutableNavGraph;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The non-blocking writer ({@link StoreOptions#nonBlockingWriter()}): on a slow file system — a
 * {@link LogSync} that sleeps or waits for a latch before forcing, with real segment files — mutation
 * methods return without waiting for an fsync under SYNC and GROUP, {@link GraphStore#durableLsn()}
 * advances only once the fsync is done, acknowledged records survive, and a backlog beyond the limit
 * refuses mutations without changing anything. The blocking writer keeps its contract.
 */
final class NonBlockingWriterTest {

    private static final long STALL_MILLIS = 200;

    @TempDir
    Path dir;

    /** A slow file system: every force sleeps first, and records the threads that forced. */
    private static final class SleepingSync implements LogSync {
        final Set<Thread> forcingThreads = ConcurrentHashMap.newKeySet();
        final AtomicInteger completed = new AtomicInteger();

        @Override
        public void force(FileChannel channel) throws IOException {
            forcingThreads.add(Thread.currentThread());
            try {
                Thread.sleep(STALL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted in a stalled fsync", e);
            }
            channel.force(false);
            completed.incrementAndGet();
        }
    }

    /** A stuck file system: every force waits until the test opens the gate. */
    private static final class GatedSync implements LogSync {
        private volatile CountDownLatch gate = new CountDownLatch(1);
        final AtomicInteger entered = new AtomicInteger();

        @Override
        public void force(FileChannel channel) throws IOException {
            entered.incrementAndGet();
            try {
                if (!gate.await(30, TimeUnit.SECONDS)) {
                    throw new IOException("the test never opened the fsync gate");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted at the fsync gate", e);
            }
            channel.force(false);
        }

        void open() {
            gate.countDown();
        }

        void close() {
            gate = new CountDownLatch(1);
        }
    }

    private static StoreOptions nonBlocking(Durability durability, LogSync sync) {
        return StoreOptions.defaults().withDurability(durability).withNonBlockingWriter(true).withLogSync(sync);
    }

    @ParameterizedTest
    @EnumSource(value = Durability.class, names = {"SYNC", "GROUP"})
    void shouldReturnFromMutationsBeforeTheStalledFsyncEndsWhenNonBlocking(Durability durability) {
        SleepingSync slow = new SleepingSync();
        try (GraphStore store = GraphStore.open(dir, nonBlocking(durability, slow))) {
            MutableNavGraph g = store.graph();
            // when the writer makes 20 mutations on a file system that takes 200 ms per fsync
            long startNanos = System.nanoTime();
            long slowestCallNanos = 0;
            for (int i = 0; i < 20; i++) {
                long t0 = System.nanoTime();
                int n = g.addNode(i, 0f);
                g.setBlocked(n, true);
                slowestCallNanos = Math.max(slowestCallNanos, System.nanoTime() - t0);
            }
            long lastLsn = store.lastLsn();
            long durableRightAfter = store.durableLsn();
            int fsyncsDoneRightAfter = slow.completed.get();
            // then no call waited for an fsync: none ran on the writer thread, and all 40 returned
            // while the first stalled fsync was still under way
            assertThat(slow.forcingThreads).doesNotContain(Thread.currentThread());
            assertThat(fsyncsDoneRightAfter).as("fsyncs finished while the writer made 40 mutations").isZero();
            assertThat(durableRightAfter).as("durable LSN right after the mutations").isLessThan(lastLsn);
            assertThat(TimeUnit.NANOSECONDS.toMillis(slowestCallNanos)).as("slowest mutation call, ms").isLessThan(STALL_MILLIS);
            // and durableLsn reaches them only after the stall
            store.awaitDurable(lastLsn);
            assertThat(System.nanoTime() - startNanos).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(STALL_MILLIS));
            assertThat(slow.completed.get()).isPositive();
            assertThat(store.durableLsn()).isEqualTo(40);
        }
        try (GraphStore reopened = GraphStore.open(dir, StoreOptions.defaults())) {
            assertThat(reopened.lastLsn()).isEqualTo(40);
            assertThat(reopened.graph().isBlocked(19)).isTrue();
        }
    }

    @Test
    void shouldFsyncOnTheCallingThreadAndAcknowledgeOnReturnWhenSyncIsBlocking() {
        // given the default (blocking) writer on the same slow file system
        SleepingSync slow = new SleepingSync();
        try (GraphStore store = GraphStore.open(dir, StoreOptions.defaults().withDurability(Durability.SYNC).withLogSync(slow))) {
            // when
            long t0 = System.nanoTime();
            store.graph().addNode(1f, 2f);
            long elapsedNanos = System.nanoTime() - t0;
            // then the old contract: returning is the acknowledgement, paid for by the caller
            assertThat(store.durableLsn()).isEqualTo(1);
            assertThat(slow.forcingThreads).containsExactly(Thread.currentThread());
            assertThat(elapsedNanos).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(STALL_MILLIS));
            assertThat(store.logBacklogBytes()).isZero();
        }
    }

    @Test
    void shouldGrowTheBatchBeyondTheBlockingWritersLimitWhileTheFsyncIsStuckWhenGroup() throws Exception {
        GatedSync stuck = new GatedSync();
        byte[] value = new byte[1 << 20];
        try (GraphStore store = GraphStore.open(dir, nonBlocking(Durability.GROUP, stuck))) {
            MutableNavGraph g = store.graph();
            int n = g.addNode(0f, 0f);
            awaitEntered(stuck, 1);
            // when 20 MiB are logged while the first fsync cannot finish (a blocking writer waits at 16 MiB)
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                for (int i = 0; i < 20; i++) {
                    value[0] = (byte) i;
                    g.setProperty(n, "k" + i, value);
                }
            }, "the writer waited for the stuck fsync");
            // then nothing past the first record is durable, and the backlog says how much waits
            assertThat(store.durableLsn()).isLessThan(21);
            assertThat(store.logBacklogBytes()).isGreaterThan(20L << 20);
            // when the file system recovers
            stuck.open();
            store.awaitDurable(21);
            // then
            assertThat(store.logBacklogBytes()).isZero();
        }
        try (GraphStore reopened = GraphStore.open(dir, StoreOptions.defaults())) {
            assertThat(reopened.lastLsn()).isEqualTo(21);
            assertThat(reopened.graph().property(0, "k19")).hasValueSatisfying(v -> assertThat(v[0]).isEqualTo((byte) 19));
        }
    }

    @Test
    void shouldKeepAcknowledgedRecordsWhenTheProcessDiesDuringAStalledFsync() throws Exception {
        GatedSync stuck = new GatedSync();
        Path copy = dir.resolve("after-crash");
        Path storeDir = dir.resolve("store");
        long ackedChecksum;
        try (GraphStore store = GraphStore.open(storeDir, nonBlocking(Durability.SYNC, stuck))) {
            MutableNavGraph g = store.graph();
            // given two acknowledged mutations
            stuck.open();
            int a = g.addNode("dock", 0f, 0f);
            g.addNode(1f, 0f);
            store.awaitDurable(2);
            ackedChecksum = StateChecksum.of(g);
            // and a third whose fsync is stuck
            stuck.close();
            int forcesBefore = stuck.entered.get();
            g.addEdge(a, 1, 1f, 0);
            awaitEntered(stuck, forcesBefore + 1);
            assertThat(store.durableLsn()).isEqualTo(2);
            // when the process dies now: its files as they are (page cache included)
            copyStore(storeDir, copy);
            stuck.open();
        }
        // then the copy opens to the acknowledged state or beyond it, exactly a prefix of the log
        try (GraphStore recovered = GraphStore.open(copy, StoreOptions.defaults())) {
            assertThat(recovered.lastLsn()).isBetween(2L, 3L);
            assertThat(recovered.graph().nodeId("dock")).isZero();
            if (recovered.lastLsn() == 2) {
                assertThat(StateChecksum.of(recovered.graph())).isEqualTo(ackedChecksum);
            } else {
                assertThat(recovered.graph().hasEdge(0, 1)).isTrue();
            }
        }
    }

    @Test
    void shouldRefuseMutationsWithoutChangingAnythingWhenTheBacklogReachesItsLimit() throws Exception {
        GatedSync stuck = new GatedSync();
        long limit = 64 << 10;
        byte[] value = new byte[1000];
        long refusedAtLsn;
        long checksumAtRefusal;
        try (GraphStore store = GraphStore.open(dir, nonBlocking(Durability.GROUP, stuck).withLogBacklogLimitBytes(limit))) {
            MutableNavGraph g = store.graph();
            int n = g.addNode("dock", 0f, 0f);
            awaitEntered(stuck, 1);
            assertThat(store.acceptsMutations()).isTrue();
            // when ~1 KiB properties are logged while the fsync is stuck, until the store refuses one
            int accepted = 0;
            LogBacklogFullException refusal = null;
            while (refusal == null && accepted < 1000) {
                long lsnBefore = store.lastLsn();
                long checksumBefore = StateChecksum.of(g);
                try {
                    g.setProperty(n, "k" + accepted, value);
                    accepted++;
                } catch (LogBacklogFullException e) {
                    refusal = e;
                    // then the refused mutation changed nothing
                    assertThat(store.lastLsn()).isEqualTo(lsnBefore);
                    assertThat(StateChecksum.of(g)).isEqualTo(checksumBefore);
                    assertThat(g.property(n, "k" + accepted)).isEmpty();
                }
            }
            assertThat(refusal).as("a refusal within 1000 properties").isNotNull();
            assertThat(refusal.getMessage()).contains("limit of " + limit + " bytes", "nothing was changed");
            assertThat(accepted).isBetween(50, 64);
            assertThat(store.logBacklogBytes()).isLessThanOrEqualTo(limit);
            assertThat(store.acceptsMutations()).isFalse();
            // and small records fill the rest of the room exactly, up to the limit and not beyond
            LogBacklogFullException smallRefusal = null;
            for (int labels = 1; smallRefusal == null && labels < 10_000; labels++) {
                long lsnBefore = store.lastLsn();
                try {
                    g.setLabels(n, labels);
                } catch (LogBacklogFullException e) {
                    smallRefusal = e;
                    assertThat(store.lastLsn()).isEqualTo(lsnBefore);
                    assertThat(g.labels(n)).isEqualTo(labels - 1);
                }
            }
            assertThat(smallRefusal).isNotNull();
            int labelsRecordBytes = 25;
            assertThat(store.logBacklogBytes()).isBetween(limit - labelsRecordBytes + 1, limit);
            refusedAtLsn = store.lastLsn();
            checksumAtRefusal = StateChecksum.of(g);
            // the store is healthy: when the fsync completes, it accepts mutations again
            stuck.open();
            store.awaitDurable(refusedAtLsn);
            assertThat(store.logBacklogBytes()).isZero();
            assertThat(store.acceptsMutations()).isTrue();
            g.setBlocked(n, true);
            assertThat(store.lastLsn()).isEqualTo(refusedAtLsn + 1);
        }
        // and the log holds exactly what was accepted
        try (GraphStore reopened = GraphStore.open(dir, StoreOptions.defaults())) {
            assertThat(reopened.lastLsn()).isEqualTo(refusedAtLsn + 1);
            reopened.graph().setBlocked(0, false);
            assertThat(StateChecksum.of(reopened.graph())).isEqualTo(checksumAtRefusal);
        }
    }

    @Test
    void shouldAcceptMutationsAgainstTheLimitOnlyWithTheNonBlockingWriter() {
        // given the blocking writer with the smallest limit: the limit does not apply (it waits instead)
        try (GraphStore store = GraphStore.open(dir, StoreOptions.defaults().withLogBacklogLimitBytes(64 << 10))) {
            MutableNavGraph g = store.graph();
            int n = g.addNode(0f, 0f);
            // when a record larger than the limit is logged
            g.setProperty(n, "big", new byte[128 << 10]);
            // then
            assertThat(store.commit()).isEqualTo(2);
            assertThat(store.acceptsMutations()).isTrue();
        }
        // and with the non-blocking writer such a record is refused up front
        try (GraphStore store = GraphStore.open(dir, StoreOptions.defaults().withNonBlockingWriter(true).withLogBacklogLimitBytes(64 << 10))) {
            assertThatThrownBy(() -> store.graph().setProperty(0, "big2", new byte[128 << 10]))
                    .isInstanceOf(LogBacklogFullException.class).hasMessageContaining("SET_PROPERTY");
            assertThat(store.graph().property(0, "big2")).isEmpty();
            assertThat(store.lastLsn()).isEqualTo(2);
        }
    }

    @Test
    void shouldRejectALimitOutsideItsRange() {
        assertThatThrownBy(() -> StoreOptions.defaults().withLogBacklogLimitBytes(1000))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("logBacklogLimitBytes must be in [64 KiB, 1 GiB]; was 1000");
        assertThatThrownBy(() -> StoreOptions.defaults().withLogSync(null)).isInstanceOf(NullPointerException.class);
    }

    private static void awaitEntered(GatedSync sync, int forces) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sync.entered.get() < forces) {
            assertThat(System.nanoTime()).as("the flusher reached fsync %d", forces).isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    /** Copies a store's files (not its lock) as a crash leaves them. */
    private static void copyStore(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                if (!f.getFileName().toString().equals(StoreFiles.LOCK)) {
                    Files.copy(f, to.resolve(f.getFileName()));
                }
            }
        }
    }
}
