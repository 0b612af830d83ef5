package io.wally.bench.foxglove;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wally.bench.BenchJson;
import io.wally.hal.sim.SimRobot;
import io.wally.runtime.WallyRuntime;
import io.wally.runtime.command.CommandReply;
import io.wally.runtime.command.Place;
import io.wally.runtime.command.Request;
import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import io.wally.runtime.foxglove.FoxgloveServer;
import io.wally.runtime.sim.SimRobotFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wally bench foxglove}: the Foxglove server beside the simulated robot in the sample house, stepped
 * in real time. Reports the {@code /map} payload for the house, the pose-to-frame latency (the robot's pose
 * changed after a step, to the {@code /tf} frame carrying it read by a client on loopback), and the runtime's
 * step time with no client and with {@code --clients} clients subscribed to everything.
 */
@Command(name = "foxglove", mixinStandardHelpOptions = true,
        description = {"Foxglove WebSocket server on the simulated house: map size, frame latency, cost to the runtime.",
            "map_bytes_house, pose_to_frame p50/p99 (ms), and the runtime's step time p99 with no client and with"
                + " N clients (ratio)."})
public final class BenchFoxgloveCommand implements Callable<Integer> {

    @Option(names = "--json", paramLabel = "FILE", description = "Where to write the JSON object of results.")
    Path json;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "robot-config/sim.yaml",
            description = "Simulator configuration (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--clients", defaultValue = "10", description = "Foxglove clients in the loaded phase (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--seconds", defaultValue = "10", description = "Real seconds per phase (default: ${DEFAULT-VALUE}).")
    int seconds;

    /** Unmeasured real seconds first. */
    private static final int WARMUP_SECONDS = 3;

    @Override
    public Integer call() throws Exception {
        if (clients < 1 || seconds < 1) {
            System.err.println("wally: --clients and --seconds must be >= 1; were " + clients + " and " + seconds);
            return 2;
        }
        WallyConfig c = new ConfigLoader().load(config);
        Path store = Files.createTempDirectory("wally-bench-foxglove");
        WallyConfig cfg = new WallyConfig(c.robot(), c.map(),
                new WallyConfig.Store(store.resolve("store").toString(), c.store().durability(), c.store().groupCommitMillis(), false),
                c.control(), c.drive(), c.motors(), c.sensors(), c.sim(), c.mqtt(), c.homeassistant(), c.dashboard(), c.foxglove(), c.vda5050());
        ObjectNode out = new ObjectMapper().createObjectNode();
        try (SimRobot robot = SimRobotFactory.create(cfg, Path.of(cfg.map().file()));
                WallyRuntime runtime = WallyRuntime.builder(cfg, robot).manualStepping().start();
                FoxgloveServer server = FoxgloveServer.start(new FoxgloveServer.Settings("127.0.0.1", 0, null,
                        FoxgloveServer.gridOf(Path.of(cfg.map().file())), robot.battery()), runtime)) {
            Map<String, Long> poseSeen = new ConcurrentHashMap<>();
            long[] latencies = new long[1 << 20];
            AtomicInteger latencyCount = new AtomicInteger();
            int[] mapBytes = new int[1];
            ObjectMapper reader = new ObjectMapper();
            runtime.step();

            runtime.submit(new Request.GoTo(Place.of("living room")), CommandReply.DISCARD);
            run(robot, runtime, WARMUP_SECONDS, null); // the JIT compiles the step path before anything is measured
            runtime.submit(new Request.GoTo(Place.of("kitchen")), CommandReply.DISCARD);
            long[] quiet = run(robot, runtime, seconds, null);

            String[] lastPose = new String[clients];
            try (FoxgloveLoad load = FoxgloveLoad.connect(server.url(), clients, (client, topic, payload) -> {
                if ("/map".equals(topic)) {
                    mapBytes[0] = payload.length;
                } else if ("/tf".equals(topic)) {
                    long now = System.nanoTime();
                    try {
                        JsonNode t = reader.readTree(payload).path("transforms").get(0).path("translation");
                        String key = t.path("x").asDouble() + "," + t.path("y").asDouble();
                        Long seen = poseSeen.get(key);
                        int i = latencyCount.get();
                        // a pose re-sent while the robot stands still is no pose change: only a new pose counts
                        boolean fresh = !key.equals(lastPose[client]);
                        lastPose[client] = key;
                        if (fresh && seen != null && now >= seen && i < latencies.length) {
                            latencies[latencyCount.getAndIncrement()] = now - seen;
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            })) {
                runtime.submit(new Request.GoTo(Place.of("dock")), CommandReply.DISCARD);
                long[] loaded = run(robot, runtime, seconds, poseSeen);
                out.put("clients", clients);
                out.put("frames_read", load.frames());
                out.put("bytes_read", load.bytes());
                out.put("step_p99_us_no_client", percentile(quiet, 99) / 1000.0);
                out.put("step_p99_us_clients", percentile(loaded, 99) / 1000.0);
                out.put("step_p99_ratio_clients_over_none", (double) percentile(loaded, 99) / Math.max(1, percentile(quiet, 99)));
            }
            var grid = FoxgloveServer.gridOf(Path.of(cfg.map().file()));
            out.put("map_cells_house", grid.width() * grid.height());
            out.put("map_bytes_house", mapBytes[0]);
            out.put("map_bytes_over_cells_house", (double) mapBytes[0] / (grid.width() * grid.height()));
            long[] lat = Arrays.copyOf(latencies, latencyCount.get());
            out.put("pose_frames_measured", lat.length);
            out.put("pose_to_frame_p50_ms", percentile(lat, 50) / 1e6);
            out.put("pose_to_frame_p99_ms", percentile(lat, 99) / 1e6);
            out.put("bad_inputs", server.badInputs());
        } finally {
            try (var files = Files.walk(store)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        BenchJson.write(out, json, true);
        return 0;
    }

    /**
     * Steps robot and runtime in real time for {@code seconds}; returns each runtime step's duration (ns). With
     * {@code poseSeen}, records when each new pose was first there (System.nanoTime) by its "x,y" text.
     */
    private static long[] run(SimRobot robot, WallyRuntime runtime, int seconds, Map<String, Long> poseSeen) {
        long wallStart = System.nanoTime();
        long simStart = robot.simClock().nanoTime();
        long end = wallStart + TimeUnit.SECONDS.toNanos(seconds);
        long[] steps = new long[1 << 20];
        int n = 0;
        while (System.nanoTime() < end && n < steps.length) {
            robot.step();
            long t0 = System.nanoTime();
            runtime.step();
            long t1 = System.nanoTime();
            steps[n++] = t1 - t0;
            if (poseSeen != null) {
                var s = runtime.status();
                poseSeen.putIfAbsent(s.xMeters() + "," + s.yMeters(), t1);
            }
            long due = wallStart + (robot.simClock().nanoTime() - simStart);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        return Arrays.copyOf(steps, n);
    }

    private static long percentile(long[] values, int p) {
        if (values.length == 0) {
            return 0;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
