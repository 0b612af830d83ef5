package io.wally.bench.jmh;

import io.wally.bench.store.NameWorkloads;
import io.wally.maps.graph.OffHeapGraph;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Adding 1,000 named nodes in one {@link OffHeapGraph#addNodes} batch to a new graph (the
 * {@code batch_insert_1k_ms} of {@code wally bench store}). Run:
 * {@code java -jar bench/target/wally-bench.jar jmh StoreBatchInsert}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class StoreBatchInsertBenchmark {

    private static final int BATCH = 1000;

    private final String[] names = NameWorkloads.gridNames(BATCH, 100);
    private final float[] xs = new float[BATCH];
    private final float[] ys = new float[BATCH];
    private OffHeapGraph graph;

    @Setup(Level.Invocation)
    public void newGraph() {
        graph = new OffHeapGraph();
    }

    @TearDown(Level.Invocation)
    public void closeGraph() {
        graph.close();
    }

    @Benchmark
    public int addNodes() {
        return graph.addNodes(names, xs, ys)[BATCH - 1];
    }
}
