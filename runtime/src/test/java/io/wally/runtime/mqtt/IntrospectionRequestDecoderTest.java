package io.wally.runtime.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wally.runtime.command.ErrorCode;
import io.wally.runtime.command.MapEdit;
import io.wally.runtime.command.Request;
import io.wally.runtime.command.StopReasons;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Decoding of {@code cmd/places} and the map ops {@code get}, {@code name_here}, {@code paint}, {@code erase}. */
class IntrospectionRequestDecoderTest {

    private final RequestDecoder decoder = new RequestDecoder(new ObjectMapper(), BridgeSettings.defaults("r1"));

    private Request decode(String command, String json) throws RequestDecoder.Rejection {
        return decoder.decode(command, json.getBytes(StandardCharsets.UTF_8), 65_536).request();
    }

    private MapEdit edit(String json) throws RequestDecoder.Rejection {
        return ((Request.EditMap) decode("map", json)).edit();
    }

    private RequestDecoder.Rejection reject(String command, String json) {
        return catchThrowableOfType(RequestDecoder.Rejection.class, () -> decode(command, json));
    }

    @Test
    void shouldDecodePlacesAndMapGetWithPngByDefault() throws Exception {
        assertThat(decode("places", "{\"id\":1}")).isEqualTo(new Request.Places());
        assertThat(decode("places", "{\"id\":1}").command()).isEqualTo("places");
        assertThat(edit("{\"id\":1,\"op\":\"get\"}")).isEqualTo(new MapEdit.GetMap("png"));
        assertThat(edit("{\"id\":1,\"op\":\"get\",\"format\":\"rle\"}")).isEqualTo(new MapEdit.GetMap("rle"));
    }

    @Test
    void shouldRefuseAnUnknownPictureFormatNamingTheChoices() {
        RequestDecoder.Rejection r = reject("map", "{\"id\":1,\"op\":\"get\",\"format\":\"gif\"}");
        assertThat(r.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(r.getMessage()).contains("'format'").contains("png, rle").contains("\"gif\"");
    }

    @Test
    void shouldTurnARectangleIntoItsFourCornersWhateverTheOrderOfItsEnds() throws Exception {
        MapEdit.Paint paint = (MapEdit.Paint) edit("{\"id\":1,\"op\":\"paint\",\"state\":\"occupied\",\"rect\":[2,3,1,0]}");
        assertThat(paint.occupied()).isTrue();
        assertThat(paint.polygon()).containsExactly(1, 0, 2, 0, 2, 3, 1, 3);
        MapEdit.Paint free = (MapEdit.Paint) edit("{\"id\":1,\"op\":\"paint\",\"state\":\"free\",\"points\":[[0,0],[1,0],[1,1]]}");
        assertThat(free.occupied()).isFalse();
        assertThat(free.polygon()).containsExactly(0, 0, 1, 0, 1, 1);
    }

    @Test
    void shouldEraseTheWholeMapWithoutAnAreaAndARegionWithOne() throws Exception {
        assertThat(((MapEdit.Erase) edit("{\"id\":1,\"op\":\"erase\"}")).polygon()).isNull();
        assertThat(((MapEdit.Erase) edit("{\"id\":1,\"op\":\"erase\",\"rect\":[0,0,1,1]}")).polygon()).hasSize(8);
        assertThat(((MapEdit.NameHere) edit("{\"id\":1,\"op\":\"name_here\",\"name\":\"sofa\"}")).name()).isEqualTo("sofa");
    }

    @Test
    void shouldRefuseBadAreasAndStatesNamingTheField() {
        assertThat(reject("map", "{\"id\":1,\"op\":\"paint\",\"state\":\"wet\",\"rect\":[0,0,1,1]}").getMessage())
                .contains("'state'").contains("occupied or free");
        assertThat(reject("map", "{\"id\":1,\"op\":\"paint\",\"state\":\"free\"}").getMessage()).contains("'rect'").contains("'points'");
        assertThat(reject("map", "{\"id\":1,\"op\":\"paint\",\"state\":\"free\",\"rect\":[0,0,1]}").getMessage()).contains("[x0, y0, x1, y1]");
        assertThat(reject("map", "{\"id\":1,\"op\":\"paint\",\"state\":\"free\",\"rect\":[0,0,1,\"a\"]}").getMessage()).contains("[x0, y0, x1, y1]");
        assertThat(reject("map", "{\"id\":1,\"op\":\"erase\",\"rect\":[0,0,1,1],\"points\":[[0,0],[1,0],[1,1]]}").getMessage())
                .contains("either 'rect' or 'points'");
        assertThat(reject("map", "{\"id\":1,\"op\":\"erase\",\"points\":[[0,0],[1,0]]}").getMessage()).contains("3 or more");
        assertThat(reject("map", "{\"id\":1,\"op\":\"erase\",\"points\":{\"a\":1}}").getMessage()).contains("'points'");
        assertThat(reject("map", "{\"id\":1,\"op\":\"erase\",\"points\":[[0,0],[1,0],[1]]}").getMessage()).contains("corner 3");
        assertThat(reject("map", "{\"id\":1,\"op\":\"erase\",\"rect\":[0,0,1,1e999]}").getMessage()).contains("finite");
        assertThat(reject("map", "{\"id\":1,\"op\":\"name_here\",\"name\":\"3,4\"}").code()).isEqualTo(ErrorCode.BAD_REQUEST);
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i <= MapEdit.MAX_CORNERS; i++) {
            many.append(i == 0 ? "" : ",").append("[").append(i).append(",0]");
        }
        assertThat(reject("map", "{\"id\":1,\"op\":\"paint\",\"state\":\"free\",\"points\":" + many + "]}").code())
                .isEqualTo(ErrorCode.TOO_LARGE);
    }

    @Test
    void shouldSayStopRequestedOnceWhateverTheReason() {
        assertThat(StopReasons.describe(null)).isEqualTo("stop requested");
        assertThat(StopReasons.describe("  ")).isEqualTo("stop requested");
        assertThat(StopReasons.describe("operator")).isEqualTo("stop requested: operator");
        assertThat(StopReasons.describe("stop requested over MQTT (bad JSON)")).isEqualTo("stop requested over MQTT (bad JSON)");
        assertThat(StopReasons.describe("Stop requested: twice")).isEqualTo("Stop requested: twice");
    }
}
