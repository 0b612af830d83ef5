package io.wally.runtime.foxglove;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.wally.hal.sim.SimRobot;
import io.wally.maps.importer.CellState;
import io.wally.maps.importer.OccupancyGrid;
import io.wally.maps.zone.Zone;
import io.wally.runtime.WallyRuntime;
import io.wally.runtime.agent.Mission;
import io.wally.runtime.command.CommandReply;
import io.wally.runtime.command.ErrorCode;
import io.wally.runtime.command.MapEdit;
import io.wally.runtime.command.Place;
import io.wally.runtime.command.Request;
import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import io.wally.runtime.sim.LockstepLoop;
import io.wally.runtime.sim.SimRobotFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The Foxglove server against the simulated robot in the sample house, through a client written from the
 * protocol spec ({@link FoxgloveTestClient}): handshake, advertise, the grid, the transform following the
 * pose, a published goal that drives, and every kind of bad input leaving the robot and other clients fine.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class FoxgloveServerTest {

    private Path dir;
    private SimRobot robot;
    private WallyRuntime runtime;
    private LockstepLoop loop;
    private FoxgloveServer server;
    private OccupancyGrid grid;
    private final List<FoxgloveTestClient> clients = new ArrayList<>();

    @BeforeAll
    void startRobot() throws Exception {
        dir = Files.createTempDirectory("wally-foxglove-test");
        WallyConfig c = new ConfigLoader().load(Path.of("../robot-config/sim.yaml"));
        WallyConfig config = new WallyConfig(c.robot(), c.map(),
                new WallyConfig.Store(dir.resolve("store").toString(), c.store().durability(), c.store().groupCommitMillis(), false),
                c.control(), c.drive(), c.motors(), c.sensors(), c.sim(), c.mqtt(), c.homeassistant(), c.dashboard(), c.foxglove(), c.vda5050());
        robot = SimRobotFactory.create(config, Path.of(config.map().file()));
        runtime = WallyRuntime.builder(config, robot).manualStepping().start();
        loop = new LockstepLoop(robot, runtime, 4.0);
        grid = FoxgloveServer.gridOf(Path.of(config.map().file()));
        server = FoxgloveServer.start(new FoxgloveServer.Settings("127.0.0.1", 0, null, grid, robot.battery()), runtime);
        loop.start();
    }

    @AfterAll
    void stopRobot() throws Exception {
        clients.forEach(FoxgloveTestClient::close);
        for (AutoCloseable a : new AutoCloseable[] {server, loop, runtime, robot}) {
            if (a != null) {
                a.close();
            }
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private FoxgloveTestClient connect() throws Exception {
        FoxgloveTestClient client = new FoxgloveTestClient(server.url(), true);
        clients.add(client);
        return client;
    }

    /** Channel id by topic, from the advertise message. */
    private static Map<String, Long> channels(JsonNode advertise) {
        Map<String, Long> ids = new HashMap<>();
        advertise.path("channels").forEach(c -> ids.put(c.path("topic").asText(), c.path("id").asLong()));
        return ids;
    }

    private static void subscribe(FoxgloveTestClient client, long subscriptionId, long channelId) throws Exception {
        client.send("{\"op\":\"subscribe\",\"subscriptions\":[{\"id\":" + subscriptionId + ",\"channelId\":" + channelId + "}]}");
    }

    @Test
    @Order(1)
    void shouldAcceptTheSubprotocolAndSendServerInfoThenAdvertiseWithTheFoxgloveSchemaNames() throws Exception {
        FoxgloveTestClient client = connect();

        assertThat(client.socket.getSubprotocol()).isEqualTo("foxglove.websocket.v1");
        JsonNode info = client.awaitOp("serverInfo");
        assertThat(info.path("capabilities")).extracting(JsonNode::asText).contains("clientPublish");
        assertThat(info.path("supportedEncodings")).extracting(JsonNode::asText).containsExactly("json");
        JsonNode advertise = client.awaitOp("advertise");
        Map<String, String> schemas = new HashMap<>();
        advertise.path("channels").forEach(ch -> {
            schemas.put(ch.path("topic").asText(), ch.path("schemaName").asText());
            assertThat(ch.path("encoding").asText()).isEqualTo("json");
            assertThat(ch.path("schemaEncoding").asText()).isEqualTo("jsonschema");
        });
        assertThat(schemas).containsEntry("/map", "foxglove.Grid").containsEntry("/tf", "foxglove.FrameTransforms")
                .containsEntry("/plan", "foxglove.PosesInFrame").containsEntry("/places", "foxglove.SceneUpdate")
                .containsEntry("/pose", "foxglove.PoseInFrame").containsKeys("/health", "/battery", "/faults");
        // every schema is JSON that says what an object holds
        advertise.path("channels").forEach(ch -> {
            try {
                assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(ch.path("schema").asText()).path("type").asText())
                        .isEqualTo("object");
            } catch (Exception e) {
                throw new AssertionError(ch.path("topic") + " schema is not JSON", e);
            }
        });
    }

    @Test
    @Order(2)
    void shouldSendTheGridWhoseCellsMatchTheMapAndMarkCellsBlockedSinceStart() throws Exception {
        FoxgloveTestClient client = connect();
        Map<String, Long> ids = channels(client.awaitOp("advertise"));
        long before = FoxgloveMessages.epochNanos();
        subscribe(client, 7, ids.get("/map"));

        FoxgloveTestClient.Frame frame = client.awaitFrame(7, f -> true);

        assertThat(frame.opcode()).isEqualTo(1);
        // the log time is the server's wall clock (a latched message may predate the subscription by a little)
        assertThat(frame.logTimeNanos()).isBetween(before - TimeUnit.MINUTES.toNanos(2), FoxgloveMessages.epochNanos());
        JsonNode g = frame.json();
        assertThat(g.path("frame_id").asText()).isEqualTo("map");
        assertThat(g.path("column_count").asInt()).isEqualTo(grid.width());
        assertThat(g.path("cell_size").path("x").asDouble()).isCloseTo(grid.resolutionMetres(), within(1e-9));
        assertThat(g.path("row_stride").asInt()).isEqualTo(grid.width());
        assertThat(g.path("cell_stride").asInt()).isEqualTo(1);
        assertThat(g.path("fields").get(0).path("type").asInt()).isEqualTo(1); // UINT8
        assertThat(g.path("pose").path("position").path("x").asDouble()).isCloseTo(grid.originX(), within(1e-9));
        byte[] cells = Base64.getDecoder().decode(g.path("data").asText());
        assertThat(cells).hasSize(grid.width() * grid.height());
        int walls = 0;
        for (int row = 0; row < grid.height(); row++) {
            for (int col = 0; col < grid.width(); col++) {
                // Foxglove row 0 is at the origin (south); the map file's row 0 is its far (north) side
                byte cell = cells[(grid.height() - 1 - row) * grid.width() + col];
                CellState s = grid.state(col, row);
                if (s == CellState.FREE) {
                    assertThat(cell).as("free cell %d,%d", col, row).isIn(GridCells.FREE, GridCells.SENSED);
                } else {
                    assertThat(cell).as("cell %d,%d (%s)", col, row, s).isEqualTo(s == CellState.UNKNOWN ? GridCells.UNKNOWN : GridCells.WALL);
                    walls += s == CellState.UNKNOWN ? 0 : 1;
                }
            }
        }
        assertThat(walls).isGreaterThan(100);

        // when a free cell in the living room is blocked (as the sensors would), the next grid shows it marked
        double x = 2.55;
        double y = 1.55;
        int col = grid.colAt(x, y);
        int row = grid.rowAt(x, y);
        int index = (grid.height() - 1 - row) * grid.width() + col;
        assertThat(grid.state(col, row)).isEqualTo(CellState.FREE);
        assertThat(cells[index]).isEqualTo(GridCells.FREE);
        CompletableFuture<Object> done = new CompletableFuture<>();
        runtime.submit(new Request.EditMap(new MapEdit.SetBlocked(new Place.Point(x, y), true)), reply(done));
        done.get(20, TimeUnit.SECONDS);
        FoxgloveTestClient.Frame marked = client.awaitFrame(7,
                f -> Base64.getDecoder().decode(f.json().path("data").asText())[index] == GridCells.SENSED);
        assertThat(marked.subscriptionId()).isEqualTo(7);
        CompletableFuture<Object> undone = new CompletableFuture<>();
        runtime.submit(new Request.EditMap(new MapEdit.SetBlocked(new Place.Point(x, y), false)), reply(undone));
        undone.get(20, TimeUnit.SECONDS);
    }

    private static CommandReply reply(CompletableFuture<Object> done) {
        return new CommandReply() {
            @Override
            public void ok(Object result) {
                done.complete(result);
            }

            @Override
            public void error(ErrorCode code, String message) {
                done.completeExceptionally(new AssertionError(code + ": " + message));
            }
        };
    }

    @Test
    @Order(3)
    void shouldSendLabelledPlacesAndAPoseTransformFromMapToBaseLink() throws Exception {
        FoxgloveTestClient client = connect();
        Map<String, Long> ids = channels(client.awaitOp("advertise"));
        subscribe(client, 1, ids.get("/places"));
        subscribe(client, 2, ids.get("/tf"));

        JsonNode places = client.awaitFrame(1, f -> true).json();
        List<String> labels = new ArrayList<>();
        places.path("entities").forEach(e -> labels.add(e.path("texts").get(0).path("text").asText()));
        assertThat(labels).contains("dock", "kitchen", "living room");

        JsonNode tf = client.awaitFrame(2, f -> true).json().path("transforms").get(0);
        var pose = runtime.status();
        assertThat(tf.path("parent_frame_id").asText()).isEqualTo("map");
        assertThat(tf.path("child_frame_id").asText()).isEqualTo("base_link");
        assertThat(tf.path("translation").path("x").asDouble()).isCloseTo(pose.xMeters(), within(0.3));
        assertThat(tf.path("translation").path("y").asDouble()).isCloseTo(pose.yMeters(), within(0.3));
        JsonNode q = tf.path("rotation");
        double yawDegrees = Math.toDegrees(2 * Math.atan2(q.path("z").asDouble(), q.path("w").asDouble()));
        assertThat(Math.abs(Math.IEEEremainder(yawDegrees - pose.headingDegrees(), 360))).isLessThan(15);
    }

    @Test
    @Order(4)
    void shouldDriveToAGoalPublishedOnGoalAndTheTransformShouldFollow() throws Exception {
        FoxgloveTestClient client = connect();
        Map<String, Long> ids = channels(client.awaitOp("advertise"));
        subscribe(client, 3, ids.get("/tf"));
        subscribe(client, 4, ids.get("/plan"));
        client.send("{\"op\":\"advertise\",\"channels\":[{\"id\":40,\"topic\":\"/goal\",\"encoding\":\"json\",\"schemaName\":\"foxglove.PoseInFrame\"}]}");
        double startX = runtime.status().xMeters();

        // the kitchen, as Foxglove's "publish pose" tool sends it
        client.publish(40, "{\"timestamp\":{\"sec\":0,\"nsec\":0},\"frame_id\":\"map\",\"pose\":{\"position\":{\"x\":7.8,\"y\":0.7,\"z\":0},"
                + "\"orientation\":{\"x\":0,\"y\":0,\"z\":0,\"w\":1}}}");

        JsonNode accepted = client.awaitOp("status");
        assertThat(accepted.path("level").asInt()).as(accepted.toString()).isZero();
        assertThat(accepted.path("message").asText()).contains("7.80, 0.70");
        assertThat(runtime.mission().state()).isIn(Mission.State.DRIVING, Mission.State.ARRIVED);
        JsonNode plan = client.awaitFrame(4, f -> f.json().path("poses").size() > 1).json();
        JsonNode last = plan.path("poses").get(plan.path("poses").size() - 1).path("position");
        assertThat(last.path("x").asDouble()).isCloseTo(7.8, within(0.3));
        // the transform follows the robot east, towards the kitchen
        JsonNode moved = client.awaitFrame(3, f -> f.json().path("transforms").get(0).path("translation").path("x").asDouble() > startX + 0.5)
                .json().path("transforms").get(0).path("translation");
        assertThat(moved.path("x").asDouble()).isCloseTo(runtime.status().xMeters(), within(0.5));
        assertThat(server.goalsSubmitted()).isPositive();
    }

    @Test
    @Order(5)
    void shouldAnswerBadInputWithErrorStatusAndKeepTheConnection() throws Exception {
        FoxgloveTestClient client = connect();
        Map<String, Long> ids = channels(client.awaitOp("advertise"));
        long bad = server.badInputs();

        client.send("{not json");
        assertThat(error(client)).contains("not JSON");
        client.send("{\"op\":\"fly\"}");
        assertThat(error(client)).contains("unknown op \"fly\"");
        client.send("[1,2]");
        assertThat(error(client)).contains("\"op\"");
        subscribe(client, 9, 99);
        assertThat(error(client)).contains("no channel 99");
        client.publish(77, "{}");
        assertThat(error(client)).contains("client channel 77 was not advertised");
        client.send("{\"op\":\"advertise\",\"channels\":[{\"id\":5,\"topic\":\"/goal\",\"encoding\":\"json\",\"schemaName\":\"foxglove.PoseInFrame\"}]}");
        client.publish(5, "{\"frame_id\":\"map\",\"pose\":{\"position\":{\"x\":250.0,\"y\":-40.0,\"z\":0}}}");
        assertThat(error(client)).contains("outside the map");
        client.publish(5, "{\"pose\":{}}");
        assertThat(error(client)).contains("numeric pose.position.x");
        client.publish(5, "not json at all");
        assertThat(error(client)).contains("not JSON");
        client.publish(5, "{\"frame_id\":\"base_link\",\"pose\":{\"position\":{\"x\":1.0,\"y\":1.0,\"z\":0}}}");
        assertThat(error(client)).contains("frame \"map\"").contains("base_link");
        // inside the map but in the outer wall: the command path refuses it, and says why
        client.publish(5, "{\"frame_id\":\"map\",\"pose\":{\"position\":{\"x\":0.01,\"y\":0.01,\"z\":0}}}");
        assertThat(error(client)).startsWith("goal refused (");

        // and the connection still works
        subscribe(client, 10, ids.get("/pose"));
        assertThat(client.awaitFrame(10, f -> true).opcode()).isEqualTo(1);
        assertThat(server.badInputs() - bad).as("bad inputs; the refused goal is the command path's answer, not bad input").isEqualTo(9);
    }

    private static String error(FoxgloveTestClient client) throws InterruptedException {
        JsonNode status = client.awaitOp("status");
        assertThat(status.path("level").asInt()).as(status.toString()).isEqualTo(2);
        return status.path("message").asText();
    }

    @Test
    @Order(6)
    void shouldCloseAClientSendingTenMegabytesAndAClientThatNeverReadsWhileOthersCarryOn() throws Exception {
        FoxgloveTestClient watcher = connect();
        Map<String, Long> ids = channels(watcher.awaitOp("advertise"));
        subscribe(watcher, 1, ids.get("/tf"));
        watcher.awaitFrame(1, f -> true);

        // a 10 MB text frame: closed with 1009 (message too big)
        FoxgloveTestClient big = connect();
        big.awaitOp("advertise");
        String tenMegabytes = "{\"op\":\"subscribe\",\"pad\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}";
        try {
            big.socket.sendText(tenMegabytes, true).get(20, TimeUnit.SECONDS);
        } catch (ExecutionException closedWhileSending) {
            // the server may close before the client has written it all
        }
        assertThat(big.closeCode.get(20, TimeUnit.SECONDS)).isIn(1009, -1);

        // a client that asks for the map again and again but never reads: cut off at the bound
        FoxgloveTestClient deaf = new FoxgloveTestClient(server.url(), false);
        clients.add(deaf);
        long dropped = server.clientsDropped();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int i = 0; server.clientsDropped() == dropped && System.nanoTime() < deadline; i++) {
            subscribe(deaf, i, ids.get("/map"));
            if (i % 50 == 49) {
                Thread.sleep(20); // let the publisher queue the maps asked for
            }
        }
        assertThat(server.clientsDropped()).as("slow clients cut off").isEqualTo(dropped + 1);

        // the robot and the other client carried on
        long cycles = runtime.counters().controlCycles.get();
        watcher.frames.clear();
        assertThat(watcher.awaitFrame(1, f -> true).opcode()).isEqualTo(1);
        Thread.sleep(300);
        assertThat(runtime.counters().controlCycles.get()).isGreaterThan(cycles);
        assertThat(watcher.closeCode).isNotDone();
    }

    @Test
    @Order(7)
    void shouldRefuseAClientWithoutTheTokenOrWithoutTheSubprotocol() throws Exception {
        try (FoxgloveServer guarded = FoxgloveServer.start(
                new FoxgloveServer.Settings("127.0.0.1", 0, "s3cret", grid, Optional.empty()), runtime)) {
            assertThatThrownBy(() -> new FoxgloveTestClient(guarded.url(), true)).hasRootCauseMessage(
                    "Unexpected HTTP response status code 401");
            assertThatThrownBy(() -> new FoxgloveTestClient(guarded.url() + "?token=wrong", true)).hasRootCauseMessage(
                    "Unexpected HTTP response status code 401");
            try (FoxgloveTestClient ok = new FoxgloveTestClient(guarded.url() + "?token=s3cret", true)) {
                assertThat(ok.awaitOp("serverInfo").path("op").asText()).isEqualTo("serverInfo");
            }
            assertThat(guarded.tokenAccepted("Bearer s3cret", null)).isTrue();
            assertThat(guarded.tokenAccepted("Bearer s3cre", null)).isFalse();
            assertThat(guarded.tokenAccepted("Basic s3cret", null)).isFalse();
            var noSubprotocol = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(java.net.URI.create(guarded.url() + "?token=s3cret"), new java.net.http.WebSocket.Listener() { });
            assertThatThrownBy(() -> noSubprotocol.get(20, TimeUnit.SECONDS)).hasRootCauseMessage("Unexpected HTTP response status code 400");
        }
    }

    @Test
    @Order(8)
    void shouldPublishTheZonesOnZonesAsASceneUpdateAndAgainWhenOneIsAddedOrRemoved() throws Exception {
        FoxgloveTestClient client = connect();
        Map<String, Long> ids = channels(client.awaitOp("advertise"));
        assertThat(ids).containsKey("/zones");
        subscribe(client, 20, ids.get("/zones"));
        // the sample house has no zones: the latched message is there at once, and deletes whatever was shown
        JsonNode none = client.awaitFrame(20, f -> true).json();
        assertThat(none.path("entities").size()).isZero();
        assertThat(none.path("deletions").get(0).path("type").asInt()).isEqualTo(1);

        // in the living room, away from where the earlier tests left the robot (the kitchen)
        Zone rug = Zone.keepout("test-rug", new double[] {4.0, 2.4, 5.0, 2.4, 5.0, 3.2, 4.0, 3.2});
        edit(new MapEdit.AddZone(rug));
        JsonNode added = client.awaitFrame(20, f -> f.json().path("entities").size() == 1).json();

        JsonNode entity = added.path("entities").get(0);
        assertThat(entity.path("id").asText()).isEqualTo("zone/test-rug");
        assertThat(entity.path("frame_id").asText()).isEqualTo("map");
        assertThat(entity.path("texts").get(0).path("text").asText()).isEqualTo("test-rug");
        JsonNode outline = entity.path("lines").get(0);
        assertThat(outline.path("type").asInt()).as("LINE_LOOP").isEqualTo(1);
        List<double[]> points = new ArrayList<>();
        outline.path("points").forEach(p -> points.add(new double[] {p.path("x").asDouble(), p.path("y").asDouble()}));
        assertThat(points).containsExactly(new double[] {4.0, 2.4}, new double[] {5.0, 2.4}, new double[] {5.0, 3.2}, new double[] {4.0, 3.2});
        JsonNode hatch = entity.path("lines").get(1);
        assertThat(hatch.path("type").asInt()).as("LINE_LIST").isEqualTo(2);
        hatch.path("points").forEach(p -> assertThat(p.path("x").asDouble()).isBetween(4.0 - 1e-9, 5.0 + 1e-9));
        assertThat(outline.path("color").path("r").asDouble()).isGreaterThan(outline.path("color").path("g").asDouble());
        assertThat(nanos(added.path("deletions").get(0).path("timestamp"))).as("the deletion spares this message's entities")
                .isLessThan(nanos(entity.path("timestamp")));

        Zone slow = Zone.speed("test-slow", new double[] {1.0, 2.4, 2.0, 2.4, 1.5, 3.2}, 2.0, 0.12);
        edit(new MapEdit.AddZone(slow));
        JsonNode both = client.awaitFrame(20, f -> f.json().path("entities").size() == 2).json();
        JsonNode speed = both.path("entities").get(0).path("id").asText().equals("zone/test-slow")
                ? both.path("entities").get(0) : both.path("entities").get(1);
        assertThat(speed.path("id").asText()).isEqualTo("zone/test-slow");
        assertThat(speed.path("lines").size()).as("an outline, no hatching").isEqualTo(1);
        assertThat(speed.path("lines").get(0).path("points").size()).isEqualTo(3);
        assertThat(speed.path("texts").get(0).path("text").asText()).isEqualTo("test-slow \u2264 0.12 m/s");
        JsonNode orange = speed.path("lines").get(0).path("color");
        assertThat(orange.path("g").asDouble()).isGreaterThan(orange.path("b").asDouble());

        edit(new MapEdit.RemoveZone("test-slow"));
        edit(new MapEdit.RemoveZone("test-rug"));
        JsonNode removed = client.awaitFrame(20, f -> f.json().path("entities").isEmpty()).json();
        assertThat(removed.path("deletions").get(0).path("type").asInt()).as("delete all: the zone goes").isEqualTo(1);
    }

    private static long nanos(JsonNode time) {
        return time.path("sec").asLong() * 1_000_000_000L + time.path("nsec").asLong();
    }

    /** Submits {@code edit} through the command path; fails the test when it is refused. */
    private void edit(MapEdit edit) throws Exception {
        CompletableFuture<Object> done = new CompletableFuture<>();
        runtime.submit(new Request.EditMap(edit), reply(done));
        done.get(20, TimeUnit.SECONDS);
    }
}
