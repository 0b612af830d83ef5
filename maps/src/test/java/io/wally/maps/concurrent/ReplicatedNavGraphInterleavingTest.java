package io.wally.maps.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.maps.EdgeCursor;
import io.wally.maps.MutableNavGraph;
import io.wally.maps.NavGraph;
import io.wally.maps.ReferenceGraph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Steps the writer and readers of {@link ReplicatedNavGraph} through every interleaving of the
 * protocol's shared-memory steps (the {@link ProtocolProbe} points) on small cases, with a
 * {@link DeterministicScheduler}. Each reader checks, while it holds a view, that the view's content is
 * exactly what the writer published as that version, and that it does not change under it (a yield
 * point in the middle of the hold lets the writer run there). After every schedule: no reader count
 * leaked, the writer can claim again, and every replica catches up to the same content.
 *
 * <pre>
 *   test graph: 0 --1--> 1 --1--> 2 --1--> 3   (the writer changes weights and blocks nodes)
 * </pre>
 */
@Tag("slow")
class ReplicatedNavGraphInterleavingTest {

    private static final int HOLD = 100; // harness point in the middle of a reader's hold

    @Test
    void shouldNeverLetAWriteReachAHeldReplicaWhenOneReaderRacesTheWriterOnTwoReplicas() {
        long schedules = explore(2, 2, new int[] {1}, Integer.MAX_VALUE);
        assertThat(schedules).as("every order of the writer's and the reader's steps").isGreaterThan(500);
    }

    @Test
    void shouldNeverLetAWriteReachAHeldReplicaWhenOneReaderRacesTheWriterOnThreeReplicas() {
        long schedules = explore(3, 2, new int[] {1}, Integer.MAX_VALUE);
        assertThat(schedules).as("every order of the writer's and the reader's steps").isGreaterThan(500);
    }

    @Test
    void shouldStaySafeWhenTwoReadersRaceTheWriterWithUpToTwoPreemptions() {
        long schedules = explore(2, 2, new int[] {1, 1}, 2);
        assertThat(schedules).isGreaterThan(100);
    }

    @Test
    void shouldStaySafeWhenTwoReadersRaceAThreeRoundWriterOnThreeReplicasWithUpToTwoPreemptions() {
        long schedules = explore(3, 3, new int[] {1, 2}, 2);
        assertThat(schedules).isGreaterThan(100);
    }

    private static long explore(int replicas, int writerRounds, int[] readerAcquisitions, int maxPreemptions) {
        DeterministicScheduler scheduler = new DeterministicScheduler(maxPreemptions);
        DeterministicScheduler.Run[] holder = new DeterministicScheduler.Run[1];
        scheduler.exploreAll(() -> new ProtocolScenario(replicas, writerRounds, readerAcquisitions, holder), holder);
        System.out.printf("replicas=%d writerRounds=%d readers=%s preemptions<=%d: %d schedules%n", replicas, writerRounds,
                Arrays.toString(readerAcquisitions), maxPreemptions, scheduler.schedules());
        return scheduler.schedules();
    }

    private static final class ProtocolScenario implements DeterministicScheduler.Scenario {
        private final ReplicatedNavGraph graph;
        private final int writerRounds;
        private final int[] readerAcquisitions;
        private final Map<Long, Long> expectedChecksum = new HashMap<>();
        private final ProtocolProbe probe;

        ProtocolScenario(int replicas, int writerRounds, int[] readerAcquisitions, DeterministicScheduler.Run[] holder) {
            this.writerRounds = writerRounds;
            this.readerAcquisitions = readerAcquisitions;
            this.probe = point -> {
                if (point != ProtocolProbe.READER_LEAVING) { // redundant with HOLD: fewer, equivalent schedules
                    holder[0].yieldPoint();
                }
            };
            this.graph = new ReplicatedNavGraph(replicas, r -> chain(), 64, probe);
            synchronized (expectedChecksum) {
                expectedChecksum.put(graph.publishedVersion(), checksum(chain()));
            }
        }

