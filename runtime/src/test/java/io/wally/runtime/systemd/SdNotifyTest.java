package io.wally.runtime.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class SdNotifyTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void shouldDeliverReadyWhenSocketIsAPath() throws Throwable {
        // given systemd's socket, played by the test
        String path = dir.resolve("notify.sock").toString();
        try (NotifySocketReceiver systemd = new NotifySocketReceiver(path)) {
            // when
            boolean sent = SdNotify.to(path).ready();
            // then
            assertThat(sent).isTrue();
            assertThat(systemd.receive(WAIT)).isEqualTo("READY=1");
        }
    }

    @Test
    void shouldDeliverEachStateWhenSocketIsInAbstractNamespace() throws Throwable {
        String name = "@wally-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (NotifySocketReceiver systemd = new NotifySocketReceiver(name)) {
            SdNotify notify = SdNotify.to(name);
            notify.ready();
            notify.status("planning on 5 nodes");
            notify.watchdog();
            notify.stopping();
            assertThat(systemd.receive(WAIT)).isEqualTo("READY=1");
            assertThat(systemd.receive(WAIT)).isEqualTo("STATUS=planning on 5 nodes");
            assertThat(systemd.receive(WAIT)).isEqualTo("WATCHDOG=1");
            assertThat(systemd.receive(WAIT)).isEqualTo("STOPPING=1");
        }
    }

    @Test
    void shouldDoNothingWhenNoNotifySocket() {
        SdNotify notify = SdNotify.to(null);
        assertThat(notify.enabled()).isFalse();
        assertThat(notify.ready()).isFalse();
        assertThat(notify.watchdog()).isFalse();
    }

    @Test
    void shouldNameSocketAndErrnoWhenNobodyListens() {
        String path = dir.resolve("nobody.sock").toString();
        assertThatThrownBy(() -> SdNotify.to(path).ready())
                .isInstanceOf(SdNotifyException.class)
                .hasMessageContaining(path)
                .hasMessageContaining("errno 2"); // ENOENT
    }

    @Test
    void shouldRefuseRelativeSocketName() {
        assertThatThrownBy(() -> SdNotify.to("relative.sock").ready())
                .isInstanceOf(SdNotifyException.class)
                .hasMessageContaining("relative.sock");
    }

    @Test
    void shouldFeedWatchdogOnlyWhileHeartbeatMoves() throws Throwable {
        String path = dir.resolve("watchdog.sock").toString();
        AtomicLong heartbeat = new AtomicLong();
        try (NotifySocketReceiver systemd = new NotifySocketReceiver(path)) {
            // given a loop that beats
            SystemdWatchdog dog = SystemdWatchdog.start(SdNotify.to(path), heartbeat::get, Duration.ofMillis(100));
            try {
                for (int i = 0; i < 3; i++) {
                    heartbeat.incrementAndGet();
                    assertThat(systemd.receive(WAIT)).isEqualTo("WATCHDOG=1");
                }
                // when the loop stalls
                while (systemd.receive(Duration.ofMillis(150)) != null) {
                    // drain pings already in flight
                }
                // then no more pings arrive
                assertThat(systemd.receive(Duration.ofMillis(300))).isNull();
                // and they resume with the heartbeat
                heartbeat.incrementAndGet();
                assertThat(systemd.receive(WAIT)).isEqualTo("WATCHDOG=1");
            } finally {
                dog.close();
            }
            assertThat(dog.missed()).isPositive();
        }
    }
}
