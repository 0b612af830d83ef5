package io.wally.runtime.agent;

import io.wally.hal.BatteryReading;
import io.wally.runtime.command.CommandReply;
import io.wally.runtime.command.ErrorCode;
import io.wally.runtime.command.Place;
import io.wally.runtime.command.Request;
import io.wally.runtime.command.RobotCommands;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Watches the battery's state of charge: below {@code lowPercent} it says so once on {@code telemetry/event}
 * ({@code battery_low}); below {@code dockPercent} it sends the robot to its dock with a {@code goto} through the
 * normal command path (the same planner, errors and safety rules as any client's) and says so
 * ({@code return_to_dock}, or {@code return_to_dock_failed} with the error). Each fires once per crossing: it is
 * armed again only when the level has risen {@value #HYSTERESIS_PERCENT} points above its threshold (then
 * {@code battery_ok}), so a reading wavering around a threshold (noise, load) does not repeat itself. A
 * threshold of 0 is off. Readings that are not OK or have no percent are ignored.
 *
 * <p>Threading: {@link #check} from one thread (the telemetry agent); replies to the dock request arrive on the
 * planner's thread and only offer events. Allocates per event (transitions only).
 */
public final class BatteryWatch {

    /** Points above a threshold the level must rise before that threshold fires again. */
    public static final double HYSTERESIS_PERCENT = 5;

    /** What the watch makes of the level. */
    public enum Level {
        /** Above the low threshold (or never below it). */
        OK,
        /** At or below {@code lowPercent}: warned. */
        LOW,
        /** At or below {@code dockPercent}: sent to the dock. */
        DOCK
    }

    /**
     * @param lowPercent  warn at or below this, percent (0: never)
     * @param dockPercent return to the dock at or below this, percent (0: never)
     * @param dock        the place to return to: a place of kind dock, else the one named "dock"
     */
    public record Settings(double lowPercent, double dockPercent, String dock) {
    }

    private final Settings settings;
    private final TelemetryEvents events;
    private final RobotCommands commands;
    private boolean lowFired;
    private boolean dockFired;

    /** @param commands where the dock {@code goto} is submitted (the runtime's command gateway) */
    public BatteryWatch(Settings settings, TelemetryEvents events, RobotCommands commands) {
        this.settings = settings;
        this.events = events;
        this.commands = commands;
    }

    /** Looks at one reading; returns the level. */
    public Level check(BatteryReading reading) {
        if (!reading.valid() || !reading.hasPercent()) {
            return level();
        }
        double percent = reading.percent();
        if (settings.lowPercent() > 0) {
            if (!lowFired && percent <= settings.lowPercent()) {
                lowFired = true;
                events.offer("battery_low", fields(reading, "lowPercent", settings.lowPercent()));
            } else if (lowFired && percent >= settings.lowPercent() + HYSTERESIS_PERCENT) {
                lowFired = false;
                events.offer("battery_ok", fields(reading, "lowPercent", settings.lowPercent()));
            }
        }
        if (settings.dockPercent() > 0) {
            if (!dockFired && percent <= settings.dockPercent()) {
                dockFired = true;
                returnToDock(reading);
            } else if (dockFired && percent >= settings.dockPercent() + HYSTERESIS_PERCENT) {
                dockFired = false;
            }
        }
        return level();
    }

    /** The level after the last reading. */
    public Level level() {
        return dockFired ? Level.DOCK : lowFired ? Level.LOW : Level.OK;
    }

    private void returnToDock(BatteryReading reading) {
        Map<String, Object> base = fields(reading, "dockPercent", settings.dockPercent());
        base.put("dock", settings.dock());
        commands.submit(new Request.GoTo(new Place.Named(settings.dock())), new CommandReply() {
            @Override
            public void ok(Object result) {
                Map<String, Object> m = new LinkedHashMap<>(base);
                if (result instanceof Map<?, ?> r && r.get("goalId") != null) {
                    m.put("goalId", r.get("goalId"));
                }
                events.offer("return_to_dock", m);
            }

            @Override
            public void error(ErrorCode code, String message) {
                Map<String, Object> m = new LinkedHashMap<>(base);
                m.put("error", Map.of("code", code.wireName(), "message", message));
                events.offer("return_to_dock_failed", m);
            }
        });
    }

    private static Map<String, Object> fields(BatteryReading reading, String thresholdKey, double threshold) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("percent", reading.percent());
        m.put("volts", reading.busVolts());
        m.put(thresholdKey, threshold);
        return m;
    }
}
