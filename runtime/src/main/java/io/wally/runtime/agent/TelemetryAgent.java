package io.wally.runtime.agent;

import io.wally.hal.NanoClock;
import io.wally.runtime.command.TelemetrySink;
import java.util.Map;
import java.util.function.Supplier;
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
    private final Supplier<Map<String, Object>> pose;
    private final Supplier<Map<String, Object>> plan;
    private final Supplier<Map<String, Object>> health;
    private final TelemetryEvents events;
    private final TelemetryEvents.Consumer eventPublisher = e -> {
        java.util.Map<String, Object> payload = new java.util.LinkedHashMap<>();
        payload.put("event", e.name());
        payload.put("sequence", e.sequence());
        payload.putAll(e.payload());
        publish("event", payload);
    };
    private long nextPose;
    private long nextPlan;
    private long nextHealth;
    private long faultsSeen;

    public TelemetryAgent(TelemetrySink sink, NanoClock clock, PipelineCounters counters, SafetyState safety,
            double poseHz, double planHz, double healthHz, Supplier<Map<String, Object>> pose,
            Supplier<Map<String, Object>> plan, Supplier<Map<String, Object>> health, TelemetryEvents events) {
        this.events = events;
        this.sink = sink;
        this.clock = clock;
        this.counters = counters;
        this.safety = safety;
        this.posePeriod = period(poseHz);
        this.planPeriod = period(planHz);
        this.healthPeriod = period(healthHz);
        this.pose = pose;
        this.plan = plan;
        this.health = health;
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
            publish("pose", pose.get());
            work++;
        }
        if (planPeriod != Long.MAX_VALUE && now >= nextPlan) {
            nextPlan = now + planPeriod;
            publish("plan", plan.get());
            work++;
        }
        if (healthPeriod != Long.MAX_VALUE && now >= nextHealth) {
            nextHealth = now + healthPeriod;
            publish("health", health.get());
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