        @Override
        public List<Runnable> actors() {
            List<Runnable> actors = new ArrayList<>();
            actors.add(this::writer);
            for (int acquisitions : readerAcquisitions) {
                actors.add(() -> reader(acquisitions));
            }
            return actors;
        }

        @Override
        public ProtocolProbe probe() {
            return probe;
        }

        private void writer() {
            ReplicatedNavGraph.Writer w = graph.writer();
            for (int round = 0; round < writerRounds; round++) {
                if (w.tryClaim()) {
                    mutate(w, round);
                    long expected = checksum(w);
                    long version = w.publish();
                    synchronized (expectedChecksum) {
                        expectedChecksum.put(version, expected);
                    }
                }
            }
        }

        private void reader(int acquisitions) {
            ReplicatedNavGraph.Reader reader = graph.newReader();
            for (int i = 0; i < acquisitions; i++) {
                try (ReplicatedNavGraph.ReadView view = reader.acquire()) {
                    long version = view.version();
                    long seen = checksum(view);
                    Long expected;
                    synchronized (expectedChecksum) {
                        expected = expectedChecksum.get(version);
                    }
                    assertThat(expected).as("version %d was published", version).isNotNull();
                    assertThat(seen).as("content of version %d", version).isEqualTo(expected);
                    probe.at(HOLD);
                    assertThat(view.version()).as("version changed while held").isEqualTo(version);
                    assertThat(checksum(view)).as("content changed while held").isEqualTo(seen);
                }
            }
        }

        @Override
        public void afterAll() {
            for (int r = 0; r < graph.replicaCount(); r++) {
                assertThat(graph.readersInside(r)).as("readers left inside replica %d", r).isZero();
            }
            ReplicatedNavGraph.Writer w = graph.writer();
            ReplicatedNavGraph.Reader reader = graph.newReader();
            for (int round = 0; round < graph.replicaCount() + 1; round++) {
                assertThat(w.tryClaim()).as("writer claims a replica once readers left").isTrue();
                mutate(w, 10 + round);
                long expected = checksum(w);
                long version = w.publish();
                try (ReplicatedNavGraph.ReadView view = reader.acquire()) {
                    assertThat(view.version()).isEqualTo(version);
                    assertThat(checksum(view)).as("replica %d after catching up", view.replica()).isEqualTo(expected);
                }
            }
            // Two records per round; the replica furthest behind misses at most the last replicaCount - 1 rounds.
            assertThat(graph.pendingLogRecords()).as("log reclaimed once all replicas applied it")
                    .isLessThanOrEqualTo(2 * (graph.replicaCount() - 1));
        }

        @Override
        public void close() {
            graph.close();
        }

        private static void mutate(MutableNavGraph g, int round) {
            g.setWeight(0, 1, 2f + round);
            g.setBlocked(1 + round % 3, !g.isBlocked(1 + round % 3));
        }
    }

    /** {@code 0 -> 1 -> 2 -> 3}, weight 1 each. */
    static ReferenceGraph chain() {
        ReferenceGraph g = new ReferenceGraph();
        for (int i = 0; i < 4; i++) {
            g.addNode(i, 0);
        }
        for (int i = 0; i < 3; i++) {
            g.addEdge(i, i + 1, 1f, 0);
        }
        return g;
    }

    /** Order-independent digest of nodes (blocked flag) and edges (from, to, weight). */
    static long checksum(NavGraph g) {
        long sum = g.nodeCount() * 31L + g.edgeCount();
        EdgeCursor c = g.edges();
        for (int n = 0; n < g.nodeIdLimit(); n++) {
            if (!g.containsNode(n)) {
                continue;
            }
            sum += (g.isBlocked(n) ? 1_000_003L : 7L) * (n + 1);
            c.moveTo(n);
            while (c.next()) {
                long h = c.from() * 1_000_033L + c.to() * 10_007L + Float.floatToIntBits(c.weight());
                sum += h * 0x9E3779B97F4A7C15L >>> 7;
            }
        }
        return sum;
    }
}
