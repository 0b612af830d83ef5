package io.wally.bench.pipeline;

import com.sun.management.ThreadMXBean;
import io.wally.hal.NanoClock;
import io.wally.maps.concurrent.ReplicatedNavGraph;
import io.wally.maps.plan.Heuristics;
import io.wally.maps.plan.Path;
import io.wally.maps.plan.Planner;
import io.wally.maps.plan.SearchLimits;
import io.wally.runtime.WallyRuntime;
import io.wally.runtime.agent.LatencyRecorder;
import io.wally.runtime.agent.RuntimeMap;
import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The measurements behind {@code wally bench pipeline}:
 * <ul>
 *   <li>sensor to graph: the real pipeline (sensor and map agents on their runners, control loop at
 *       1 kHz) with a scripted robot whose rangers put new obstacle cells into a 100,000-cell grid;
 *       the time from a sensor record being sampled to the graph version containing its cells being
 *       published (percentiles over every publication);</li>
 *   <li>planning under writes: A* between far corners of a 100,000-node grid on read views of a
 *       {@link ReplicatedNavGraph} while a writer thread applies 1,000 updates per second (weights
 *       raised, cells blocked and freed), each published;</li>
 *   <li>allocation per control cycle: the control path stepped by hand after warm-up, bytes counted by
 *       the thread's allocation counter.</li>
 * </ul>
 */
public final class PipelineBench {

    private final double seconds;

    /** @param seconds length of each timed phase */
    public PipelineBench(double seconds) {
        this.seconds = seconds;
    }

    /** Runs everything; returns the JSON object's fields. */
    public Map<String, Object> run() throws IOException, InterruptedException {
        Map<String, Object> out = new LinkedHashMap<>();
        sensorToGraph(out, WallyConfig.Control.Threading.DEDICATED, "");
        sensorToGraph(out, WallyConfig.Control.Threading.COMPOSED, "composed_");
        planUnderWrites(out);
        allocation(out);
        out.put("seconds_per_phase", seconds);
        out.put("cores", Runtime.getRuntime().availableProcessors());
        return out;
    }

