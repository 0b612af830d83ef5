package io.wally.runtime.console;

import io.wally.runtime.agent.StateViews;
import java.util.Locale;

/**
 * The status line of a robot, the same in {@code wally sim} and {@code wally run}: clock, position,
 * heading, mission state, goal, path left, MQTT state, fault, map version — each named, the least important
 * left out first on a narrow terminal. Stateless.
 */
public final class RobotStatus {

    private RobotStatus() {
    }

    /**
     * The fields of {@code s}; callers may add more (the simulator adds the true pose).
     *
     * @param clockName  {@code t} (simulated seconds) or {@code up} (uptime)
     * @param clockValue its value as shown
     * @param mqttState  {@code connected}, {@code connecting}, {@code unreachable} or {@code duplicate_id}
     */
    public static StatusLine line(String clockName, String clockValue, StateViews.Status s, String mqttState) {
        StatusLine line = StatusLine.builder()
                .add(clockName, clockValue, 9)
                .add("pos", String.format(Locale.ROOT, "%.2f,%.2f", s.xMeters() + 0.0, s.yMeters() + 0.0), 8)
                .add("hdg", Math.round(s.headingDegrees()) + "\u00b0", 3)
                .add("", s.state().name().toLowerCase(Locale.ROOT), 9)
                .add("goal", s.goal() == null ? "-" : s.goal(), 7)
                .add("left", String.format(Locale.ROOT, "%.2fm", s.remainingMeters()), 5)
                .add("mqtt", mqttState, 10);
        if (s.fault() != null) {
            line.add("FAULT", s.fault(), 10);
        }
        return line.add("map", "v" + s.graphVersion(), 1);
    }
}
