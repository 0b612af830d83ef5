package io.wally.runtime.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wally.runtime.systemd.NotifySocketReceiver;
import io.wally.runtime.testing.MosquittoBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wally run} as systemd starts it, in a child JVM: on the simulated robot of robot-config/sim.yaml
 * with {@code --broker} pointing at a real Mosquitto, {@code NOTIFY_SOCKET} bound by the test and
 * {@code WATCHDOG_USEC} set. The whole path: READY=1, WATCHDOG=1, a plan request answered by the real
 * pipeline (WallyRuntime), then SIGTERM: STOPPING=1, "offline", exit 0.
 */
@Timeout(120)
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
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.wally.runtime.cli.WallyMain",
                    "run", "--config", REPO.resolve("robot-config/sim.yaml").toString(), "--broker", broker.url()));
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
            } finally {
                wally.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private String log() throws java.io.IOException {
        Path log = tmp.resolve("wally-run.log");
        return Files.exists(log) ? Files.readString(log) : "(none)";
    }
}
