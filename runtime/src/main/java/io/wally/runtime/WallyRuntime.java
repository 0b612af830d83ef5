package io.wally.runtime;

import io.wally.hal.NanoClock;
import io.wally.hal.Robot;
import io.wally.maps.concurrent.ReplicatedNavGraph;
import io.wally.maps.store.GraphStore;
import io.wally.maps.store.StoreException;
import io.wally.maps.store.StoreOptions;
import io.wally.runtime.agent.LatencyRecorder;
import io.wally.runtime.agent.MapAgent;
import io.wally.runtime.agent.Mission;
import io.wally.runtime.agent.MotionAgent;
import io.wally.runtime.agent.PathBoard;
import io.wally.runtime.agent.PipelineCounters;
import io.wally.runtime.agent.PoseBoard;
import io.wally.runtime.agent.PlannerAgent;
import io.wally.runtime.agent.RuntimeMap;
import io.wally.runtime.agent.SafetyState;
import io.wally.runtime.agent.SafetyWatchdog;
import io.wally.runtime.agent.SensorAgent;
import io.wally.runtime.agent.StateViews;
import io.wally.runtime.agent.TelemetryAgent;
import io.wally.runtime.command.CommandReply;
import io.wally.runtime.command.Request;
import io.wally.runtime.command.RobotCommands;
import io.wally.runtime.command.TelemetrySink;
import io.wally.runtime.config.WallyConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

/**
 * The running robot: the agent pipeline of docs/pipeline.md built from a {@link WallyConfig}, the
 * robot's devices ({@link Robot}: simulated or Pi4J) and a {@link TelemetrySink}.
 *
 * <pre>
 *  SensorAgent --sensor ring (1:1)--> MapAgent (ONLY graph writer) --map events (1:1)--> PlannerAgent
 *                                        |  PoseBoard                                    |  PathBoard
 *  requests --CommandGateway--map queue (N:1)-+                                           v
 *  requests --CommandGateway--planner queue (N:1)-------------------------------> PlannerAgent   MotionAgent --> motors
 *  SafetyWatchdog (own thread) watches MotionAgent + SensorAgent heartbeats; TelemetryAgent samples state.
 * </pre>
 *
 * <p>Threads ({@code control.threading}): {@code composed} runs sensor, map and motion agents on one
 * "control" runner and planner + telemetry on a "background" runner; {@code dedicated} gives every
 * agent its own runner. The watchdog always has its own. With {@link Builder#manualStepping()} no
 * thread is started and {@link #step()} runs every agent once, in pipeline order (deterministic
 * simulation and tests).
 *
 * <p>The agents are built by {@link Pipeline} (the wiring); this class opens the map (and store), starts
 * and stops them. Implements {@link RobotCommands} (see there for the threading rule; the MQTT bridge calls
 * it). Lifecycle: {@link #close()} stops the motors, stops the agents and frees the graph; the robot itself
 * belongs to the caller.
 *
 * <p>Persistence is opt-in ({@link Builder#store(Path, StoreOptions)}): the runtime then opens a
 * {@link GraphStore} in that directory and owns it. On the first start (empty store) the map file is
 * imported into it and checkpointed; afterwards the stored graph is the map. The map agent applies every
 * mutation to the store too; {@link #close()} stops the motors, then the agents, then commits, checkpoints
 * (when the options say so) and closes the store. Without a store the map lives in memory only.
 */
