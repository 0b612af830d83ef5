package io.wally.runtime.agent;

import io.wally.maps.concurrent.ReplicatedNavGraph;
import io.wally.runtime.text.Numbers;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The robot's state as every way out sees it (status replies, telemetry, status lines): read from what the
 * agents publish (pose board, mission, safety, counters, the graph's published version), never from an
 * agent's private fields, so any thread may ask without visiting an agent. Allocates per call.
 */
public final class StateViews {

    /** What a status line shows. */
    public record Status(double xMeters, double yMeters, double headingDegrees, String goal, Mission.State state,
            String reason, int remainingWaypoints, double remainingMeters, long graphVersion, String fault,
            Map<String, Integer> queueDepthBytes, Map<String, Integer> commandsWaiting, Map<String, Long> counters) {

        /** One short line: pose, goal, remaining path, queue depths (rings in bytes, command queues in requests). */
        public String line() {
            return String.format(Locale.ROOT,
                    "pose (%.2f, %.2f) %4.0f°  goal %s  %s  path %d wp / %.2f m  v%d  queues s%d m%d p%d e%d%s",
                    // rounded first: -0.2 would print as "-0" (Numbers.round makes it 0)
                    Numbers.round(xMeters, 2), Numbers.round(yMeters, 2), Numbers.round(headingDegrees, 0),
                    goal == null ? "-" : goal, state, remainingWaypoints, Numbers.round(remainingMeters, 2),
                    graphVersion, queueDepthBytes.get("sensor"), commandsWaiting.get("map"),
                    commandsWaiting.get("planner"), queueDepthBytes.get("mapEvents"),
                    fault == null ? "" : "  FAULT " + fault);
        }
    }

    private final PipelineParts parts;
    private final ReplicatedNavGraph graph;
    private final AtomicLong agentErrors;

    /** @param agentErrors counts agents that threw (the runner's error handler) */
    public StateViews(PipelineParts parts, ReplicatedNavGraph graph, AtomicLong agentErrors) {
        this.parts = parts;
        this.graph = graph;
        this.agentErrors = agentErrors;
    }

    /** The robot's state now. */
    public Status status() {
        PoseBoard.Pose pose = parts.pose().read(new PoseBoard.Pose());
        Map<String, Integer> depths = new LinkedHashMap<>();
        depths.put("sensor", parts.sensorRing().size());
        depths.put("mapEvents", parts.mapEventRing().size());
        Map<String, Integer> waiting = new LinkedHashMap<>();
        waiting.put("map", parts.mapCommands().size());
        waiting.put("planner", parts.plannerCommands().size());
        Map<String, Long> c = parts.counters().snapshot();
        c.put("agentErrors", agentErrors.get());
        c.put("graphDeferredClaims", graph.deferredClaims());
        c.put("faultsRaised", parts.safety().faultsRaised());
        c.put("sensorToGraphP99Nanos", parts.sensorToGraph().percentile(99));
        c.put("telemetryEventsDropped", parts.events().dropped());
        Mission mission = parts.mission();
        return new Status(pose.xMeters, pose.yMeters, Math.toDegrees(pose.headingRadians), mission.goal(), mission.state(),
                mission.reason(), mission.remainingWaypoints(), mission.remainingMeters(), graph.publishedVersion(),
                parts.safety().reason(), depths, waiting, c);
    }

    /** The reply to a {@code status} request. */
    public Map<String, Object> statusMap() {
        Status s = status();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pose", poseMap());
        m.put("goal", s.goal());
        m.put("state", s.state().name().toLowerCase(Locale.ROOT));
        m.put("reason", s.reason());
        m.put("remainingWaypoints", s.remainingWaypoints());
        m.put("remainingMeters", s.remainingMeters());
        m.put("graphVersion", s.graphVersion());
        m.put("fault", s.fault());
        m.put("queueDepthBytes", s.queueDepthBytes());
        m.put("commandsWaiting", s.commandsWaiting());
        m.put("counters", s.counters());
        return m;
    }

    /** {@code telemetry/pose}. */
    public Map<String, Object> poseMap() {
        PoseBoard.Pose pose = parts.pose().read(new PoseBoard.Pose());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("x", pose.xMeters);
        m.put("y", pose.yMeters);
        m.put("headingDegrees", Math.toDegrees(pose.headingRadians));
        return m;
    }

    /** {@code telemetry/plan}; with {@code speedCapMps} while the robot drives under a speed zone's cap. */
    public Map<String, Object> planMap() {
        Mission mission = parts.mission();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("goal", mission.goal());
        m.put("state", mission.state().name().toLowerCase(Locale.ROOT));
        m.put("remainingWaypoints", mission.remainingWaypoints());
        m.put("remainingMeters", mission.remainingMeters());
        m.put("reason", mission.reason());
        double cap = parts.zones().capMps();
        if (cap != Double.POSITIVE_INFINITY) {
            m.put("speedCapMps", cap); // only under a speed zone's cap, so maps without zones keep their telemetry
        }
        return m;
    }

    /** {@code telemetry/health}. */
    public Map<String, Object> healthMap() {
        Status s = status();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fault", s.fault());
        m.put("queueDepthBytes", s.queueDepthBytes());
        m.put("commandsWaiting", s.commandsWaiting());
        m.put("counters", s.counters());
        return m;
    }
}
