package io.wally.hal.pi4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import io.wally.hal.Health;
import io.wally.hal.RangeReading;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Hcsr04RangeSensorTest {

    private static final long TIMEOUT_NANOS = 50_000_000;

    private final MockPi4j pi = new MockPi4j();
    private final MockPi4j.ManualClock clock = new MockPi4j.ManualClock();
    private final DigitalOutput trigger = pi.output(23);
    private final MockDigitalInput echo = pi.input(24);
    private final List<String> triggerTraffic = new ArrayList<>();
    private final List<Long> triggerEdgeWallNanos = new ArrayList<>();

    @AfterEach
    void tearDown() {
        pi.close();
    }

    /** Plays the module: after the trigger falls, raise ECHO, let {@code echoNanos} pass, drop it. */
    private void moduleAnswersWithEchoOf(long echoNanos) {
        trigger.addListener(e -> {
            triggerTraffic.add(e.state().toString());
            triggerEdgeWallNanos.add(System.nanoTime());
            if (e.state() == DigitalState.LOW) {
                clock.advanceNanos(450_000); // the 8 bursts
                echo.mockState(DigitalState.HIGH);
                clock.advanceNanos(echoNanos);
                echo.mockState(DigitalState.LOW);
            }
        });
    }

    private Hcsr04RangeSensor sensor(double maxRangeMeters) {
        return new Hcsr04RangeSensor("front", trigger, echo, clock, 0, maxRangeMeters, TIMEOUT_NANOS, 500_000_000L);
    }

    @Test
    void shouldPulseTriggerTenMicrosecondsAndConvertEchoToMetresWhenEchoReturns() {
        // given an obstacle 1 m away: echo = 2 m / 343.2 m/s = 5.8275 ms
        moduleAnswersWithEchoOf(5_827_506);
        try (Hcsr04RangeSensor sensor = sensor(4.0)) {
            // when
            RangeReading reading = sensor.measure();

            // then one HIGH-then-LOW pulse of at least 10 µs, and 1 m within 1 mm
            assertThat(triggerTraffic).containsExactly("HIGH", "LOW");
            assertThat(triggerEdgeWallNanos.get(1) - triggerEdgeWallNanos.get(0)).isGreaterThanOrEqualTo(10_000);
            assertThat(reading.health()).isEqualTo(Health.OK);
            assertThat(reading.rangeMeters()).isCloseTo(1.0, within(0.001));
            assertThat(sensor.latest()).isSameAs(reading);
        }
    }

    @Test
    void shouldReportMaximumRangeWhenEchoIsLongerThanMaximum() {
        // given the module's 38 ms "nothing there" pulse
        moduleAnswersWithEchoOf(38_000_000);
        try (Hcsr04RangeSensor sensor = sensor(2.0)) {
            RangeReading reading = sensor.measure();

            assertThat(reading.valid()).isTrue();
            assertThat(reading.rangeMeters()).isEqualTo(2.0);
            assertThat(reading.detected()).isFalse();
        }
    }

    @Test
    void shouldMarkReadingInvalidWithinTimeoutWhenNoEchoArrives() {
        // given a module that never answers
        try (Hcsr04RangeSensor sensor = sensor(4.0)) {
            long start = System.nanoTime();

            // when
            RangeReading reading = sensor.measure();

            // then a FAULT reading, returned after the timeout and well before a second
            long elapsed = System.nanoTime() - start;
            assertThat(reading.valid()).isFalse();
            assertThat(reading.health()).isEqualTo(Health.FAULT);
            assertThat(reading.reason()).isEqualTo("no echo within 50 ms on ranger front");
            assertThat(elapsed).isBetween(TIMEOUT_NANOS, 1_000_000_000L);
        }
    }

    @Test
    void shouldMarkReadingInvalidWhenEchoStaysHigh() {
        trigger.addListener(e -> {
            if (e.state() == DigitalState.LOW) {
                echo.mockState(DigitalState.HIGH);
            }
        });
        try (Hcsr04RangeSensor sensor = sensor(4.0)) {
            RangeReading reading = sensor.measure();

            assertThat(reading.health()).isEqualTo(Health.FAULT);
            assertThat(reading.reason()).isEqualTo("echo did not end within 50 ms on ranger front");
        }
    }

    @Test
    void shouldIgnoreEchoEdgesWhenNotMeasuring() {
        moduleAnswersWithEchoOf(2_913_753); // 0.5 m
        try (Hcsr04RangeSensor sensor = sensor(4.0)) {
            // given stray edges between measurements
            echo.mockState(DigitalState.HIGH);
            clock.advanceNanos(1_000_000);
            echo.mockState(DigitalState.LOW);
            assertThat(sensor.latest().reason()).isEqualTo("no measurement yet");

            // when measuring
            RangeReading reading = sensor.measure();

            // then only the measurement's own echo counts
            assertThat(reading.rangeMeters()).isCloseTo(0.5, within(0.001));
        }
    }

    @Test
    void shouldMarkLatestStaleWhenNoMeasurementForLongerThanDeadline() {
        moduleAnswersWithEchoOf(5_827_506);
        try (Hcsr04RangeSensor sensor = sensor(4.0)) {
            RangeReading fresh = sensor.measure();

            clock.advanceNanos(500_000_001L);
            RangeReading stale = sensor.latest();

            assertThat(stale.health()).isEqualTo(Health.STALE);
            assertThat(stale.rangeMeters()).isEqualTo(fresh.rangeMeters());
            assertThat(stale.reason()).isEqualTo("no new measurement for more than 500 ms");
            assertThat(sensor.latest()).isSameAs(stale); // made once, not per poll
        }
    }
}
