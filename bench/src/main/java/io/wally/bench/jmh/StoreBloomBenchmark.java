package io.wally.bench.jmh;

import com.google.common.hash.Funnels;
import io.wally.bench.store.NameWorkloads;
import io.wally.maps.graph.BatchHasher;
import io.wally.maps.graph.BloomFilter;
import io.wally.maps.graph.NameHash;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Our {@link BloomFilter} against Guava's, same keys, same target rate (1%), hashing included in both
 * (the {@code bloom_vs_guava_speedup} of {@code wally bench store}). Run:
 * {@code java -jar bench/target/wally-bench.jar jmh StoreBloom}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class StoreBloomBenchmark {

    private static final int ITEMS = 1_000_000;
    private static final int QUERIES = 10_000;

    private BloomFilter ours;
    private com.google.common.hash.BloomFilter<CharSequence> guava;
    private final BatchHasher hasher = new BatchHasher();
    private String[] queries;

    @Setup(Level.Trial)
    public void setUp() {
        String[] present = NameWorkloads.gridNames(ITEMS, 1000);
        ours = BloomFilter.forCapacity(ITEMS, 0.01);
        guava = com.google.common.hash.BloomFilter.create(Funnels.stringFunnel(StandardCharsets.UTF_8), ITEMS, 0.01);
        for (String name : present) {
            ours.add(NameHash.hash64(name));
            guava.put(name);
        }
        String[] absent = NameWorkloads.absentNames(QUERIES, 1000);
        queries = new String[QUERIES];
        for (int i = 0; i < QUERIES; i++) {
            queries[i] = (i & 1) == 0 ? present[i * 97] : absent[i];
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ours.close();
    }

    @Benchmark
    @OperationsPerInvocation(QUERIES)
    public int guava() {
        int hits = 0;
        for (String q : queries) {
            hits += guava.mightContain(q) ? 1 : 0;
        }
        return hits;
    }

    @Benchmark
    @OperationsPerInvocation(QUERIES)
    public int oursScalarHash() {
        int hits = 0;
        for (String q : queries) {
            hits += ours.mightContain(NameHash.hash64(q)) ? 1 : 0;
        }
        return hits;
    }

    @Benchmark
    @OperationsPerInvocation(QUERIES)
    public int oursVectorHash() {
        int hits = 0;
        for (String q : queries) {
            hits += ours.mightContain(hasher.hash64(q)) ? 1 : 0;
        }
        return hits;
    }
}
