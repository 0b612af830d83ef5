package io.wally.bench.persist;

import io.wally.maps.MutableNavGraph;
import io.wally.maps.graph.OffHeapGraph;
import io.wally.maps.store.Durability;
import io.wally.maps.store.GraphStore;
import io.wally.maps.store.StoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What logging costs a mutation: {@code setWeight} on a bare {@link OffHeapGraph} (the "before"
 * column) against the same call on a {@link GraphStore}'s graph under GROUP (real file, fsync by the
 * flusher thread every 2 ms) and NONE (no fsync). The writer never waits for the disk here; the
 * difference is the cost of encoding the record, its CRC32C and the hand-off to the flusher. Run:
 * {@code java -jar bench/target/wally-bench.jar jmh LoggedMutation}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class LoggedMutationBenchmark {

    private static final int NODES = 10_000;

    /** {@code bare}: no store; {@code group}, {@code none}: a store with that durability. */
    @Param({"bare", "group", "none"})
    public String target;

    private Path dir;
    private GraphStore store;
    private MutableNavGraph graph;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        if (target.equals("bare")) {
            graph = new OffHeapGraph(NODES);
        } else {
            dir = Files.createTempDirectory("wally-jmh-persist");
            store = GraphStore.open(dir, StoreOptions.defaults()
                    .withDurability(target.equals("group") ? Durability.GROUP : Durability.NONE));
            graph = store.graph();
        }
        for (int i = 0; i < NODES; i++) {
            graph.addNode(i, 0f);
        }
        for (int i = 1; i < NODES; i++) {
            graph.addEdge(i - 1, i, 1f, 0);
        }
    }

    /** Trims the log between iterations (a checkpoint of 10,000 nodes is small), so the disk holds one iteration's log at most. */
    @Setup(Level.Iteration)
    public void trimLog() {
        if (store != null) {
            store.checkpoint();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (store != null) {
            store.close();
            PersistBench.delete(dir);
        } else {
            graph.close();
        }
    }

    @Benchmark
    public void setWeight() {
        int e = next;
        next = e + 1 == NODES - 1 ? 0 : e + 1;
        graph.setWeight(e, e + 1, (e & 255) / 4f);
    }
}
