package io.wally.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.hal.sim.SimRobot;
import io.wally.runtime.WallyRuntime;
import io.wally.runtime.command.Place;
import io.wally.runtime.command.Request;
import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code similar} and {@code rooms} through the command path of the simulated robot in the sample house. */
@Tag("slow")
class PlaceAnalysisTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> okResult(SimHarness.Reply reply) {
        assertThat(reply.errorCode).as("%s", reply.result.join()).isNull();
        return (Map<String, Object>) reply.result.join();
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldListTheRoomsMostLikeTheKitchenWhenOnlyRoomsAreAskedFor() {
        try (SimHarness sim = new SimHarness()) {
            SimHarness.Reply first = new SimHarness.Reply();
            SimHarness.Reply again = new SimHarness.Reply();

            sim.runtime.submit(new Request.Similar(Place.of("kitchen"), 3, "room"), first);
            sim.run(1, first::done);
            sim.runtime.submit(new Request.Similar(Place.of("kitchen"), 3, "room"), again);
            sim.run(1, again::done);

            Map<String, Object> result = okResult(first);
            List<Map<String, Object>> neighbours = (List<Map<String, Object>>) result.get("neighbours");
            assertThat(neighbours).hasSize(3);
            assertThat(neighbours).allSatisfy(n -> assertThat(n).containsKey("name"));
            assertThat(neighbours).extracting(n -> n.get("name")).doesNotContain("kitchen");
            double previous = 1.0;
            for (Map<String, Object> n : neighbours) {
                double similarity = (Double) n.get("similarity");
                assertThat(similarity).isLessThanOrEqualTo(previous);
                previous = similarity;
            }
            assertThat(result.get("embeddings")).isEqualTo("computed");
            Map<String, Object> second = okResult(again);
            assertThat(second.get("graphVersion")).as("same version: reused").isEqualTo(result.get("graphVersion"));
            assertThat(second.get("embeddings")).isEqualTo("reused");
        }
    }

    @Test
    void shouldAnswerWithCodesWhenThePlaceIsUnknownOrTheKindIsNotOne() {
        try (SimHarness sim = new SimHarness()) {
            SimHarness.Reply unknown = new SimHarness.Reply();
            SimHarness.Reply badKind = new SimHarness.Reply();
            SimHarness.Reply tooMany = new SimHarness.Reply();

            sim.runtime.submit(new Request.Similar(Place.of("attic"), 3, null), unknown);
            sim.runtime.submit(new Request.Similar(Place.of("kitchen"), 3, "garage"), badKind);
            sim.runtime.submit(new Request.Similar(Place.of("kitchen"), 101, null), tooMany);
            sim.run(1, () -> unknown.done() && badKind.done() && tooMany.done());

            assertThat(unknown.errorCode).isEqualTo("unknown_node");
            assertThat(badKind.errorCode).isEqualTo("bad_request");
            assertThat((String) badKind.result.join()).contains("room, waypoint, dock");
            assertThat(tooMany.errorCode).isEqualTo("bad_request");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldFindAsManyRoomsAsTheMapNamesWhenNoCountIsGiven() {
        try (SimHarness sim = new SimHarness()) {
            SimHarness.Reply rooms = new SimHarness.Reply();
            SimHarness.Reply three = new SimHarness.Reply();

            sim.runtime.submit(new Request.Rooms(null), rooms);
            sim.runtime.submit(new Request.Rooms(3), three);
            sim.run(2, () -> rooms.done() && three.done());

            List<Map<String, Object>> found = (List<Map<String, Object>>) okResult(rooms).get("rooms");
            assertThat(found).hasSize(6);
            assertThat(found).extracting(r -> r.get("name")).contains("room-1");
            assertThat(found).allSatisfy(r -> assertThat((Integer) r.get("cells")).isPositive());
            assertThat((List<?>) okResult(three).get("rooms")).hasSize(3);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldAnswerGraphQueriesOnTheLiveMapWithTheSameErrorsAndLimits() {
        try (SimHarness sim = new SimHarness()) {
            SimHarness.Reply rooms = new SimHarness.Reply();
            SimHarness.Reply near = new SimHarness.Reply();
            SimHarness.Reply syntax = new SimHarness.Reply();
            SimHarness.Reply tooMany = new SimHarness.Reply();

            sim.runtime.submit(new Request.Query("MATCH (r:room) RETURN name(r) AS room ORDER BY room", Map.of(), null), rooms);
            sim.runtime.submit(new Request.Query("MATCH (d:dock), (r:room) WHERE dist(d, r) < $m RETURN name(r) AS room ORDER BY room",
                    Map.of("m", 3.0), null), near);
            sim.runtime.submit(new Request.Query("MATCH (r:room RETURN r", Map.of(), null), syntax);
            sim.runtime.submit(new Request.Query("MATCH (c:cell) RETURN id(c)", Map.of(), 10), tooMany);
            sim.run(2, () -> rooms.done() && near.done() && syntax.done() && tooMany.done());

            Map<String, Object> result = okResult(rooms);
            assertThat(result.get("columns")).isEqualTo(List.of("room"));
            assertThat((List<List<Object>>) result.get("rows")).containsExactly(List.of("bathroom"), List.of("bedroom"),
                    List.of("hallway"), List.of("kitchen"), List.of("living room"), List.of("office"));
            assertThat((List<List<Object>>) okResult(near).get("rows")).containsExactly(List.of("living room"));
            assertThat(syntax.errorCode).isEqualTo("bad_request");
            assertThat((String) syntax.result.join()).contains("line 1");
            assertThat(tooMany.errorCode).isEqualTo("query_limit");
        }
    }

    @Test
    void shouldKeepEmbeddingsWithTheStoreAndReuseThemAfterARestart(@TempDir Path dir) throws Exception {
        WallyConfig config = new ConfigLoader().load(SimHarness.SIM_CONFIG);
        Path store = dir.resolve("store");

        Map<String, Object> first = similarOnStore(config, store);
        assertThat(store.resolve("embeddings.bin")).exists();
        assertThat(Files.size(store.resolve("embeddings.bin"))).isPositive();
        Map<String, Object> afterRestart = similarOnStore(config, store);

        assertThat(first.get("embeddings")).isEqualTo("computed");
        assertThat(afterRestart.get("graphVersion")).isEqualTo(first.get("graphVersion"));
        assertThat(afterRestart.get("embeddings")).as("the store's graph is unchanged: the file is reused").isEqualTo("reused");
    }

    /** Starts a runtime on {@code store}, asks for the kitchen's two most similar places, and stops it. */
    private static Map<String, Object> similarOnStore(WallyConfig config, Path store) {
        try (SimRobot robot = SimHarness.houseRobot(config);
                WallyRuntime runtime = WallyRuntime.builder(config, robot).store(store, WallyRuntime.storeOptions(config.store()))
                        .manualStepping().start()) {
            SimHarness.Reply reply = new SimHarness.Reply();
            runtime.submit(new Request.Similar(Place.of("kitchen"), 2, null), reply);
            for (int i = 0; i < 100 && !reply.done(); i++) {
                runtime.stepBackground();
            }
            return okResult(reply);
        }
    }
}
