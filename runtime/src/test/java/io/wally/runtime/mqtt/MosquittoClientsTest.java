package io.wally.runtime.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wally.runtime.testing.MosquittoBroker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An operator with nothing but Mosquitto's command-line clients, as docs/mqtt.md shows them. */
@Timeout(60)
@Tag("slow")
class MosquittoClientsTest {

    @RegisterExtension
    static final MosquittoBroker broker = new MosquittoBroker();

    private GraphRobotCommands robot;
    private MqttBridge bridge;

    @BeforeEach
    void startRobot() throws Exception {
        Assumptions.assumeTrue(onPath("mosquitto_pub") && onPath("mosquitto_sub"),
                "mosquitto_pub/mosquitto_sub are not installed (Debian package mosquitto-clients; .ci/run installs it)");
        robot = new GraphRobotCommands();
        bridge = MqttBridge.start(new PahoMqttTransport(MqttClientSettings.plain(broker.url(), "cli-bridge")),
                BridgeSettings.defaults("cli-robot"), robot, System::nanoTime);
        // the retained status says when the robot is there
        assertThat(sub("wally/cli-robot/status", 1, null)).isEqualTo("online");
    }

    @AfterEach
    void stopRobot() throws Exception {
        if (bridge != null) {
            bridge.close();
        }
        if (robot != null) {
            robot.close();
        }
    }

    private static boolean onPath(String program) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    /**
     * Runs {@code mosquitto_sub -v} on {@code topic} plus a retained probe topic, in one subscription: the
     * probe's arrival proves the subscription is active, then {@code request} (topic, message) is
     * published with {@code mosquitto_pub}; returns the payload of the first message on {@code topic}.
     */
    private static String sub(String topic, int count, String[] request) throws Exception {
        String probe = "test/probe/" + System.nanoTime();
        pub(probe, "ready", true);
        Process sub = new ProcessBuilder("mosquitto_sub", "-v", "-h", "127.0.0.1", "-p", Integer.toString(broker.port()),
                "-t", topic, "-t", probe, "-C", Integer.toString(count + 1), "-W", "15", "-q", "1")
                .redirectErrorStream(true).start();
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(sub.getInputStream(), StandardCharsets.UTF_8))) {
            String result = null;
            StringBuilder all = new StringBuilder();
            String line;
            while ((line = lines.readLine()) != null) {
                all.append(line).append('\n');
                if (line.startsWith(probe + " ")) {
                    if (request != null) {
                        pub(request[0], request[1], false);
                    }
                } else if (line.startsWith(topic + " ") && result == null) {
                    result = line.substring(topic.length() + 1);
                }
            }
            assertThat(sub.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(sub.exitValue()).as("mosquitto_sub: %s", all).isZero();
            return result;
        } finally {
            sub.destroyForcibly();
            pub(probe, "", true); // clears the retained probe
        }
    }

    private static void pub(String topic, String message, boolean retained) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("mosquitto_pub", "-h", "127.0.0.1", "-p",
                Integer.toString(broker.port()), "-q", "1", "-t", topic));
        if (retained) {
            command.add("-r");
        }
        if (message.isEmpty()) {
            command.add("-n");
        } else {
            command.addAll(List.of("-m", message));
        }
        Process pub = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(pub.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(pub.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(pub.exitValue()).as("mosquitto_pub: %s", out).isZero();
    }

    @Test
    void shouldAnswerPlanAndMapEditWhenDrivenByMosquittoClients() throws Exception {
        ObjectMapper json = new ObjectMapper();
        // when an operator blocks the hall and asks for a plan, replies on its own topic
        JsonNode blocked = json.readTree(sub("wally/cli-robot/reply/ops/me", 1, new String[] {"wally/cli-robot/cmd/map",
                "{\"id\":\"b\",\"op\":\"block\",\"node\":\"hall\",\"replyTo\":\"wally/cli-robot/reply/ops/me\"}"}));
        JsonNode plan = json.readTree(sub("wally/cli-robot/reply", 1, new String[] {"wally/cli-robot/cmd/plan",
                "{\"id\":\"p\",\"from\":\"dock\",\"to\":\"kitchen\"}"}));
        // then
        assertThat(blocked.get("ok").asBoolean()).isTrue();
        assertThat(plan.get("id").asText()).isEqualTo("p");
        assertThat(plan.at("/error/code").asText()).isEqualTo("no_path");
        JsonNode stopped = json.readTree(sub("wally/cli-robot/reply", 1, new String[] {"wally/cli-robot/cmd/stop", "{\"id\":\"s\"}"}));
        assertThat(stopped.at("/result/stopped").asBoolean()).isTrue();
        assertThat(robot.stops.get()).isEqualTo(1);
    }
}
