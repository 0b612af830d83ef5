package io.wally.runtime.agent;

import io.wally.hal.NanoClock;
import io.wally.runtime.command.TelemetrySink;
import java.util.LinkedHashMap;
import java.util.Map;
import org.agrona.concurrent.Agent;

/**
 * Publishes telemetry at the configured rates ({@code mqtt.telemetry.*Hz}, 0 turns a topic off):
 * {@code pose}, {@code plan} (goal, state, remaining path) and {@code health} (queue depths, drops,
 * cycle times, faults); {@code fault} once when a safety fault is raised; and every goal transition
 * from the bounded {@link TelemetryEvents} queue on {@code event} ({@code {"event": "goal" | "replan",
 * "sequence": n, …}}; the queue drops the oldest when full and counts it). A message the sink refuses
 * is counted ({@code telemetryFailed}), never fatal. It samples shared state, so a slow consumer never backs up into the pipeline;
 * the sink queues boundedly and drops the oldest.
 *
 * <p>Threading: one agent thread, never the control loop's (it allocates the payloads).
 */
public final class TelemetryAgent implements Agent {

    private final TelemetrySink sink;
    private final NanoClock clock;
    private final PipelineCounters counters;
    private final SafetyState safety;
    private final long posePeriod;
    private final long planPeriod;
    private final long healthPeriod;
    private final StateViews views;
    private final TelemetryEvents events;
    private final TelemetryEvents.Consumer eventPublisher = e -> {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("event", e.name());
        payload.put("sequence", e.sequence());
        payload.putAll(e.payload());
        publish("event", payload);
    };
    private long nextPose;
    private long nextPlan;
    private long nextHealth;
    private long faultsSeen;

    /** Publication rates, Hz (0: never); {@code mqtt.telemetry} of the configuration. */
    public record Settings(double poseHz, double planHz, double healthHz) {
    }

    public TelemetryAgent(Settings settings, PipelineParts parts, StateViews views, TelemetrySink sink) {
        this.events = parts.events();
        this.sink = sink;
        this.clock = parts.clock();
        this.counters = parts.counters();
        this.safety = parts.safety();
        this.posePeriod = period(settings.poseHz());
        this.planPeriod = period(settings.planHz());
        this.healthPeriod = period(settings.healthHz());
        this.views = views;
    }

    private static long period(double hz) {
        return hz <= 0 ? Long.MAX_VALUE : (long) (1e9 / hz);
    }

    @Override
    public String roleName() {
        return "wally-telemetry";
    }

    @Override
    public int doWork() {
        long now = clock.nanoTime();
        int work = 0;
        if (posePeriod != Long.MAX_VALUE && now >= nextPose) {
            nextPose = now + posePeriod;
            publish("pose", views.poseMap());
            work++;
        }
        if (planPeriod != Long.MAX_VALUE && now >= nextPlan) {
            nextPlan = now + planPeriod;
            publish("plan", views.planMap());
            work++;
        }
        if (healthPeriod != Long.MAX_VALUE && now >= nextHealth) {
            nextHealth = now + healthPeriod;
            publish("health", views.healthMap());
            work++;
        }
        long faults = safety.faultsRaised();
        if (faults != faultsSeen) {
            faultsSeen = faults;
            String reason = safety.reason();
            publish("fault", Map.of("fault", reason == null ? "cleared" : reason, "faultsRaised", faults));
            work++;
        }
        work += events.drain(eventPublisher);
        return work;
    }

    private void publish(String topic, Object payload) {
        try {
            sink.publish(topic, payload);
            counters.telemetryPublished.incrementAndGet();
        } catch (RuntimeException e) {
            // a sink that refuses one message must not stop telemetry, let alone the pipeline
            counters.telemetryFailed.incrementAndGet();
        }
    }
}
