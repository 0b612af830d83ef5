package io.wally.runtime;

import io.wally.hal.NanoClock;
import io.wally.hal.RangeSensor;
import io.wally.hal.Robot;
import io.wally.maps.concurrent.ReplicatedNavGraph;
import io.wally.maps.embed.EmbeddingFile;
import io.wally.maps.embed.FastRpSettings;
import io.wally.maps.importer.Place;
import io.wally.maps.importer.PlaceKind;
import io.wally.maps.query.QuerySettings;
import io.wally.maps.store.GraphStore;
import io.wally.runtime.agent.BatteryWatch;
import io.wally.runtime.agent.FrontierBoard;
import io.wally.runtime.agent.LatencyRecorder;
import io.wally.runtime.agent.ManualDrive;
import io.wally.runtime.agent.MapAgent;
import io.wally.runtime.agent.Mission;
import io.wally.runtime.agent.MotionAgent;
import io.wally.runtime.agent.PathBoard;
import io.wally.runtime.agent.PipelineCounters;
import io.wally.runtime.agent.PipelineParts;
import io.wally.runtime.agent.PlannerAgent;
import io.wally.runtime.agent.PoseBoard;
import io.wally.runtime.agent.RobotReadings;
import io.wally.runtime.agent.RuntimeMap;
import io.wally.runtime.agent.SafetyState;
import io.wally.runtime.agent.SafetyWatchdog;
import io.wally.runtime.agent.SensorAgent;
import io.wally.runtime.agent.StateViews;
import io.wally.runtime.agent.TelemetryAgent;
import io.wally.runtime.agent.TelemetryEvents;
import io.wally.runtime.analysis.PlaceAnalysisAgent;
import io.wally.runtime.command.CommandGateway;
import io.wally.runtime.command.CommandQueue;
import io.wally.runtime.command.CommandReply;
import io.wally.runtime.command.ErrorCode;
import io.wally.runtime.agent.GridArea;
import io.wally.runtime.command.Request;
import io.wally.runtime.command.StopReasons;
import io.wally.runtime.command.TelemetrySink;
import io.wally.runtime.command.TelemetryStamp;
import io.wally.runtime.config.WallyConfig;
import io.wally.runtime.zone.ZoneBoard;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The wiring of docs/pipeline.md: builds the shared parts ({@link PipelineParts}), each agent from its
 * settings record (derived from the {@link WallyConfig} here, in one place), the state views and the command
 * gateway. Starts nothing: {@link WallyRuntime} runs the agents.
 */
final class Pipeline {

    /** Most waypoints an active path may have. */
    static final int PATH_CAPACITY = 16_384;
    /** How long one search may run, nanoseconds. */
    static final long PLAN_BUDGET_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** Requests that may wait for one agent; more are answered busy. */
    static final int MAX_COMMANDS_WAITING = 1024;
    /** Limits of a {@code query} request: 10,000 rows, 2 s, 10 million edges followed; compiled from its second run. */
    static final QuerySettings QUERY_LIMITS = new QuerySettings(Request.MAX_QUERY_ROWS, 2_000, 10_000_000L, 2);
    /** Similar, rooms and query requests that may wait (each may take a tenth of a second). */
    static final int ANALYSIS_REQUESTS_WAITING = 64;

    final PipelineParts parts;
    final SensorAgent sensorAgent;
    final MapAgent mapAgent;
    final MotionAgent motionAgent;
    final PlannerAgent plannerAgent;
    final TelemetryAgent telemetryAgent;
    final SafetyWatchdog watchdog;
    final PlaceAnalysisAgent analysisAgent;
    final StateViews views;
    final CommandGateway gateway;
    /** The last hand drive: the gateway offers, the motion agent obeys. */
    final ManualDrive manualDrive = new ManualDrive(TimeUnit.MILLISECONDS.toNanos(Request.DRIVE_DEAD_MAN_MILLIS));

