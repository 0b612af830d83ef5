package io.wally.runtime.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstanceGuardTest {

    private static final Instant T0 = Instant.parse("2026-12-06T02:00:00Z");

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, byte[]> retained(String status, InstanceGuard other) {
        return Map.of("wally/r1/status", b(status), "wally/r1/status/instance", other.record());
    }

    @Test
    void shouldBackOffOnlyFromOlderInstanceThatIsOnline() {
        InstanceGuard older = new InstanceGuard("r1", "aaaaaaaa", T0);
        InstanceGuard newer = new InstanceGuard("r1", "bbbbbbbb", T0.plusSeconds(5));

        assertThat(newer.clash(retained("online", older))).get().asString()
                .contains("robot id r1 is already online").contains("instance aaaaaaaa").contains("(instance bbbbbbbb)")
                .contains("pid " + ProcessHandle.current().pid());
        // the older one never backs off from a newcomer
        assertThat(older.clash(retained("online", newer))).isEmpty();
        // a record left behind by a runtime that is gone (its Last Will said offline) does not count
        assertThat(newer.clash(retained("offline", older))).isEmpty();
        // its own record (a reconnect) does not count either
        assertThat(newer.clash(retained("online", newer))).isEmpty();
    }

    @Test
    void shouldIgnoreMissingOrForeignRecords() {
        InstanceGuard me = new InstanceGuard("r1", "bbbbbbbb", T0);
        assertThat(me.clash(Map.of())).isEmpty();
        assertThat(me.clash(Map.of("wally/r1/status", b("online")))).isEmpty();
        assertThat(me.clash(Map.of("wally/r1/status", b("online"), "wally/r1/status/instance", b("not json")))).isEmpty();
        assertThat(me.clash(Map.of("wally/r1/status", b("online"), "wally/r1/status/instance", new byte[0]))).isEmpty();
        assertThat(me.clash(Map.of("wally/r1/status", b("online"), "wally/r1/status/instance", b("{\"other\":1}")))).isEmpty();
        // a record without a readable start time counts as older
        assertThat(me.clash(Map.of("wally/r1/status", b("online"), "wally/r1/status/instance", b("{\"instance\":\"cc\"}"))))
                .isPresent();
        assertThat(me.filter()).isEqualTo("wally/r1/status/#");
        assertThat(me.instanceTopic()).isEqualTo("wally/r1/status/instance");
        assertThat(new InstanceGuard("r1").instance()).matches("[0-9a-f]{8}");
    }
}
