package io.wally.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.wally.runtime.mqtt.BridgeSettings;
import io.wally.runtime.mqtt.MqttBridge;
import io.wally.runtime.mqtt.MqttClientSettings;
import io.wally.runtime.mqtt.PahoMqttTransport;
import io.wally.runtime.testing.MosquittoBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every MQTT command, sent through a real Mosquitto to the simulated robot in the sample house: each request is
 * valid under its schema in docs/schemas/request-&lt;cmd&gt;.schema.json, and each reply the runtime sends under
 * reply-&lt;cmd&gt;.schema.json (ok replies and error replies alike).
 */
@Tag("slow")
@Timeout(120)
class CommandSchemasTest {

    @RegisterExtension
    static final MosquittoBroker broker = new MosquittoBroker();

    private static final Path SCHEMAS = Path.of("../docs/schemas");
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** {command, request}: every command, every map op, and requests that fail. */
    private static final List<String[]> REQUESTS = List.of(
            new String[] {"plan", "{\"id\": \"p1\", \"from\": \"dock\", \"to\": \"kitchen\"}"},
            new String[] {"plan", "{\"id\": \"p2\", \"from\": \"dock\", \"to\": \"kitchn\"}"},
            new String[] {"plan", "{\"id\": \"p3\", \"to\": \"0,0\", \"algorithm\": \"dijkstra\"}"},
            new String[] {"plan", "{\"id\": \"p4\", \"to\": \"100,100\"}"},
            new String[] {"status", "{\"id\": \"st\"}"},
            new String[] {"places", "{\"id\": \"pl\"}"},
            new String[] {"map", "{\"id\": \"m1\", \"op\": \"get\"}"},
            new String[] {"map", "{\"id\": \"m2\", \"op\": \"get\", \"format\": \"rle\"}"},
            new String[] {"map", "{\"id\": \"m3\", \"op\": \"block\", \"node\": \"hallway\"}"},
            new String[] {"map", "{\"id\": \"m4\", \"op\": \"unblock\", \"node\": \"hallway\"}"},
            new String[] {"map", "{\"id\": \"m5\", \"op\": \"name_here\", \"name\": \"spot\"}"},
            new String[] {"map", "{\"id\": \"m6\", \"op\": \"paint\", \"state\": \"occupied\", \"rect\": [5.8, 0, 6.2, 3.4]}"},
            new String[] {"map", "{\"id\": \"m7\", \"op\": \"paint\", \"state\": \"free\", \"points\": [[5.8, 0], [6.2, 0], [6.2, 3.4]]}"},
            new String[] {"map", "{\"id\": \"m8\", \"op\": \"erase\", \"rect\": [1, 4.5, 1.5, 5]}"},
            new String[] {"map", "{\"id\": \"m9\", \"op\": \"add_node\", \"name\": \"charger\", \"x\": 0.5, \"y\": 0.5}"},
            new String[] {"map", "{\"id\": \"m10\", \"op\": \"add_edge\", \"from\": \"dock\", \"to\": \"charger\", \"weight\": 0.7}"},
            new String[] {"map", "{\"id\": \"m11\", \"op\": \"set_weight\", \"from\": \"dock\", \"to\": \"charger\", \"weight\": 2}"},
            new String[] {"map", "{\"id\": \"m12\", \"op\": \"add_zone\", \"name\": \"rug\", \"kind\": \"keepout\", "
                    + "\"points\": [[3.5, 0.5], [4.5, 0.5], [4.5, 1.5], [3.5, 1.5]]}"},
            new String[] {"map", "{\"id\": \"m13\", \"op\": \"list_zones\"}"},
            new String[] {"map", "{\"id\": \"m14\", \"op\": \"remove_zone\", \"name\": \"rug\"}"},
            new String[] {"map", "{\"id\": \"m15\", \"op\": \"remove_edge\", \"from\": \"dock\", \"to\": \"charger\"}"},
            new String[] {"map", "{\"id\": \"m16\", \"op\": \"remove_node\", \"node\": \"charger\"}"},
            new String[] {"map", "{\"id\": \"m17\", \"op\": \"paint\", \"state\": \"wet\", \"rect\": [0, 0, 1, 1]}"},
            new String[] {"similar", "{\"id\": \"si\", \"place\": \"kitchen\", \"k\": 2}"},
            new String[] {"rooms", "{\"id\": \"ro\"}"},
            new String[] {"query", "{\"id\": \"q\", \"query\": \"MATCH (r:room) RETURN name(r) AS room ORDER BY room\"}"},
            new String[] {"explore", "{\"id\": \"e1\", \"budgetSeconds\": 30, \"maxDistanceMeters\": 20}"},
            new String[] {"explore", "{\"id\": \"e2\", \"budgetSeconds\": -5}"},
            new String[] {"goto", "{\"id\": \"g\", \"target\": \"kitchen\"}"},
            new String[] {"drive", "{\"id\": \"d\", \"linearMps\": 0.1, \"angularRadPerS\": 0}"},
            new String[] {"stop", "{\"id\": \"s\", \"reason\": \"schema test\"}"});

