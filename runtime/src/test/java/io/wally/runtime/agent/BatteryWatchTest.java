package io.wally.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.hal.BatteryReading;
import io.wally.hal.Health;
import io.wally.runtime.command.CommandReply;
import io.wally.runtime.command.ErrorCode;
import io.wally.runtime.command.Place;
import io.wally.runtime.command.Request;
import io.wally.runtime.command.RobotCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The low-battery warning fires once per crossing; below the dock level the robot is sent home through the commands. */
class BatteryWatchTest {

    private final TelemetryEvents events = new TelemetryEvents(64);
    private final List<Request> submitted = new ArrayList<>();
    private final List<CommandReply> replies = new ArrayList<>();
    private final RobotCommands commands = (request, reply) -> {
        submitted.add(request);
        replies.add(reply);
    };
    private final BatteryWatch watch = new BatteryWatch(new BatteryWatch.Settings(20, 10, "charger"), events, commands);

    private static BatteryReading at(double percent) {
        return new BatteryReading(0, 7.0, 0.4, 2.8, percent, Health.OK, "");
    }

    private List<TelemetryEvents.Event> drained() {
        List<TelemetryEvents.Event> out = new ArrayList<>();
        events.drain(out::add);
        return out;
    }

    @Test
    void shouldWarnOnceWhenTheLevelFallsBelowLowAndWavers() {
        assertThat(watch.check(at(50))).isEqualTo(BatteryWatch.Level.OK);
        assertThat(watch.check(at(19.5))).isEqualTo(BatteryWatch.Level.LOW);
        watch.check(at(20.5)); // noise around the threshold
        watch.check(at(19.9));
        watch.check(at(24.9)); // still within the hysteresis

        List<TelemetryEvents.Event> seen = drained();
        assertThat(seen).extracting(TelemetryEvents.Event::name).containsExactly("battery_low");
        assertThat(seen.get(0).payload()).containsEntry("percent", 19.5).containsEntry("lowPercent", 20.0).containsEntry("volts", 7.0);
        assertThat(submitted).isEmpty();
    }

    @Test
    void shouldRearmAndSayOkWhenTheLevelRoseFivePointsAboveLow() {
        watch.check(at(18));
        watch.check(at(25)); // charged
        watch.check(at(19)); // and low again

        assertThat(drained()).extracting(TelemetryEvents.Event::name).containsExactly("battery_low", "battery_ok", "battery_low");
        assertThat(watch.level()).isEqualTo(BatteryWatch.Level.LOW);
    }

    @Test
    void shouldSendTheRobotToItsDockOnceAndSaySoWhenBelowDockLevel() {
        watch.check(at(9));
        watch.check(at(8));
        watch.check(at(10.5));

        assertThat(submitted).containsExactly(new Request.GoTo(new Place.Named("charger")));
        assertThat(watch.level()).isEqualTo(BatteryWatch.Level.DOCK);
        replies.get(0).ok(Map.of("goal", "charger", "goalId", 7L, "waypoints", 12));
        List<TelemetryEvents.Event> seen = drained();
        assertThat(seen).extracting(TelemetryEvents.Event::name).containsExactly("battery_low", "return_to_dock");
        assertThat(seen.get(1).payload()).containsEntry("dock", "charger").containsEntry("goalId", 7L)
                .containsEntry("dockPercent", 10.0).containsEntry("percent", 9.0);
    }

    @Test
    void shouldSayWhyWhenTheReturnToTheDockIsRefused() {
        watch.check(at(5));
        replies.get(0).error(ErrorCode.FAULT, "cannot drive during a safety fault: bumper pressed");

        TelemetryEvents.Event failed = drained().get(1);
        assertThat(failed.name()).isEqualTo("return_to_dock_failed");
        assertThat(failed.payload()).containsEntry("error", Map.of("code", "fault", "message", "cannot drive during a safety fault: bumper pressed"));
    }

    @Test
    void shouldReturnAgainOnlyAfterTheLevelRoseAboveDockPlusHysteresis() {
        watch.check(at(9));
        watch.check(at(14)); // not enough
        watch.check(at(9));
        watch.check(at(16)); // charging at the dock
        watch.check(at(9));

        assertThat(submitted).hasSize(2);
    }

    @Test
    void shouldIgnoreFaultyReadingsAndReadingsWithoutPercentAndDoNothingWhenOff() {
        watch.check(BatteryReading.fault(0, "bus error"));
        watch.check(new BatteryReading(0, 6.5, 0.4, 2.6, Health.OK, "")); // no curve: no percent
        BatteryWatch off = new BatteryWatch(new BatteryWatch.Settings(0, 0, "dock"), events, commands);
        off.check(at(1));

        assertThat(drained()).isEmpty();
        assertThat(submitted).isEmpty();
        assertThat(off.level()).isEqualTo(BatteryWatch.Level.OK);
    }
}