    private static WallyConfig config(WallyConfig.Control.Threading threading) throws IOException {
        java.nio.file.Path file = Files.createTempFile("wally-bench-pipeline", ".yaml");
        try {
            Files.writeString(file, """
                    robot: {id: bench, kind: pi}
                    control: {loopHz: 1000, watchdogMillis: 200, threading: %s, queueCapacity: 4096}
                    mqtt: {telemetry: {poseHz: 0, sensorsHz: 0, planHz: 0, healthHz: 0}}
                    """.formatted(threading.name().toLowerCase(java.util.Locale.ROOT)));
            return new ConfigLoader().load(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private void sensorToGraph(Map<String, Object> out, WallyConfig.Control.Threading threading, String prefix)
            throws IOException, InterruptedException {
        WallyConfig config = config(threading);
        BenchGrid grid = new BenchGrid(400, 250, 0.05, 0.0, 1);
        double metersPerTick = 2 * Math.PI * config.drive().wheelRadiusMeters() / 40;
        BenchRobot robot = new BenchRobot(NanoClock.SYSTEM, 0.8, metersPerTick, true);
        RuntimeMap map = RuntimeMap.of(r -> grid.build(), grid.locator(), new int[0]);
        try (WallyRuntime runtime = WallyRuntime.builder(config, robot).map(map).startPose(1.0, 1.0, Math.atan2(10.5, 18)).start()) {
            Thread.sleep(1500); // warm-up and start-up grace
            runtime.sensorToGraphLatency().reset();
            long cycles0 = runtime.counters().sensorCycles.get();
            long marked0 = runtime.counters().obstacleCellsMarked.get();
            Thread.sleep((long) (seconds * 1000));
            LatencyRecorder lat = runtime.sensorToGraphLatency();
            long cycles = runtime.counters().sensorCycles.get() - cycles0;
            out.put(prefix + "sensor_to_graph_p50_us", lat.percentile(50) / 1000.0);
            out.put(prefix + "sensor_to_graph_p99_us", lat.percentile(99) / 1000.0);
            out.put(prefix + "sensor_to_graph_publications", lat.count());
            out.put(prefix + "sensor_input_hz", cycles / seconds);
            out.put(prefix + "sensor_cells_marked", runtime.counters().obstacleCellsMarked.get() - marked0);
            out.put(prefix + "sensor_records_dropped", runtime.counters().sensorRecordsDropped.get());
            if (prefix.isEmpty()) {
                out.put("sensor_to_graph_threading", "dedicated");
            }
        } finally {
            robot.close();
        }
    }

    private void planUnderWrites(Map<String, Object> out) throws InterruptedException {
        BenchGrid grid = new BenchGrid(400, 250, 1.0, 0.1, 7);
        try (ReplicatedNavGraph graph = ReplicatedNavGraph.create(3, r -> grid.build(), 1 << 14)) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong updates = new AtomicLong();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    SplittableRandom rnd = new SplittableRandom(11);
                    ReplicatedNavGraph.Writer w = graph.writer();
                    long next = System.nanoTime();
                    while (!stop.get()) {
                        next += 1_000_000; // 1,000 updates per second
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        while (!w.tryClaim() && !stop.get()) {
                            LockSupport.parkNanos(50_000);
                        }
                        if (stop.get()) {
                            break;
                        }
                        int row = 1 + rnd.nextInt(grid.height - 2);
                        int col = 1 + rnd.nextInt(grid.width - 2);
                        int node = row * grid.width + col;
                        if (rnd.nextBoolean()) {
                            w.setBlocked(node, !w.isBlocked(node));
                        } else {
                            // raise a weight: never below the straight distance, so A* stays admissible
                            w.setWeight(node, node + 1, (float) (1 + rnd.nextInt(4)));
                        }
                        w.publish();
                        updates.incrementAndGet();
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "bench-writer");
            writer.start();
            ReplicatedNavGraph.Reader reader = graph.newReader();
            Planner planner = null;
            SplittableRandom rnd = new SplittableRandom(3);
            long[] times = new long[100_000];
            int n = 0;
            long found = 0;
            long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            long end = warmEnd + (long) (seconds * 1e9);
            long updates0 = 0;
            while (System.nanoTime() < end && n < times.length) {
                int start = rnd.nextInt(grid.height) * grid.width; // column 0 (never blocked)
                int goal = rnd.nextInt(grid.height) * grid.width + grid.width - 1; // last column
                long t0 = System.nanoTime();
                Path path;
                try (ReplicatedNavGraph.ReadView view = reader.acquire()) {
                    if (planner == null) {
                        planner = new Planner(view);
                    }
                    path = planner.aStar(start, goal, Heuristics.octile(), SearchLimits.NONE);
                }
                long took = System.nanoTime() - t0;
                if (t0 >= warmEnd) {
                    if (n == 0) {
                        updates0 = updates.get();
                    }
                    times[n++] = took;
                    found += path.found() ? 1 : 0;
                }
            }
            long updatesDuring = updates.get() - updates0;
            stop.set(true);
            writer.join();
            if (failure.get() != null) {
                throw new IllegalStateException("writer failed", failure.get());
            }
            long[] sorted = Arrays.copyOf(times, n);
            Arrays.sort(sorted);
            out.put("plan_p50_ms_100k", sorted[(int) Math.ceil(0.50 * n) - 1] / 1e6);
            out.put("plan_p99_ms_100k", sorted[(int) Math.ceil(0.99 * n) - 1] / 1e6);
            out.put("plan_count_100k", n);
            out.put("plan_found_100k", found);
            out.put("writer_updates_per_s", updatesDuring / seconds);
            out.put("writer_deferred_claims", graph.deferredClaims());
        }
    }

    private void allocation(Map<String, Object> out) throws IOException {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        WallyConfig config = config(WallyConfig.Control.Threading.COMPOSED);
        BenchGrid grid = new BenchGrid(400, 250, 0.05, 0.0, 1);
        AtomicLong now = new AtomicLong(1_000_000_000L);
        double metersPerTick = 2 * Math.PI * config.drive().wheelRadiusMeters() / 40;
        BenchRobot robot = new BenchRobot(now::get, 0.8, metersPerTick, false);
        RuntimeMap map = RuntimeMap.of(r -> grid.build(), grid.locator(), new int[0]);
        try (WallyRuntime runtime = WallyRuntime.builder(config, robot).map(map).startPose(1.0, 1.0, Math.atan2(10.5, 18))
                .manualStepping().start()) {
            for (int i = 0; i < 10_000; i++) { // 10 s of 1 kHz cycles: warm-up
                now.addAndGet(1_000_000);
                robot.sample(now.get());
                runtime.stepControl();
                runtime.stepBackground();
            }
            long allocated = 0;
            long cycles0 = runtime.counters().controlCycles.get();
            long publications0 = runtime.counters().graphPublishes.get();
            for (int i = 0; i < 5_000; i++) {
                now.addAndGet(1_000_000);
                robot.sample(now.get());
                long before = threads.getCurrentThreadAllocatedBytes();
                runtime.stepControl();
                allocated += threads.getCurrentThreadAllocatedBytes() - before;
                runtime.stepBackground();
            }
            long cycles = runtime.counters().controlCycles.get() - cycles0;
            out.put("alloc_bytes_per_cycle", cycles == 0 ? -1 : (double) allocated / cycles);
            out.put("alloc_cycles_measured", cycles);
            out.put("alloc_graph_publications_measured", runtime.counters().graphPublishes.get() - publications0);
        } finally {
            robot.close();
        }
    }
}
