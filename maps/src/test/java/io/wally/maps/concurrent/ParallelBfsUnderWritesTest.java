package io.wally.maps.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.maps.plan.ParallelBfs;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Hop-count BFS from several start nodes at once (the planners' {@link ParallelBfs}, 3 worker threads)
 * on a read view, while the writer keeps blocking and freeing nodes of a 16 x 16 grid. Every table is
 * checked against a BFS over the writer's own record of the version the view showed.
 *
 * <pre>
 *   0 -- 1 -- 2 ...      4-connected, both directions; the writer blocks and frees cells
 *   |    |    |
 *  16 --17 --18 ...
 * </pre>
 */
@Tag("slow")
class ParallelBfsUnderWritesTest {

    private static final int SIDE = 16;
    private static final int NODES = SIDE * SIDE;

    @Test
    void shouldComputeEveryHopTableOnOneConsistentVersionWhileTheWriterRuns() throws InterruptedException {
        ConcurrentHashMap<Long, boolean[]> blockedByVersion = new ConcurrentHashMap<>();
        try (ReplicatedNavGraph graph = ReplicatedNavGraph.create(3, r -> TestGrids.fourConnected(SIDE), 256);
                ParallelBfs bfs = new ParallelBfs(3)) {
            blockedByVersion.put(graph.publishedVersion(), new boolean[NODES]);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    SplittableRandom rnd = new SplittableRandom(5);
                    boolean[] blocked = new boolean[NODES];
                    ReplicatedNavGraph.Writer w = graph.writer();
                    while (!stop.get()) {
                        if (!w.tryClaim()) {
                            LockSupport.parkNanos(20_000);
                            continue;
                        }
                        int n = rnd.nextInt(NODES);
                        blocked[n] = !blocked[n] && rnd.nextInt(4) == 0;
                        w.setBlocked(n, blocked[n]);
                        blockedByVersion.put(w.version(), blocked.clone());
                        w.publish();
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "bfs-writer");
            writer.start();
            ReplicatedNavGraph.Reader reader = graph.newReader();
            int[] sources = {0, 17, 100, 200, 255};
            int[] targets = {5, 50, 128, 240, 255};
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(800);
            int tables = 0;
            long firstVersion = -1;
            long lastVersion = -1;
            while (System.nanoTime() < end && failure.get() == null) {
                int[][] hops;
                long version;
                try (ReplicatedNavGraph.ReadView view = reader.acquire()) {
                    version = view.version();
                    hops = bfs.hops(view, sources, targets);
                    assertThat(view.version()).isEqualTo(version);
                }
                boolean[] blocked = blockedByVersion.get(version);
                assertThat(blocked).as("record of version %d", version).isNotNull();
                for (int i = 0; i < sources.length; i++) {
                    int[] expected = oracle(blocked, sources[i], targets);
                    assertThat(hops[i]).as("hops from %d at version %d", sources[i], version).isEqualTo(expected);
                }
                tables++;
                firstVersion = firstVersion < 0 ? version : firstVersion;
                lastVersion = version;
            }
            stop.set(true);
            writer.join();
            if (failure.get() != null) {
                throw new AssertionError("writer failed", failure.get());
            }
            assertThat(tables).isGreaterThan(10);
            assertThat(lastVersion).as("the writer kept publishing meanwhile").isGreaterThan(firstVersion);
        }
    }

    /** Plain BFS over the recorded blocked flags; -1 when unreachable or an end is blocked. */
    private static int[] oracle(boolean[] blocked, int source, int[] targets) {
        int[] dist = new int[NODES];
        Arrays.fill(dist, -1);
        if (!blocked[source]) {
            ArrayDeque<Integer> queue = new ArrayDeque<>();
            dist[source] = 0;
            queue.add(source);
            while (!queue.isEmpty()) {
                int n = queue.poll();
                int x = n % SIDE;
                int[] next = {x + 1 < SIDE ? n + 1 : -1, x > 0 ? n - 1 : -1, n + SIDE < NODES ? n + SIDE : -1, n - SIDE};
                for (int m : next) {
                    if (m >= 0 && !blocked[m] && dist[m] < 0) {
                        dist[m] = dist[n] + 1;
                        queue.add(m);
                    }
                }
            }
        }
        int[] out = new int[targets.length];
        for (int j = 0; j < targets.length; j++) {
            out[j] = blocked[targets[j]] ? -1 : dist[targets[j]];
        }
        return out;
    }
}
