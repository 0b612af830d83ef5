package io.wally.runtime.vda5050;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wally.runtime.agent.Mission;
import io.wally.runtime.testing.MosquittoBroker;
import io.wally.runtime.vda5050.MasterControl.N;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * VDA 5050 end to end: the whole runtime on the simulated robot in the sample house (8x real time) with its
 * VDA 5050 adapter on a real Mosquitto, and this test as master control. Every message the robot sends is
 * checked against the standard's schema ({@link MasterControl}); the tests run in order, driving the robot
 * from place to place.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(180)
class Vda5050IntegrationTest {

    @RegisterExtension
    static final MosquittoBroker broker = new MosquittoBroker();

    private static final String SERIAL = "agv-1";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration DRIVE = Duration.ofSeconds(90);

    private Path dir;
    private SimAgv agv;
    private MasterControl mc;
    private Vda5050Topics topics;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("wally-vda-test");
        mc = new MasterControl(broker.url());
        agv = new SimAgv(broker.url(), SERIAL, dir.resolve("store"), 8.0, 1.0, 1.0);
        topics = agv.topics;
    }

    @AfterAll
    void stop() throws Exception {
        if (agv != null) {
            agv.close();
        }
        if (mc != null) {
            mc.close();
        }
        MosquittoBroker.deleteRecursively(dir);
    }

    private JsonNode awaitState(int from, java.util.function.Predicate<JsonNode> test, Duration timeout) throws InterruptedException {
        MasterControl.Received r = mc.await(from, topics.state(), test, timeout);
        assertThat(r).as("a state matching the test; latest: %s", mc.latest(topics.state()) == null ? null
                : mc.latest(topics.state()).text()).isNotNull();
        return r.json();
    }

    private static boolean hasError(JsonNode state, String type) {
        for (JsonNode e : state.get("errors")) {
            if (e.get("errorType").asText().equals(type)) {
                return true;
            }
        }
        return false;
    }

    @Test
    @Order(1)
    void shouldAnnounceItselfOnlineWithARetainedFactsheetAndValidStateAndVisualization() throws Exception {
        assertThat(mc.await(0, topics.connection(), j -> j.get("connectionState").asText().equals("ONLINE"), WAIT)).isNotNull();
        MasterControl.Received factsheet = mc.await(0, topics.factsheet(), j -> true, WAIT);
        assertThat(factsheet).isNotNull();
        assertThat(factsheet.json().at("/typeSpecification/agvKinematic").asText()).isEqualTo("DIFF");
        assertThat(factsheet.json().at("/physicalParameters/speedMax").asDouble()).isEqualTo(agv.config.drive().maxSpeedMps());
        JsonNode state = awaitState(0, j -> true, WAIT);
        assertThat(state.at("/agvPosition/mapId").asText()).isEqualTo("house");
        assertThat(state.at("/agvPosition/x").asDouble()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat(state.get("loads")).isEmpty();
        assertThat(state.get("operatingMode").asText()).isEqualTo("AUTOMATIC");
        int mark = mc.mark();
        Thread.sleep(1_000);
        long inOneSecond = mc.since(mark, topics.visualization()).size();
        assertThat(inOneSecond).as("visualization at 5 Hz").isBetween(4L, 6L);
        try (MasterControl late = new MasterControl(broker.url())) {
            MasterControl.Received retained = late.await(0, topics.connection(), j -> true, WAIT);
            assertThat(retained.retained()).as("connection retained").isTrue();
            assertThat(late.await(0, topics.factsheet(), j -> true, WAIT).retained()).as("factsheet retained").isTrue();
        }
        assertThat(mc.violations()).isEmpty();
    }

    @Test
    @Order(2)
    void shouldDriveAnOrderThroughThreeNamedPlacesNodeByNode() throws Exception {
        int mark = mc.mark();
        mc.send(topics.order(), mc.order(SERIAL, "o1", 0, 0,
                List.of(N.named("dock"), N.named("living room door"), N.named("hallway"), N.named("kitchen door"))));
        JsonNode driving = awaitState(mark, j -> j.get("orderId").asText().equals("o1") && j.get("driving").asBoolean(), WAIT);
        assertThat(driving.get("lastNodeId").asText()).isEqualTo("dock");
        assertThat(driving.get("nodeStates")).hasSize(3);
        assertThat(driving.get("edgeStates")).hasSize(3);
        JsonNode passedOne = awaitState(mark, j -> j.get("lastNodeId").asText().equals("living room door"), DRIVE);
        assertThat(passedOne.get("lastNodeSequenceId").asLong()).isEqualTo(2);
        assertThat(passedOne.get("nodeStates")).hasSize(2);
        assertThat(passedOne.get("edgeStates")).hasSize(2);
        JsonNode done = awaitState(mark, j -> j.get("orderId").asText().equals("o1") && j.get("nodeStates").isEmpty()
                && !j.get("driving").asBoolean(), DRIVE);
        assertThat(done.get("lastNodeId").asText()).isEqualTo("kitchen door");
        assertThat(done.get("lastNodeSequenceId").asLong()).isEqualTo(6);
        assertThat(done.get("edgeStates")).isEmpty();
        assertThat(done.get("errors")).isEmpty();
        assertThat(done.get("distanceSinceLastNode").asDouble()).isLessThan(0.3);
        assertThat(Math.hypot(agv.robot.truePose().xMeters() - 8.45, agv.robot.truePose().yMeters() - 3.5)).isLessThan(0.4);
        assertThat(mc.violations()).isEmpty();
    }

    @Test
    @Order(3)
    void shouldWaitAtTheEndOfTheBaseAndDriveOnWhenAnUpdateReleasesTheHorizon() throws Exception {
        int mark = mc.mark();
        mc.send(topics.order(), mc.order(SERIAL, "o2", 0, 0,
                List.of(N.named("kitchen door"), N.named("kitchen"), N.named("living room").horizon())));
        JsonNode waiting = awaitState(mark, j -> j.get("orderId").asText().equals("o2") && j.get("lastNodeId").asText().equals("kitchen")
                && !j.get("driving").asBoolean(), DRIVE);
        assertThat(waiting.get("nodeStates")).hasSize(1);
        assertThat(waiting.at("/nodeStates/0/released").asBoolean()).isFalse();
        assertThat(waiting.get("newBaseRequest").asBoolean()).isTrue();
        Thread.sleep(500);
        assertThat(agv.runtime.mission().state()).as("waits at the end of the base").isNotEqualTo(Mission.State.DRIVING);
        mark = mc.mark();
        mc.send(topics.order(), mc.order(SERIAL, "o2", 1, 2, List.of(N.named("kitchen"), N.named("living room"))));
        JsonNode done = awaitState(mark, j -> j.get("orderUpdateId").asLong() == 1 && j.get("lastNodeId").asText().equals("living room")
                && j.get("nodeStates").isEmpty(), DRIVE);
        assertThat(done.get("lastNodeSequenceId").asLong()).isEqualTo(4);
        assertThat(done.get("newBaseRequest").asBoolean()).isFalse();
        assertThat(mc.violations()).isEmpty();
    }

    @Test
    @Order(4)
    void shouldRefuseStaleUpdatesBrokenChainsAndOrdersForOthers() throws Exception {
        int mark = mc.mark();
        mc.send(topics.order(), mc.order(SERIAL, "o2", 0, 0, List.of(N.named("living room"))));
        assertThat(hasError(awaitState(mark, j -> hasError(j, "orderUpdateError"), WAIT), "orderUpdateError")).isTrue();

        // schema-invalid: no nodes; a string sequence id; not JSON at all
        Map<String, Object> noNodes = mc.order(SERIAL, "bad1", 0, 0, List.of(N.named("dock")));
        noNodes.remove("nodes");
        String text = MasterControl.JSON.writeValueAsString(noNodes);
        assertThat(Vda5050Schemas.problems(Vda5050Schemas.Message.ORDER, text)).as("invalid by the schema").isNotEmpty();
        mark = mc.mark();
        mc.sendRaw(topics.order(), text.getBytes(StandardCharsets.UTF_8));
        awaitState(mark, j -> hasError(j, "validationError"), WAIT);
        String wrongType = text.replace("\"orderUpdateId\":0", "\"orderUpdateId\":\"zero\"");
        assertThat(Vda5050Schemas.problems(Vda5050Schemas.Message.ORDER, wrongType)).isNotEmpty();

        // for another serial number, on our topic (refused) and on the other robot's topic (never seen)
        long before = agv.adapter.refusedMessages();
        mc.send(topics.order(), mc.order("someone-else", "x1", 0, 0, List.of(N.named("dock"))));
        mc.send(new Vda5050Topics("uagv", "wally", "someone-else").order(), mc.order("someone-else", "x2", 0, 0,
                List.of(N.named("dock"))));
        mc.sendRaw(topics.order(), wrongType.getBytes(StandardCharsets.UTF_8));
        awaitCount(() -> agv.adapter.refusedMessages() >= before + 2);
        Thread.sleep(300);
        assertThat(agv.adapter.refusedMessages()).as("the other robot's topic is not this robot's business").isEqualTo(before + 2);
        assertThat(mc.latest(topics.state()).json().get("orderId").asText()).isEqualTo("o2");
        assertThat(mc.violations()).isEmpty();
    }

    @Test
    @Order(5)
    void shouldStillExecuteAValidOrderAfterTenThousandMalformedMessages() throws Exception {
        long before = agv.adapter.refusedMessages() + agv.adapter.dropped();
        byte[][] bad = {"{".getBytes(StandardCharsets.UTF_8), "[]".getBytes(StandardCharsets.UTF_8),
            "{\"orderId\": 5}".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xff, 0, 1}, "null".getBytes(StandardCharsets.UTF_8)};
        for (int i = 0; i < 10_000; i++) {
            mc.sendRaw(i % 2 == 0 ? topics.order() : topics.instantActions(), bad[i % bad.length]);
        }
        awaitCount(() -> agv.adapter.refusedMessages() + agv.adapter.dropped() >= before + 10_000);
        assertThat(agv.adapter.refusedMessages() + agv.adapter.dropped()).isEqualTo(before + 10_000);
        int mark = mc.mark();
        mc.send(topics.order(), mc.order(SERIAL, "o3", 0, 0, List.of(N.named("living room"), N.named("dock"))));
        JsonNode done = awaitState(mark, j -> j.get("orderId").asText().equals("o3") && j.get("lastNodeId").asText().equals("dock")
                && j.get("nodeStates").isEmpty(), DRIVE);
        assertThat(done.get("errors")).as("a new order clears the old errors").isEmpty();
        assertThat(mc.violations()).isEmpty();
    }

    @Test
    @Order(6)
    void shouldRefuseANodeOutsideTheMapWithNoRouteError() throws Exception {
        int mark = mc.mark();
        mc.send(topics.order(), mc.order(SERIAL, "far", 0, 0,
                List.of(N.named("dock"), new N("moon", true, 50.0, 50.0, 0.5))));
        JsonNode refused = awaitState(mark, j -> hasError(j, "noRouteError"), WAIT);
        assertThat(refused.get("orderId").asText()).as("not accepted").isEqualTo("o3");
        assertThat(refused.toString()).contains("moon");
        mark = mc.mark();
        // a position inside the house, matched to the graph by its coordinates
        mc.send(topics.order(), mc.order(SERIAL, "o4", 0, 0,
                List.of(N.named("dock"), new N("p1", true, 3.0, 2.2, 0.3))));
        JsonNode done = awaitState(mark, j -> j.get("orderId").asText().equals("o4") && j.get("lastNodeId").asText().equals("p1"), DRIVE);
        assertThat(done.get("nodeStates")).isEmpty();
        assertThat(Math.hypot(agv.robot.truePose().xMeters() - 3.0, agv.robot.truePose().yMeters() - 2.2)).isLessThan(0.5);
        assertThat(mc.violations()).isEmpty();
    }

    @Test
    @Order(7)
    void shouldPauseResumeAndCancelAnOrder() throws Exception {
        int mark = mc.mark();
        mc.send(topics.order(), mc.order(SERIAL, "o5", 0, 0, List.of(N.named("p1x"), N.named("office"))));
        awaitState(mark, j -> hasError(j, "noRouteError"), WAIT); // p1x names nothing and has no position
        mark = mc.mark();
        mc.send(topics.order(), mc.order(SERIAL, "o5", 0, 0, List.of(N.named("living room"), N.named("office"))));
        awaitState(mark, j -> j.get("orderId").asText().equals("o5") && j.get("driving").asBoolean(), WAIT);
        mark = mc.mark();
        mc.send(topics.instantActions(), mc.instantActions(SERIAL, "startPause"));
        JsonNode paused = awaitState(mark, j -> j.get("paused").asBoolean() && !j.get("driving").asBoolean(), WAIT);
        assertThat(paused.get("nodeStates")).hasSize(1);
        mark = mc.mark();
        mc.send(topics.instantActions(), mc.instantActions(SERIAL, "stopPause"));
        awaitState(mark, j -> !j.get("paused").asBoolean() && j.get("driving").asBoolean(), WAIT);
        mark = mc.mark();
        mc.send(topics.instantActions(), mc.instantActions(SERIAL, "cancelOrder"));
        JsonNode cancelled = awaitState(mark, j -> !j.get("driving").asBoolean() && j.get("nodeStates").isEmpty()
                && actionStatus(j, "cancelOrder").equals("FINISHED"), WAIT);
        assertThat(cancelled.get("orderId").asText()).isEqualTo("o5");
        assertThat(agv.runtime.mission().state()).isEqualTo(Mission.State.STOPPED);
        double x = agv.robot.truePose().xMeters();
        double y = agv.robot.truePose().yMeters();
        Thread.sleep(1_000);
        assertThat(Math.hypot(agv.robot.truePose().xMeters() - x, agv.robot.truePose().yMeters() - y)).as("stopped").isLessThan(0.05);
        assertThat(Math.hypot(x - 8.0, y - 6.0)).as("short of the office").isGreaterThan(0.5);
        mark = mc.mark();
        mc.send(topics.instantActions(), mc.instantActions(SERIAL, "cancelOrder"));
        JsonNode nothing = awaitState(mark, j -> hasError(j, "noOrderToCancel"), WAIT);
        assertThat(nothing.get("actionStates").toString()).contains("FAILED");
        assertThat(mc.violations()).isEmpty();
    }

    private static String actionStatus(JsonNode state, String type) {
        String status = "";
        for (JsonNode a : state.get("actionStates")) {
            if (a.path("actionType").asText().equals(type)) {
                status = a.get("actionStatus").asText();
            }
        }
        return status;
    }

    @Test
    @Order(8)
    void shouldAnswerInstantActionsAndFailUnknownOnes() throws Exception {
        int mark = mc.mark();
        mc.send(topics.instantActions(), mc.instantActions(SERIAL, "factsheetRequest", "stateRequest", "dance"));
        JsonNode s = awaitState(mark, j -> actionStatus(j, "dance").equals("FAILED"), WAIT);
        assertThat(actionStatus(s, "factsheetRequest")).isEqualTo("FINISHED");
        assertThat(actionStatus(s, "stateRequest")).isEqualTo("FINISHED");
        assertThat(hasError(s, "unsupportedActionType")).isTrue();
        assertThat(mc.await(mark, topics.factsheet(), j -> true, WAIT)).as("factsheet sent again").isNotNull();
        double x = agv.runtime.status().xMeters();
        double y = agv.runtime.status().yMeters();
        mark = mc.mark();
        Map<String, Object> init = mc.header(SERIAL);
        init.put("actions", List.of(Map.of("actionId", "init-1", "actionType", "initPosition", "blockingType", "HARD",
                "actionParameters", List.of(Map.of("key", "x", "value", x), Map.of("key", "y", "value", y),
                        Map.of("key", "theta", "value", 0.0), Map.of("key", "mapId", "value", "house"),
                        Map.of("key", "lastNodeId", "value", "here")))));
        mc.send(topics.instantActions(), init);
        JsonNode here = awaitState(mark, j -> actionStatus(j, "initPosition").equals("FINISHED"), WAIT);
        assertThat(here.get("lastNodeId").asText()).isEqualTo("here");
        assertThat(mc.violations()).isEmpty();
    }

    @Test
    @Order(9)
    void shouldSayOfflineOnCloseAndLeaveConnectionBrokenAsLastWill() throws Exception {
        int mark = mc.mark();
        agv.close();
        agv = null;
        MasterControl.Received offline = mc.await(mark, topics.connection(), j -> j.get("connectionState").asText().equals("OFFLINE"), WAIT);
        assertThat(offline).isNotNull();
        assertThat(mc.violations()).isEmpty();
    }

    private static void awaitCount(java.util.function.BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(20);
        }
    }
}
