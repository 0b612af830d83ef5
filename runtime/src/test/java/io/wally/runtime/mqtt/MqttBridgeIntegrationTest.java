package io.wally.runtime.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wally.runtime.testing.MosquittoBroker;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The bridge against a real Mosquitto, answered by a real graph and planner ({@link GraphRobotCommands}). */
@Timeout(60)
@Tag("slow")
class MqttBridgeIntegrationTest {

    @RegisterExtension
    static final MosquittoBroker broker = new MosquittoBroker()
            .withConfigLine("max_queued_messages 50000"); // the flood test queues 10,000 QoS 1 requests at once

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final MqttTopics topics = new MqttTopics("it-robot");
    private GraphRobotCommands robot;
    private MqttBridge bridge;
    private TestMqttClient operator;

    @BeforeEach
    void startBridge() throws Exception {
        broker.start(); // a previous test may have stopped it
        robot = new GraphRobotCommands();
        // the operator subscribes before the bridge starts, so that the bridge's own "online" reaches it
        // live (not retained) and cannot be confused with a previous test's retained status
        operator = new TestMqttClient(broker.url()).subscribe("wally/it-robot/status").subscribe("wally/it-robot/reply")
                .subscribe("wally/it-robot/reply/ops/#").subscribe("wally/it-robot/telemetry/#");
        bridge = startBridge(BridgeSettings.defaults("it-robot").withMaxPayloadBytes(1024), robot);
        awaitOnline();
    }

    private static MqttBridge startBridge(BridgeSettings settings, GraphRobotCommands commands) throws Exception {
        MqttClientSettings client = MqttClientSettings.plain(broker.url(), "it-robot-bridge")
                .withWill("wally/" + settings.robotId() + "/status", "offline".getBytes());
        return MqttBridge.start(new PahoMqttTransport(client), settings, commands, System::nanoTime);
    }

    private void awaitOnline() throws Exception {
        // A previous test's status may still be retained, "offline" or even "online" (when its bridge's
        // last "offline" was not confirmed in time under load): wait for this bridge's own "online",
        // which arrives live (retain flag clear) and only after its command subscription is acknowledged.
        TestMqttClient.Received status;
        do {
            status = operator.next(topics.status(), WAIT);
            assertThat(status).as("status online after connect").isNotNull();
        } while (!status.payload().equals("online") || status.retained());
    }

    @AfterEach
    void stopAll() throws Exception {
        if (bridge != null) {
            bridge.close();
        }
        if (operator != null) {
            operator.close();
        }
        if (robot != null) {
            robot.close();
        }
    }

    @org.junit.jupiter.api.AfterAll
    static void shouldLeaveNoMqttThreadsBehind() throws InterruptedException {
        // Paho names its threads "MQTT Rec: <client id>" etc.; ours are "wally-mqtt-…"
        // each named with where it is, so that a leak says which wait it is stuck in
        Supplier<List<String>> leftovers = () -> Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> {
                    String n = e.getKey().getName();
                    return n.contains("it-robot-bridge") || n.contains("test-op-") || n.startsWith("wally-mqtt-");
                })
                .map(e -> e.getKey().getName() + " at " + List.of(e.getValue()).subList(0, Math.min(6, e.getValue().length)))
                .toList();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos(); // an upper bound: threads end at once when idle
        while (!leftovers.get().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(leftovers.get()).as("threads left after disconnect() and close()").isEmpty();
    }

    private JsonNode reply(String topic) throws Exception {
        TestMqttClient.Received r = operator.next(topic, WAIT);
        assertThat(r).as("a reply on " + topic).isNotNull();
        return JSON.readTree(r.payload());
    }

    @Test
    void shouldReplyWithPathWhenPlanRequested() throws Exception {
        // given the graph dock --1-- hall --2-- kitchen
        // when
        operator.publish(topics.command("plan"), "{\"id\":\"p1\",\"from\":\"dock\",\"to\":\"kitchen\",\"algorithm\":\"dijkstra\"}");
        // then
        JsonNode reply = reply(topics.reply());
        assertThat(reply.get("id").asText()).isEqualTo("p1");
        assertThat(reply.get("ok").asBoolean()).isTrue();
        assertThat(reply.at("/result/path").toString()).isEqualTo("[\"dock\",\"hall\",\"kitchen\"]");
        assertThat(reply.at("/result/cost").asDouble()).isEqualTo(3.0);
    }