    @Test
    void shouldSendRequestsAndRepliesThatTheirSchemasAccept() throws Exception {
        for (String[] r : REQUESTS) {
            if (r[1].contains("\"m17\"") || r[1].contains("\"e2\"")) { // the schema refuses it too: the robot must answer it all the same
                assertThat(problems("request-" + r[0], r[1])).as("request %s", r[1]).isNotEmpty();
            } else {
                assertThat(problems("request-" + r[0], r[1])).as("request %s", r[1]).isEmpty();
            }
        }
        Map<String, String> replies = new ConcurrentHashMap<>();
        try (SimHarness sim = new SimHarness();
                MqttBridge bridge = MqttBridge.start(new PahoMqttTransport(MqttClientSettings.plain(broker.url(), "schema-bridge")),
                        BridgeSettings.defaults("schema-robot"), sim.runtime, System::nanoTime)) {
            MqttClient client = new MqttClient(broker.url(), "schema-client", new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            client.connect(options);
            try {
                CountDownLatch online = new CountDownLatch(1);
                client.subscribe("wally/schema-robot/status", 1, (topic, message) -> {
                    if (new String(message.getPayload(), StandardCharsets.UTF_8).startsWith("online")) {
                        online.countDown();
                    }
                });
                // the robot says online once it is subscribed to its commands: requests sent before would be lost
                while (!online.await(10, TimeUnit.MILLISECONDS)) {
                    sim.run(0.01, () -> false);
                }
                client.subscribe("wally/schema-robot/reply", 1, (topic, message) -> {
                    String payload = new String(message.getPayload(), StandardCharsets.UTF_8);
                    replies.put(JSON.readTree(payload).path("id").asText(), payload);
                });
                for (String[] r : REQUESTS) {
                    String id = JSON.readTree(r[1]).get("id").asText();
                    client.publish("wally/schema-robot/cmd/" + r[0], r[1].getBytes(StandardCharsets.UTF_8), 1, false);
                    long deadline = System.nanoTime() + 20_000_000_000L;
                    while (!replies.containsKey(id) && System.nanoTime() < deadline) {
                        sim.run(0.05, () -> replies.containsKey(id));
                        Thread.sleep(1);
                    }
                    assertThat(replies).as("a reply to %s", r[1]).containsKey(id);
                }
            } finally {
                client.disconnect();
                client.close();
            }
        }
        for (String[] r : REQUESTS) {
            String id = JSON.readTree(r[1]).get("id").asText();
            assertThat(problems("reply-" + r[0], replies.get(id))).as("reply %s", replies.get(id)).isEmpty();
        }
        assertThat(code(replies.get("p2"))).isEqualTo("unknown_node");
        assertThat(code(replies.get("p3"))).isEqualTo("no_free_cell");
        assertThat(code(replies.get("p4"))).isEqualTo("unknown_node");
        assertThat(code(replies.get("m17"))).isEqualTo("bad_request");
        assertThat(JSON.readTree(replies.get("e1")).at("/result/state").asText()).isEqualTo("started");
        assertThat(code(replies.get("e2"))).isEqualTo("bad_request");
        assertThat(JSON.readTree(replies.get("m2")).at("/result/runs").size()).isPositive();
        assertThat(JSON.readTree(replies.get("s")).at("/result/reason").asText()).isEqualTo("stop requested: schema test");
    }

    private static String code(String reply) throws Exception {
        JsonNode node = JSON.readTree(reply);
        return node.at("/error/code").asText(null);
    }

    private static List<String> problems(String schema, String json) throws Exception {
        Schema s = REGISTRY.getSchema(Files.readString(SCHEMAS.resolve(schema + ".schema.json")), InputFormat.JSON);
        return s.validate(json, InputFormat.JSON).stream().map(Error::toString).toList();
    }
}
