package io.wally.runtime.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wally.runtime.command.Algorithm;
import io.wally.runtime.command.MapEdit;
import io.wally.runtime.command.Place;
import io.wally.runtime.command.Request;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class RequestDecoderTest {

    private final RequestDecoder decoder = new RequestDecoder(new ObjectMapper(), BridgeSettings.defaults("r1"));

    private RequestDecoder.Decoded decoded(String command, String json) throws RequestDecoder.Rejection {
        return decoder.decode(command, json.getBytes(StandardCharsets.UTF_8), 1024);
    }

    private Request decode(String command, String json) throws RequestDecoder.Rejection {
        return decoded(command, json).request();
    }

    private static MapEdit edit(Request request) {
        return ((Request.EditMap) request).edit();
    }

    private RequestDecoder.Rejection reject(String command, String json) {
        return catchThrowableOfType(RequestDecoder.Rejection.class, () -> decode(command, json));
    }

    @Test
    void shouldDecodePlanWithDefaultsWhenOnlyTargetGiven() throws Exception {
        RequestDecoder.Decoded decoded = decoded("plan", "{\"id\":\"a\",\"to\":\"kitchen\"}");
        Request.Plan plan = (Request.Plan) decoded.request();
        assertThat(decoded.id().asText()).isEqualTo("a");
        assertThat(plan.from()).isNull();
        assertThat(plan.to()).isEqualTo(new Place.Named("kitchen"));
        assertThat(plan.algorithm()).isEqualTo(Algorithm.AUTO);
        assertThat(decoded.replyTo()).isNull();
    }

    @Test
    void shouldAcceptNumericNodeIdsAndCoordinatesWhenPlacesGivenThatWay() throws Exception {
        Request.Plan plan = (Request.Plan) decode("plan", "{\"id\":1,\"from\":3,\"to\":\"1.5,2\"}");
        assertThat(plan.from()).isEqualTo(new Place.Node(3));
        assertThat(plan.to()).isEqualTo(new Place.Point(1.5, 2));
        assertThat(((Request.GoTo) decode("goto", "{\"id\":1,\"x\":1.5,\"y\":-2}")).target()).isEqualTo(new Place.Point(1.5, -2));
        assertThat(((Request.GoTo) decode("goto", "{\"id\":1,\"target\":\"dock\"}")).target()).isEqualTo(new Place.Named("dock"));
    }

    @Test
    void shouldDecodeEveryMapOpWhenFieldsPresent() throws Exception {
        assertThat(edit(decode("map", "{\"id\":1,\"op\":\"add_node\",\"name\":\"n\",\"x\":1,\"y\":2}")))
                .isEqualTo(new MapEdit.AddNode("n", 1, 2));
        assertThat(edit(decode("map", "{\"id\":1,\"op\":\"remove_node\",\"node\":\"n\"}"))).isEqualTo(new MapEdit.RemoveNode(Place.of("n")));
        assertThat(edit(decode("map", "{\"id\":1,\"op\":\"add_edge\",\"from\":\"a\",\"to\":\"b\",\"weight\":2.5,\"undirected\":true}")))
                .isEqualTo(new MapEdit.AddEdge(Place.of("a"), Place.of("b"), 2.5f, true));
        assertThat(edit(decode("map", "{\"id\":1,\"op\":\"remove_edge\",\"from\":\"a\",\"to\":\"b\"}")))
                .isEqualTo(new MapEdit.RemoveEdge(Place.of("a"), Place.of("b"), false));
        assertThat(edit(decode("map", "{\"id\":1,\"op\":\"block\",\"node\":\"a\"}"))).isEqualTo(new MapEdit.SetBlocked(Place.of("a"), true));
        assertThat(edit(decode("map", "{\"id\":1,\"op\":\"unblock\",\"node\":\"a\"}"))).isEqualTo(new MapEdit.SetBlocked(Place.of("a"), false));
        assertThat(edit(decode("map", "{\"id\":1,\"op\":\"set_weight\",\"from\":\"a\",\"to\":\"b\",\"weight\":0}")))
                .isEqualTo(new MapEdit.SetWeight(Place.of("a"), Place.of("b"), 0f));
    }

    @Test
    void shouldRejectWithCodeAndFieldWhenInputIsBad() {
        assertThat(reject("plan", "{\"id\":\"x\"").code.wireName()).isEqualTo("bad_json");
        assertThat(reject("plan", "[1,2]").code.wireName()).isEqualTo("bad_json");
        assertThat(reject("plan", "").code.wireName()).isEqualTo("bad_json");
        RequestDecoder.Rejection missingTo = reject("plan", "{\"id\":\"x\",\"replyTo\":\"wally/r1/reply/ops/1\"}");
        assertThat(missingTo.code.wireName()).isEqualTo("bad_request");
        assertThat(missingTo.getMessage()).contains("'to'");
        assertThat(missingTo.id.asText()).isEqualTo("x");
        assertThat(missingTo.replyTo).isEqualTo("wally/r1/reply/ops/1");
        assertThat(reject("plan", "{\"to\":\"a\"}").getMessage()).contains("'id'");
        assertThat(reject("plan", "{\"id\":{\"a\":1},\"to\":\"a\"}").getMessage()).contains("'id' must be");
        assertThat(reject("plan", "{\"id\":1,\"to\":\"a\",\"replyTo\":\"ops/#\"}").getMessage()).contains("wildcard");
        assertThat(reject("map", "{\"id\":1,\"op\":\"set_weight\",\"from\":\"a\",\"to\":\"b\",\"weight\":-1}").getMessage())
                .contains("'weight' must be >= 0");
        assertThat(reject("map", "{\"id\":1,\"op\":\"explode\"}").getMessage()).contains("unknown map op 'explode'");
        assertThat(reject("map", "{\"id\":1,\"op\":\"add_edge\",\"from\":\"a\",\"to\":\"b\",\"undirected\":\"yes\"}").getMessage())
                .contains("'undirected'");
        assertThat(reject("fly", "{\"id\":1}").code.wireName()).isEqualTo("unknown_command");
    }

    @Test
    void shouldRejectTooLargeBeforeParsingWhenPayloadExceedsLimit() {
        byte[] big = new byte[1025];
        RequestDecoder.Rejection rejection = catchThrowableOfType(RequestDecoder.Rejection.class,
                () -> decoder.decode("plan", big, 1024));
        assertThat(rejection.code.wireName()).isEqualTo("too_large");
        assertThat(rejection.getMessage()).contains("1025 bytes").contains("1024");
    }

    @Test
    void shouldRefuseAReplyToOutsideTheReplyPrefixAndAnswerOnTheDefaultTopic() throws Exception {
        // given: replyTo naming the robot's own stop command (a status request made the robot stop itself)
        for (String topic : new String[] {"wally/r1/cmd/stop", "wally/other/cmd/goto", "wally/r1/status", "ops/1",
                "wally/r1/reply/", "wally/r1/replyX"}) {
            // when
            RequestDecoder.Rejection rejection = reject("status", "{\"id\":9,\"replyTo\":\"" + topic + "\"}");

            // then
            assertThat(rejection).as(topic).isNotNull();
            assertThat(rejection.code.wireName()).isEqualTo("bad_request");
            assertThat(rejection.replyTo).as("the refusal goes to the default reply topic").isNull();
            assertThat(rejection.id.asInt()).isEqualTo(9);
            assertThat(rejection.getMessage()).isEqualTo("field 'replyTo' must be wally/r1/reply or a topic under"
                    + " wally/r1/reply/; was \"" + topic + "\"");
        }
        assertThat(decoded("status", "{\"id\":9,\"replyTo\":\"wally/r1/reply/ops/42\"}").replyTo()).isEqualTo("wally/r1/reply/ops/42");
        assertThat(decoded("status", "{\"id\":9,\"replyTo\":\"wally/r1/reply\"}").replyTo()).isEqualTo("wally/r1/reply");
    }

    @Test
    void shouldAcceptReplyToUnderAConfiguredPrefix() throws Exception {
        RequestDecoder custom = new RequestDecoder(new ObjectMapper(), BridgeSettings.defaults("r1").withReplyPrefix("ops/r1/"));

        RequestDecoder.Decoded ok = custom.decode("status", "{\"id\":1,\"replyTo\":\"ops/r1/me\"}".getBytes(StandardCharsets.UTF_8), 1024);
        RequestDecoder.Rejection refused = catchThrowableOfType(RequestDecoder.Rejection.class, () -> custom.decode("status",
                "{\"id\":1,\"replyTo\":\"wally/r1/reply/me\"}".getBytes(StandardCharsets.UTF_8), 1024));

        assertThat(ok.replyTo()).isEqualTo("ops/r1/me");
        assertThat(refused.getMessage()).contains("under ops/r1/");
    }

    @Test
    void shouldRefuseAReplyPrefixThatCoversCommandTopics() {
        for (String prefix : new String[] {"wally/", "wally/r1/", "wally/r1/cmd/", "wally/other/cmd/", "ops", "ops/#/"}) {
            assertThat(MqttTopics.whyNotReplyPrefix(prefix)).as(prefix).isNotNull();
            Assertions.assertThatThrownBy(() -> BridgeSettings.defaults("r1").withReplyPrefix(prefix))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(prefix);
        }
        assertThat(MqttTopics.whyNotReplyPrefix("wally/r1/reply/")).isNull();
        assertThat(MqttTopics.whyNotReplyPrefix("ops/")).isNull();
    }

    @Test
    void shouldRefuseNonFiniteCoordinatesAsTextOrNumbersNamingFieldAndValue() {
        for (String target : new String[] {"NaN,NaN", "Infinity,-Infinity", "1e999,0", "0,-1e999", "2e6,0", "NaN, 1"}) {
            RequestDecoder.Rejection r = reject("goto", "{\"id\":1,\"target\":\"" + target + "\"}");
            assertThat(r).as(target).isNotNull();
            assertThat(r.code.wireName()).isEqualTo("bad_request");
            assertThat(r.getMessage()).as(target).startsWith("field 'target' reads as coordinates").endsWith("was \"" + target + "\"");
        }
        RequestDecoder.Rejection plan = reject("plan", "{\"id\":1,\"from\":\"NaN,0\",\"to\":\"dock\"}");
        assertThat(plan.getMessage()).startsWith("field 'from' ");
        RequestDecoder.Rejection json = reject("goto", "{\"id\":1,\"x\":1e999,\"y\":0}");
        assertThat(json.code.wireName()).isEqualTo("bad_request");
        assertThat(json.getMessage()).isEqualTo("field 'x' must be a finite number; was Infinity");
        RequestDecoder.Rejection far = reject("goto", "{\"id\":1,\"x\":0,\"y\":-2000000.5}");
        assertThat(far.getMessage()).isEqualTo("field 'y' must be within ±1000000 m; was -2000000.5");
        RequestDecoder.Rejection node = reject("map", "{\"id\":1,\"op\":\"add_node\",\"x\":1e39,\"y\":0}");
        assertThat(node.getMessage()).isEqualTo("field 'x' must be a finite number; was 1.0E39");
    }

    @Test
    void shouldAnswerTooLargeNamingTheFieldAndLimitWhenAFieldIsOverLong() {
        String longText = "é".repeat(200); // 400 bytes of UTF-8
        String[][] cases = {
            {"plan", "{\"id\":1,\"to\":\"" + longText + "\"}", "to", "255"},
            {"plan", "{\"id\":1,\"from\":\"" + longText + "\",\"to\":\"dock\"}", "from", "255"},
            {"goto", "{\"id\":1,\"target\":\"" + longText + "\"}", "target", "255"},
            {"stop", "{\"id\":1,\"reason\":\"" + longText + "\"}", "reason", "256"},
            {"map", "{\"id\":1,\"op\":\"add_node\",\"name\":\"" + longText + "\",\"x\":1,\"y\":1}", "name", "255"},
            {"map", "{\"id\":1,\"op\":\"block\",\"node\":\"" + longText + "\"}", "node", "255"},
            {"plan", "{\"id\":1,\"to\":\"dock\",\"algorithm\":\"" + longText + "\"}", "algorithm", "32"},
        };
        for (String[] c : cases) {
            RequestDecoder.Rejection r = catchThrowableOfType(RequestDecoder.Rejection.class,
                    () -> decoder.decode(c[0], c[1].getBytes(StandardCharsets.UTF_8), 65_536));
            assertThat(r).as(c[1]).isNotNull();
            assertThat(r.code.wireName()).as(c[1]).isEqualTo("too_large");
            assertThat(r.getMessage()).isEqualTo("field '" + c[2] + "' is 400 bytes (UTF-8); the limit is " + c[3]
                    + "; was \"" + "é".repeat(40) + "…\" (200 characters)");
        }
    }

    @Test
    void shouldRefuseAMapNodeNameThatReadsAsAnIdOrCoordinates() {
        for (String name : new String[] {"17", "-3", " 8 ", "1,2", "2.5, -3", "NaN,NaN"}) {
            RequestDecoder.Rejection r = reject("map", "{\"id\":1,\"op\":\"add_node\",\"name\":\"" + name + "\",\"x\":1,\"y\":1}");
            assertThat(r).as(name).isNotNull();
            assertThat(r.code.wireName()).isEqualTo("bad_request");
            assertThat(r.getMessage()).startsWith("field 'name' reads as ").endsWith("was \"" + name + "\"");
        }
    }

    @Test
    void shouldRefuseASelfLoopUnlessAllowed() throws Exception {
        RequestDecoder.Rejection loop = reject("map", "{\"id\":1,\"op\":\"add_edge\",\"from\":\"dock\",\"to\":\"dock\"}");
        MapEdit allowed = edit(decode("map", "{\"id\":1,\"op\":\"add_edge\",\"from\":\"dock\",\"to\":\"dock\",\"allowSelfLoop\":true}"));

        assertThat(loop.code.wireName()).isEqualTo("bad_request");
        assertThat(loop.getMessage()).isEqualTo("fields 'from' and 'to' name the same node \"dock\": a self-loop;"
                + " send \"allowSelfLoop\": true to add one");
        assertThat(allowed).isEqualTo(new MapEdit.AddEdge(Place.of("dock"), Place.of("dock"), 1.0f, false, true));
    }

    @Test
    void shouldDecodeSimilarAndRoomsWithDefaultsAndRefuseBadCountsOrKinds() throws Exception {
        assertThat(decode("similar", "{\"id\":1,\"place\":\"kitchen\"}"))
                .isEqualTo(new Request.Similar(new Place.Named("kitchen"), 5, null));
        assertThat(decode("similar", "{\"id\":1,\"place\":\"2,3\",\"k\":10,\"kind\":\"room\"}"))
                .isEqualTo(new Request.Similar(new Place.Point(2, 3), 10, "room"));
        assertThat(decode("rooms", "{\"id\":1}")).isEqualTo(new Request.Rooms(null));
        assertThat(decode("rooms", "{\"id\":1,\"rooms\":4}")).isEqualTo(new Request.Rooms(4));

        assertThat(reject("similar", "{\"id\":1}").getMessage()).contains("'place'");
        assertThat(reject("similar", "{\"id\":1,\"place\":\"a\",\"k\":0}").getMessage()).contains("'k' must be in [1, 100]");
        assertThat(reject("similar", "{\"id\":1,\"place\":\"a\",\"k\":2.5}").getMessage()).contains("'k' must be an integer");
        assertThat(reject("similar", "{\"id\":1,\"place\":\"a\",\"kind\":\"attic\"}").getMessage()).contains("room, waypoint, dock");
        assertThat(reject("rooms", "{\"id\":1,\"rooms\":1}").code.wireName()).isEqualTo("bad_request");
    }

    @Test
    void shouldDecodeQueriesWithTypedParametersAndRefuseBadOnes() throws Exception {
        assertThat(decode("query", "{\"id\":1,\"query\":\"MATCH (r:room) RETURN r\",\"params\":{\"m\":3,\"f\":1.5,\"s\":\"a\",\"b\":true,\"l\":[1,2]},\"limit\":5}"))
                .isEqualTo(new Request.Query("MATCH (r:room) RETURN r", Map.of("m", 3L, "f", 1.5, "s", "a", "b", true, "l", List.of(1L, 2L)), 5));
        assertThat(reject("query", "{\"id\":1}").getMessage()).contains("'query'");
        assertThat(reject("query", "{\"id\":1,\"query\":\"RETURN 1\",\"params\":[1]}").getMessage()).contains("'params' must be an object");
        assertThat(reject("query", "{\"id\":1,\"query\":\"RETURN 1\",\"params\":{\"x\":{\"y\":1}}}").getMessage())
                .contains("parameter 'x'");
        assertThat(reject("query", "{\"id\":1,\"query\":\"RETURN 1\",\"limit\":0}").getMessage()).contains("'limit' must be in [1, 10000]");
    }

    @Test
    void shouldDecodeExploreWithDefaultsWhenBudgetsAreLeftOut() throws Exception {
        assertThat(decode("explore", "{\"id\":1}"))
                .isEqualTo(new Request.Explore(Request.DEFAULT_EXPLORE_SECONDS, Double.POSITIVE_INFINITY));
        assertThat(decode("explore", "{\"id\":1,\"budgetSeconds\":120,\"maxDistanceMeters\":35.5}"))
                .isEqualTo(new Request.Explore(120, 35.5));
        assertThat(decode("explore", "{\"id\":1,\"budgetSeconds\":null}"))
                .isEqualTo(new Request.Explore(Request.DEFAULT_EXPLORE_SECONDS, Double.POSITIVE_INFINITY));
        assertThat(decode("explore", "{\"id\":1}").command()).isEqualTo("explore");
    }

    @Test
    void shouldRefuseExploreWithBadRequestNamingTheFieldWhenABudgetIsNotAPositiveNumber() {
        for (String bad : List.of("\"budgetSeconds\":\"soon\"", "\"budgetSeconds\":true", "\"budgetSeconds\":[60]",
                "\"budgetSeconds\":0", "\"budgetSeconds\":-5", "\"budgetSeconds\":1e999", "\"budgetSeconds\":86401")) {
            RequestDecoder.Rejection r = reject("explore", "{\"id\":1," + bad + "}");
            assertThat(r).as(bad).isNotNull();
            assertThat(r.code.wireName()).as(bad).isEqualTo("bad_request");
            assertThat(r.getMessage()).as(bad).contains("'budgetSeconds'");
        }
        for (String bad : List.of("\"maxDistanceMeters\":\"far\"", "\"maxDistanceMeters\":{}", "\"maxDistanceMeters\":0",
                "\"maxDistanceMeters\":-1", "\"maxDistanceMeters\":100001")) {
            RequestDecoder.Rejection r = reject("explore", "{\"id\":1," + bad + "}");
            assertThat(r).as(bad).isNotNull();
            assertThat(r.code.wireName()).as(bad).isEqualTo("bad_request");
            assertThat(r.getMessage()).as(bad).contains("'maxDistanceMeters'");
        }
    }
}
