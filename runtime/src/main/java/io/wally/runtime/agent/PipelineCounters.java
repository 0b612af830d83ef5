package io.wally.runtime.agent;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of the pipeline for health telemetry and tests. Each counter has one writing agent (named
 * beside it) except {@link #commandsBusy}, which any command caller may bump.
 *
 * <p>Threading: updated without allocation by their agents; read from any thread.
 */
public final class PipelineCounters {

    /** Sensor agent: cycles run. */
    public final AtomicLong sensorCycles = new AtomicLong();
    /** Sensor agent: records dropped because the sensor ring was full. */
    public final AtomicLong sensorRecordsDropped = new AtomicLong();
    /** Sensor agent: readings found stale or faulty. */
    public final AtomicLong sensorReadingsBad = new AtomicLong();
    /** Map agent: sensor records applied. */
    public final AtomicLong sensorRecordsApplied = new AtomicLong();
    /** Map agent: grid cells marked blocked from range readings. */
    public final AtomicLong obstacleCellsMarked = new AtomicLong();
    /** Map agent: blocked cells freed again because later range readings saw through them. */
    public final AtomicLong obstacleCellsCleared = new AtomicLong();
    /** Map agent: range readings ignored as bad (NaN, negative, beyond the sensor's maximum). */
    public final AtomicLong rangeReadingsIgnored = new AtomicLong();
    /** Map agent: graph versions published. */
    public final AtomicLong graphPublishes = new AtomicLong();
    /** Map agent: obstacle marks skipped because no replica was free (readers inside). */
    public final AtomicLong obstacleMarksDeferred = new AtomicLong();
    /** Map agent: map events to the planner dropped (ring full; the planner then replans). */
    public final AtomicLong mapEventsDropped = new AtomicLong();
    /** Map agent: map edits applied. */
    public final AtomicLong mapEditsApplied = new AtomicLong();
    /** Any caller: commands refused with "busy" (queue or reply table full). */
    public final AtomicLong commandsBusy = new AtomicLong();
    /** Planner agent: plans computed (requests, goals and repairs). */
    public final AtomicLong plans = new AtomicLong();
    /** Planner agent: repairs of the active path after a map change touched it. */
    public final AtomicLong replans = new AtomicLong();
    /** Planner: replans of the active route answered by a D* Lite repair (not a search from scratch). */
    public final AtomicLong routeRepairs = new AtomicLong();
    /** Planner: route repairs that found no path where a search from scratch found one (expected 0). */
    public final AtomicLong routeRepairMisses = new AtomicLong();
    /** Motion agent: control cycles run. */
    public final AtomicLong controlCycles = new AtomicLong();
    /** Motion agent: cycles that started more than one period late. */
    public final AtomicLong controlOverruns = new AtomicLong();
    /** Motion agent: duration of the last cycle, nanoseconds. */
    public final AtomicLong lastCycleNanos = new AtomicLong();
    /** Motion agent: longest cycle, nanoseconds. */
    public final AtomicLong maxCycleNanos = new AtomicLong();
    /** Watchdog: times it stopped the motors. */
    public final AtomicLong watchdogTrips = new AtomicLong();
    /** Telemetry agent: telemetry messages handed to the sink. */
    public final AtomicLong telemetryPublished = new AtomicLong();

    /** Telemetry agent: messages the sink refused (exception). */
    public final AtomicLong telemetryFailed = new AtomicLong();

    /** Name to value of every counter (allocates: telemetry and status only). */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("sensorCycles", sensorCycles.get());
        m.put("sensorRecordsDropped", sensorRecordsDropped.get());
        m.put("sensorReadingsBad", sensorReadingsBad.get());
        m.put("sensorRecordsApplied", sensorRecordsApplied.get());
        m.put("obstacleCellsMarked", obstacleCellsMarked.get());
        m.put("obstacleCellsCleared", obstacleCellsCleared.get());
        m.put("rangeReadingsIgnored", rangeReadingsIgnored.get());
        m.put("graphPublishes", graphPublishes.get());
        m.put("obstacleMarksDeferred", obstacleMarksDeferred.get());
        m.put("mapEventsDropped", mapEventsDropped.get());
        m.put("mapEditsApplied", mapEditsApplied.get());
        m.put("commandsBusy", commandsBusy.get());
        m.put("plans", plans.get());
        m.put("replans", replans.get());
        m.put("routeRepairs", routeRepairs.get());
        m.put("routeRepairMisses", routeRepairMisses.get());
        m.put("controlCycles", controlCycles.get());
        m.put("controlOverruns", controlOverruns.get());
        m.put("lastCycleNanos", lastCycleNanos.get());
        m.put("maxCycleNanos", maxCycleNanos.get());
        m.put("watchdogTrips", watchdogTrips.get());
        m.put("telemetryPublished", telemetryPublished.get());
        m.put("telemetryFailed", telemetryFailed.get());
        return m;
    }
}
