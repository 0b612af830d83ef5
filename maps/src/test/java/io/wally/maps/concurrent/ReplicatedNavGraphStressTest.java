package io.wally.maps.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.maps.plan.Heuristics;
import io.wally.maps.plan.Path;
import io.wally.maps.plan.Planner;
import io.wally.maps.plan.SearchLimits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The writer mutates a 12 x 12 grid continuously (removes and re-adds edges, changes weights, blocks
 * and frees nodes) while 4 reader threads plan shortest paths (the planners' Dijkstra and A*) on
 * whatever version they acquire. Before
 * each publication the writer records an independent snapshot of that version (its own arrays, not the
 * graph); every reader result is checked against the snapshot of the version the reader reports: each
 * hop is an edge of that version with that weight, no node on the path is blocked, and the cost equals
 * the optimum an independent Dijkstra over the snapshot finds. Bounded to about a second.
 *
 * <pre>
 *   grid, 4-connected, both directions:   0 -- 1 -- 2 ...
 *                                         |    |    |
 *                                        12 --13 --14 ...
 * </pre>
 */
@Tag("slow")
class ReplicatedNavGraphStressTest {

    private static final int SIDE = 12;
    private static final int NODES = SIDE * SIDE;
    private static final int READERS = 4;
    private static final long RUN_NANOS = TimeUnit.MILLISECONDS.toNanos(1200);
    private static final long MAX_RUN_NANOS = TimeUnit.SECONDS.toNanos(20);

    /** One version as the writer knew it: weight[from * NODES + to] (NaN: no edge) and blocked flags. */
    record Snapshot(float[] weight, boolean[] blocked) {
    }

    @ParameterizedTest(name = "{0} replicas")
    @ValueSource(ints = {2, 3, READERS + 2})
    void shouldGiveEveryReaderAValidOptimalPathForTheVersionItReportsWhenTheWriterMutatesContinuously(int replicas)
            throws InterruptedException {
        // given
        ConcurrentHashMap<Long, Snapshot> versions = new ConcurrentHashMap<>();
        float[] weight = new float[NODES * NODES];
        boolean[] blocked = new boolean[NODES];
        Arrays.fill(weight, Float.NaN);
        try (ReplicatedNavGraph graph = ReplicatedNavGraph.create(replicas, r -> TestGrids.fourConnected(SIDE), 1024)) {
            initialModel(weight);
            versions.put(graph.publishedVersion(), new Snapshot(weight.clone(), blocked.clone()));
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicLong checkedPaths = new AtomicLong();
            AtomicLong noPath = new AtomicLong();
            AtomicLong writerPublishes = new AtomicLong();
            CountDownLatch done = new CountDownLatch(READERS + 1);

            // when
            Thread writer = new Thread(() -> {
                try {
                    SplittableRandom rnd = new SplittableRandom(7);
                    ReplicatedNavGraph.Writer w = graph.writer();
                    long end = System.nanoTime() + RUN_NANOS;
                    long hardEnd = System.nanoTime() + MAX_RUN_NANOS;
                    // At least RUN_NANOS, and on a slow or loaded machine on until enough has been checked.
                    while (failure.get() == null && System.nanoTime() < hardEnd
                            && (System.nanoTime() < end || checkedPaths.get() <= 100 || writerPublishes.get() <= 20)) {
                        if (!w.tryClaim()) {
                            LockSupport.parkNanos(20_000); // readers still inside: let them finish
                            continue;
                        }
                        int ops = 1 + rnd.nextInt(4);
                        for (int i = 0; i < ops; i++) {
                            mutate(w, rnd, weight, blocked);
                        }
                        Snapshot snap = new Snapshot(weight.clone(), blocked.clone());
                        versions.put(w.version(), snap);
                        w.publish();
                        writerPublishes.incrementAndGet();
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    stop.set(true);
                    done.countDown();
                }
            }, "stress-writer");
            List<Thread> readers = new ArrayList<>();
            for (int t = 0; t < READERS; t++) {
                int seed = t;
                Thread reader = new Thread(() -> {
                    try {
                        SplittableRandom rnd = new SplittableRandom(100 + seed);
                        ReplicatedNavGraph.Reader handle = graph.newReader();
                        Planner planner = null;
                        while (!stop.get() && failure.get() == null) {
                            int from = rnd.nextInt(NODES);
                            int to = rnd.nextInt(NODES);
                            long version;
                            int[] path;
                            try (ReplicatedNavGraph.ReadView view = handle.acquire()) {
                                version = view.version();
                                if (planner == null) {
                                    planner = new Planner(view); // its cursor follows later acquisitions
                                }
                                Path result = rnd.nextBoolean() ? planner.dijkstra(from, to, SearchLimits.NONE)
                                        : planner.aStar(from, to, Heuristics.manhattan(), SearchLimits.NONE);
                                assertThat(result.graphVersion()).as("version the planner saw").isEqualTo(version);
                                path = result.found() ? result.nodes() : null;
                            }
                            // Checked after leaving the view: the snapshot is the writer's, not the graph.
                            Snapshot snap = versions.get(version);
                            assertThat(snap).as("snapshot of reported version %d", version).isNotNull();
                            if (path == null) {
                                assertThat(oracleCost(snap, from, to)).as("oracle: no path %d->%d at v%d", from, to, version)
                                        .isInfinite();
                                noPath.incrementAndGet();
                            } else {
                                double cost = validate(snap, path, from, to, version);
                                assertThat(cost).as("cost %d->%d at v%d", from, to, version)
                                        .isCloseTo(oracleCost(snap, from, to), Offset.offset(1e-3));
                                checkedPaths.incrementAndGet();
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    } finally {
                        done.countDown();
                    }
                }, "stress-reader-" + t);
                readers.add(reader);
            }
            writer.start();
            readers.forEach(Thread::start);

            // then
            assertThat(done.await(30, TimeUnit.SECONDS)).as("threads finished").isTrue();
            if (failure.get() != null) {
                throw new AssertionError("stress run failed", failure.get());
            }
            assertThat(writerPublishes.get()).as("versions published").isGreaterThan(20);
            assertThat(checkedPaths.get()).as("paths checked").isGreaterThan(100);
            System.out.printf("replicas=%d publishes=%d deferred=%d readerRetries=%d checkedPaths=%d noPath=%d%n",
                    replicas, writerPublishes.get(), graph.deferredClaims(), graph.readerRetries(), checkedPaths.get(), noPath.get());
            for (int r = 0; r < replicas; r++) {
                assertThat(graph.readersInside(r)).isZero();
            }
        }
    }

    private static void initialModel(float[] weight) {
        for (int i = 0; i < NODES; i++) {
            if (i % SIDE + 1 < SIDE) {
                weight[i * NODES + i + 1] = 1f;
                weight[(i + 1) * NODES + i] = 1f;
            }
            if (i + SIDE < NODES) {
                weight[i * NODES + i + SIDE] = 1f;
                weight[(i + SIDE) * NODES + i] = 1f;
            }
        }
    }

    /** One random mutation on the writer view, mirrored in the test's own model. */
    private static void mutate(ReplicatedNavGraph.Writer w, SplittableRandom rnd, float[] weight, boolean[] blocked) {
        int a = rnd.nextInt(NODES);
        int b = neighbour(a, rnd.nextInt(4));
        switch (rnd.nextInt(4)) {
            case 0 -> {
                // Keep about a tenth of the nodes blocked so that most queries still have a path.
                boolean block = !blocked[a] && rnd.nextInt(10) == 0;
                w.setBlocked(a, block);
                blocked[a] = block;
            }
            case 1 -> {
                if (b >= 0 && !Float.isNaN(weight[a * NODES + b])) {
                    float nw = 1f + rnd.nextInt(8);
                    w.setWeight(a, b, nw);
                    weight[a * NODES + b] = nw;
                }
            }
            default -> {
                if (b < 0) {
                    return;
                }
                if (Float.isNaN(weight[a * NODES + b]) || rnd.nextInt(10) != 0) {
                    if (!Float.isNaN(weight[a * NODES + b])) {
                        return; // most of the time: re-add only, so about a tenth of the edges are missing
                    }
                    float nw = 1f + rnd.nextInt(3);
                    w.addEdge(a, b, nw, 0);
                    weight[a * NODES + b] = nw;
                } else {
                    assertThat(w.removeEdge(a, b)).isTrue();
                    weight[a * NODES + b] = Float.NaN;
                }
            }
        }
    }

    private static int neighbour(int n, int dir) {
        int x = n % SIDE;
        int y = n / SIDE;
        return switch (dir) {
            case 0 -> x + 1 < SIDE ? n + 1 : -1;
            case 1 -> x > 0 ? n - 1 : -1;
            case 2 -> y + 1 < SIDE ? n + SIDE : -1;
            default -> y > 0 ? n - SIDE : -1;
        };
    }

    /** Checks the path against the snapshot; returns its cost. */
    private static double validate(Snapshot snap, int[] path, int from, int to, long version) {
        assertThat(path[0]).isEqualTo(from);
        assertThat(path[path.length - 1]).isEqualTo(to);
        double cost = 0;
        for (int i = 0; i < path.length; i++) {
            assertThat(snap.blocked()[path[i]]).as("node %d blocked at v%d", path[i], version).isFalse();
            if (i > 0) {
                float w = snap.weight()[path[i - 1] * NODES + path[i]];
                assertThat(w).as("edge %d->%d exists at v%d", path[i - 1], path[i], version).isNotNaN();
                cost += w;
            }
        }
        return cost;
    }

    /** Independent optimum over the snapshot arrays (O(V^2) Dijkstra). */
    private static double oracleCost(Snapshot snap, int from, int to) {
        if (snap.blocked()[from] || snap.blocked()[to]) {
            return Double.POSITIVE_INFINITY;
        }
        double[] dist = new double[NODES];
        boolean[] done = new boolean[NODES];
        Arrays.fill(dist, Double.POSITIVE_INFINITY);
        dist[from] = 0;
        for (int k = 0; k < NODES; k++) {
            int best = -1;
            for (int n = 0; n < NODES; n++) {
                if (!done[n] && !snap.blocked()[n] && (best < 0 || dist[n] < dist[best])) {
                    best = n;
                }
            }
            if (best < 0 || Double.isInfinite(dist[best])) {
                break;
            }
            done[best] = true;
            for (int m = 0; m < NODES; m++) {
                float w = snap.weight()[best * NODES + m];
                if (!Float.isNaN(w) && !snap.blocked()[m] && dist[best] + w < dist[m]) {
                    dist[m] = dist[best] + w;
                }
            }
        }
        return dist[to];
    }
}
