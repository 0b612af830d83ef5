package io.wally.runtime.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.wally.hal.sim.SimRobot;
import io.wally.runtime.WallyRuntime;
import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import io.wally.runtime.sim.SimRobotFactory;
import io.wally.runtime.testing.MosquittoBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every telemetry message the runtime sends (the simulated robot in the sample house, its agents on their
 * threads, through a real Mosquitto) is valid against its schema in {@code docs/schemas/telemetry-<topic>.schema.json};
 * the run drives to the kitchen, drains the battery below both levels (warning, return to the dock) and presses
 * the bumper (a fault), so that every topic and the battery events are seen.
 */
@Tag("slow")
@Timeout(120)
class TelemetrySchemaIntegrationTest {

    @RegisterExtension
    static final MosquittoBroker BROKER = new MosquittoBroker();

    private static final Path SCHEMAS = Path.of("../docs/schemas");
    private static final String PREFIX = "wally/wally-sim/telemetry/";

    @TempDir
    Path tmp;

    private record Message(String topic, String payload) {
    }

    private final ConcurrentLinkedQueue<Message> received = new ConcurrentLinkedQueue<>();
    private final ObjectMapper json = new ObjectMapper();

    private WallyConfig config() {
        WallyConfig c = new ConfigLoader().load(Path.of("../robot-config/sim.yaml"));
        WallyConfig.Mqtt m = c.mqtt();
        return new WallyConfig(c.robot(), c.map(), new WallyConfig.Store(tmp.resolve("store").toString(), c.store().durability(),
                c.store().groupCommitMillis(), c.store().checkpointOnClose()), c.control(), c.drive(), c.motors(), c.sensors(), c.sim(),
                new WallyConfig.Mqtt(BROKER.url(), m.embeddedPort(), null, null, m.tls(), m.telemetry(), m.maxPayloadBytes(),
                        m.replyPrefix(), null, m.embedded()), c.homeassistant(), WallyConfig.Dashboard.OFF, WallyConfig.Foxglove.OFF,
                WallyConfig.Vda5050.OFF, c.battery());
    }

    private static Map<String, Schema> schemas() throws IOException {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        Map<String, Schema> out = new HashMap<>();
        try (var files = Files.list(SCHEMAS)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("telemetry-.+\\.schema\\.json")).toList()) {
                String topic = f.getFileName().toString().replaceAll("^telemetry-|\\.schema\\.json$", "");
                out.put(topic, registry.getSchema(Files.readString(f), InputFormat.JSON));
            }
        }
        return out;
    }

    private Set<String> topicsSeen() {
        Set<String> seen = new TreeSet<>();
        received.forEach(m -> seen.add(m.topic()));
        return seen;
    }

    private List<String> eventsSeen() {
        List<String> events = new ArrayList<>();
        for (Message m : received) {
            if (m.topic().equals("event")) {
                try {
                    events.add(json.readTree(m.payload()).path("event").asText());
                } catch (IOException e) {
                    events.add("(not JSON)");
                }
            }
        }
        return events;
    }

    private static void await(BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    @Test
    void shouldSendOnlyMessagesValidAgainstTheirSchemasWhenTheRobotDrivesRunsLowAndBumps() throws Exception {
        // given the schemas, an operator subscribed to all telemetry, and the whole runtime on the simulated robot
        Map<String, Schema> schemas = schemas();
        assertThat(schemas).containsKeys("pose", "plan", "health", "fault", "event", "sensors", "battery", "mqtt");
        WallyConfig config = config();
        MqttClient operator = new MqttClient(BROKER.url(), "schema-test", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        operator.connect(options);
        operator.subscribe(PREFIX + "#", 0, (topic, message) ->
                received.add(new Message(topic.substring(PREFIX.length()), new String(message.getPayload(), StandardCharsets.UTF_8))));
        try (SimRobot robot = SimRobotFactory.create(config, Path.of(config.map().file()));
                MqttService mqtt = MqttService.start(config);
                WallyRuntime runtime = WallyRuntime.builder(config, robot).telemetry(mqtt.telemetry()).start()) {
            mqtt.attach(runtime);
            robot.start(2.0);
            await(() -> topicsSeen().containsAll(List.of("pose", "sensors", "battery", "health", "mqtt")), 20_000);

            // when it drives, its battery runs low, then very low, and it bumps into a box put on it
            operator.publish("wally/wally-sim/cmd/goto", "{\"id\":\"g\",\"target\":\"kitchen\"}".getBytes(StandardCharsets.UTF_8), 1, false);
            await(() -> eventsSeen().contains("goal"), 10_000);
            robot.setBatteryPercent(15);
            await(() -> eventsSeen().contains("battery_low"), 10_000);
            robot.setBatteryPercent(8);
            await(() -> eventsSeen().contains("return_to_dock"), 10_000);
            SimRobot.Pose at = robot.truePose();
            robot.world().addBox(at.xMeters() - 0.02, at.yMeters() - 0.02, at.xMeters() + 0.02, at.yMeters() + 0.02);
            await(() -> topicsSeen().contains("fault"), 10_000);
            await(() -> false, 1_500); // a little of everything after the fault
        } finally {
            operator.disconnect();
            operator.close();
        }

        // then every topic was seen, and every message is valid against its topic's schema
        assertThat(topicsSeen()).containsExactlyInAnyOrder("pose", "plan", "health", "fault", "event", "sensors", "battery", "mqtt");
        assertThat(eventsSeen()).contains("goal", "battery_low", "return_to_dock");
        List<String> problems = new ArrayList<>();
        Map<String, Integer> counts = new HashMap<>();
        for (Message m : received) {
            counts.merge(m.topic(), 1, Integer::sum);
            Schema schema = schemas.get(m.topic());
            if (schema == null) {
                problems.add(m.topic() + ": no schema in " + SCHEMAS);
                continue;
            }
            List<Error> errors = schema.validate(m.payload(), InputFormat.JSON);
            if (!errors.isEmpty()) {
                problems.add(m.topic() + ": " + errors + " in " + m.payload());
            }
            JsonNode node = json.readTree(m.payload());
            if (!node.path("epochMillis").canConvertToLong() || node.path("epochMillis").asLong() < 1_700_000_000_000L) {
                problems.add(m.topic() + ": epochMillis is no time of this decade in " + m.payload());
            }
        }
        assertThat(problems).as("messages not valid against their schemas (%s)", counts).isEmpty();
        assertThat(counts.get("sensors")).isGreaterThan(10);
    }
}
