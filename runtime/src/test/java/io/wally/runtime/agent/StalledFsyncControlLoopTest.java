package io.wally.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.maps.store.Durability;
import io.wally.maps.store.GraphStore;
import io.wally.maps.store.LogSync;
import io.wally.maps.store.StoreOptions;
import io.wally.runtime.WallyRuntime;
import io.wally.runtime.command.MapEdit;
import io.wally.runtime.command.Place;
import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control loop on its own threads (composed: sensor, map and motion agents on one runner) while
 * the map store's disk takes 200 ms per fsync — a slow file system stand-in ({@link LogSync}) — and
 * map edits arrive under {@code SYNC} with the store's non-blocking writer: the fsyncs run on the
 * log's flusher thread only, the loop keeps running cycles at its period while each edit waits, and
 * each edit's reply comes only once its record is durable.
 */
@Tag("slow")
class StalledFsyncControlLoopTest {

    private static final Path SIM_CONFIG = Path.of("../robot-config/sim.yaml");
    private static final long STALL_MILLIS = 200;
    private static final int EDITS = 5;

    @TempDir
    Path tmp;

    /** A disk that takes {@link #STALL_MILLIS} per fsync; remembers which threads waited for it. */
    private static final class SlowDisk implements LogSync {
        final Set<String> forcingThreads = ConcurrentHashMap.newKeySet();

        @Override
        public void force(FileChannel channel) throws IOException {
            forcingThreads.add(Thread.currentThread().getName());
            try {
                Thread.sleep(STALL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted in a stalled fsync", e);
            }
            channel.force(false);
        }
    }

    @Test
    void shouldKeepTheControlPeriodWhileMapEditsWaitForAStalledFsyncWhenTheWriterIsNonBlocking() throws Exception {
        WallyConfig config = new ConfigLoader().load(SIM_CONFIG);
        long periodNanos = TimeUnit.SECONDS.toNanos(1) / config.control().loopHz();
        SlowDisk disk = new SlowDisk();
        // plain SYNC options, as a user would configure them: the runtime itself opens the store with a non-blocking writer
        StoreOptions options = StoreOptions.defaults().withDurability(Durability.SYNC).withLogSync(disk);
        try (FakeRobot robot = new FakeRobot(System::nanoTime);
                WallyRuntime runtime = WallyRuntime.builder(config, robot).store(tmp.resolve("store"), options).start()) {
            GraphStore store = runtime.store().orElseThrow();
            PipelineCounters counters = runtime.counters();
            disk.forcingThreads.clear(); // start-up (import, checkpoint) ran on this thread: not the loop
            Thread.sleep(300); // the loop is running and warm
            // given a sampler that measures the longest time without a control cycle
            AtomicBoolean sampling = new AtomicBoolean(true);
            AtomicLong longestGapNanos = new AtomicLong();
            Thread sampler = Thread.ofPlatform().daemon().start(() -> {
                long seen = counters.controlCycles.get();
                long seenAt = System.nanoTime();
                while (sampling.get()) {
                    long now = System.nanoTime();
                    long cycles = counters.controlCycles.get();
                    if (cycles != seen) {
                        seen = cycles;
                        seenAt = now;
                    } else {
                        longestGapNanos.accumulateAndGet(now - seenAt, Math::max);
                    }
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            long cyclesBefore = counters.controlCycles.get();
            long t0 = System.nanoTime();

            // when operators block and free the hallway, one edit after another, each acknowledged only once durable
            List<Long> replyMillis = new ArrayList<>();
            for (int i = 0; i < EDITS; i++) {
                SimHarness.Reply edit = new SimHarness.Reply();
                long sent = System.nanoTime();
                runtime.editMap(new MapEdit.SetBlocked(Place.of("hallway"), i % 2 == 0), edit);
                Object result = edit.result.get(20, TimeUnit.SECONDS);
                replyMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent));
                assertThat(edit.errorCode).as("%s", result).isNull();
                long lsn = (long) ((Map<?, ?>) result).get("lsn");
                assertThat(store.durableLsn()).as("edit %d acknowledged before durable", i).isGreaterThanOrEqualTo(lsn);
            }
            long elapsedNanos = System.nanoTime() - t0;
            long cycles = counters.controlCycles.get() - cyclesBefore;
            sampling.set(false);
            sampler.join(5_000);

            // then every fsync ran on the log's flusher, none on the control runner
            assertThat(disk.forcingThreads).isNotEmpty().allSatisfy(name -> assertThat(name).startsWith("wal-flusher-"));
            // and each reply waited for its stalled fsync
            assertThat(replyMillis).allSatisfy(ms -> assertThat(ms).isGreaterThanOrEqualTo(STALL_MILLIS));
            // while the loop kept its period: no pause as long as one fsync, and most cycles run
            long expectedCycles = elapsedNanos / periodNanos;
            System.out.printf("stalled fsync: %d edits in %d ms, replies %s ms, %d control cycles (period %d ms: %d expected),"
                    + " longest gap %.1f ms%n", EDITS, TimeUnit.NANOSECONDS.toMillis(elapsedNanos), replyMillis, cycles,
                    TimeUnit.NANOSECONDS.toMillis(periodNanos), expectedCycles, longestGapNanos.get() / 1e6);
            assertThat(longestGapNanos.get()).as("longest time without a control cycle, ns")
                    .isLessThan(TimeUnit.MILLISECONDS.toNanos(STALL_MILLIS));
            assertThat(cycles).as("control cycles in %d ms", TimeUnit.NANOSECONDS.toMillis(elapsedNanos)).isGreaterThan(expectedCycles / 2);
            assertThat(counters.watchdogTrips.get()).isZero();
        }
    }
}
