package io.wally.runtime.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MqttConnectionStateTest {

    private final AtomicLong nanos = new AtomicLong();
    private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);
    private final MqttConnectionState state = new MqttConnectionState("tcp://127.0.0.1:1884", nanos::get, millis::get);

    private void advanceSeconds(long s) {
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(s));
        millis.addAndGet(s * 1000);
    }

    @Test
    void shouldTurnUnreachableAfterTwoSecondsWithoutConnectionAndBackToConnected() {
        state.attemptFailed(new RuntimeException("wrapped", new ConnectException("Connection refused")));
        advanceSeconds(1);
        state.poll();
        assertThat(state.snapshot().state()).isEqualTo(MqttConnectionState.State.CONNECTING);

        advanceSeconds(1);
        state.poll();
        MqttConnectionState.Snapshot s = state.snapshot();
        assertThat(s.state()).isEqualTo(MqttConnectionState.State.UNREACHABLE);
        assertThat(s.detail()).isEqualTo("Connection refused");
        assertThat(s.toMap()).containsEntry("state", "unreachable").containsEntry("broker", "tcp://127.0.0.1:1884")
                .containsEntry("since", "2023-11-14T22:13:22Z").containsEntry("detail", "Connection refused");

        state.connected();
        assertThat(state.snapshot().state()).isEqualTo(MqttConnectionState.State.CONNECTED);
        assertThat(state.snapshot().toMap()).doesNotContainKey("detail");
    }

    @Test
    void shouldWaitLongerBeforeUnreachableWhenNoAttemptFailedYet() {
        // a busy machine whose first attempt is merely late: not yet "unreachable" after 2 s
        advanceSeconds(3);
        state.poll();
        assertThat(state.snapshot().state()).isEqualTo(MqttConnectionState.State.CONNECTING);
        // a broker that never answers: unreachable after 4 s
        advanceSeconds(1);
        state.poll();
        assertThat(state.snapshot().state()).isEqualTo(MqttConnectionState.State.UNREACHABLE);
        assertThat(state.snapshot().toMap()).doesNotContainKey("detail");
    }

    @Test
    void shouldCountOutageFromLossAndStayOffWhenDuplicate() {
        state.connected();
        advanceSeconds(60);
        state.lost(new IllegalStateException("socket closed"));
        assertThat(state.snapshot().state()).isEqualTo(MqttConnectionState.State.CONNECTING);
        advanceSeconds(1);
        state.poll();
        assertThat(state.snapshot().state()).isEqualTo(MqttConnectionState.State.CONNECTING);

        state.duplicate("robot id r1 is already online");
        advanceSeconds(10);
        state.poll();
        state.attemptFailed(new IllegalStateException("ignored"));
        assertThat(state.snapshot().state()).isEqualTo(MqttConnectionState.State.DUPLICATE_ID);
        assertThat(state.snapshot().detail()).isEqualTo("robot id r1 is already online");
        assertThat(MqttConnectionState.State.DUPLICATE_ID.wireName()).isEqualTo("duplicate_id");
    }
}
