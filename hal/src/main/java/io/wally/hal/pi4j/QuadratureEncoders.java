package io.wally.hal.pi4j;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import io.wally.hal.EncoderReading;
import io.wally.hal.Health;
import io.wally.hal.NanoClock;
import io.wally.hal.WheelEncoders;
import java.util.Objects;

/**
 * Two incremental quadrature encoders (channels A and B per wheel, for example the Hall encoders of
 * N20/JGA25 gear motors), decoded in software from GPIO edge events.
 *
 * <p>Every edge of both channels counts ("x4" decoding). The direction follows the Gray-code order:
 * {@code AB = 00 → 10 → 11 → 01 → 00} counts up (A leads B: forward), the reverse order counts down. A
 * callback reads the other channel's level from its line, so a transition that changes both channels at
 * once means an edge was lost; it is not counted but is reported through {@link #missedEdges()} and in
 * the reason of a reading. Swap A and B in the wiring (or
 * in the configuration) to reverse a wheel.
 *
 * <p>Counting happens in the edge callbacks; {@link #sample()} (called by the robot's sampler thread every
 * few milliseconds) turns the counts into an immutable reading, and {@link #latest()} returns that
 * reading without allocating — so a control loop polling the encoders creates no garbage. A reading not
 * refreshed within the deadline reads STALE.
 *
 * <p>Threading: edge callbacks arrive on Pi4J's event thread(s); each wheel's decoder is guarded by its
 * own monitor, so callbacks of the same wheel never interleave. {@link #sample()} from one sampling
 * thread; {@link #latest()} from any thread, never blocking on I/O. Lifecycle: listeners are attached
 * when built and removed in {@link #close()}; counting starts at zero.
 */
public final class QuadratureEncoders implements WheelEncoders {

    /**
     * Count change for a transition, indexed by {@code previousAB << 2 | currentAB}
     * (AB as a two-bit number, A the high bit). Illegal (double) transitions are 0 here and detected
     * separately.
     */
    private static final int[] DELTA = {
        //        to 00  01  10  11
        /* 00 */  0, -1, +1, 0,
        /* 01 */ +1, 0, 0, -1,
        /* 10 */ -1, 0, 0, +1,
        /* 11 */  0, +1, -1, 0,
    };

    private final Wheel left;
    private final Wheel right;
    private final NanoClock clock;
    private final int ticksPerRevolution;
    private final LatestReading<EncoderReading> latest;
    private boolean closed;

    /**
     * Builds the decoder and attaches it to the four inputs (read once for their initial state).
     *
     * @param ticksPerRevolution edges per wheel revolution, both channels counted, {@code > 0}
     * @param staleAfterNanos {@link #latest()} marks a reading STALE when it is older than this, ns
     */
    public QuadratureEncoders(DigitalInput leftA, DigitalInput leftB, DigitalInput rightA, DigitalInput rightB,
            NanoClock clock, int ticksPerRevolution, long staleAfterNanos) {
        if (ticksPerRevolution <= 0) {
            throw new IllegalArgumentException("ticksPerRevolution must be > 0; was " + ticksPerRevolution);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ticksPerRevolution = ticksPerRevolution;
        this.left = new Wheel(leftA, leftB);
        this.right = new Wheel(rightA, rightB);
        this.latest = new LatestReading<>(clock, staleAfterNanos, sampleNow());
    }

    @Override
    public int ticksPerRevolution() {
        return ticksPerRevolution;
    }

    /** Publishes the counts as of now as {@link #latest()} and returns them. */
    public EncoderReading sample() {
        EncoderReading reading = sampleNow();
        latest.publish(reading);
        return reading;
    }

    private EncoderReading sampleNow() {
        long missed = left.missed() + right.missed();
        return new EncoderReading(clock.nanoTime(), left.ticks(), right.ticks(), Health.OK,
                missed == 0 ? "" : missed + " missed edges since start");
    }

    /** The counts as of the last {@link #sample()}; never blocks, never allocates (but once when it goes stale). */
    @Override
    public EncoderReading latest() {
        return latest.get();
    }

    /** Transitions that changed both channels at once (edges lost), both wheels, since start. */
    public long missedEdges() {
        return left.missed() + right.missed();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            left.detach();
            right.detach();
        }
    }

    /** One wheel's decoder state; the monitor is the wheel itself. */
    private static final class Wheel {
        private final DigitalInput a;
        private final DigitalInput b;
        private final DigitalStateChangeListener onA = this::onA;
        private final DigitalStateChangeListener onB = this::onB;
        private int state;
        private long ticks;
        private long missed;

        Wheel(DigitalInput a, DigitalInput b) {
            this.a = Objects.requireNonNull(a, "channel A");
            this.b = Objects.requireNonNull(b, "channel B");
            synchronized (this) {
                state = (a.isHigh() ? 2 : 0) | (b.isHigh() ? 1 : 0);
            }
            a.addListener(onA);
            b.addListener(onB);
        }

        private void onA(DigitalStateChangeEvent<?> event) {
            step((event.state() == DigitalState.HIGH ? 2 : 0) | (b.isHigh() ? 1 : 0));
        }

        private void onB(DigitalStateChangeEvent<?> event) {
            step((a.isHigh() ? 2 : 0) | (event.state() == DigitalState.HIGH ? 1 : 0));
        }

        /** Moves to {@code next} (AB); the other channel's level is read from its line, so a lost edge shows up as a double change. */
        private synchronized void step(int next) {
            if (next == state) {
                return; // a duplicate event for a level already seen
            }
            int delta = DELTA[state << 2 | next];
            if (delta == 0) {
                missed++; // both channels changed: at least one edge was lost, the direction is unknown
            }
            ticks += delta;
            state = next;
        }

        synchronized long ticks() {
            return ticks;
        }

        synchronized long missed() {
            return missed;
        }

        void detach() {
            a.removeListener(onA);
            b.removeListener(onB);
        }
    }
}
