package io.wally.runtime.sim;

import io.wally.hal.sim.SimRobot;
import io.wally.maps.concurrent.ReplicatedNavGraph;
import io.wally.runtime.WallyRuntime;
import io.wally.runtime.agent.RuntimeMap;
import io.wally.runtime.agent.Mission;
import io.wally.runtime.agent.PlannerAgent;
import io.wally.runtime.agent.StateViews;
import io.wally.runtime.command.CommandReply;
import io.wally.runtime.command.ErrorCode;
import io.wally.runtime.command.TelemetrySink;
import io.wally.runtime.console.Console;
import io.wally.runtime.console.ConsoleLogging;
import io.wally.runtime.console.FirstScreen;
import io.wally.runtime.console.RobotStatus;
import io.wally.runtime.console.RunTally;
import io.wally.runtime.console.StatusLine;
import io.wally.runtime.config.WallyConfig;
import io.wally.runtime.dashboard.DashboardServer;
import io.wally.runtime.foxglove.FoxgloveServer;
import io.wally.runtime.homeassistant.HomeAssistantAdapter;
import io.wally.runtime.vda5050.Vda5050Adapter;
import io.wally.runtime.mqtt.MqttService;
import io.wally.runtime.mqtt.MqttStartException;
import io.wally.maps.importer.NamedPlacesLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.function.Consumer;

/**
 * One run of {@code wally sim}: the simulated robot stepping at the requested speed, the embedded (or
 * configured) MQTT broker and bridge, and the whole {@link WallyRuntime} on top, with a live status line.
 *
 * <p>With a goal ({@link Options#gotoPlace}) the scenario is: send {@code goto}, read the first route,
 * put an obstacle on it a few metres ahead ({@link ObstaclePlanner}), and wait until the runtime reports
 * the goal's outcome — {@code ARRIVED <place> <seconds>} (exit 0) or why not (exit 1) — or until the
 * duration of simulated time is over (exit 1). Without a goal it runs for the duration (exit 0), or until
 * interrupted.
 *
 * <p>The map lives in the configuration's store ({@code store.dir}, see {@link SimStore}): map edits
 * survive a restart, and the first lines say where the store is.
 *
 * <p>The robot and the agents run in lock step on one thread ({@link LockstepLoop}); durations and
 * reported seconds are simulated time, so {@code --speed 10} finishes a 120 s run in about 12 s of real
 * time. Threading: {@link #run} on the caller's thread; it owns everything it starts
 * and closes it before returning (also on Ctrl-C, through a shutdown hook).
 */
public final class SimSession {

    private static final System.Logger LOG = System.getLogger(SimSession.class.getName());

    /** How far along the first route the obstacle goes, metres. */
    public static final double OBSTACLE_AHEAD_METERS = 2.0;
    /** Half the obstacle's width across the route, metres: the robot cannot slip past it on the old route. */
    public static final double OBSTACLE_HALF_WIDTH_METERS = 0.25;
    /** Half the obstacle's depth along the route, metres. */
    public static final double OBSTACLE_HALF_DEPTH_METERS = 0.1;
    /** Free width beside the obstacle that makes a clear detour, metres (four robot widths). */
    public static final double OBSTACLE_DETOUR_METERS = 0.6;
    /** A side narrower than this counts as closed, metres (less than the robot's width). */
    public static final double OBSTACLE_CLOSED_BELOW_METERS = 0.12;

    /**
     * What to run.
     *
     * @param mapFile the map to drive in (null: {@code map.file} of the configuration)
     * @param headless plain log lines instead of a redrawn status line, even on a terminal
     * @param duration simulated time to run at most (null: until the goal ends, or forever without one)
     * @param gotoPlace the place to drive to (null: no goal)
     * @param speed time scale (null: {@code sim.speed} of the configuration)
     * @param obstacle put an obstacle on the first route (only with a goal)
     * @param statusPeriod real time between two status lines
     * @param blankMap the runtime starts from a blank map of {@code mapFile} ({@link RuntimeMap#blank}: its grid and
     *     places, every cell unknown; no store) while the simulator drives in the map itself: a home to explore
     */
    public record Options(Path mapFile, boolean headless, Duration duration, String gotoPlace, Double speed,
            boolean obstacle, Duration statusPeriod, boolean blankMap) {

        /** Options with the map as the runtime's map. */
        public Options(Path mapFile, boolean headless, Duration duration, String gotoPlace, Double speed, boolean obstacle,
                Duration statusPeriod) {
            this(mapFile, headless, duration, gotoPlace, speed, obstacle, statusPeriod, false);
        }
    }

