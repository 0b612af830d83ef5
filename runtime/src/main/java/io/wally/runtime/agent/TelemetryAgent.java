package io.wally.runtime.agent;

import io.wally.hal.BatteryReading;
import io.wally.hal.NanoClock;
import io.wally.runtime.command.TelemetrySink;
import io.wally.runtime.command.TelemetryStamp;
import java.util.Map;
import java.util.Optional;
import org.agrona.concurrent.Agent;

/**
 * Publishes telemetry at the configured rates ({@code mqtt.telemetry.*Hz}, 0 turns a topic off):
 * {@code pose}, {@code plan} (goal, state, remaining path), {@code health} (queue depths, drops, cycle times,
 * faults), {@code sensors} (each range sensor, bumper, IMU, encoders: {@link RobotReadings}) and {@code battery}
 * (volts, amps, percent, level); {@code fault} once when a safety fault is raised or cleared; and every event
 * of the bounded {@link TelemetryEvents} queue on {@code event} ({@code {"event": "goal" | "replan" |
 * "battery_low" | …, "sequence": n, …}}; the queue drops the oldest when full and counts it). Every message
 * starts with its {@link TelemetryStamp} ({@code epochMillis}, {@code monotonicNanos}).
 *
 * <p>The battery is looked at every {@value #BATTERY_CHECK_MILLIS} ms whatever {@code batteryHz} is, and handed
 * to the {@link BatteryWatch} (low-battery warning, return to the dock). A message the sink refuses is counted
 * ({@code telemetryFailed}), never fatal. It samples shared state, so a slow consumer never backs up into the
 * pipeline; the sink queues boundedly and drops the oldest.
 *
 * <p>Threading: one agent thread, never the control loop's (it allocates the payloads).
 */
public final class TelemetryAgent implements Agent {

    /** How often the battery watch looks at the battery, milliseconds. */
    public static final long BATTERY_CHECK_MILLIS = 1_000;
    private static final long OFF = Long.MAX_VALUE;

    private final TelemetrySink sink;
    private final NanoClock clock;
    private final TelemetryStamp stamp;
    private final PipelineCounters counters;
    private final SafetyState safety;
    private final long posePeriod;
    private final long planPeriod;
    private final long healthPeriod;
    private final long sensorsPeriod;
    private final long batteryPeriod;
    private final long batteryCheckPeriod;
    private final StateViews views;
    private final RobotReadings readings;
    private final BatteryWatch batteryWatch;
    private final TelemetryEvents events;
    private final TelemetryEvents.Consumer eventPublisher = e -> {
        Map<String, Object> payload = stamp().payload();
        payload.put("event", e.name());
        payload.put("sequence", e.sequence());
        payload.putAll(e.payload());
        publish("event", payload);
    };
    private long nextPose;
    private long nextPlan;
    private long nextHealth;
    private long nextSensors;
    private long nextBattery;
    private long nextBatteryCheck;
    private long faultsSeen;

    /**
     * Publication rates, Hz (0: never); {@code mqtt.telemetry} of the configuration.
     *
     * @param stamp the clocks of the messages' time stamps ({@link TelemetryStamp#SYSTEM})
     */
    public record Settings(double poseHz, double planHz, double healthHz, double sensorsHz, double batteryHz, TelemetryStamp stamp) {
    }

    /**
     * @param readings     the robot's sensor and battery readings
     * @param batteryWatch the low-battery watch
     */
    public TelemetryAgent(Settings settings, PipelineParts parts, StateViews views, TelemetrySink sink, RobotReadings readings,
            BatteryWatch batteryWatch) {
        this.events = parts.events();
        this.sink = sink;
        this.clock = parts.clock();
        this.stamp = settings.stamp();
        this.counters = parts.counters();
        this.safety = parts.safety();
        this.posePeriod = period(settings.poseHz());
        this.planPeriod = period(settings.planHz());
        this.healthPeriod = period(settings.healthHz());
        this.sensorsPeriod = period(settings.sensorsHz());
        this.batteryPeriod = period(settings.batteryHz());
        this.batteryCheckPeriod = BATTERY_CHECK_MILLIS * 1_000_000;
        this.views = views;
        this.readings = readings;
        this.batteryWatch = batteryWatch;
    }

    private static long period(double hz) {
        return hz <= 0 ? OFF : (long) (1e9 / hz);
    }

    private TelemetryStamp stamp() {
        return stamp;
    }

    @Override
    public String roleName() {
        return "wally-telemetry";
    }

    @Override
    public int doWork() {
        long now = clock.nanoTime();
        int work = 0;
        if (posePeriod != OFF && now >= nextPose) {
            nextPose = now + posePeriod;
            publish("pose", stamp.stamp(views.poseMap()));
            work++;
        }
        if (planPeriod != OFF && now >= nextPlan) {
            nextPlan = now + planPeriod;
            publish("plan", stamp.stamp(views.planMap()));
            work++;
        }
        if (healthPeriod != OFF && now >= nextHealth) {
            nextHealth = now + healthPeriod;
            publish("health", stamp.stamp(views.healthMap()));
            work++;
        }
        if (sensorsPeriod != OFF && now >= nextSensors) {
            nextSensors = now + sensorsPeriod;
            publish("sensors", stamp.stamp(readings.sensorsMap()));
            work++;
        }
        boolean batteryDue = batteryPeriod != OFF && now >= nextBattery;
        if (batteryDue || now >= nextBatteryCheck) {
            work += battery(now, batteryDue);
        }
        long faults = safety.faultsRaised();
        if (faults != faultsSeen) {
            faultsSeen = faults;
            String reason = safety.reason();
            Map<String, Object> payload = stamp.payload();
            payload.put("fault", reason == null ? "cleared" : reason);
            payload.put("faultsRaised", faults);
            publish("fault", payload);
            work++;
        }
        work += events.drain(eventPublisher);
        return work;
    }

    private int battery(long now, boolean publishDue) {
        nextBatteryCheck = now + batteryCheckPeriod;
        if (publishDue) {
            nextBattery = now + batteryPeriod;
        }
        Optional<BatteryReading> reading = readings.battery();
        if (reading.isEmpty()) {
            return 0; // no monitor fitted: nothing to watch or publish
        }
        BatteryWatch.Level level = batteryWatch.check(reading.get());
        if (publishDue) {
            publish("battery", stamp.stamp(readings.batteryMap(reading.get(), level)));
        }
        return 1;
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
