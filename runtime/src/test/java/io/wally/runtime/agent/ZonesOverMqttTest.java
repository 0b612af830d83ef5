package io.wally.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wally.hal.sim.SimRobot;
import io.wally.runtime.WallyRuntime;
import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import io.wally.runtime.mqtt.BridgeSettings;
import io.wally.runtime.mqtt.MqttBridge;
import io.wally.runtime.mqtt.MqttClientSettings;
import io.wally.runtime.mqtt.MqttTopics;
import io.wally.runtime.mqtt.PahoMqttTransport;
import io.wally.runtime.mqtt.TestMqttClient;
import io.wally.runtime.testing.MosquittoBroker;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code cmd/map} add_zone, list_zones and remove_zone through a real Mosquitto to the running runtime and back. */
@Timeout(60)
@Tag("slow")
class ZonesOverMqttTest {

    @RegisterExtension
    static final MosquittoBroker broker = new MosquittoBroker();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void zonesAreAddedListedAndRemovedOverMqttAndPlansFollowThem() throws Exception {
        WallyConfig config = new ConfigLoader().load(SimHarness.SIM_CONFIG);
        MqttTopics topics = new MqttTopics("zone-robot");
        try (SimRobot robot = SimHarness.houseRobot(config);
                WallyRuntime runtime = WallyRuntime.builder(config, robot).start();
                TestMqttClient operator = new TestMqttClient(broker.url()).subscribe(topics.reply()).subscribe(topics.status());
                MqttBridge bridge = MqttBridge.start(new PahoMqttTransport(MqttClientSettings.plain(broker.url(), "zone-bridge")),
                        BridgeSettings.defaults("zone-robot"), runtime, System::nanoTime)) {
            TestMqttClient.Received online;
            do {
                online = operator.next(topics.status(), WAIT);
                assertThat(online).as("status online").isNotNull();
            } while (!online.payload().equals("online"));
            JsonNode before = ask(operator, topics, "plan", "{\"id\":\"p0\",\"from\":\"dock\",\"to\":\"kitchen\"}");
            assertThat(before.get("ok").asBoolean()).as("%s", before).isTrue();

            JsonNode added = ask(operator, topics, "map", "{\"id\":\"z1\",\"op\":\"add_zone\",\"name\":\"rug\",\"kind\":\"keepout\","
                    + "\"points\":[[3.5,-0.5],[4.5,-0.5],[4.5,2.2],[3.5,2.2]]}");
            assertThat(added.get("ok").asBoolean()).as("%s", added).isTrue();
            assertThat(added.at("/result/zone").asText()).isEqualTo("rug");
            JsonNode speed = ask(operator, topics, "map", "{\"id\":\"z2\",\"op\":\"add_zone\",\"name\":\"hall\",\"kind\":\"speed\","
                    + "\"points\":[[0,3.5],[10,3.5],[10,4.7],[0,4.7]],\"costFactor\":2,\"maxSpeedMps\":0.15}");
            assertThat(speed.get("ok").asBoolean()).as("%s", speed).isTrue();

            JsonNode listed = ask(operator, topics, "map", "{\"id\":\"l\",\"op\":\"list_zones\"}");
            assertThat(listed.at("/result/zones/0/name").asText()).isEqualTo("hall");
            assertThat(listed.at("/result/zones/0/maxSpeedMps").asDouble()).isEqualTo(0.15);
            assertThat(listed.at("/result/zones/1/name").asText()).isEqualTo("rug");
            assertThat(listed.at("/result/zones/1/points").size()).isEqualTo(4);

            JsonNode around = ask(operator, topics, "plan", "{\"id\":\"p1\",\"from\":\"dock\",\"to\":\"kitchen\"}");
            assertThat(around.at("/result/cost").asDouble()).isGreaterThan(before.at("/result/cost").asDouble());
            for (JsonNode p : around.at("/result/points")) {
                assertThat(p.get(0).asDouble() > 3.5 && p.get(0).asDouble() < 4.5 && p.get(1).asDouble() < 2.2)
                        .as("waypoint %s inside the keep-out", p).isFalse();
            }

            JsonNode bad = ask(operator, topics, "map", "{\"id\":\"b\",\"op\":\"add_zone\",\"name\":\"x\",\"kind\":\"speed\","
                    + "\"points\":[[0,0],[1,0],[1,1]],\"costFactor\":0.5}");
            assertThat(bad.at("/error/code").asText()).isEqualTo("bad_request");
            assertThat(bad.at("/error/message").asText()).contains("costFactor").contains("0.5");

            assertThat(ask(operator, topics, "map", "{\"id\":\"r\",\"op\":\"remove_zone\",\"name\":\"rug\"}").get("ok").asBoolean()).isTrue();
            JsonNode gone = ask(operator, topics, "map", "{\"id\":\"r2\",\"op\":\"remove_zone\",\"name\":\"rug\"}");
            assertThat(gone.at("/error/code").asText()).isEqualTo("unknown_zone");
            JsonNode after = ask(operator, topics, "plan", "{\"id\":\"p2\",\"from\":\"dock\",\"to\":\"kitchen\"}");
            assertThat(after.at("/result/cost").asDouble()).isEqualTo(before.at("/result/cost").asDouble());
        }
    }

    private static JsonNode ask(TestMqttClient operator, MqttTopics topics, String command, String payload) throws Exception {
        String id = JSON.readTree(payload).get("id").asText();
        operator.publish(topics.command(command), payload);
        while (true) {
            TestMqttClient.Received r = operator.next(topics.reply(), WAIT);
            assertThat(r).as("reply to %s", id).isNotNull();
            JsonNode body = JSON.readTree(r.payload());
            if (body.get("id").asText().equals(id)) {
                return body;
            }
        }
    }
}
