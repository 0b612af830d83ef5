package io.wally.runtime.mqtt;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The state of the robot's broker connection as people see it (status line, {@code telemetry/health}'s
 * {@code mqtt} field): {@code connecting}, {@code connected}, {@code unreachable} (no connection for
 * {@value #UNREACHABLE_AFTER_SECONDS} s: warned once per outage, naming the broker and what to check), or
 * {@code duplicate_id} (another runtime serves this robot id on the broker: this one stays off MQTT).
 *
 * <p>Threading: the transport's threads report events, the bridge's publisher calls {@link #poll}, any
 * thread reads; methods are synchronized (a few calls a second).
 */
public final class MqttConnectionState {

    private static final System.Logger LOG = System.getLogger(MqttConnectionState.class.getName());
    /** No connection for this long after starting or losing it, and an attempt failed: unreachable. */
    public static final long UNREACHABLE_AFTER_SECONDS = 2;
    /**
     * No connection for this long though no attempt failed yet (a broker that never answers, whose attempt
     * times out only after 6 s): unreachable too. Longer than the above, so that a slow start of a busy
     * machine, whose first attempt is merely late, is not taken for a broker that is away.
     */
    public static final long SILENT_UNREACHABLE_AFTER_SECONDS = 4;

    /** The states, with their wire names. */
    public enum State {
        CONNECTING, CONNECTED, UNREACHABLE, DUPLICATE_ID;

        /** {@code connecting}, {@code connected}, {@code unreachable}, {@code duplicate_id}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A consistent reading: state, broker, since when (ms since the epoch), and the last cause or clash. */
    public record Snapshot(State state, String broker, long sinceEpochMillis, String detail) {

        /** The {@code mqtt} field of {@code telemetry/health}. */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("state", state.wireName());
            m.put("broker", broker);
            m.put("since", Instant.ofEpochMilli(sinceEpochMillis).toString());
            if (detail != null) {
                m.put("detail", detail);
            }
            return m;
        }
    }

    private final String broker;
    private final LongSupplier nanoClock;
    private final LongSupplier epochMillis;
    private State state = State.CONNECTING;
    private long sinceEpochMillis;
    private long downSinceNanos;
    private String detail;

    /**
     * @param broker      the broker URL, as shown
     * @param nanoClock   monotonic nanoseconds (how long the broker has been away)
     * @param epochMillis wall clock (the {@code since} shown)
     */
    public MqttConnectionState(String broker, LongSupplier nanoClock, LongSupplier epochMillis) {
        this.broker = broker;
        this.nanoClock = nanoClock;
        this.epochMillis = epochMillis;
        this.sinceEpochMillis = epochMillis.getAsLong();
        this.downSinceNanos = nanoClock.getAsLong();
    }

    /** The state now. */
    public synchronized Snapshot snapshot() {
        return new Snapshot(state, broker, sinceEpochMillis, detail);
    }

    /** The connection is up. */
    public synchronized void connected() {
        if (state == State.UNREACHABLE) {
            LOG.log(System.Logger.Level.INFO, String.format(Locale.ROOT, "MQTT broker %s reached after %.0f s", broker,
                    (nanoClock.getAsLong() - downSinceNanos) / 1e9));
        }
        move(State.CONNECTED, null);
    }

    /** A connect attempt failed ({@code cause} kept for the warning). */
    public synchronized void attemptFailed(Throwable cause) {
        if (state != State.DUPLICATE_ID) {
            detail = describe(cause);
        }
    }

    /** The connection was lost; the transport is reconnecting. */
    public synchronized void lost(Throwable cause) {
        if (state == State.CONNECTED) {
            downSinceNanos = nanoClock.getAsLong();
            move(State.CONNECTING, describe(cause));
        }
    }

    /** Another runtime serves this robot id: off MQTT for good ({@code why} names it). */
    public synchronized void duplicate(String why) {
        move(State.DUPLICATE_ID, why);
    }

    /** Turns a long wait for the broker into {@code unreachable}, with one warning. Any thread, often. */
    public synchronized void poll() {
        long downNanos = nanoClock.getAsLong() - downSinceNanos;
        long limitSeconds = detail != null ? UNREACHABLE_AFTER_SECONDS : SILENT_UNREACHABLE_AFTER_SECONDS;
        if (state == State.CONNECTING && downNanos >= TimeUnit.SECONDS.toNanos(limitSeconds)) {
            move(State.UNREACHABLE, detail);
            // one short line: it is printed above the status line of an 80-column terminal
            LOG.log(System.Logger.Level.WARNING, "MQTT broker " + broker + " unreachable for " + limitSeconds
                    + " s" + (detail == null ? "" : " (" + detail + ")") + "; retrying, robot runs on (check: broker"
                    + " running there? --broker or mqtt.broker? firewall?)");
        }
    }

    private void move(State next, String why) {
        if (next != state) {
            state = next;
            sinceEpochMillis = epochMillis.getAsLong();
        }
        detail = why;
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return null;
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : cause.getMessage();
        return message != null ? message : root.getClass().getSimpleName();
    }
}
