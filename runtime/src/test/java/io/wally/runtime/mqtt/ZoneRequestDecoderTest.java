package io.wally.runtime.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wally.maps.zone.Zone;
import io.wally.runtime.command.MapEdit;
import io.wally.runtime.command.Request;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The zone ops of {@code cmd/map}: decoded into {@link MapEdit} variants, refused with the field and value. */
class ZoneRequestDecoderTest {

    private final RequestDecoder decoder = new RequestDecoder(new ObjectMapper(), BridgeSettings.defaults("r1"));

    private MapEdit edit(String json) throws RequestDecoder.Rejection {
        return ((Request.EditMap) decoder.decode("map", json.getBytes(StandardCharsets.UTF_8), 65_536).request()).edit();
    }

    private RequestDecoder.Rejection reject(String json) {
        return catchThrowableOfType(RequestDecoder.Rejection.class, () -> edit(json));
    }

    @Test
    void decodesTheThreeZoneOps() throws Exception {
        assertThat(edit("{\"id\":1,\"op\":\"add_zone\",\"name\":\"rug\",\"kind\":\"keepout\",\"points\":[[0,0],[1,0],[1,1]]}"))
                .isEqualTo(new MapEdit.AddZone(Zone.keepout("rug", new double[] {0, 0, 1, 0, 1, 1})));
        assertThat(edit("{\"id\":1,\"op\":\"add_zone\",\"name\":\"hall\",\"kind\":\"SPEED\",\"points\":[[0,0],[1,0],[1,1]],"
                + "\"costFactor\":1.5,\"maxSpeedMps\":0.15}"))
                .isEqualTo(new MapEdit.AddZone(Zone.speed("hall", new double[] {0, 0, 1, 0, 1, 1}, 1.5, 0.15)));
        assertThat(edit("{\"id\":1,\"op\":\"remove_zone\",\"name\":\"rug\"}")).isEqualTo(new MapEdit.RemoveZone("rug"));
        assertThat(edit("{\"id\":1,\"op\":\"list_zones\"}")).isEqualTo(new MapEdit.ListZones());
    }

    @Test
    void refusesBadZonesNamingTheFieldAndValue() {
        assertThat(reject("{\"id\":1,\"op\":\"add_zone\",\"name\":\"z\",\"kind\":\"nogo\",\"points\":[[0,0],[1,0],[1,1]]}").getMessage())
                .contains("'kind'").contains("nogo");
        assertThat(reject("{\"id\":1,\"op\":\"add_zone\",\"name\":\"z\",\"kind\":\"keepout\"}").getMessage()).contains("'points'");
        assertThat(reject("{\"id\":1,\"op\":\"add_zone\",\"name\":\"z\",\"kind\":\"keepout\",\"points\":[[0,0],[1,\"a\"],[1,1]]}").getMessage())
                .contains("corner 2");
        assertThat(reject("{\"id\":1,\"op\":\"add_zone\",\"name\":\"z\",\"kind\":\"keepout\",\"points\":[[0,0],[1,0]]}").getMessage())
                .contains("3 to 256");
        assertThat(reject("{\"id\":1,\"op\":\"add_zone\",\"name\":\"z\",\"kind\":\"keepout\",\"points\":[[0,0],[1,0],[1,1]],\"costFactor\":2}")
                .getMessage()).contains("takes no costFactor");
        assertThat(reject("{\"id\":1,\"op\":\"add_zone\",\"name\":\"z\",\"kind\":\"speed\",\"points\":[[0,0],[1,0],[1,1]],\"maxSpeedMps\":-1}")
                .getMessage()).contains("maxSpeedMps").contains("-1");
        assertThat(reject("{\"id\":1,\"op\":\"add_zone\",\"name\":\"z\",\"kind\":\"keepout\",\"points\":[[0,0],[1,0],[1,1e99]]}").code.wireName())
                .isEqualTo("bad_request");
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 300; i++) {
            many.append(i == 0 ? "" : ",").append("[").append(i).append(",").append(i % 2).append("]");
        }
        assertThat(reject("{\"id\":1,\"op\":\"add_zone\",\"name\":\"z\",\"kind\":\"keepout\",\"points\":" + many + "]}").code.wireName())
                .isEqualTo("too_large");
        assertThat(reject("{\"id\":1,\"op\":\"remove_zone\"}").getMessage()).contains("'name'");
    }
}
