package io.wally.runtime.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wally.maps.store.GraphStore;
import io.wally.maps.store.StoreOptions;
import io.wally.runtime.systemd.NotifySocketReceiver;
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
 * {@code wally run} as systemd starts it, in a child JVM: on the simulated robot of robot-config/sim.yaml
 * with {@code --broker} pointing at a real Mosquitto, {@code NOTIFY_SOCKET} bound by the test and
 * {@code WATCHDOG_USEC} set. The whole path: READY=1, WATCHDOG=1, a plan request answered by the real
 * pipeline (WallyRuntime), a map edit acknowledged by the map store, then SIGTERM: STOPPING=1,
 * "offline", exit 0, and the store directory (store.dir pointed at a temp directory) checkpointed: its
 * snapshot covers the last logged LSN and holds the edit.
 */
@Timeout(120)
@Tag("slow")
class WallyRunEndToEndTest {

    @RegisterExtension
    static final MosquittoBroker broker = new MosquittoBroker();

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    @Test
    void shouldNotifyServePlansAndExitZeroWhenRunUnderSystemdAndTerminated() throws Throwable {
        String notifySocket = tmp.resolve("notify.sock").toString();
        try (NotifySocketReceiver systemd = new NotifySocketReceiver(notifySocket);
                TestMqttClient operator = new TestMqttClient(broker.url()).subscribe("wally/wally-sim/#")) {
            // given wally run started the way the unit starts it
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            String flags = Files.readAllLines(REPO.resolve("runtime/target/wally.env")).stream()
                    .filter(l -> l.startsWith("WALLY_JVM_FLAGS=")).findFirst().orElseThrow().substring("WALLY_JVM_FLAGS=".length());
            command.addAll(List.of(flags.trim().split("\\s+")));
            Path store = tmp.resolve("store");
            Path config = simConfigWithStore(store);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.wally.runtime.cli.WallyMain",
                    "run", "--config", config.toString(), "--broker", broker.url()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("wally-run.log").toFile());
            builder.environment().put("NOTIFY_SOCKET", notifySocket);
            builder.environment().put("WATCHDOG_USEC", "1000000");
            builder.environment().remove("WATCHDOG_PID");
            Process wally = builder.start();
            try {
                // then systemd hears READY=1, then watchdog pings
                String ready = systemd.receive(Duration.ofSeconds(60));
                assertThat(ready).as("log: %s", log()).startsWith("READY=1");
                assertThat(systemd.receive(Duration.ofSeconds(5))).isEqualTo("WATCHDOG=1");
                // and a plan request is answered by the pipeline
                operator.publish("wally/wally-sim/cmd/plan", "{\"id\":\"e2e\",\"from\":\"dock\",\"to\":\"kitchen\"}");
                TestMqttClient.Received reply = operator.next("wally/wally-sim/reply", Duration.ofSeconds(20));
                assertThat(reply).as("plan reply; log: %s", log()).isNotNull();
                JsonNode body = new ObjectMapper().readTree(reply.payload());
                assertThat(body.get("id").asText()).isEqualTo("e2e");
                assertThat(body.get("ok").asBoolean()).as(reply.payload()).isTrue();
                // and a map edit is acknowledged by the store (with its LSN)
                operator.publish("wally/wally-sim/cmd/map", "{\"id\":\"e2e-edit\",\"op\":\"block\",\"node\":\"office\"}");
                JsonNode edit;
                do {
                    TestMqttClient.Received r = operator.next("wally/wally-sim/reply", Duration.ofSeconds(20));
                    assertThat(r).as("edit reply; log: %s", log()).isNotNull();
                    edit = new ObjectMapper().readTree(r.payload());
                } while (!"e2e-edit".equals(edit.get("id").asText()));
                assertThat(edit.get("ok").asBoolean()).as(edit.toString()).isTrue();
                // when systemd stops the service
                wally.destroy(); // SIGTERM
                // then it says STOPPING=1, publishes offline and exits 0
                String next;
                do {
                    next = systemd.receive(Duration.ofSeconds(20));
                } while ("WATCHDOG=1".equals(next));
                assertThat(next).isEqualTo("STOPPING=1");
                assertThat(wally.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(wally.exitValue()).as("exit code; log: %s", log()).isZero();
                TestMqttClient.Received status;
                do {
                    status = operator.next("wally/wally-sim/status", Duration.ofSeconds(10));
                    assertThat(status).isNotNull();
                } while (!status.payload().equals("offline"));
                // and the store was checkpointed on the way out: the snapshot covers every logged mutation
                assertThat(log()).contains("imported into store " + store);
                try (GraphStore reopened = GraphStore.open(store, StoreOptions.defaults())) {
                    assertThat(reopened.lastLsn()).isPositive();
                    assertThat(reopened.snapshotLsn()).as("snapshot LSN = last LSN").isEqualTo(reopened.lastLsn());
                    assertThat(reopened.recovery().replayedRecords()).isZero();
                    assertThat(reopened.graph().isBlocked(reopened.graph().nodeId("office"))).isTrue();
                }
            } finally {
                wally.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** robot-config/sim.yaml with store.dir at {@code store} (the map path made absolute). */
    private Path simConfigWithStore(Path store) throws IOException {
        String yaml = Files.readString(REPO.resolve("robot-config/sim.yaml"));
        String withMap = yaml.replace("file: ../maps/samples/house.yaml", "file: " + REPO.resolve("maps/samples/house.yaml"));
        String withStore = withMap.replace("dir: ~/.wally/sim-store", "dir: " + store);
        assertThat(withStore).as("sim.yaml keys this test rewrites").isNotEqualTo(withMap).isNotEqualTo(yaml);
        Path config = tmp.resolve("sim-with-store.yaml");
        Files.writeString(config, withStore);
        return config;
    }

    private String log() throws IOException {
        Path log = tmp.resolve("wally-run.log");
        return Files.exists(log) ? Files.readString(log) : "(none)";
    }
}
