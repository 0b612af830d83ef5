package io.wally.runtime.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wally.maps.importer.NamedPlacesLoader;
import io.wally.maps.importer.OccupancyGrid;
import io.wally.maps.zone.Zone;
import io.wally.runtime.command.MapEdit;
import io.wally.runtime.command.Request;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The dashboard server against the simulated robot running in lock step: frames, commands, tokens, bad input. */
@Tag("slow")
class DashboardServerTest {

    private static final String TOKEN = "s3cret-token-for-tests";
    private static SimFixture sim;
    private static OccupancyGrid grid;
    private static DashboardServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        sim = new SimFixture().running(2.0);
        grid = NamedPlacesLoader.load(Path.of(sim.config.map().file())).grid();
        server = DashboardServer.start(new DashboardServer.Settings("127.0.0.1", 0, TOKEN, 64 * 1024, 64, 5, 100, 200),
                sim.runtime, grid, sim.config.batteryMonitor(sim.robot.battery()), () -> true);
    }

    @AfterAll
    static void stop() {
        server.close();
        sim.close();
    }

    private URI ws(String token) {
        return URI.create("ws://127.0.0.1:" + server.port() + "/ws" + (token == null ? "" : "?token=" + token));
    }

    @Test
    void shouldServeThePageWithoutTokenButAnswer401ToDataWithoutIt() throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(server.url()).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> js = http.send(HttpRequest.newBuilder(server.url().resolve("dashboard.js")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(server.url().resolve("api/hello")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(server.url().resolve("api/hello"))
                .header("Authorization", "Bearer nope").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> right = http.send(HttpRequest.newBuilder(server.url().resolve("api/hello"))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(server.url().resolve("secrets.txt")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<canvas id=\"map\"");
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(right.body()).contains("\"deadManMillis\":300");
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    @Test
    void shouldRefuseTheWebSocketWithoutTheToken() {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> new WsProbe(ws(null)).close()))
                .hasStackTraceContaining("401");
    }

    @Test
    void shouldSendTheMapOnceWithTheGridsCellsThenPosesAndStateAtTenHertz() throws Exception {
        try (WsProbe probe = new WsProbe(ws(TOKEN))) {
            JsonNode map = probe.await(WsProbe.type("map"), 5);
            assertThat(map).isNotNull();
            byte[] cells = GridCodec.decode(Base64.getDecoder().decode(map.get("cells").asText()), grid.width() * grid.height(), grid.width());
            int walls = 0;
            for (int row = 0; row < grid.height(); row++) {
                for (int col = 0; col < grid.width(); col++) {
                    byte expected = switch (grid.state(col, row)) {
                        case FREE -> MapLayer.FREE;
                        case OCCUPIED -> MapLayer.WALL;
                        case UNKNOWN -> MapLayer.UNKNOWN;
                    };
                    byte got = cells[row * grid.width() + col];
                    assertThat(got == expected || (expected == MapLayer.FREE && got == MapLayer.SENSED))
                            .as("cell %d,%d", col, row).isTrue();
                    walls += got == MapLayer.WALL ? 1 : 0;
                }
            }
            assertThat(walls).isGreaterThan(100);
            assertThat(probe.await(f -> WsProbe.type("places").test(f) && f.get("places").toString().contains("kitchen"), 5)).isNotNull();
            assertThat(probe.await(WsProbe.type("pose"), 5)).isNotNull();
            JsonNode state = probe.await(WsProbe.type("state"), 5);
            assertThat(state.get("batteryVolts").asDouble()).as("the simulated pack's volts").isBetween(6.0, 8.5);
            assertThat(state.get("batteryPercent").asInt()).as("percent from the configured curve").isBetween(0, 100);
            long statesBefore = probe.count("state");
            Thread.sleep(1000);
            assertThat(probe.count("state") - statesBefore).as("state frames in 1 s").isBetween(8L, 12L);
            assertThat(probe.count("map")).isEqualTo(1);
        }
    }

    @Test
    void shouldSendZonesWithTheMapAndAgainWhenOneIsAddedOrRemovedThroughTheCommandPath() throws Exception {
        // in the far east of the house, away from the dock where the robot stands: the other tests' commands are unaffected
        Zone keepout = Zone.keepout("test-box", new double[] {8.2, 0.3, 9.1, 0.3, 9.1, 1.1, 8.2, 1.1});
        Zone slow = Zone.speed("test-slow", new double[] {8.2, 1.4, 9.1, 1.4, 8.6, 2.0}, 2.0, 0.12);
        try (WsProbe probe = new WsProbe(ws(TOKEN))) {
            assertThat(probe.await(WsProbe.type("map"), 5)).isNotNull();
            JsonNode first = probe.await(WsProbe.type("zones"), 5);
            assertThat(first).as("a zones frame with the map").isNotNull();
            assertThat(names(first)).doesNotContain("test-box", "test-slow");

            Answer added = edit(new MapEdit.AddZone(keepout));
            Answer addedSlow = edit(new MapEdit.AddZone(slow));
            JsonNode withBoth = probe.await(f -> WsProbe.type("zones").test(f) && names(f).containsAll(List.of("test-box", "test-slow")), 5);

            assertThat(added.code).isNull();
            assertThat(addedSlow.code).isNull();
            assertThat(withBoth).as("zones frame after add_zone").isNotNull();
            JsonNode box = zone(withBoth, "test-box");
            assertThat(box.get("kind").asText()).isEqualTo("keepout");
            assertThat(box.get("points").toString()).isEqualTo("[[8.2,0.3],[9.1,0.3],[9.1,1.1],[8.2,1.1]]");
            assertThat(box.get("maxSpeedMps").isNull()).isTrue();
            JsonNode speed = zone(withBoth, "test-slow");
            assertThat(speed.get("kind").asText()).isEqualTo("speed");
            assertThat(speed.get("points").size()).isEqualTo(3);
            assertThat(speed.get("costFactor").asDouble()).isEqualTo(2.0);
            assertThat(speed.get("maxSpeedMps").asDouble()).isEqualTo(0.12);

            try (WsProbe late = new WsProbe(ws(TOKEN))) {
                JsonNode lateZones = late.await(WsProbe.type("zones"), 5);
                assertThat(lateZones).as("a client connecting later gets the zones with the map").isNotNull();
                assertThat(names(lateZones)).contains("test-box", "test-slow");
            }

            long framesBefore = probe.count("zones");
            Answer removed = edit(new MapEdit.RemoveZone("test-box"));
            JsonNode afterRemove = probe.await(f -> WsProbe.type("zones").test(f) && !names(f).contains("test-box")
                    && names(f).contains("test-slow"), 5);

            assertThat(removed.code).isNull();
            assertThat(afterRemove).as("zones frame after remove_zone").isNotNull();
            Thread.sleep(500); // poses and sensed cells move the graph version; no zones frame unless the zones changed
            assertThat(probe.count("zones") - framesBefore).isEqualTo(1);
        } finally {
            edit(new MapEdit.RemoveZone("test-box"));
            edit(new MapEdit.RemoveZone("test-slow"));
        }
    }

    private static Answer edit(MapEdit edit) throws InterruptedException {
        Answer answer = new Answer();
        sim.runtime.submit(new Request.EditMap(edit), answer);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (answer.result == null && answer.code == null && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        return answer;
    }

    private static List<String> names(JsonNode zonesFrame) {
        List<String> names = new java.util.ArrayList<>();
        zonesFrame.get("zones").forEach(z -> names.add(z.get("name").asText()));
        return names;
    }

    private static JsonNode zone(JsonNode zonesFrame, String name) {
        for (JsonNode z : zonesFrame.get("zones")) {
            if (z.get("name").asText().equals(name)) {
                return z;
            }
        }
        throw new AssertionError("no zone " + name + " in " + zonesFrame);
    }

    @Test
    void shouldSendCommandsThroughTheCommandPathAndReplyToTheSenderOnly() throws Exception {
        try (WsProbe probe = new WsProbe(ws(TOKEN)); WsProbe other = new WsProbe(ws(TOKEN))) {
            probe.await(WsProbe.type("map"), 5);
            probe.send("{\"id\":1,\"command\":\"goto\",\"target\":\"nowhere-at-all\"}");
            probe.send("{\"id\":2,\"command\":\"status\"}");
            probe.send("{\"id\":3,\"command\":\"stop\",\"reason\":\"test\"}");

            JsonNode unknown = probe.await(WsProbe.reply(1), 5);
            assertThat(unknown.get("ok").asBoolean()).isFalse();
            assertThat(unknown.get("code").asText()).isEqualTo("unknown_node");
            assertThat(probe.await(WsProbe.reply(2), 5).get("result").has("pose")).isTrue();
            assertThat(probe.await(WsProbe.reply(3), 5).get("result").get("stopped").asBoolean()).isTrue();
            Thread.sleep(200);
            assertThat(other.count("reply")).isZero();
        }
    }

    @Test
    void shouldAnswerMalformedFramesWithAnErrorAndKeepTheConnection() throws Exception {
        long badBefore = server.badFrames();
        try (WsProbe probe = new WsProbe(ws(TOKEN))) {
            probe.await(WsProbe.type("map"), 5);
            probe.send("this is not json");
            probe.send("[1, 2, 3]");
            probe.send("{\"id\":7,\"command\":\"fly\"}");
            probe.send("{\"id\":8,\"command\":\"drive\",\"linearMps\":\"fast\",\"angularRadPerS\":0}");

            assertThat(probe.await(f -> "bad_json".equals(f.path("code").asText()), 5)).isNotNull();
            assertThat(probe.await(f -> "bad_request".equals(f.path("code").asText()) && f.path("id").isNull(), 5)).isNotNull();
            assertThat(probe.await(WsProbe.reply(7), 5).get("code").asText()).isEqualTo("unknown_command");
            assertThat(probe.await(WsProbe.reply(8), 5).get("message").asText()).contains("linearMps");
            long poses = probe.count("pose");
            sim.runtime.submit(new io.wally.runtime.command.Request.Drive(0, 0.5), new Answer());
            assertThat(probe.await(f -> probe.count("pose") > poses, 5)).as("still served").isNotNull();
            assertThat(probe.closed).isNotDone();
        }
        assertThat(server.badFrames() - badBefore).isEqualTo(2);
    }

    @Test
    void shouldCloseAClientSendingA10MbFrameAndServeTheOthers() throws Exception {
        try (WsProbe big = new WsProbe(ws(TOKEN)); WsProbe other = new WsProbe(ws(TOKEN))) {
            big.await(WsProbe.type("map"), 5);
            String tenMb = "{\"command\":\"status\",\"pad\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}";
            big.socket.sendText(tenMb, true);

            assertThat(big.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1009);
            long states = other.count("state");
            Thread.sleep(500);
            assertThat(other.count("state")).as("the other client is still served").isGreaterThan(states);
            assertThat(sim.runtime.safety().faulted()).isFalse();
        }
    }

    @Test
    void shouldCloseAClientSendingBinary() throws Exception {
        try (WsProbe probe = new WsProbe(ws(TOKEN))) {
            probe.socket.sendBinary(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}), true).get(5, TimeUnit.SECONDS);
            assertThat(probe.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1003);
        }
    }

    @Test
    void shouldStartNothingWhenDisabledAndSayWhenThePortIsTaken() throws Exception {
        java.io.StringWriter err = new java.io.StringWriter();
        var config = sim.config.withDashboard(new io.wally.runtime.config.WallyConfig.Dashboard(true, "127.0.0.1", server.port(), null));
        Optional<DashboardServer> taken = DashboardServer.startFor(config, sim.runtime, sim.robot, () -> true, new java.io.PrintWriter(err));
        Optional<DashboardServer> off = DashboardServer.startFor(config.withDashboard(config.dashboard().onPort(null)), sim.runtime,
                sim.robot, () -> true, new java.io.PrintWriter(err));

        assertThat(taken).isEmpty();
        assertThat(off).isEmpty();
        assertThat(err.toString().strip()).contains("port " + server.port() + " on 127.0.0.1 is taken").contains("--dashboard PORT")
                .doesNotContain("\n");
    }

    @Test
    void shouldMatchTokensExactly() {
        assertThat(DashboardServer.tokenMatches(null, null, null)).isTrue();
        assertThat(DashboardServer.tokenMatches("abc", "Bearer abc", null)).isTrue();
        assertThat(DashboardServer.tokenMatches("abc", null, "abc")).isTrue();
        assertThat(DashboardServer.tokenMatches("abc", null, null)).isFalse();
        assertThat(DashboardServer.tokenMatches("abc", "Bearer abcd", null)).isFalse();
        assertThat(DashboardServer.tokenMatches("abc", "Basic abc", "ab")).isFalse();
    }
}
