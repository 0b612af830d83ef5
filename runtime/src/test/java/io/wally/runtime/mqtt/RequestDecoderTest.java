package io.wally.runtime.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wally.runtime.command.MapEdit;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestDecoderTest {

    private final RequestDecoder decoder = new RequestDecoder(new ObjectMapper());

    private RequestDecoder.Request decode(String command, String json) throws RequestDecoder.Rejection {
        return decoder.decode(command, json.getBytes(StandardCharsets.UTF_8), 1024);
    }

    private RequestDecoder.Rejection reject(String command, String json) {
        return catchThrowableOfType(RequestDecoder.Rejection.class, () -> decode(command, json));
    }

    @Test
    void shouldDecodePlanWithDefaultsWhenOnlyTargetGiven() throws Exception {
        RequestDecoder.Request plan = decode("plan", "{\"id\":\"a\",\"to\":\"kitchen\"}");
        assertThat(plan.id().asText()).isEqualTo("a");
        assertThat(plan.from()).isNull();
        assertThat(plan.to()).isEqualTo("kitchen");
        assertThat(plan.algorithm()).isEqualTo("astar");
        assertThat(plan.replyTo()).isNull();
    }

    @Test
    void shouldAcceptNumericNodeIdsAndCoordinatesWhenPlacesGivenThatWay() throws Exception {
        assertThat(decode("plan", "{\"id\":1,\"from\":3,\"to\":\"1.5,2\"}").from()).isEqualTo("3");
        assertThat(decode("goto", "{\"id\":1,\"x\":1.5,\"y\":-2}").target()).isEqualTo("1.5,-2.0");
        assertThat(decode("goto", "{\"id\":1,\"target\":\"dock\"}").target()).isEqualTo("dock");
    }

    @Test
    void shouldDecodeEveryMapOpWhenFieldsPresent() throws Exception {
        assertThat(decode("map", "{\"id\":1,\"op\":\"add_node\",\"name\":\"n\",\"x\":1,\"y\":2}").edit())
                .isEqualTo(new MapEdit.AddNode("n", 1, 2));
        assertThat(decode("map", "{\"id\":1,\"op\":\"remove_node\",\"node\":\"n\"}").edit()).isEqualTo(new MapEdit.RemoveNode("n"));
        assertThat(decode("map", "{\"id\":1,\"op\":\"add_edge\",\"from\":\"a\",\"to\":\"b\",\"weight\":2.5,\"undirected\":true}").edit())
                .isEqualTo(new MapEdit.AddEdge("a", "b", 2.5f, true));
        assertThat(decode("map", "{\"id\":1,\"op\":\"remove_edge\",\"from\":\"a\",\"to\":\"b\"}").edit())
                .isEqualTo(new MapEdit.RemoveEdge("a", "b", false));
        assertThat(decode("map", "{\"id\":1,\"op\":\"block\",\"node\":\"a\"}").edit()).isEqualTo(new MapEdit.SetBlocked("a", true));
        assertThat(decode("map", "{\"id\":1,\"op\":\"unblock\",\"node\":\"a\"}").edit()).isEqualTo(new MapEdit.SetBlocked("a", false));
        assertThat(decode("map", "{\"id\":1,\"op\":\"set_weight\",\"from\":\"a\",\"to\":\"b\",\"weight\":0}").edit())
                .isEqualTo(new MapEdit.SetWeight("a", "b", 0f));
    }

    @Test
    void shouldRejectWithCodeAndFieldWhenInputIsBad() {
        assertThat(reject("plan", "{\"id\":\"x\"").code).isEqualTo("bad_json");
        assertThat(reject("plan", "[1,2]").code).isEqualTo("bad_json");
        assertThat(reject("plan", "").code).isEqualTo("bad_json");
        RequestDecoder.Rejection missingTo = reject("plan", "{\"id\":\"x\",\"replyTo\":\"ops/1\"}");
        assertThat(missingTo.code).isEqualTo("bad_request");
        assertThat(missingTo.getMessage()).contains("'to'");
        assertThat(missingTo.id.asText()).isEqualTo("x");
        assertThat(missingTo.replyTo).isEqualTo("ops/1");
        assertThat(reject("plan", "{\"to\":\"a\"}").getMessage()).contains("'id'");
        assertThat(reject("plan", "{\"id\":{\"a\":1},\"to\":\"a\"}").getMessage()).contains("'id' must be");
        assertThat(reject("plan", "{\"id\":1,\"to\":\"a\",\"replyTo\":\"ops/#\"}").getMessage()).contains("wildcard");
        assertThat(reject("map", "{\"id\":1,\"op\":\"set_weight\",\"from\":\"a\",\"to\":\"b\",\"weight\":-1}").getMessage())
                .contains("'weight' must be >= 0");
        assertThat(reject("map", "{\"id\":1,\"op\":\"explode\"}").getMessage()).contains("unknown map op 'explode'");
        assertThat(reject("map", "{\"id\":1,\"op\":\"add_edge\",\"from\":\"a\",\"to\":\"b\",\"undirected\":\"yes\"}").getMessage())
                .contains("'undirected'");
        assertThat(reject("fly", "{\"id\":1}").code).isEqualTo("unknown_command");
    }

    @Test
    void shouldRejectTooLargeBeforeParsingWhenPayloadExceedsLimit() {
        byte[] big = new byte[1025];
        RequestDecoder.Rejection rejection = catchThrowableOfType(RequestDecoder.Rejection.class,
                () -> decoder.decode("plan", big, 1024));
        assertThat(rejection.code).isEqualTo("too_large");
        assertThat(rejection.getMessage()).contains("1025 bytes").contains("1024");
    }
}
