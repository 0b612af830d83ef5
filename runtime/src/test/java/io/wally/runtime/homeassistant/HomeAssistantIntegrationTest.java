package io.wally.runtime.homeassistant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wally.hal.sim.SimRobot;
import io.wally.runtime.WallyRuntime;
import io.wally.runtime.agent.Mission;
import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import io.wally.runtime.mqtt.MqttService;
import io.wally.runtime.sim.LockstepLoop;
import io.wally.runtime.sim.SimRobotFactory;
import io.wally.runtime.testing.MosquittoBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The robot in Home Assistant, end to end: the whole runtime on the simulated robot in the sample house (8x
 * real time), its MQTT bridge on a real Mosquitto started here, the adapter announcing it, and this test in
 * Home Assistant's place reading the configs and pressing its buttons. One robot for the class, the tests in
 * order (they drive it from place to place); the last one turns the feature off.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class HomeAssistantIntegrationTest {

    @RegisterExtension
    static final MosquittoBroker broker = new MosquittoBroker();

    private static final String ID = "wally-sim";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration DRIVE = Duration.ofSeconds(90);
    private static final Pattern VALUE_JSON = Pattern.compile("value_json\\.([a-z_]+)");
    private static final int ROOMS = 6;
    private static final int ENTITIES = 12 + ROOMS;

    private Path dir;
    private WallyConfig config;
    private SimRobot robot;
    private MqttService mqtt;
    private WallyRuntime runtime;
    private LockstepLoop loop;
    private HomeAssistantAdapter adapter;
    private HaObserver ha;
    private Discovery topics;

    @BeforeAll
    void startRobot() throws Exception {
        dir = Files.createTempDirectory("wally-ha-test");
        WallyConfig c = new ConfigLoader().load(Path.of("../robot-config/sim.yaml"));
        WallyConfig.Mqtt m = c.mqtt();
        config = new WallyConfig(c.robot(), c.map(),
                new WallyConfig.Store(dir.resolve("store").toString(), c.store().durability(), c.store().groupCommitMillis(), false),
                c.control(), c.drive(), c.motors(), c.sensors(), c.sim(),
                new WallyConfig.Mqtt(broker.url(), m.embeddedPort(), null, null, m.tls(), m.telemetry(), m.maxPayloadBytes(),
                        m.replyPrefix(), null, m.embedded()),
                c.homeassistant());
        assertThat(config.homeassistant().enabled()).as("sim.yaml turns Home Assistant on").isTrue();
        ha = new HaObserver(broker.url(), "homeassistant/#", "wally/" + ID + "/#");
        robot = SimRobotFactory.create(config, Path.of(config.map().file()));
        mqtt = MqttService.start(config);
        runtime = WallyRuntime.builder(config, robot).telemetry(mqtt.telemetry()).manualStepping().start();
        loop = new LockstepLoop(robot, runtime, 8.0);
        mqtt.attach(runtime);
        adapter = HomeAssistantAdapter.startFor(config, mqtt.bridge(), runtime, robot);
        topics = adapter.discovery();
        loop.start();
    }

    @AfterAll
    void stopRobot() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {adapter, loop, runtime, mqtt, robot, ha}) {
            if (c != null) {
                c.close();
            }
        }
        MosquittoBroker.deleteRecursively(dir);
    }

    private Map<String, HaObserver.Message> configs(HaObserver observer) {
        return observer.latest(t -> t.startsWith("homeassistant/") && t.endsWith("/config") && t.contains("/" + ID + "/"));
    }

    private static boolean present(HaObserver.Message m) {
        return m != null && m.payload().length > 0;
    }

    private String vacuumState() {
        HaObserver.Message m = ha.latest(t -> t.equals(topics.vacuumStateTopic())).get(topics.vacuumStateTopic());
        return m == null ? null : m.json().get("state").asText();
    }

    private boolean vacuumIs(String state) throws InterruptedException {
        return ha.awaitLatest(o -> state.equals(vacuumState()), WAIT);
    }

    @Test
    @Order(10)
    void shouldAnnounceEveryEntityWithTheKeysHomeAssistantRequiresWhenConnected() throws Exception {
        assertThat(ha.awaitLatest(o -> configs(o).values().stream().filter(HomeAssistantIntegrationTest::present).count() == ENTITIES
                && o.latest(t -> t.equals(topics.mapTopic())).size() == 1, WAIT))
                .as("configs announced: %s", configs(ha).keySet()).isTrue();
        assertThat(vacuumIs("docked")).as("starts at the dock: %s", vacuumState()).isTrue();
        Map<String, HaObserver.Message> configs = configs(ha);
        try (HaObserver late = new HaObserver(broker.url(), "homeassistant/#")) {
            assertThat(late.awaitLatest(o -> configs(o).size() == ENTITIES, WAIT)).as("retained for a late subscriber").isTrue();
            assertThat(configs(late).values()).allSatisfy(m -> assertThat(m.retained()).as("retained %s", m.topic()).isTrue());
        }
        Set<String> uniqueIds = new TreeSet<>();
        for (HaObserver.Message message : configs.values()) {
            JsonNode c = message.json(); // valid JSON, or this throws
            String component = message.topic().split("/")[1];
            assertThat(uniqueIds.add(c.get("unique_id").asText())).as("unique id of %s", message.topic()).isTrue();
            assertThat(c.get("device").get("identifiers").get(0).asText()).isEqualTo("wally_" + ID);
            assertThat(c.get("icon").asText()).startsWith("mdi:");
            assertThat(latestText(c.get("availability_topic").asText())).as("availability").isEqualTo("online");
            switch (component) {
                case "vacuum" -> {
                    assertThat(c.get("schema").asText()).isEqualTo("state");
                    assertCommandTopic(c.get("command_topic").asText());
                    assertCommandTopic(c.get("send_command_topic").asText());
                    assertThat(latestJson(c.get("state_topic").asText()).get("state").asText())
                            .isIn("docked", "idle", "cleaning", "returning", "paused", "error");
                    assertThat(latestJson(c.get("json_attributes_topic").asText()).get("segments"))
                            .extracting(JsonNode::asText).containsExactlyInAnyOrder("living room", "kitchen", "hallway",
                                    "bedroom", "bathroom", "office");
                }
                case "sensor", "binary_sensor" -> assertTemplateKeyPresent(c);
                case "select" -> {
                    assertCommandTopic(c.get("command_topic").asText());
                    assertThat(c.get("options")).extracting(JsonNode::asText).contains("dock", "kitchen", "front door")
                            .hasSize(10);
                    assertTemplateKeyPresent(c);
                }
                case "button" -> {
                    assertCommandTopic(c.get("command_topic").asText());
                    assertThat(c.get("payload_press").asText()).isEqualTo("PRESS");
                }
                case "image" -> {
                    assertThat(c.get("content_type").asText()).isEqualTo("image/png");
                    byte[] png = ha.latest(t -> t.equals(c.get("image_topic").asText())).get(c.get("image_topic").asText()).payload();
                    assertThat(Arrays.copyOf(png, 8)).as("PNG signature")
                            .isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
                    assertThat(png.length).as("PNG bytes").isLessThan(100 * 1024);
                    Files.write(Path.of("target", "homeassistant-map-live.png"), png);
                }
                default -> throw new AssertionError("unexpected component " + component + " in " + message.topic());
            }
        }
        // the sample house's payloads, for people to read
        StringBuilder dump = new StringBuilder();
        for (HaObserver.Message message : configs.values()) {
            dump.append(message.topic()).append('\n').append(message.json().toPrettyString()).append("\n\n");
        }
        Files.writeString(Path.of("target", "homeassistant-discovery.txt"), dump);
        assertThat(configs.keySet().stream().map(t -> t.split("/")[1]).distinct())
                .containsExactlyInAnyOrder("vacuum", "sensor", "binary_sensor", "select", "button", "image");
    }

    private void assertCommandTopic(String topic) {
        assertThat(topic).startsWith("wally/" + ID + "/ha/set/");
    }

    /** The state topic carries JSON with every key the value template reads. */
    private void assertTemplateKeyPresent(JsonNode config) {
        JsonNode state = latestJson(config.get("state_topic").asText());
        Matcher keys = VALUE_JSON.matcher(config.get("value_template").asText());
        assertThat(keys.find()).as("template %s", config.get("value_template")).isTrue();
        do {
            assertThat(state.has(keys.group(1))).as("%s in %s", keys.group(1), state).isTrue();
        } while (keys.find());
    }

    private String latestText(String topic) {
        HaObserver.Message m = ha.latest(t -> t.equals(topic)).get(topic);
        assertThat(m).as("a message on %s", topic).isNotNull();
        return m.text();
    }

    private JsonNode latestJson(String topic) {
        HaObserver.Message m = ha.latest(t -> t.equals(topic)).get(topic);
        assertThat(m).as("a message on %s", topic).isNotNull();
        return m.json();
    }

    @Test
    @Order(20)
    void shouldArriveInKitchenWhenGoToSelectsIt() throws Exception {
        int mark = ha.mark();
        ha.publish(topics.setTopic("go_to"), "kitchen");

        assertThat(ha.await(mark, topics.vacuumStateTopic(), m -> m.text().contains("cleaning"), WAIT))
                .as("cleaning while driving").isNotNull();
        assertThat(ha.await(mark, topics.stateTopic(), m -> m.json().get("goal").asText().equals("kitchen")
                && m.json().get("distance_to_goal").asDouble() > 0, WAIT)).as("goal and distance on the state topic").isNotNull();
        HaObserver.Message underway = ha.await(mark, topics.mapTopic(), m -> true, WAIT);
        assertThat(underway).as("a picture while driving").isNotNull();
        Files.write(Path.of("target", "homeassistant-map-driving.png"), underway.payload());
        assertThat(ha.await(mark, topics.vacuumStateTopic(), m -> m.text().contains("idle"), DRIVE))
                .as("idle once there; %s", runtime.status().line()).isNotNull();
        assertThat(runtime.mission().goal()).isEqualTo("kitchen");
        assertThat(runtime.mission().state()).isEqualTo(Mission.State.ARRIVED);
        assertThat(Math.hypot(runtime.status().xMeters() - 7.8, runtime.status().yMeters() - 0.7)).isLessThan(0.3);
        assertThat(adapter.picturesPublished()).as("the picture followed the robot").isGreaterThan(1);
    }

    @Test
    @Order(30)
    void shouldReturnToDockWhenDockButtonIsPressed() throws Exception {
        int mark = ha.mark();
        ha.publish(topics.setTopic("dock"), "PRESS");

        assertThat(ha.await(mark, topics.vacuumStateTopic(), m -> m.text().contains("docked"), DRIVE))
                .as("docked; %s", runtime.status().line()).isNotNull();
        List<String> states = new ArrayList<>();
        ha.since(mark, topics.vacuumStateTopic()).forEach(m -> states.add(m.json().get("state").asText()));
        assertThat(states).as("vacuum states after the press").containsSubsequence("returning", "docked");
        assertThat(states.get(states.size() - 1)).isEqualTo("docked");
        assertThat(runtime.mission().goal()).isEqualTo("dock");
    }

    @Test
    @Order(35)
    void shouldPauseResumeAndReturnToBaseWhenVacuumIsCommanded() throws Exception {
        int mark = ha.mark();
        ha.publish(topics.setTopic("go_to"), "bedroom");
        assertThat(ha.await(mark, topics.stateTopic(), m -> m.json().get("distance_to_goal").asDouble() > 0
                && m.json().get("goal").asText().equals("bedroom"), WAIT)).as("under way").isNotNull();

        ha.publish(topics.setTopic("vacuum"), "pause");
        assertThat(ha.await(mark, topics.vacuumStateTopic(), m -> m.text().contains("paused"), WAIT)).as("paused").isNotNull();
        assertThat(runtime.mission().state()).isEqualTo(Mission.State.STOPPED);

        int resumed = ha.mark();
        ha.publish(topics.setTopic("vacuum"), "start");
        assertThat(ha.await(resumed, topics.vacuumStateTopic(), m -> m.text().contains("cleaning"), WAIT)).as("resumed").isNotNull();
        assertThat(runtime.mission().goal()).isEqualTo("bedroom");
        assertThat(runtime.mission().state()).isEqualTo(Mission.State.DRIVING);

        int returning = ha.mark();
        ha.publish(topics.setTopic("vacuum"), "return_to_base");
        assertThat(ha.await(returning, topics.vacuumStateTopic(), m -> m.text().contains("docked"), DRIVE))
                .as("docked; %s", runtime.status().line()).isNotNull();
        assertThat(ha.since(returning, topics.vacuumStateTopic()).stream().map(m -> m.json().get("state").asText()).toList())
                .containsSubsequence("returning", "docked");
    }

    @Test
    @Order(40)
    void shouldCountAndIgnoreBadPayloadsWithoutMovingTheRobot() throws Exception {
        long rejectedBefore = mqtt.bridge().counters().adapterRejected();
        long goalBefore = runtime.mission().goalId();
        byte[] oversize = new byte[config.mqtt().maxPayloadBytes() + 1];
        Arrays.fill(oversize, (byte) 'k');

        ha.publish(topics.setTopic("vacuum"), "dance");
        ha.publish(topics.setTopic("vacuum"), "");
        ha.publish(topics.setTopic("go_to"), "atlantis");
        ha.publish(topics.setTopic("go_to"), oversize, false);
        ha.publish(topics.setTopic("dock"), "NOPE");
        ha.publish(topics.setTopic("room/atlantis"), "PRESS");
        ha.publish(topics.setTopic("vacuum_send"), "{not json");
        ha.publish(topics.setTopic("vacuum_send"), "{\"command\":\"clean_segments\",\"segments\":[\"kitchen\",\"moon\"]}");
        ha.publish(topics.setTopic("nothing"), "PRESS");

        assertThat(ha.awaitLatest(o -> mqtt.bridge().counters().adapterRejected() - rejectedBefore == 9, WAIT))
                .as("rejected: %s", mqtt.bridge().counters()).isTrue();
        int mark = ha.mark();
        assertThat(ha.await(mark, "wally/" + ID + "/telemetry/mqtt",
                m -> m.json().get("adapterRejected").asLong() >= rejectedBefore + 9, WAIT)).as("in telemetry/mqtt").isNotNull();
        assertThat(runtime.mission().goalId()).as("no goal started").isEqualTo(goalBefore);
        assertThat(vacuumState()).isEqualTo("docked");
        assertThat(mqtt.bridge().counters().adapterRejected() - rejectedBefore).as("exactly the bad ones").isEqualTo(9);
    }

    @Test
    @Order(50)
    void shouldRefuseDrivingAndShowErrorWhenFaulted() throws Exception {
        long refusedBefore = adapter.refused();
        long goalBefore = runtime.mission().goalId();
        String fault = "test: bumper stuck";
        runtime.safety().raise(fault, robot.clock().nanoTime());
        try {
            assertThat(vacuumIs("error")).as("vacuum error while faulted").isTrue();
            assertThat(ha.awaitLatest(o -> latestJson(topics.stateTopic()).get("fault").asText().equals("ON"), WAIT)).isTrue();
            assertThat(latestJson(topics.stateTopic()).get("fault_reason").asText()).contains("bumper stuck");

            ha.publish(topics.setTopic("go_to"), "kitchen");

            assertThat(ha.awaitLatest(o -> adapter.refused() > refusedBefore, WAIT)).as("refused by the command path").isTrue();
            assertThat(runtime.mission().goalId()).isEqualTo(goalBefore);
        } finally {
            runtime.safety().clear(fault);
        }
        assertThat(vacuumIs("docked")).isTrue();
    }

    @Test
    @Order(60)
    void shouldDriveToRoomsInOrderWhenCleanSegmentsIsSent() throws Exception {
        int mark = ha.mark();
        ha.publish(topics.setTopic("vacuum_send"), "{\"command\":\"clean_segments\",\"segments\":[\"living room\",\"hallway\"]}");

        assertThat(ha.await(mark, topics.vacuumAttributesTopic(), m -> m.json().get("goal").asText().equals("hallway"), DRIVE))
                .as("on to the second room; %s", runtime.status().line()).isNotNull();
        assertThat(ha.await(mark, topics.vacuumStateTopic(), m -> m.text().contains("idle"), DRIVE))
                .as("idle after the last room; %s", runtime.status().line()).isNotNull();
        assertThat(runtime.mission().state()).as("reason: %s", runtime.mission().reason()).isEqualTo(Mission.State.ARRIVED);
        assertThat(Math.hypot(runtime.status().xMeters() - 5.0, runtime.status().yMeters() - 4.1)).isLessThan(0.3);
        List<String> goals = ha.since(mark, topics.stateTopic()).stream().map(m -> m.json().get("goal").asText())
                .filter(g -> !g.equals("none")).distinct().toList();
        assertThat(goals).containsExactly("living room", "hallway");
    }

    @Test
    @Order(70)
    void shouldRemoveRoomButtonAndOptionWhenPlaceIsRemoved() throws Exception {
        String button = topics.configTopic("button", Discovery.roomObjectId("office"));
        String select = topics.configTopic("select", "go_to");
        int mark = ha.mark();

        ha.publish("wally/" + ID + "/cmd/map", "{\"id\":\"rm\",\"op\":\"remove_node\",\"node\":\"office\"}");

        assertThat(ha.await(mark, button, m -> m.payload().length == 0, WAIT)).as("office button removed").isNotNull();
        HaObserver.Message options = ha.await(mark, select, m -> m.payload().length > 0, WAIT);
        assertThat(options).isNotNull();
        assertThat(options.json().get("options")).extracting(JsonNode::asText).doesNotContain("office").contains("kitchen");
        long rejectedBefore = mqtt.bridge().counters().adapterRejected();
        ha.publish(topics.setTopic("room/office"), "PRESS");
        assertThat(ha.awaitLatest(o -> mqtt.bridge().counters().adapterRejected() == rejectedBefore + 1, WAIT))
                .as("a removed room's button is refused").isTrue();
    }

    @Test
    @Order(80)
    void shouldAnnounceAgainWhenHomeAssistantSendsItsBirthMessage() throws Exception {
        String vacuum = topics.configTopic("vacuum", "vacuum");
        ha.publish(vacuum, new byte[0], true); // the broker forgot it
        int mark = ha.mark();

        ha.publish("homeassistant/status", "online");

        assertThat(ha.await(mark, vacuum, m -> m.payload().length > 0, WAIT)).as("vacuum config again").isNotNull();
        try (HaObserver late = new HaObserver(broker.url(), "homeassistant/#")) {
            assertThat(late.awaitLatest(o -> present(configs(o).get(vacuum)), WAIT)).as("retained for a late subscriber").isTrue();
        }
    }

    @Test
    @Order(85)
    void shouldRemoveAConfigItNoLongerAnnouncesWhenTheBrokerStillHoldsIt() throws Exception {
        // e.g. a room removed from the map while the robot was off
        String stale = topics.configTopic("button", Discovery.roomObjectId("attic"));
        int mark = ha.mark();

        ha.publish(stale, "{\"name\":\"Go to attic\",\"command_topic\":\"wally/wally-sim/ha/set/room/attic\"}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), true);

        assertThat(ha.await(mark, stale, m -> m.payload().length == 0, WAIT)).as("emptied by the robot").isNotNull();
    }

    @Test
    @Order(90)
    void shouldAnnounceAgainWhenBrokerRestartsWithoutPersistence() throws Exception {
        broker.kill();
        broker.start(); // same port, nothing retained
        try (HaObserver late = new HaObserver(broker.url(), "homeassistant/#")) {
            assertThat(late.awaitLatest(o -> configs(o).values().stream().filter(HomeAssistantIntegrationTest::present).count()
                    == ENTITIES - 1, Duration.ofSeconds(40))).as("configs after the restart: %s", configs(late).keySet()).isTrue();
        }
    }

    @Test
    @Order(100)
    void shouldRemoveEveryEntityWhenTheFeatureIsTurnedOff() throws Exception {
        adapter.close();
        WallyConfig off = new WallyConfig(config.robot(), config.map(), config.store(), config.control(), config.drive(),
                config.motors(), config.sensors(), config.sim(), config.mqtt(), new WallyConfig.HomeAssistant(false, "homeassistant"));
        try (HaObserver before = new HaObserver(broker.url(), "homeassistant/#")) {
            assertThat(before.awaitLatest(o -> configs(o).size() == ENTITIES - 1, WAIT)).as("announced before").isTrue();
            adapter = HomeAssistantAdapter.startFor(off, mqtt.bridge(), runtime, robot);

            assertThat(before.awaitLatest(o -> configs(o).values().stream().noneMatch(HomeAssistantIntegrationTest::present), WAIT))
                    .as("every config emptied: %s", configs(before)).isTrue();
        }
        try (HaObserver after = new HaObserver(broker.url(), "homeassistant/#")) {
            Thread.sleep(1_000); // retained messages arrive right after the subscription
            assertThat(configs(after)).as("nothing retained for a new Home Assistant").isEmpty();
        }
    }
}
