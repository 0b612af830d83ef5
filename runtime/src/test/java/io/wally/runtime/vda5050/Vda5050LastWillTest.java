package io.wally.runtime.vda5050;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.runtime.testing.MosquittoBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standard's {@code connection} topic with a real robot process: {@code wally sim} with
 * {@code vda5050.enabled} runs as a child JVM on a real Mosquitto. Killed with SIGKILL (no code of its own
 * runs), the broker publishes its Last Will: {@code CONNECTIONBROKEN}, retained, within the keep-alive window;
 * stopped with SIGTERM, it says {@code OFFLINE} itself, retained. Every connection message is checked against
 * the official schema (by {@link MasterControl}).
 */
@Tag("slow")
@Timeout(180)
class Vda5050LastWillTest {

    @RegisterExtension
    static final MosquittoBroker broker = new MosquittoBroker();

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    /** A JVM starting on a busy machine: generous, only a bound for a hang. */
    private static final Duration ONLINE_WITHIN = Duration.ofSeconds(90);
    /** The broker's own deadline for a silent client, and some scheduling slack on a shared machine. */
    private static final Duration WILL_WITHIN = Vda5050Adapter.KEEP_ALIVE.multipliedBy(3).dividedBy(2).plusSeconds(2);

    @TempDir
    Path tmp;

    @Test
    void shouldLeaveConnectionBrokenRetainedWhenTheRobotProcessIsKilled() throws Exception {
        String serial = "lwt-killed";
        try (MasterControl live = new MasterControl(broker.url())) {
            Process wally = startSim(serial);
            try {
                // given the robot is online, and says so to late subscribers too (retained)
                awaitOnline(live, wally, serial);
                int mark = live.mark();
                // when it is killed: SIGKILL, so no shutdown hook and no OFFLINE of its own
                long killedAt = System.nanoTime();
                wally.destroyForcibly();
                assertThat(wally.waitFor(20, TimeUnit.SECONDS)).isTrue();
                assertThat(wally.exitValue()).as("128 + SIGKILL: the JVM was killed, not stopped").isEqualTo(137);
                // then the broker publishes the Last Will within the keep-alive window
                MasterControl.Received will = live.await(mark, connection(serial),
                        j -> !j.get("connectionState").asText().equals("ONLINE"), WILL_WITHIN);
                assertThat(will).as("connection message within %s of SIGKILL; log: %s", WILL_WITHIN, log()).isNotNull();
                assertThat(will.json().get("connectionState").asText()).isEqualTo("CONNECTIONBROKEN");
                assertThat(Duration.ofNanos(will.atNanos() - killedAt)).isLessThanOrEqualTo(WILL_WITHIN);
                // and a subscriber arriving afterwards is told the robot is gone, not that it is online
                assertThat(retainedState(serial)).isEqualTo("CONNECTIONBROKEN");
                assertThat(live.violations()).isEmpty();
            } finally {
                wally.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void shouldLeaveOfflineRetainedWhenTheRobotProcessIsStopped() throws Exception {
        String serial = "lwt-stopped";
        try (MasterControl live = new MasterControl(broker.url())) {
            Process wally = startSim(serial);
            try {
                // given the robot is online
                awaitOnline(live, wally, serial);
                int mark = live.mark();
                // when it is stopped as systemd or Ctrl-C stops it (SIGTERM: shutdown hooks run)
                wally.destroy();
                assertThat(wally.waitFor(60, TimeUnit.SECONDS)).as("exits on SIGTERM; log: %s", log()).isTrue();
                // then it said OFFLINE itself, and the broker did not send the Last Will after it
                List<String> states = live.since(mark, connection(serial)).stream()
                        .map(r -> r.json().get("connectionState").asText()).toList();
                assertThat(states).as("connection messages after SIGTERM; log: %s", log()).containsExactly("OFFLINE");
                assertThat(retainedState(serial)).isEqualTo("OFFLINE");
                assertThat(live.violations()).isEmpty();
            } finally {
                wally.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Waits for ONLINE from the robot, then checks a fresh subscriber gets it as the retained message. */
    private void awaitOnline(MasterControl live, Process wally, String serial) throws Exception {
        MasterControl.Received online = live.await(0, connection(serial),
                j -> j.get("connectionState").asText().equals("ONLINE"), ONLINE_WITHIN);
        assertThat(online).as("ONLINE from the robot (alive: %s); log: %s", wally.isAlive(), log()).isNotNull();
        assertThat(retainedState(serial)).isEqualTo("ONLINE");
    }

    private static String connection(String serial) {
        return "uagv/v2/wally/" + serial + "/connection";
    }

    /** The retained connection state as a subscriber connecting now receives it (schema-checked). */
    private String retainedState(String serial) throws Exception {
        try (MasterControl fresh = new MasterControl(broker.url())) {
            MasterControl.Received r = fresh.await(0, connection(serial), j -> true, Duration.ofSeconds(10));
            assertThat(r).as("a retained message on %s", connection(serial)).isNotNull();
            assertThat(r.retained()).as("delivered as retained").isTrue();
            assertThat(fresh.violations()).isEmpty();
            return r.json().get("connectionState").asText();
        }
    }

    /** {@code wally sim} in a child JVM on the test's broker, VDA 5050 on, nothing else listening. */
    private Process startSim(String serial) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        String flags = Files.readAllLines(REPO.resolve("runtime/target/wally.env")).stream()
                .filter(l -> l.startsWith("WALLY_JVM_FLAGS=")).findFirst().orElseThrow().substring("WALLY_JVM_FLAGS=".length());
        command.addAll(List.of(flags.trim().split("\\s+")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.wally.runtime.cli.WallyMain",
                "sim", "--config", config(serial).toString(), "--broker", broker.url(), "--headless",
                "--dashboard", "off", "--foxglove", "off"));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(tmp.resolve("wally-sim.log").toFile()).start();
    }

    /**
     * robot-config/sim.yaml with its own robot id (so its own serial number: each test's retained messages
     * stay its own on the shared broker) and store, VDA 5050 on, Home Assistant off.
     */
    private Path config(String serial) throws IOException {
        String yaml = Files.readString(REPO.resolve("robot-config/sim.yaml"));
        String changed = replaceOnce(yaml, "id: wally-sim", "id: " + serial);
        changed = replaceOnce(changed, "file: ../maps/samples/house.yaml", "file: " + REPO.resolve("maps/samples/house.yaml"));
        changed = replaceOnce(changed, "dir: ~/.wally/sim-store", "dir: " + tmp.resolve("store-" + serial));
        changed = replaceOnce(changed, "enabled: true            # announce the robot", "enabled: false # announce the robot");
        changed = replaceOnce(changed, "enabled: false           # true: orders on uagv", "enabled: true # true: orders on uagv");
        Path config = tmp.resolve("sim-vda5050-" + serial + ".yaml");
        Files.writeString(config, changed);
        return config;
    }

    private static String replaceOnce(String text, String key, String replacement) {
        assertThat(text).as("robot-config/sim.yaml still has the line this test rewrites").contains(key);
        return text.replace(key, replacement);
    }

    private String log() throws IOException {
        Path log = tmp.resolve("wally-sim.log");
        return Files.exists(log) ? Files.readString(log) : "(none)";
    }
}