    /** The outcome of a run: exit code and, for tests, what happened on the way. */
    public record Result(int exitCode, String finalLine, Optional<ObstaclePlanner.Placement> obstacle,
            Map<String, Long> counters, long collisions, SimRobot.Pose truePose) {
    }

    private SimSession() {
    }

    /**
     * Runs the simulation and returns its result; lines go to {@code out} (status, ARRIVED) and
     * {@code err} (why a run failed).
     *
     * @throws IllegalArgumentException for bad input the user can fix (no grid, unknown place, bad start)
     * @throws MqttStartException when MQTT cannot start (port taken)
     */
    public static Result run(WallyConfig config, Options options, PrintWriter out, PrintWriter err)
            throws MqttStartException, InterruptedException {
        Path mapFile = options.mapFile() != null ? options.mapFile()
                : config.map() == null || config.map().file() == null ? null : Path.of(config.map().file());
        if (mapFile == null) {
            throw new IllegalArgumentException("no map: give --map FILE or map.file in the configuration");
        }
        WallyConfig effective = withMap(config, mapFile.toAbsolutePath().toString());
        double speed = options.speed() != null ? options.speed() : config.sim().speed();
        Console console = Console.forStandardOutput(out, options.headless());
        List<AutoCloseable> owned = Collections.synchronizedList(new ArrayList<>());
        Ending ending = new Ending(console, new RunTally(), System.nanoTime(), options.gotoPlace() != null);
        // on a terminal every log line goes above the status line, from the start (closed after everything else)
        ending.logging = console.live() ? ConsoleLogging.install(console) : null;
        Thread hook = new Thread(() -> onCtrlC(owned, ending), "wally-sim-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            SimRobot robot = SimRobotFactory.create(effective, mapFile);
            owned.add(robot);
            MqttService mqtt = MqttService.start(effective);
            owned.add(mqtt);
            TelemetrySink telemetry = mqtt.telemetry();
            SimStore store = options.blankMap() ? new SimStore(null, "--blank-map starts from a blank map on every run")
                    : SimStore.of(config, mapFile, options.gotoPlace() != null && options.obstacle());
            WallyRuntime.Builder builder = WallyRuntime.builder(effective, robot).telemetry(telemetry).manualStepping();
            if (options.blankMap()) {
                builder.map(RuntimeMap.blank(mapFile, effective.map().connectivity(), WallyRuntime.inflationMeters(effective)));
            }
            WallyRuntime runtime = store.start(store.applyTo(builder, effective));
            owned.add(0, runtime); // closed before the robot and MQTT: the runtime stops the motors first
            LockstepLoop loop = new LockstepLoop(robot, runtime, speed);
            owned.add(0, loop); // and the loop before the runtime: nothing steps a closed runtime
            mqtt.attach(runtime);
            owned.add(0, HomeAssistantAdapter.startFor(effective, mqtt.bridge(), runtime, robot));
            Optional<DashboardServer> dashboard = DashboardServer.startFor(effective, runtime, robot, mqtt.bridge()::isConnected, err);
            dashboard.ifPresent(d -> owned.add(0, d)); // it reads the runtime: closed before it
            FoxgloveServer foxglove = FoxgloveServer.startFor(effective, runtime, robot, err);
            if (foxglove != null) {
                owned.add(0, foxglove);
            }
            Vda5050Adapter.startFor(effective, mqtt.brokerUrl(), runtime, robot).ifPresent(vda -> owned.add(0, vda));
            loop.start();
            ending.startNanos = System.nanoTime(); // the summary's time is the simulation's, not the start-up's
            printFirstScreen(console, effective, mapFile, speed, mqtt, robot, dashboard, foxglove);
            ending.store = () -> storeNote(runtime, effective);
            printStore(console, store, runtime);
            return drive(runtime, robot, loop, options, out, err, new Screen(console, mqtt, ending));
        } finally {
            closeAll(owned);
            ending.restoreLogging();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting (Ctrl-C): the hook closes everything
            }
        }
    }

    /** Says where map edits go: the store directory, or that they are lost on exit. */
    private static void printStore(Console console, SimStore store, WallyRuntime runtime) {
        console.println("wally sim: " + store.describe(runtime));
    }

    private static Result drive(WallyRuntime runtime, SimRobot robot, LockstepLoop loop, Options options,
            PrintWriter out, PrintWriter err, Screen live) throws InterruptedException {
        long startNanos = robot.simClock().nanoTime();
        long durationNanos = options.duration() == null ? Long.MAX_VALUE : options.duration().toNanos();
        Optional<ObstaclePlanner.Placement> obstacle = Optional.empty();
        String place = options.gotoPlace();
        if (place != null) {
            Object accepted = await(reply -> runtime.goTo(place, reply), "goto " + place);
            if (accepted instanceof Failure f) {
                String line = "FAILED " + place + ": " + f.code() + ": " + f.message();
                err.println(line);
                return result(1, line, obstacle, runtime, robot);
            }
            if (options.obstacle()) {
                obstacle = placeObstacle(runtime, robot, place, out);
            }
        }
        long nextStatus = 0;
        while (true) {
            if (place != null) {
                Optional<Mission.Outcome> outcome = runtime.awaitOutcome(Duration.ofMillis(50));
                if (outcome.isPresent()) {
                    return finish(outcome.get(), place, obstacle, runtime, robot, out, err, live);
                }
            } else {
                Thread.sleep(50);
            }
            if (live.ending().stopping.get()) {
                continue; // Ctrl-C: the shutdown hook closes everything and prints the summary
            }
            tally(runtime, robot, live.ending().tally);
            long now = System.nanoTime();
            if (now - nextStatus >= 0) {
                printStatus(runtime, robot, out, live);
                nextStatus = now + options.statusPeriod().toNanos();
            }
            if (loop.failure().isPresent()) {
                String line = "FAILED: the simulation stopped: " + loop.failure().get();
                endLive(out, live);
                err.println(line);
                return result(1, line, obstacle, runtime, robot);
            }
            if (robot.simClock().nanoTime() - startNanos >= durationNanos) {
                endLive(out, live);
                if (place == null) {
                    String line = String.format(Locale.ROOT, "DONE after %.1f s", options.duration().toNanos() / 1e9);
                    out.println(line);
                    return result(0, line, obstacle, runtime, robot);
                }
                StateViews.Status s = runtime.status();
                String line = String.format(Locale.ROOT,
                        "NOT ARRIVED %s: still %s after %.1f s, %.2f m of path left at (%.2f, %.2f)%s", place,
                        s.state().name().toLowerCase(Locale.ROOT), options.duration().toNanos() / 1e9,
                        s.remainingMeters(), s.xMeters(), s.yMeters(), s.fault() == null ? "" : "; fault: " + s.fault());
                err.println(line);
                return result(1, line, obstacle, runtime, robot);
            }
        }
    }

    private static Result finish(Mission.Outcome outcome, String place, Optional<ObstaclePlanner.Placement> obstacle,
            WallyRuntime runtime, SimRobot robot, PrintWriter out, PrintWriter err, Screen live) {
        printStatus(runtime, robot, out, live);
        endLive(out, live);
        if (outcome.state() == Mission.State.ARRIVED) {
            String line = String.format(Locale.ROOT, "ARRIVED %s %.1f", place, outcome.seconds());
            out.println(line);
            out.flush();
            return result(0, line, obstacle, runtime, robot);
        }
        String line = String.format(Locale.ROOT, "%s %s after %.1f s: %s", outcome.state(), place, outcome.seconds(),
                outcome.reason());
        err.println(line);
        return result(1, line, obstacle, runtime, robot);
    }

    private static Result result(int code, String line, Optional<ObstaclePlanner.Placement> obstacle,
            WallyRuntime runtime, SimRobot robot) {
        return new Result(code, line, obstacle, runtime.status().counters(), robot.collisions(), robot.truePose());
    }

    /** Reads the first route from the robot to {@code place} and puts an obstacle on it. */
    private static Optional<ObstaclePlanner.Placement> placeObstacle(WallyRuntime runtime, SimRobot robot, String place,
            PrintWriter out) throws InterruptedException {
        Object planned = await(reply -> runtime.plan(null, place, "astar", reply), "plan to " + place);
        if (!(planned instanceof Map<?, ?> result) || !(result.get("nodes") instanceof Object nodes)) {
            out.println("no obstacle: the route to " + place + " could not be read (" + planned + ")");
            return Optional.empty();
        }
        int[] ids = nodeIds(nodes);
        double[] xs = new double[ids.length + 1];
        double[] ys = new double[ids.length + 1];
        xs[0] = robot.truePose().xMeters();
        ys[0] = robot.truePose().yMeters();
        ReplicatedNavGraph.Reader reader = runtime.graph().newReader();
        try (ReplicatedNavGraph.ReadView view = reader.acquire()) {
            for (int i = 0; i < ids.length; i++) {
                xs[i + 1] = view.x(ids[i]);
                ys[i + 1] = view.y(ids[i]);
            }
        }
        Optional<ObstaclePlanner.Placement> p = ObstaclePlanner.onRoute(robot.world(), xs, ys, xs.length,
                OBSTACLE_AHEAD_METERS, OBSTACLE_HALF_DEPTH_METERS, OBSTACLE_HALF_WIDTH_METERS, OBSTACLE_DETOUR_METERS,
                OBSTACLE_CLOSED_BELOW_METERS);
        if (p.isPresent()) {
            ObstaclePlanner.Placement o = p.get();
            robot.world().addRotatedBox(o.xMeters(), o.yMeters(), o.headingRadians(), o.halfDepthMeters(),
                    o.halfWidthMeters());
            out.printf(Locale.ROOT, "OBSTACLE at (%.2f, %.2f), %.2f m x %.2f m across the first route, %.1f m along it%n",
                    o.xMeters(), o.yMeters(), 2 * o.halfWidthMeters(), 2 * o.halfDepthMeters(), o.alongMeters());
        } else {
            out.println("no obstacle: no open stretch of the route " + OBSTACLE_AHEAD_METERS + " m ahead");
        }
        return p;
    }

    private static int[] nodeIds(Object nodes) {
        if (nodes instanceof int[] array) {
            return array;
        }
        if (nodes instanceof List<?> list) {
            int[] out = new int[list.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = ((Number) list.get(i)).intValue();
            }
            return out;
        }
        throw new IllegalStateException("plan result 'nodes' is neither int[] nor a list: " + nodes.getClass());
    }

    private record Failure(String code, String message) {
    }

    /** Sends one request and waits (real time, bounded) for its single reply: the result or a {@link Failure}. */
    private static Object await(Consumer<CommandReply> request, String what)
            throws InterruptedException {
        CompletableFuture<Object> answer = new CompletableFuture<>();
        request.accept(new CommandReply() {
            @Override
            public void ok(Object result) {
                answer.complete(result);
            }

            @Override
            public void error(ErrorCode code, String message) {
                answer.complete(new Failure(code.wireName(), message));
            }
        });
        try {
            return answer.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return new Failure("internal", what + " failed: " + e.getCause());
        } catch (TimeoutException e) {
            return new Failure("timeout", what + " got no reply within 30 s");
        }
    }

    private static void printStatus(WallyRuntime runtime, SimRobot robot, PrintWriter out, Screen live) {
        live.console().status(statusLine(runtime.status(), robot, live.mqtt().bridge().connection().state().wireName()));
    }

    private static void endLive(PrintWriter out, Screen live) {
        live.console().close();
    }

    private static WallyConfig withMap(WallyConfig c, String mapFile) {
        int connectivity = c.map() == null ? 8 : c.map().connectivity();
        double snap = c.map() == null ? PlannerAgent.DEFAULT_SNAP_RADIUS_METERS : c.map().snapRadiusMeters();
        return new WallyConfig(c.robot(), new WallyConfig.MapSettings(mapFile, connectivity, snap), c.store(), c.control(),
                c.drive(), c.motors(), c.sensors(), c.sim(), c.mqtt(), c.homeassistant(), c.dashboard(), c.foxglove(), c.vda5050(), c.battery());
    }

    // ---- console: first screen, status line, Ctrl-C summary (issue 20) ----

    /** What the drive loop shows on: the console, the MQTT state, and what Ctrl-C needs. */
    private record Screen(Console console, MqttService mqtt, Ending ending) {
    }

    /** What the Ctrl-C hook needs: the console, the tally, when the run started, and the store's fate. */
    private static final class Ending {
        final Console console;
        final RunTally tally;
        volatile long startNanos;
        final boolean goalGiven;
        final AtomicBoolean stopping = new AtomicBoolean();
        volatile Supplier<String> store = () -> "edits not kept (no store)";
        volatile ConsoleLogging logging;

        Ending(Console console, RunTally tally, long startNanos, boolean goalGiven) {
            this.console = console;
            this.tally = tally;
            this.startNanos = startNanos;
            this.goalGiven = goalGiven;
        }

        void restoreLogging() {
            if (logging != null) {
                logging.close();
            }
        }
    }

    /**
     * Ctrl-C (or SIGTERM): ends the status line, closes everything (motors first), prints one summary line
     * and exits 0, or 130 when a {@code --goto} goal was still under way (a script must see that it did not
     * arrive).
     */
    private static void onCtrlC(List<AutoCloseable> owned, Ending ending) {
        ending.stopping.set(true);
        ending.console.close();
        String store = ending.store.get();
        closeAll(owned);
        ending.restoreLogging();
        ending.console.println(ending.tally.summary(Duration.ofNanos(System.nanoTime() - ending.startNanos), store));
        Runtime.getRuntime().halt(ending.goalGiven ? 130 : 0);
    }

    private static String storeNote(WallyRuntime runtime, WallyConfig config) {
        // the directory is on the first screen; the summary must fit the terminal whatever the path's length
        return runtime.store().isPresent() ? "edits kept in the store" : "edits not kept (no store)";
    }

    private static void tally(WallyRuntime runtime, SimRobot robot, RunTally tally) {
        SimRobot.Pose truth = robot.truePose();
        tally.position(truth.xMeters(), truth.yMeters());
        tally.goal(runtime.mission().goalId(), runtime.mission().state() == Mission.State.ARRIVED);
    }

    /** The first screen: where, the places, a {@code mosquitto_pub} to paste, the addresses, how to stop. */
    private static void printFirstScreen(Console console, WallyConfig config, Path mapFile, double speed,
            MqttService mqtt, SimRobot robot, Optional<DashboardServer> dashboard, FoxgloveServer foxglove) {
        String robotLine = String.format(Locale.ROOT, "robot %s at (%.2f, %.2f) in %s, speed %.1fx",
                config.robot().id(), robot.truePose().xMeters(), robot.truePose().yMeters(), mapFile.getFileName(), speed);
        // the dashboard's address leads the first line: the one thing to open (docs/visualise.md)
        String headline = dashboard.map(d -> "wally sim: dashboard " + d.url() + ", " + robotLine).orElse("wally sim: " + robotLine);
        FirstScreen.Facts facts = new FirstScreen.Facts(headline, placeNames(mapFile), config.robot().id(),
                mqtt.brokerUrl(), null, foxglove == null ? null : foxglove.url());
        for (String line : FirstScreen.lines(facts, console.width())) {
            console.println(line);
        }
    }

    /** The named places of a map file; none for a ROS map (it names none). */
    private static List<String> placeNames(Path mapFile) {
        try {
            return NamedPlacesLoader.load(mapFile).places().stream().map(NamedPlacesLoader.PlaceSpec::name).toList();
        } catch (RuntimeException rosMapOrUnreadable) {
            return List.of();
        }
    }

    /** The status line: the robot's named fields ({@link RobotStatus}) and the simulator's true pose. */
    static StatusLine statusLine(StateViews.Status s, SimRobot robot, String mqttState) {
        SimRobot.Pose truth = robot.truePose();
        return RobotStatus.line("t", String.format(Locale.ROOT, "%.1fs", robot.simClock().seconds()), s, mqttState)
                .add("true", String.format(Locale.ROOT, "%.2f,%.2f", truth.xMeters(), truth.yMeters()), 2);
    }

    private static void closeAll(List<AutoCloseable> owned) {
        synchronized (owned) {
            for (AutoCloseable c : owned) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.log(System.Logger.Level.WARNING, "closing " + c.getClass().getSimpleName() + " failed", e);
                }
            }
            owned.clear();
        }
    }
}
