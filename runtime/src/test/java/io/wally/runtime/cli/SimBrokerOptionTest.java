package io.wally.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.runtime.mqtt.TestMqttClient;
import io.wally.runtime.testing.MosquittoBroker;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code wally sim --broker URL}: the simulator talks to the broker named on the command line. */
@Tag("slow")
class SimBrokerOptionTest {

    @RegisterExtension
    static final MosquittoBroker broker = new MosquittoBroker();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    @Timeout(60)
    void shouldPublishStatusOnTheBrokerGivenWithBrokerOption() throws Exception {
        // given a client watching the robot's status on a real Mosquitto, and a config naming the embedded broker
        try (TestMqttClient watcher = new TestMqttClient(broker.url()).subscribe("wally/wally-sim/status")) {
            // when the simulator runs with --broker pointing at Mosquitto
            int code = run("sim", "--config", config().toString(), "--broker", broker.url(), "--headless",
                    "--duration", "2s", "--speed", "4");

            // then it ran and announced itself there
            assertThat(code).as("stdout %s%nstderr %s", out, err).isZero();
            assertThat(out.toString()).contains("MQTT broker " + broker.url());
            TestMqttClient.Received status = watcher.next("wally/wally-sim/status", Duration.ofSeconds(10));
            assertThat(status).as("a status message on the external broker").isNotNull();
        }
    }

    @Test
    void shouldRefuseABadBrokerUrlWithUsageExitCode() throws IOException {
        int code = run("sim", "--config", config().toString(), "--broker", "udp://somewhere:1", "--headless");

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--broker must be embedded, tcp://host:port or ssl://host:port; was \"udp://somewhere:1\"");
    }

    private int run(String... args) {
        return CliTestSupport.run(out, err, args);
    }

    private Path config() throws IOException {
        return CliTestSupport.privateSimConfig(dir);
    }
}
