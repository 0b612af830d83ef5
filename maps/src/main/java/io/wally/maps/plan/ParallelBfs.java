package io.wally.maps.plan;

import io.wally.maps.NavGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * BFS from many sources at once, spread over several threads: for each source, the hop distance to
 * each of a set of targets (e.g. the table of hops between every pair of named places).
 *
 * <p>Each worker thread owns one {@link Planner} and takes sources from a shared counter, so uneven
 * sources balance themselves. The graph is only read; it must be safe for concurrent readers while the
 * call runs (a published read view, or a graph whose writer is paused) and must not change meanwhile.
 *
 * <p>Lifecycle: owns a fixed pool of daemon threads until {@link #close()}. One call at a time per
 * instance; results are independent of the number of threads.
 */
public final class ParallelBfs implements AutoCloseable {

    private final ExecutorService pool;
    private final int threads;

    /** A pool with one thread per available core. */
    public ParallelBfs() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /** A pool of {@code threads} threads, {@code >= 1}. */
    public ParallelBfs(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1; was " + threads);
        }
        this.threads = threads;
        AtomicInteger counter = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "wally-bfs-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Number of worker threads. */
    public int threads() {
        return threads;
    }

    /**
     * Hop distances: {@code result[i][j]} is the fewest edges from {@code sources[i]} to
     * {@code targets[j]}, or -1 when unreachable (or either node is blocked or not live).
     */
    public int[][] hops(NavGraph graph, int[] sources, int[] targets) {
        Objects.requireNonNull(graph, "graph");
        int[] from = sources.clone();
        int[] to = targets.clone();
        int[][] result = new int[from.length][to.length];
        AtomicInteger next = new AtomicInteger();
        int workers = Math.min(threads, Math.max(1, from.length));
        List<Future<?>> futures = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            futures.add(pool.submit(() -> {
                Planner planner = new Planner(graph);
                for (int i = next.getAndIncrement(); i < from.length; i = next.getAndIncrement()) {
                    planner.hopsTo(from[i], to, result[i], 0);
                }
            }));
        }
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for parallel BFS", e);
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("parallel BFS failed", e.getCause());
        }
        return result;
    }

    /** Stops the worker threads. */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}