    @Test
    void shouldReplyOnReplyToTopicWhenRequestNamesOne() throws Exception {
        operator.publish(topics.command("status"), "{\"id\":7,\"replyTo\":\"wally/it-robot/reply/ops/42\"}");
        JsonNode reply = reply("wally/it-robot/reply/ops/42");
        assertThat(reply.get("id").asInt()).isEqualTo(7);
        assertThat(reply.at("/result/nodes").asInt()).isEqualTo(5);
    }

    @Test
    void shouldApplyMapEditsThenPlanAroundBlockedNode() throws Exception {
        // given a new edge dock --10-- kitchen and hall blocked
        operator.publish(topics.command("map"), "{\"id\":\"e1\",\"op\":\"add_edge\",\"from\":\"dock\",\"to\":\"kitchen\",\"weight\":10,\"undirected\":true}");
        assertThat(reply(topics.reply()).get("ok").asBoolean()).isTrue();
        operator.publish(topics.command("map"), "{\"id\":\"e2\",\"op\":\"block\",\"node\":\"hall\"}");
        assertThat(reply(topics.reply()).get("ok").asBoolean()).isTrue();
        // when
        operator.publish(topics.command("plan"), "{\"id\":\"p2\",\"from\":\"dock\",\"to\":\"kitchen\"}");
        // then the plan goes around the blocked hall
        JsonNode reply = reply(topics.reply());
        assertThat(reply.at("/result/path").toString()).isEqualTo("[\"dock\",\"kitchen\"]");
        assertThat(reply.at("/result/cost").asDouble()).isEqualTo(10.0);
    }

    @Test
    void shouldReplyErrorWithCodeWhenNodeUnknown() throws Exception {
        operator.publish(topics.command("goto"), "{\"id\":\"g1\",\"target\":\"atlantis\"}");
        JsonNode reply = reply(topics.reply());
        assertThat(reply.get("ok").asBoolean()).isFalse();
        assertThat(reply.at("/error/code").asText()).isEqualTo("unknown_node");
        assertThat(reply.at("/error/message").asText()).contains("atlantis");
    }

    @Test
    void shouldAnswerTenThousandMalformedMessagesAndStillServeValidRequest() throws Exception {
        // given 10,000 bad requests of five kinds, 2,000 each
        byte[] oversize = new byte[2048];
        Arrays.fill(oversize, (byte) ' ');
        for (int i = 0; i < 10_000; i++) {
            switch (i % 5) {
                case 0 -> operator.publishNoWait(topics.command("plan"), oversize);
                case 1 -> operator.publishNoWait(topics.command("plan"), "{\"id\": \"b" + i + "\", \"to\": ");
                case 2 -> operator.publishNoWait(topics.command("dance"), "{\"id\":\"u" + i + "\"}");
                case 3 -> operator.publishNoWait(topics.command("plan"), "{\"id\":\"m" + i + "\"}");
                default -> operator.publishNoWait(topics.command("plan"), "{\"id\":\"n" + i + "\",\"to\":\"atlantis\"}");
            }
        }
        // when a valid request follows
        operator.publish(topics.command("plan"), "{\"id\":\"valid\",\"to\":\"kitchen\"}");
        // then every request got exactly one reply, the valid one a path
        Map<String, Integer> codes = new HashMap<>();
        JsonNode valid = null;
        for (int i = 0; i < 10_001; i++) {
            TestMqttClient.Received r = operator.next(topics.reply(), WAIT);
            assertThat(r).as("reply %d of 10,001 (so far %s; bridge %s)", i + 1, codes, bridge.counters()).isNotNull();
            JsonNode reply = JSON.readTree(r.payload());
            if (reply.get("ok").asBoolean()) {
                valid = reply;
            } else {
                codes.merge(reply.at("/error/code").asText(), 1, Integer::sum);
            }
        }
        assertThat(valid).as("codes %s", codes).isNotNull();
        assertThat(valid.get("id").asText()).isEqualTo("valid");
        assertThat(valid.at("/result/path").toString()).isEqualTo("[\"dock\",\"hall\",\"kitchen\"]");
        int busy = codes.getOrDefault("busy", 0);
        assertThat(codes.getOrDefault("too_large", 0) + codes.getOrDefault("bad_json", 0)
                + codes.getOrDefault("unknown_command", 0) + codes.getOrDefault("bad_request", 0)
                + codes.getOrDefault("unknown_node", 0) + busy).isEqualTo(10_000);
        assertThat(codes.getOrDefault("unknown_node", 0) + busy).isGreaterThanOrEqualTo(2_000);
        MqttCounters counters = bridge.counters();
        assertThat(counters.received()).isEqualTo(10_001);
        assertThat(counters.repliesQueued()).isEqualTo(10_001);
        assertThat(counters.tooLarge()).isEqualTo((long) codes.getOrDefault("too_large", 0));
        assertThat(counters.badJson()).isEqualTo((long) codes.getOrDefault("bad_json", 0));
        assertThat(counters.busy()).isEqualTo(busy);
        assertThat(counters.repliesDropped()).isZero();
        assertThat(counters.unknownCommand()).isEqualTo((long) codes.getOrDefault("unknown_command", 0));
        assertThat(operator.next(topics.reply(), Duration.ofMillis(300))).as("no second reply").isNull();
    }

