package io.wally.runtime.zone;

import io.wally.maps.zone.Zones;
import java.util.Objects;

/**
 * The zones in force and the speed cap the robot drives under, for the threads that do not read the graph: the
 * map agent publishes the zones after every zone edit (and at start); the motion agent reads them each control
 * cycle to cap its speed, and publishes the cap it applied; telemetry and status read both.
 *
 * <p>Threading: one writer per field (zones: the map agent; cap: the motion agent); any number of readers. The
 * zones are an immutable object behind a volatile reference, so readers never see half a zone and never block.
 */
public final class ZoneBoard {

    private volatile Zones zones = Zones.none();
    private volatile double capMps = Double.POSITIVE_INFINITY;

    /** Publishes the zones now in force (map agent). */
    public void publish(Zones zones) {
        this.zones = Objects.requireNonNull(zones, "zones");
    }

    /** The zones in force. */
    public Zones zones() {
        return zones;
    }

    /** Records the speed cap of the zones under the robot, m/s (+inf: none) (motion agent, every cycle). */
    public void capInForce(double mps) {
        if (mps != capMps) { // a volatile write only when the cap changes
            capMps = mps;
        }
    }

    /** The speed cap the motion agent last applied, m/s, +inf when none. */
    public double capMps() {
        return capMps;
    }
}
