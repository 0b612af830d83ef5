package io.wally.bench.jmh;

import io.wally.bench.plan.CsrGrid;
import io.wally.bench.plan.GridFixture;
import io.wally.maps.plan.Heuristics;
import io.wally.maps.plan.Planner;
import io.wally.maps.plan.SearchLimits;
import java.util.concurrent.TimeUnit;
import org.jgrapht.Graph;
import org.jgrapht.alg.interfaces.AStarAdmissibleHeuristic;
import org.jgrapht.alg.shortestpath.AStarShortestPath;
import org.jgrapht.alg.shortestpath.DijkstraShortestPath;
import org.jgrapht.graph.DefaultWeightedEdge;
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
 * JMH: the engine's BFS, Dijkstra and A* (Planner on a compacted OffHeapGraph) against the bare CSR
 * baseline and JGraphT, corner to corner on a seeded random 8-connected grid (20% obstacles).
 * {@code ./wally bench jmh PlanBenchmark} ({@code -p size=1000} for the million-cell grid).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PlanBenchmark {

    @Param({"300"})
    public int size;

    private GridFixture fixture;
    private Planner planner;
    private CsrGrid csr;
    private Graph<Integer, DefaultWeightedEdge> jgrapht;
    private AStarAdmissibleHeuristic<Integer> octile;

    @Setup(Level.Trial)
    public void setUp() {
        fixture = GridFixture.create(size, 0.2, 8, 42);
        planner = new Planner(fixture.graph);
        csr = fixture.toCsr();
        jgrapht = fixture.toJGraphT();
        var graph = fixture.graph;
        octile = (a, b) -> Heuristics.octile().estimate(graph.x(a), graph.y(a), graph.x(b), graph.y(b));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.close();
    }

    @Benchmark
    public double oursBfs() {
        return planner.bfs(fixture.start, fixture.goal, SearchLimits.NONE).cost();
    }

    @Benchmark
    public int csrBfs() {
        return csr.bfs(fixture.start, fixture.goal).length;
    }

    @Benchmark
    public double oursDijkstra() {
        return planner.dijkstra(fixture.start, fixture.goal, SearchLimits.NONE).cost();
    }

    @Benchmark
    public double csrDijkstra() {
        return csr.shortest(fixture.start, fixture.goal, false);
    }

    @Benchmark
    public double jgraphtDijkstra() {
        return new DijkstraShortestPath<>(jgrapht).getPath(fixture.start, fixture.goal).getWeight();
    }

    @Benchmark
    public double oursAStar() {
        return planner.aStar(fixture.start, fixture.goal, Heuristics.octile(), SearchLimits.NONE).cost();
    }

    @Benchmark
    public double csrAStar() {
        return csr.shortest(fixture.start, fixture.goal, true);
    }

    @Benchmark
    public double jgraphtAStar() {
        return new AStarShortestPath<>(jgrapht, octile).getPath(fixture.start, fixture.goal).getWeight();
    }
}