    @Test
    void shouldStopRobotEvenWhenStopPayloadIsGarbage() throws Exception {
        // when
        operator.publish(topics.command("stop"), "not json at all");
        // then the robot stopped and the one reply says what was wrong with the request
        JsonNode reply = reply(topics.reply());
        assertThat(reply.at("/error/code").asText()).isEqualTo("bad_json");
        assertThat(reply.at("/error/message").asText()).contains("stopped anyway");
        assertThat(robot.stops.get()).isEqualTo(1);
    }

    @Test
    void shouldPublishOfflineRetainedWhenBridgeCloses() throws Exception {
        // when
        bridge.close();
        bridge = null;
        // then a newcomer sees the retained "offline"
        try (TestMqttClient late = new TestMqttClient(broker.url())) {
            late.subscribe(topics.status());
            TestMqttClient.Received status = late.next(topics.status(), WAIT);
            assertThat(status).isNotNull();
            assertThat(status.payload()).isEqualTo("offline");
            assertThat(status.retained()).isTrue();
        }
    }

    @Test
    void shouldResumeTelemetryAndAnswerCommandsWhenBrokerRestartsMidRun() throws Exception {
        // given telemetry at 20 Hz flowing
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread producer = Thread.ofPlatform().name("test-telemetry").start(() -> {
            int seq = 0;
            while (producing.get()) {
                bridge.publish("pose", Map.of("seq", seq++, "x", 1.0, "y", 2.0));
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            assertThat(operator.next(topics.telemetry("pose"), WAIT)).isNotNull();
            // when the broker dies and comes back on the same port
            operator.close();
            broker.kill();
            Thread.sleep(500);
            broker.start();
            long restarted = System.nanoTime();
            operator = new TestMqttClient(broker.url()).subscribe("wally/it-robot/status").subscribe("wally/it-robot/reply")
                .subscribe("wally/it-robot/reply/ops/#").subscribe("wally/it-robot/telemetry/#");
            // then status is online again, telemetry resumes within 10 s, and commands are answered.
            // Telemetry flows as soon as the connection is up, before the bridge has re-subscribed to its
            // commands; "online" (the restarted broker has no retained state) follows the subscription,
            // so it is awaited first (next() skips other topics; telemetry keeps coming at 20 Hz)
            TestMqttClient.Received online = operator.next(topics.status(), WAIT);
            assertThat(online).as("status after the restart").isNotNull();
            assertThat(online.payload()).isEqualTo("online");
            TestMqttClient.Received pose = operator.next(topics.telemetry("pose"), WAIT);
            assertThat(pose).as("telemetry after the restart").isNotNull();
            assertThat(Duration.ofNanos(System.nanoTime() - restarted)).isLessThan(WAIT);
            operator.publish(topics.command("plan"), "{\"id\":\"after\",\"to\":\"garden\"}");
            JsonNode reply = reply(topics.reply());
            assertThat(reply.get("id").asText()).isEqualTo("after");
            assertThat(reply.at("/result/path").toString()).isEqualTo("[\"dock\",\"hall\",\"garden\"]");
            assertThat(bridge.counters().connectionsLost()).isGreaterThanOrEqualTo(1);
            assertThat(bridge.counters().connects()).isGreaterThanOrEqualTo(2);
        } finally {
            producing.set(false);
            producer.join();
        }
        try (TestMqttClient late = new TestMqttClient(broker.url())) {
            late.subscribe(topics.status());
            assertThat(late.next(topics.status(), WAIT).payload()).isEqualTo("online");
        }
    }
}