    /**
     * @param startPose {x, y, heading radians}
     * @param store     the store the map agent also writes, or null
     * @param storeDir  the store's directory (embeddings persist there), or null
     * @param repairWithDStarLite the planner repairs the active route with D* Lite (see {@link PlannerAgent.Settings})
     */
    Pipeline(WallyConfig config, Robot robot, NanoClock clock, RuntimeMap map, ReplicatedNavGraph graph, GraphStore store,
            Path storeDir, double[] startPose, TelemetrySink telemetry, AtomicLong agentErrors, boolean repairWithDStarLite) {
        WallyConfig.Control control = config.control();
        WallyConfig.Drive drive = config.drive();
        int capacity = control.queueCapacity();
        int commandsWaiting = Math.min(capacity, MAX_COMMANDS_WAITING);
        PipelineCounters counters = new PipelineCounters();
        TelemetryEvents events = new TelemetryEvents(256);
        this.parts = new PipelineParts(clock, counters, new SafetyState(), new PoseBoard(), new PathBoard(PATH_CAPACITY),
                new Mission(events), events, new LatencyRecorder(65_536), new OneToOneRingBuffer(ring(capacity * 64)),
                new OneToOneRingBuffer(ring(capacity * 32)), new CommandQueue(commandsWaiting), new CommandQueue(commandsWaiting),
                new AtomicLong(), new ZoneBoard(), NanoClock.SYSTEM, new FrontierBoard());
        CommandQueue analysisQueue = new CommandQueue(ANALYSIS_REQUESTS_WAITING);

        long periodNanos = 1_000_000_000L / control.loopHz();
        long deadlineNanos = TimeUnit.MILLISECONDS.toNanos(control.watchdogMillis());
        long graceNanos = Math.max(TimeUnit.SECONDS.toNanos(1), 5 * deadlineNanos);
        List<RangeSensor> rangers = robot.rangeSensors();
        double[] mounts = new double[rangers.size()];
        for (int i = 0; i < mounts.length; i++) {
            mounts[i] = rangers.get(i).mountAngleRadians();
        }
        double metersPerTick = 2 * Math.PI * drive.wheelRadiusMeters() / robot.encoders().ticksPerRevolution();

        this.sensorAgent = new SensorAgent(new SensorAgent.Settings(periodNanos, deadlineNanos, graceNanos), parts, robot);
        this.mapAgent = new MapAgent(new MapAgent.Settings(metersPerTick, drive.wheelBaseMeters(), WallyRuntime.inflationMeters(config),
                mounts, startPose[0], startPose[1], startPose[2], map.protectedNodes(), map.unknownNodes()), parts, graph, map.locator(), store);
        this.motionAgent = new MotionAgent(new MotionAgent.Settings(periodNanos, drive.maxSpeedMps(), drive.maxTurnRateRadPerS(),
                config.motors().maxDuty(), drive.wheelBaseMeters(), drive.goalToleranceMeters()), parts, robot.motors(), manualDrive);
        this.plannerAgent = new PlannerAgent(new PlannerAgent.Settings(PLAN_BUDGET_NANOS, repairWithDStarLite,
                config.map() == null ? PlannerAgent.DEFAULT_SNAP_RADIUS_METERS : config.map().snapRadiusMeters()), parts, graph, map.locator(),
                manualDrive);
        this.views = new StateViews(parts, graph, agentErrors);
        this.watchdog = new SafetyWatchdog(robot.motors(), parts.safety(), counters, clock, deadlineNanos,
                motionAgent::lastCycleNanos, sensorAgent::lastCycleNanos);
        Path mapFile = config.map() == null || config.map().file() == null ? null : Path.of(config.map().file());
        mapAgent.placeOutlines(GridArea.placeOutlines(mapFile));
        this.analysisAgent = new PlaceAnalysisAgent(new PlaceAnalysisAgent.Settings(FastRpSettings.defaults(), mapFile,
                storeDir == null ? null : EmbeddingFile.beside(storeDir), QUERY_LIMITS), analysisQueue, graph, map.locator());
        this.gateway = new CommandGateway(parts.plannerCommands(), parts.mapCommands(), analysisQueue,
                (reason, reply) -> stop(robot, reason, reply), this::drive, views::statusMap, counters.commandsBusy);
        WallyConfig.Mqtt.Telemetry rates = config.mqtt() == null || config.mqtt().telemetry() == null
                ? new WallyConfig.Mqtt.Telemetry(0, 0, 0, 0, 0) : config.mqtt().telemetry();
        WallyConfig.Battery battery = config.batteryOrDefaults();
        BatteryWatch batteryWatch = new BatteryWatch(new BatteryWatch.Settings(battery.lowPercent(), battery.dockPercent(),
                dockName(map)), events, gateway);
        this.telemetryAgent = new TelemetryAgent(new TelemetryAgent.Settings(rates.poseHz(), rates.planHz(), rates.healthHz(),
                rates.sensorsHz(), rates.batteryHz(), TelemetryStamp.SYSTEM), parts, views, telemetry,
                new RobotReadings(robot, clock, battery.curve()), batteryWatch);
    }

    /** Where a low battery sends the robot: the first place of kind dock, else the place named "dock". */
    static String dockName(RuntimeMap map) {
        return map.places().stream().filter(p -> p.kind() == PlaceKind.DOCK).map(Place::name).findFirst().orElse("dock");
    }

    /**
     * A hand drive, on the caller's thread: refused during a safety fault; otherwise any goal ends and the
     * control loop drives the speeds until the dead-man time passes without a fresh drive.
     */
    private void drive(Request.Drive drive, CommandReply reply) {
        String fault = parts.safety().reason();
        if (parts.safety().faulted()) {
            reply.error(ErrorCode.FAULT, "cannot drive during a safety fault: " + fault);
            return;
        }
        long now = parts.clock().nanoTime();
        Mission mission = parts.mission();
        if (mission.state() == Mission.State.DRIVING) {
            mission.end(mission.goalId(), Mission.State.STOPPED, "driven by hand", now);
        }
        manualDrive.offer(drive.linearMps(), drive.angularRadPerS(), now);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("linearMps", drive.linearMps());
        result.put("angularRadPerS", drive.angularRadPerS());
        result.put("deadManMillis", Request.DRIVE_DEAD_MAN_MILLIS);
        reply.ok(result);
    }

    /** Stop, on the caller's thread: motors first, then the planner is told and the goal ends. */
    private void stop(Robot robot, String reason, CommandReply reply) {
        manualDrive.clear();
        robot.motors().stop();
        parts.stopRequests().incrementAndGet();
        String why = StopReasons.describe(reason);
        parts.mission().end(parts.mission().goalId(), Mission.State.STOPPED, why, parts.clock().nanoTime());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("stopped", true);
        result.put("reason", why);
        reply.ok(result);
    }

    private static UnsafeBuffer ring(int bytes) {
        int size = Integer.highestOneBit(Math.max(bytes, 4096) - 1) << 1;
        return new UnsafeBuffer(ByteBuffer.allocateDirect(size + RingBufferDescriptor.TRAILER_LENGTH));
    }

    /** The sensor ring, for tests that inspect it. */
    RingBuffer sensorRing() {
        return parts.sensorRing();
    }
}
