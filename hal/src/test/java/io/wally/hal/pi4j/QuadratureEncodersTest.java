package io.wally.hal.pi4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import io.wally.hal.EncoderReading;
import io.wally.hal.Health;
import org.mockito.ArgumentCaptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QuadratureEncodersTest {

    private final MockPi4j pi = new MockPi4j();
    private final MockPi4j.ManualClock clock = new MockPi4j.ManualClock();
    private final MockDigitalInput leftA = pi.input(17);
    private final MockDigitalInput leftB = pi.input(27);
    private final MockDigitalInput rightA = pi.input(22);
    private final MockDigitalInput rightB = pi.input(25);

    @AfterEach
    void tearDown() {
        pi.close();
    }

    /** AB sequence 00 -> 10 -> 11 -> 01 -> 00 (A leads B): one full forward cycle, four edges. */
    private static void forwardCycle(MockDigitalInput a, MockDigitalInput b) {
        a.mockState(DigitalState.HIGH);
        b.mockState(DigitalState.HIGH);
        a.mockState(DigitalState.LOW);
        b.mockState(DigitalState.LOW);
    }

    /** AB sequence 00 -> 01 -> 11 -> 10 -> 00 (B leads A): one full backward cycle. */
    private static void backwardCycle(MockDigitalInput a, MockDigitalInput b) {
        b.mockState(DigitalState.HIGH);
        a.mockState(DigitalState.HIGH);
        b.mockState(DigitalState.LOW);
        a.mockState(DigitalState.LOW);
    }

    @Test
    void shouldCountEveryEdgeWithDirectionPerWheel() {
        try (QuadratureEncoders encoders = new QuadratureEncoders(leftA, leftB, rightA, rightB, clock, 40, 100_000_000L)) {
            // when the left wheel turns 3 cycles forward and the right 2 cycles backward
            for (int i = 0; i < 3; i++) {
                forwardCycle(leftA, leftB);
            }
            for (int i = 0; i < 2; i++) {
                backwardCycle(rightA, rightB);
            }
            clock.advanceNanos(5);

            // then 4 ticks per cycle, signed, stamped when sampled
            EncoderReading reading = encoders.sample();
            assertThat(encoders.latest()).isSameAs(reading);
            assertThat(reading.leftTicks()).isEqualTo(12);
            assertThat(reading.rightTicks()).isEqualTo(-8);
            assertThat(reading.timestampNanos()).isEqualTo(clock.nanoTime());
            assertThat(reading.valid()).isTrue();
            assertThat(encoders.missedEdges()).isZero();
            assertThat(encoders.ticksPerRevolution()).isEqualTo(40);
        }
    }

    @Test
    void shouldCountHalfCycleBackAndForthToZeroWhenWheelRocks() {
        try (QuadratureEncoders encoders = new QuadratureEncoders(leftA, leftB, rightA, rightB, clock, 40, 100_000_000L)) {
            leftA.mockState(DigitalState.HIGH); // +1
            leftB.mockState(DigitalState.HIGH); // +1
            leftB.mockState(DigitalState.LOW);  // -1
            leftA.mockState(DigitalState.LOW);  // -1

            assertThat(encoders.sample().leftTicks()).isZero();
        }
    }

    @Test
    void shouldReportMissedEdgeWhenBothChannelsChangedBetweenEvents() {
        // given Mockito lines, so that a level can change without its event being delivered
        DigitalInput a = mock(DigitalInput.class);
        DigitalInput b = mock(DigitalInput.class);
        DigitalInput idle = mock(DigitalInput.class);
        ArgumentCaptor<DigitalStateChangeListener> onA = ArgumentCaptor.forClass(DigitalStateChangeListener.class);
        try (QuadratureEncoders encoders = new QuadratureEncoders(a, b, idle, idle, clock, 40, 100_000_000L)) {
            verify(a).addListener(onA.capture());
            when(a.isHigh()).thenReturn(true);
            onA.getValue().onDigitalStateChange(new DigitalStateChangeEvent<>(a, DigitalState.HIGH)); // 00 -> 10: +1

            // when B rises unseen and then A falls: the decoder sees 10 -> 01, both channels changed
            when(b.isHigh()).thenReturn(true);
            when(a.isHigh()).thenReturn(false);
            onA.getValue().onDigitalStateChange(new DigitalStateChangeEvent<>(a, DigitalState.LOW));

            // then the lost edge is reported, not guessed into the count
            EncoderReading reading = encoders.sample();
            assertThat(reading.leftTicks()).isEqualTo(1);
            assertThat(encoders.missedEdges()).isEqualTo(1);
            assertThat(reading.reason()).isEqualTo("1 missed edges since start");
        }
        verify(a).removeListener(onA.getValue());
    }

    @Test
    void shouldStopCountingWhenClosed() {
        QuadratureEncoders encoders = new QuadratureEncoders(leftA, leftB, rightA, rightB, clock, 40, 100_000_000L);
        forwardCycle(leftA, leftB);
        encoders.close();

        forwardCycle(leftA, leftB);

        assertThat(encoders.sample().leftTicks()).isEqualTo(4);
    }

    @Test
    void shouldServeSameReadingUntilSampledAndMarkItStaleAfterDeadline() {
        try (QuadratureEncoders encoders = new QuadratureEncoders(leftA, leftB, rightA, rightB, clock, 40, 100_000_000L)) {
            EncoderReading first = encoders.sample();
            forwardCycle(leftA, leftB);

            // polling does not allocate a new reading, and does not see counts until the next sample
            assertThat(encoders.latest()).isSameAs(first);
            assertThat(encoders.latest().leftTicks()).isZero();

            clock.advanceNanos(100_000_001L);
            assertThat(encoders.latest().health()).isEqualTo(Health.STALE);
            assertThat(encoders.sample().leftTicks()).isEqualTo(4);
        }
    }
}
