package io.wally.bench.jmh;

import io.wally.bench.store.NameWorkloads;
import io.wally.maps.graph.NameIndex;
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
 * Absent-name look-ups in a {@link NameIndex} filled to its design capacity, with the Bloom filter
 * and without it (the {@code absent_lookup_speedup} of {@code wally bench store}); present names for
 * reference. Run: {@code java -jar bench/target/wally-bench.jar jmh StoreNameLookup}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class StoreNameLookupBenchmark {

    private static final int QUERIES = 10_000;

    private NameIndex withFilter;
    private NameIndex withoutFilter;
    private String[] absent;
    private String[] present;

    @Setup(Level.Trial)
    public void setUp() {
        withFilter = new NameIndex(100_000, true);
        withoutFilter = new NameIndex(100_000, false);
        String[] names = NameWorkloads.gridNames(withFilter.designCapacity(), 1000);
        for (int i = 0; i < names.length; i++) {
            withFilter.put(names[i], i);
            withoutFilter.put(names[i], i);
        }
        absent = NameWorkloads.absentNames(QUERIES, 1000);
        present = java.util.Arrays.copyOf(names, QUERIES);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        withFilter.close();
        withoutFilter.close();
    }

    private static int lookups(NameIndex index, String[] names) {
        int sum = 0;
        for (String name : names) {
            sum += index.get(name);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(QUERIES)
    public int absentWithFilter() {
        return lookups(withFilter, absent);
    }

    @Benchmark
    @OperationsPerInvocation(QUERIES)
    public int absentWithoutFilter() {
        return lookups(withoutFilter, absent);
    }

    @Benchmark
    @OperationsPerInvocation(QUERIES)
    public int presentWithFilter() {
        return lookups(withFilter, present);
    }
}
