package io.wally.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.hal.sim.SimRobot;
import io.wally.runtime.WallyRuntime;
import io.wally.runtime.command.CommandReply;
import io.wally.runtime.command.Place;
import io.wally.runtime.command.Request;
import io.wally.runtime.command.TelemetrySink;
import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The simulated robot in the sample house, stepped by hand with a recording telemetry sink: sensors and
 * battery are published at their rates with a time stamp, and a battery drained below the configured levels
 * warns, then sends the robot to its dock through the command path.
 */
class SensorAndBatteryTelemetryTest {

    /** One message handed to the sink. */
    record Sent(String topic, Map<String, Object> payload) {
    }

    private final List<Sent> sent = new ArrayList<>();
    private final TelemetrySink sink = (topic, payload) -> {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) payload;
        synchronized (sent) {
            sent.add(new Sent(topic, map));
        }
    };
    private final WallyConfig config = new ConfigLoader().load(SimHarness.SIM_CONFIG);
    private final SimRobot robot = SimHarness.houseRobot(config);
    private final WallyRuntime runtime = WallyRuntime.builder(config, robot).telemetry(sink).manualStepping().start();

    @AfterEach
    void close() {
        runtime.close();
        robot.close();
    }

    private void run(double seconds, BooleanSupplier until) {
        long steps = Math.round(seconds / robot.settings().stepSeconds());
        for (long i = 0; i < steps && !until.getAsBoolean(); i++) {
            robot.step();
            runtime.step();
        }
    }

    private List<Sent> on(String topic) {
        synchronized (sent) {
            return sent.stream().filter(s -> s.topic().equals(topic)).toList();
        }
    }

    private List<String> events() {
        return on("event").stream().map(s -> (String) s.payload().get("event")).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldPublishEverySensorAtSensorsHzWithATimeStamp() {
        run(2.0, () -> false);

        List<Sent> sensors = on("sensors");
        // 5 Hz for 2 s of simulated time, the first at once
        assertThat(sensors).hasSizeBetween(9, 11);
        Map<String, Object> last = sensors.getLast().payload();
        assertThat(last.keySet()).startsWith("epochMillis", "monotonicNanos").contains("ranges", "bump", "imu", "encoders");
        List<Map<String, Object>> ranges = (List<Map<String, Object>>) last.get("ranges");
        assertThat(ranges).extracting(r -> r.get("name")).containsExactly("front", "left", "right");
        assertThat(ranges.get(1)).containsEntry("angleDegrees", 30.0).containsEntry("health", "ok").containsEntry("maxRangeMeters", 4.0);
        assertThat((Double) ranges.get(0).get("rangeMeters")).isBetween(0.0, 4.0);
        assertThat((Long) ranges.get(0).get("ageMillis")).isBetween(0L, 100L); // rangers read at 20 Hz
        Map<String, Object> imu = (Map<String, Object>) last.get("imu");
        assertThat((Double) imu.get("accelZMps2")).isBetween(9.0, 10.5);
        assertThat(((Map<String, Object>) last.get("bump"))).containsEntry("pressed", false).containsEntry("health", "ok");
        assertThat(((Map<String, Object>) last.get("encoders"))).containsKeys("leftTicks", "rightTicks").containsEntry("health", "ok");
        // every message of every topic starts with the stamp
        synchronized (sent) {
            assertThat(sent).allSatisfy(s -> assertThat(s.payload().keySet()).as(s.topic()).startsWith("epochMillis", "monotonicNanos"));
            long wallNow = System.currentTimeMillis();
            assertThat(sent).allSatisfy(s -> assertThat((Long) s.payload().get("epochMillis")).isBetween(wallNow - 60_000, wallNow));
        }
        List<Long> monotonic = sensors.stream().map(s -> (Long) s.payload().get("monotonicNanos")).toList();
        assertThat(monotonic).isSorted();
    }

    @Test
    void shouldPublishTheBatteryWithPercentAndDrainItWhenDriving() {
        run(2.0, () -> false);
        Map<String, Object> first = on("battery").getFirst().payload();
        runtime.submit(new Request.GoTo(new Place.Named("kitchen")), CommandReply.DISCARD);
        run(20.0, () -> false);

        List<Sent> battery = on("battery");
        Map<String, Object> last = battery.getLast().payload();
        assertThat(battery).hasSizeBetween(20, 24); // 1 Hz for 22 s
        assertThat(first).containsEntry("level", "ok").containsEntry("health", "ok");
        assertThat((Double) first.get("volts")).isBetween(7.5, 8.4);
        assertThat((Double) first.get("percent")).isBetween(85.0, 100.0);
        assertThat((Double) last.get("amps")).isGreaterThan((Double) first.get("amps")); // driving draws more
        assertThat((Double) last.get("percent")).isLessThan((Double) first.get("percent"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldWarnThenReturnToTheDockWhenTheBatteryRunsLow() {
        runtime.submit(new Request.GoTo(new Place.Named("kitchen")), CommandReply.DISCARD);
        run(5.0, () -> false);
        assertThat(events()).doesNotContain("battery_low");

        robot.setBatteryPercent(15);
        run(3.0, () -> events().contains("battery_low"));
        assertThat(events()).contains("battery_low").doesNotContain("return_to_dock");

        robot.setBatteryPercent(8);
        run(3.0, () -> events().contains("return_to_dock"));

        Map<String, Object> back = on("event").stream().map(Sent::payload).filter(p -> "return_to_dock".equals(p.get("event")))
                .findFirst().orElseThrow();
        assertThat(back).containsEntry("dock", "dock").containsEntry("dockPercent", 10.0).containsKey("goalId");
        assertThat((Double) back.get("percent")).isLessThanOrEqualTo(10.0);
        assertThat(runtime.mission().goal()).isEqualTo("dock");
        assertThat(events().stream().filter("battery_low"::equals)).hasSize(1); // once per crossing
        Map<String, Object> battery = on("battery").getLast().payload();
        assertThat(battery).containsEntry("level", "dock");
        // and it drives there
        run(60.0, () -> runtime.mission().state() == Mission.State.ARRIVED);
        assertThat(runtime.mission().state()).isEqualTo(Mission.State.ARRIVED);
    }
}
