package io.wally.hal.pi4j;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import io.wally.hal.BumpReading;
import io.wally.hal.BumpSensor;
import io.wally.hal.Health;
import io.wally.hal.NanoClock;
import java.util.Objects;

/**
 * A bump switch between a GPIO line and ground, with the line's pull-up enabled: pressed reads LOW.
 *
 * <p>The reading changes in the line's change listener (Pi4J's event thread) and carries the time of the
 * last change; {@link #latest()} never touches the line. Threading: any thread may call {@link #latest()}.
 * Lifecycle: listener attached when built (the initial level is read once), removed in {@link #close()}.
 */
public final class SwitchBumpSensor implements BumpSensor {

    private final DigitalInput input;
    private final NanoClock clock;
    private final DigitalStateChangeListener listener = this::onChange;
    private volatile BumpReading latest;
    private volatile boolean closed;

    /** Builds the sensor on {@code input} (configured with a pull-up) and reads its level once. */
    public SwitchBumpSensor(DigitalInput input, NanoClock clock) {
        this.input = Objects.requireNonNull(input, "input");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.latest = new BumpReading(clock.nanoTime(), input.isLow(), Health.OK, "");
        input.addListener(listener);
    }

    private void onChange(DigitalStateChangeEvent<?> event) {
        latest = new BumpReading(clock.nanoTime(), event.state() == DigitalState.LOW, Health.OK, "");
    }

    @Override
    public BumpReading latest() {
        return latest;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            input.removeListener(listener);
        }
    }
}
