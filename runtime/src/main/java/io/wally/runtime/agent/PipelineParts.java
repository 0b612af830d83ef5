package io.wally.runtime.agent;

import io.wally.hal.NanoClock;
import io.wally.runtime.command.CommandQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * What the agents of one pipeline share: the clock, the published state (boards, mission, safety), the
 * counters, and the queues between them. Built once by {@code io.wally.runtime.Pipeline}; each agent also
 * takes its own settings record.
 *
 * @param sensorRing      sensor agent -> map agent (one to one; {@link OdometryRecord}, {@link RangeRecord})
 * @param mapEventRing    map agent -> planner agent (one to one; {@link MapEventRecord})
 * @param plannerCommands plan and goto requests for the planner agent
 * @param mapCommands     map edits for the map agent
 * @param stopRequests    incremented by every stop; the planner cancels its goal when it moves
 * @param zones           the zones in force (written by the map agent) and the speed cap applied (motion agent)
 * @param wallClock       the machine's monotonic clock ({@link NanoClock#SYSTEM}) for durations: cycle times and the
 *                        sensor-to-graph latency. {@code clock} may be simulated time, which stands still within a
 *                        cycle, so durations measured on it read 0
 * @param frontiers       the sensed grid's frontiers (written by the map agent while an exploration wants them)
 */
public record PipelineParts(NanoClock clock, PipelineCounters counters, SafetyState safety, PoseBoard pose, PathBoard path,
        Mission mission, TelemetryEvents events, LatencyRecorder sensorToGraph, RingBuffer sensorRing,
        RingBuffer mapEventRing, CommandQueue plannerCommands, CommandQueue mapCommands, AtomicLong stopRequests,
        io.wally.runtime.zone.ZoneBoard zones, NanoClock wallClock, FrontierBoard frontiers) {
}
