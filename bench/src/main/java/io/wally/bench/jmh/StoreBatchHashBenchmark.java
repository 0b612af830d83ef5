package io.wally.bench.jmh;

import io.wally.bench.store.NameWorkloads;
import io.wally.maps.graph.BatchHasher;
import io.wally.maps.graph.NameIndex;
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
 * Batch hashing plus exists of 10,000 names (half absent), scalar against vector path (the
 * {@code simd_batch_speedup} of {@code wally bench store}: {@code hashScalar} + {@code getAll} against
 * {@code hashVector} + {@code getAllVector}), and hashing alone for short grid names and long
 * path-like names. Run: {@code java -jar bench/target/wally-bench.jar jmh StoreBatchHash}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class StoreBatchHashBenchmark {

    private static final int BATCH = 10_000;

    /** {@code grid}: "cell-r-c" (9-11 chars); {@code long}: 60-70 char path-like names. */
    @Param({"grid", "long"})
    public String names;

    private NameIndex index;
    private final BatchHasher hasher = new BatchHasher();
    private String[] queries;
    private final long[] hashes = new long[BATCH];
    private final int[] out = new int[BATCH];

    @Setup(Level.Trial)
    public void setUp() {
        String[] present = new String[BATCH];
        String[] absent = new String[BATCH];
        String[] grid = NameWorkloads.gridNames(BATCH, 100);
        String[] gridAbsent = NameWorkloads.absentNames(BATCH, 100);
        for (int i = 0; i < BATCH; i++) {
            present[i] = names.equals("grid") ? grid[i] : "building-7/floor-3/room-" + i + "/waypoint-north-east-corner";
            absent[i] = names.equals("grid") ? gridAbsent[i] : "building-7/floor-3/room-" + i + "/waypoint-south-west-corner";
        }
        index = new NameIndex(BATCH, true);
        for (int i = 0; i < BATCH; i++) {
            index.put(present[i], i);
        }
        queries = new String[BATCH];
        for (int i = 0; i < BATCH; i++) {
            queries[i] = (i & 1) == 0 ? present[i] : absent[i];
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        index.close();
    }

    @Benchmark
    public int existsScalar() {
        BatchHasher.hashScalar(queries, hashes);
        index.getAll(queries, hashes, out);
        return out[BATCH - 2];
    }

    @Benchmark
    public int existsVector() {
        hasher.hashVector(queries, hashes);
        index.getAllVector(queries, hashes, out);
        return out[BATCH - 2];
    }

    @Benchmark
    public long hashScalar() {
        BatchHasher.hashScalar(queries, hashes);
        return hashes[BATCH - 1];
    }

    @Benchmark
    public long hashVector() {
        hasher.hashVector(queries, hashes);
        return hashes[BATCH - 1];
    }
}