public final class WallyRuntime implements RobotCommands, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(WallyRuntime.class.getName());

    /** Most waypoints an active path may have. */
    public static final int PATH_CAPACITY = Pipeline.PATH_CAPACITY;
    /** Replicas of the graph: three readers (planner, place analysis, Home Assistant) plus two. */
    public static final int DEFAULT_REPLICAS = 5;

    private final WallyConfig config;
    private final Robot robot;
    private final NanoClock clock;
    private final ReplicatedNavGraph graph;
    private final RuntimeMap map;
    private final Pipeline pipeline;
    private final List<AgentRunner> runners = new ArrayList<>();
    private final GraphStore store;
    private final AtomicLong agentErrors = new AtomicLong();
    private volatile boolean closed;

    private WallyRuntime(Builder b) {
        this.config = b.config;
        this.robot = b.robot;
        this.clock = b.clock != null ? b.clock : robot.clock();
        StartingMap start = b.map != null ? new StartingMap(b.map, null)
                : StartingMap.open(config, b.storeDir, b.storeOptions);
        this.store = start.store();
        this.map = start.map();
        // Readers: planner, place analysis, the Home Assistant adapter; a writer that never waits needs readers + 2.
        int replicas = b.replicas > 0 ? b.replicas : DEFAULT_REPLICAS;
        this.graph = ReplicatedNavGraph.create(replicas, map::newReplica, 1 << 16);
        double[] pose = b.startPose != null ? b.startPose : start.defaultPose(config);
        this.pipeline = new Pipeline(config, robot, clock, map, graph, store, store == null ? null : b.storeDir, pose,
                b.telemetry != null ? b.telemetry : TelemetrySink.NONE, agentErrors, b.repairWithDStarLite);
        if (!b.manual) {
            startRunners(config.control().threading());
        } else {
            pipeline.motionAgent.onStart();
        }
    }

    /**
     * The store options of a {@code store:} configuration section: its durability, group commit
     * interval (ms) and checkpoint-on-close.
     */
    public static StoreOptions storeOptions(WallyConfig.Store settings) {
        return StartingMap.storeOptions(settings);
    }

    /** How far from walls grid cells are blocked when a map is loaded ({@link StartingMap#inflationMeters}). */
    public static double inflationMeters(WallyConfig config) {
        return StartingMap.inflationMeters(config);
    }

    private void startRunners(WallyConfig.Control.Threading threading) {
        SensorAgent sensorAgent = pipeline.sensorAgent;
        MapAgent mapAgent = pipeline.mapAgent;
        MotionAgent motionAgent = pipeline.motionAgent;
        PlannerAgent plannerAgent = pipeline.plannerAgent;
        TelemetryAgent telemetryAgent = pipeline.telemetryAgent;
        SafetyWatchdog watchdog = pipeline.watchdog;
        runners.add(runner(pipeline.analysisAgent, analysisIdle()));
        if (threading == WallyConfig.Control.Threading.COMPOSED) {
            runners.add(runner(new CompositeAgent(sensorAgent, mapAgent, motionAgent), controlIdle()));
            runners.add(runner(new CompositeAgent(plannerAgent, telemetryAgent), backgroundIdle()));
        } else {
            runners.add(runner(sensorAgent, controlIdle()));
            runners.add(runner(mapAgent, controlIdle()));
            runners.add(runner(motionAgent, controlIdle()));
            runners.add(runner(plannerAgent, backgroundIdle()));
            runners.add(runner(telemetryAgent, backgroundIdle()));
        }
        runners.add(runner(watchdog, new SleepingMillisIdleStrategy(watchdog.checkPeriodMillis())));
        for (AgentRunner r : runners) {
            Thread t = new Thread(r, r.agent().roleName());
            t.setDaemon(true);
            t.start();
        }
    }

    /** Spin briefly, yield, then park up to 1 ms: little CPU on a Pi, sub-millisecond wake-up. */
    private static IdleStrategy controlIdle() {
        return new BackoffIdleStrategy(20, 10, TimeUnit.MICROSECONDS.toNanos(50), TimeUnit.MILLISECONDS.toNanos(1));
    }

    /** Parks up to 10 ms between requests: an offered request unparks it at once. */
    private static IdleStrategy analysisIdle() {
        return new BackoffIdleStrategy(1, 1, TimeUnit.MICROSECONDS.toNanos(100), TimeUnit.MILLISECONDS.toNanos(10));
    }

    private static IdleStrategy backgroundIdle() {
        return new BackoffIdleStrategy(10, 10, TimeUnit.MICROSECONDS.toNanos(100), TimeUnit.MILLISECONDS.toNanos(2));
    }

    private AgentRunner runner(Agent agent, IdleStrategy idle) {
        return new AgentRunner(idle, this::onAgentError, null, agent);
    }

    private void onAgentError(Throwable error) {
        agentErrors.incrementAndGet();
        robot.motors().stop();
        pipeline.parts.safety().raise("agent failed: " + error, clock.nanoTime());
        LOG.log(System.Logger.Level.ERROR, "agent failed; motors stopped", error);
    }

    /** Starts building a runtime for {@code config} driving {@code robot}. */
    public static Builder builder(WallyConfig config, Robot robot) {
        return new Builder(config, robot);
    }

    /** Builds and starts the runtime with the map of {@code config}, the robot's clock and {@code telemetry}. */
    public static WallyRuntime start(WallyConfig config, Robot robot, TelemetrySink telemetry) {
        return builder(config, robot).telemetry(telemetry).start();
    }

    /** Options of a runtime; {@link #start()} builds it. Not thread-safe; use once. */
    public static final class Builder {
        private final WallyConfig config;
        private final Robot robot;
        private NanoClock clock;
        private TelemetrySink telemetry;
        private RuntimeMap map;
        private double[] startPose;
        private int replicas;
        private boolean manual;
        private boolean repairWithDStarLite = true;
        private Path storeDir;
        private StoreOptions storeOptions;

        private Builder(WallyConfig config, Robot robot) {
            this.config = Objects.requireNonNull(config, "config");
            this.robot = Objects.requireNonNull(robot, "robot");
        }

        /** The clock every agent uses (default: the robot's). */
        public Builder clock(NanoClock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Where telemetry goes (default: nowhere). */
        public Builder telemetry(TelemetrySink value) {
            this.telemetry = Objects.requireNonNull(value, "telemetry");
            return this;
        }

        /** The map (default: loaded from {@code map.file} of the config). */
        public Builder map(RuntimeMap value) {
            this.map = Objects.requireNonNull(value, "map");
            return this;
        }

        /** The robot's starting pose (default: sim start of the config, else the place "dock", else the origin). */
        public Builder startPose(double xMeters, double yMeters, double headingRadians) {
            this.startPose = new double[] {xMeters, yMeters, headingRadians};
            return this;
        }

        /** Replicas of the graph (default {@link WallyRuntime#DEFAULT_REPLICAS}; readers that never wait for the writer need readers + 2). */
        public Builder replicas(int count) {
            this.replicas = count;
            return this;
        }

        /**
         * Keep the map in the persistent store in {@code dir} (created when missing; the runtime opens,
         * owns and closes it). First start: the map file is imported into it; later starts use the stored
         * graph. Ignored when {@link #map(RuntimeMap)} is given. Default: no store, the map lives in memory.
         */
        public Builder store(Path dir, StoreOptions options) {
            this.storeDir = Objects.requireNonNull(dir, "dir");
            this.storeOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /** As {@link #store(Path, StoreOptions)} with the {@code store:} section of the configuration. */
        public Builder storeFromConfig() {
            WallyConfig.Store s = Objects.requireNonNull(config.store(), "config has no store section");
            return store(Path.of(s.dir()), storeOptions(s));
        }

        /**
         * Repair the active route with D* Lite when the map changes on it (the default), or search afresh with
         * A* after every change ({@code false}); see {@code PlannerAgent.Settings#repairWithDStarLite}.
         */
        public Builder repairRoutesWithDStarLite(boolean value) {
            this.repairWithDStarLite = value;
            return this;
        }

        /** Start no thread: the caller runs every agent with {@link WallyRuntime#step()}. */
        public Builder manualStepping() {
            this.manual = true;
            return this;
        }

        /** Builds the pipeline and (unless manual) starts its threads. */
        public WallyRuntime start() {
            return new WallyRuntime(this);
        }
    }

    /**
     * Runs every agent once: the control path (sensors, map, motion: {@link #stepControl()}), then
     * planner, telemetry and watchdog ({@link #stepBackground()}); only with
     * {@link Builder#manualStepping()}. Returns the work done.
     */
    public int step() {
        if (!runners.isEmpty()) {
            throw new IllegalStateException("step() is for manual stepping; this runtime runs its own threads");
        }
        return stepControl() + stepBackground();
    }

    /** Runs the planner, telemetry and watchdog once (manual stepping only). */
    public int stepBackground() {
        if (!runners.isEmpty()) {
            throw new IllegalStateException("stepBackground() is for manual stepping; this runtime runs its own threads");
        }
        int work = run(pipeline.plannerAgent) + run(pipeline.telemetryAgent) + run(pipeline.analysisAgent);
        run(pipeline.watchdog);
        return work;
    }

    /** Runs only the control path once (sensor, map, motion agents) for allocation and latency tests. */
    public int stepControl() {
        if (!runners.isEmpty()) {
            throw new IllegalStateException("stepControl() is for manual stepping; this runtime runs its own threads");
        }
        return run(pipeline.sensorAgent) + run(pipeline.mapAgent) + run(pipeline.motionAgent);
    }

    private int run(Agent agent) {
        try {
            return agent.doWork();
        } catch (Exception e) {
            onAgentError(e);
            throw new IllegalStateException("agent " + agent.roleName() + " failed: " + e.getMessage(), e);
        }
    }

    // ---- RobotCommands -------------------------------------------------------------------------

    /** Hands {@code request} to the command path (docs/pipeline.md); see {@link RobotCommands} for the threading rule. */
    @Override
    public void submit(Request request, CommandReply reply) {
        pipeline.gateway.submit(request, reply);
    }

    // ---- state -----------------------------------------------------------------------------------

    /** The robot's state now (allocates; for status lines and telemetry). */
    public StateViews.Status status() {
        return pipeline.views.status();
    }

    /**
     * Waits up to {@code timeout} for the current goal to end (arrived, failed or stopped); empty when
     * it has not ended by then, or when there is no goal.
     */
    public Optional<Mission.Outcome> awaitOutcome(Duration timeout) throws InterruptedException {
        Mission mission = pipeline.parts.mission();
        if (mission.goalId() == 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(mission.outcome().get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException("goal outcome failed", e.getCause());
        }
    }

    /**
     * A copy of the active path's waypoints as {@code {x, y}} pairs in metres (empty without a goal);
     * allocates, for status displays and tests.
     */
    public double[][] activePath() {
        PathBoard pathBoard = pipeline.parts.path();
        PathBoard.Copy copy = pathBoard.copyTo(new PathBoard.Copy(pathBoard.capacity()));
        double[][] out = new double[copy.count][];
        for (int i = 0; i < copy.count; i++) {
            out[i] = new double[] {copy.x[i], copy.y[i]};
        }
        return out;
    }

    /** Copies the robot's latest pose into {@code out} and returns it; allocates nothing (for displays polling fast). */
    public PoseBoard.Pose readPose(PoseBoard.Pose out) {
        return pipeline.parts.pose().read(out);
    }

    /** The current goal and its outcome. */
    public Mission mission() {
        return pipeline.parts.mission();
    }

    /** Counters for health telemetry. */
    public PipelineCounters counters() {
        return pipeline.parts.counters();
    }

    /** The latched safety fault. */
    public SafetyState safety() {
        return pipeline.parts.safety();
    }

    /** The navigation graph (for read-only queries: make a reader with {@code newReader()}). */
    public ReplicatedNavGraph graph() {
        return graph;
    }

    /** Maps world points to the graph's grid-cell nodes (stateless, any thread). */
    public io.wally.runtime.agent.NodeLocator nodeLocator() {
        return map.locator();
    }

    /** Sensor record in to graph version published, nanoseconds (last 65,536 samples). */
    public LatencyRecorder sensorToGraphLatency() {
        return pipeline.parts.sensorToGraph();
    }

    /** The configuration the runtime was built from. */
    public WallyConfig config() {
        return config;
    }

    /** Where the map came from: the map file, or the store (first start: the file imported into it). */
    public String mapOrigin() {
        return map.origin();
    }

    /** The persistent store (empty without one); its graph belongs to the map agent while the runtime runs. */
    public Optional<GraphStore> store() {
        return Optional.ofNullable(store);
    }

    /**
     * Stops the motors, stops every agent thread (waiting for them), then, with a store: commits it
     * (answering held edit replies), checkpoints it when its options say so, and closes it; frees the
     * graph. Idempotent.
     *
     * @throws StoreException when the final commit or checkpoint failed (all is released anyway)
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        robot.motors().stop();
        for (AgentRunner r : runners) {
            r.close();
        }
        if (runners.isEmpty()) {
            pipeline.analysisAgent.onClose(); // manual stepping: no runner closes it
        }
        robot.motors().stop();
        try {
            if (store != null) {
                pipeline.mapAgent.flushAcknowledgements();
                store.close();
            }
        } finally {
            graph.close();
        }
    }
}
