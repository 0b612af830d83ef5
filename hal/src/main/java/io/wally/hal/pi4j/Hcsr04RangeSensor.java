package io.wally.hal.pi4j;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import io.wally.hal.Angles;
import io.wally.hal.NanoClock;
import io.wally.hal.RangeReading;
import io.wally.hal.RangeSensor;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * HC-SR04 ultrasonic ranger on two GPIO lines.
 *
 * <p>Datasheet: "HC-SR04 Ultrasonic Ranging Module" (Cytron/ElecFreaks, 2013): a HIGH pulse of at least
 * 10 µs on TRIG makes the module send eight 40 kHz bursts and then raise ECHO for as long as the sound
 * took to return; range = echo time × speed of sound / 2; 2 cm to 4 m; "over 60 ms measurement cycle" is
 * suggested so that an echo does not reach the next measurement. With no obstacle the module drops ECHO
 * after about 38 ms.
 *
 * <p>One measurement ({@link #measure()}) raises TRIG for {@value #TRIGGER_PULSE_NANOS} ns, then waits
 * for the ECHO falling edge, bounded by {@link #echoTimeoutNanos}. Edge times come from the ECHO line's
 * change listener, stamped with the injected {@link NanoClock}. The wait itself is bounded by the
 * machine's monotonic clock, so that no clock, however broken, can make a measurement hang. Outcomes:
 * <ul>
 *   <li>echo pulse ended: OK, {@code rangeMeters} = pulse × {@value #SPEED_OF_SOUND_MPS} / 2, clamped to
 *       {@code [0, maxRangeMeters]} (a pulse longer than the maximum range means "nothing within range");
 *   <li>ECHO never rose before the timeout: FAULT "no echo" (module missing, unpowered or wired wrong);
 *   <li>ECHO rose but did not fall before the timeout: FAULT "echo did not end".
 * </ul>
 * Edge timing from a JVM listener carries the jitter of the GPIO event thread (tens of µs, that is a few
 * millimetres to centimetres); enough for obstacle avoidance, not for metrology.
 *
 * <p>Threading: {@link #measure()} is called by one sampling thread (it blocks for up to the timeout);
 * {@link #latest()} by anyone, never blocking. Lifecycle: the driver adds a listener to ECHO when built and
 * removes it in {@link #close()}; the pins themselves belong to the caller (the Pi4J context).
 */
public final class Hcsr04RangeSensor implements RangeSensor {

    /** Width of the trigger pulse, ns (datasheet: at least 10 µs). */
    public static final long TRIGGER_PULSE_NANOS = 10_000;
    /** Speed of sound in dry air at 20 °C, m/s. */
    public static final double SPEED_OF_SOUND_MPS = 343.2;
    /** The module's specified maximum range, metres (datasheet: 4 m; a little margin for good units). */
    public static final double DATASHEET_MAX_RANGE_METERS = 4.5;
    /** Default bound on one measurement, ns: longer than the module's own 38 ms "no obstacle" pulse. */
    public static final long DEFAULT_ECHO_TIMEOUT_NANOS = 50_000_000;

    private final String name;
    private final DigitalOutput trigger;
    private final DigitalInput echo;
    private final NanoClock clock;
    private final double mountAngleRadians;
    private final double maxRangeMeters;
    private final long echoTimeoutNanos;
    private final LatestReading<RangeReading> latest;
    private final DigitalStateChangeListener echoListener = this::onEchoEdge;

    private volatile boolean armed;
    private volatile long riseNanos;
    private volatile long fallNanos;
    private volatile Thread waiter;
    private volatile boolean closed;

    /**
     * Builds the driver and attaches it to the ECHO line.
     *
     * @param name the sensor's name
     * @param trigger TRIG output, initially LOW
     * @param echo ECHO input
     * @param clock stamps readings and edges
     * @param mountAngleDegrees mounting direction, degrees, counter-clockwise positive (any value; wrapped
     *     into (-180, 180])
     * @param maxRangeMeters farthest distance reported, metres, in (0, {@value #DATASHEET_MAX_RANGE_METERS}]
     * @param echoTimeoutNanos bound on one measurement, ns, {@code > 0}
     * @param staleAfterNanos {@link #latest()} marks a reading STALE when it is older than this, ns
     */
    public Hcsr04RangeSensor(String name, DigitalOutput trigger, DigitalInput echo, NanoClock clock,
            double mountAngleDegrees, double maxRangeMeters, long echoTimeoutNanos, long staleAfterNanos) {
        this.name = Objects.requireNonNull(name, "name");
        this.trigger = Objects.requireNonNull(trigger, "trigger");
        this.echo = Objects.requireNonNull(echo, "echo");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (!(maxRangeMeters > 0 && maxRangeMeters <= DATASHEET_MAX_RANGE_METERS)) {
            throw new IllegalArgumentException("maxRangeMeters of " + name + " must be in (0, "
                    + DATASHEET_MAX_RANGE_METERS + "]; was " + maxRangeMeters);
        }
        if (echoTimeoutNanos <= 0) {
            throw new IllegalArgumentException("echoTimeoutNanos must be > 0; was " + echoTimeoutNanos);
        }
        this.mountAngleRadians = Angles.wrap(Math.toRadians(mountAngleDegrees));
        this.maxRangeMeters = maxRangeMeters;
        this.echoTimeoutNanos = echoTimeoutNanos;
        this.latest = new LatestReading<>(clock, staleAfterNanos,
                RangeReading.fault(clock.nanoTime(), maxRangeMeters, "no measurement yet"));
        echo.addListener(echoListener);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public double mountAngleRadians() {
        return mountAngleRadians;
    }

    @Override
    public double maxRangeMeters() {
        return maxRangeMeters;
    }

    @Override
    public RangeReading latest() {
        return latest.get();
    }

    /**
     * Takes one measurement, publishes it as {@link #latest()} and returns it. Blocks the calling thread
     * for at most the echo timeout (plus the 10 µs trigger pulse); never throws for a missing echo or a
     * failing pin — those become a FAULT reading.
     */
    public RangeReading measure() {
        if (closed) {
            throw new IllegalStateException("ranger " + name + " is closed");
        }
        RangeReading reading;
        try {
            reading = measureOnce();
        } catch (RuntimeException e) {
            armed = false;
            reading = RangeReading.fault(clock.nanoTime(), maxRangeMeters,
                    "GPIO failed on ranger " + name + ": " + e.getMessage());
        }
        latest.publish(reading);
        return reading;
    }

    private RangeReading measureOnce() {
        riseNanos = -1;
        fallNanos = -1;
        waiter = Thread.currentThread();
        armed = true;
        long startNanos = clock.nanoTime();
        trigger.high();
        long pulseEnd = System.nanoTime() + TRIGGER_PULSE_NANOS;
        while (System.nanoTime() < pulseEnd) {
            Thread.onSpinWait();
        }
        trigger.low();
        long deadline = System.nanoTime() + echoTimeoutNanos;
        long remaining;
        while (fallNanos < 0 && (remaining = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, remaining);
        }
        armed = false;
        long rise = riseNanos;
        long fall = fallNanos;
        if (rise < 0) {
            return RangeReading.fault(startNanos, maxRangeMeters,
                    "no echo within " + echoTimeoutNanos / 1_000_000 + " ms on ranger " + name);
        }
        if (fall < 0) {
            return RangeReading.fault(startNanos, maxRangeMeters,
                    "echo did not end within " + echoTimeoutNanos / 1_000_000 + " ms on ranger " + name);
        }
        double rangeMeters = Math.max(0, (fall - rise) * 1e-9 * SPEED_OF_SOUND_MPS / 2);
        return RangeReading.ok(startNanos, Math.min(rangeMeters, maxRangeMeters), maxRangeMeters);
    }

    private void onEchoEdge(DigitalStateChangeEvent<?> event) {
        if (!armed) {
            return;
        }
        long now = clock.nanoTime();
        if (event.state() == DigitalState.HIGH) {
            riseNanos = now;
        } else if (event.state() == DigitalState.LOW && riseNanos >= 0) {
            fallNanos = now;
            Thread w = waiter;
            if (w != null) {
                LockSupport.unpark(w);
            }
        }
    }

    /** Detaches from the ECHO line; idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            armed = false;
            echo.removeListener(echoListener);
        }
    }
}
