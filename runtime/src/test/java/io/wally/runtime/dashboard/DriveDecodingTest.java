package io.wally.runtime.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wally.runtime.command.ErrorCode;
import io.wally.runtime.command.Request;
import io.wally.runtime.mqtt.RequestDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** cmd/drive as MQTT (and the dashboard, through the same decoder) reads it. */
class DriveDecodingTest {

    private final RequestDecoder decoder = new RequestDecoder(new ObjectMapper(), "wally/r/reply", "wally/r/reply/");

    private RequestDecoder.Decoded decode(String json) throws RequestDecoder.Rejection {
        return decoder.decode("drive", json.getBytes(StandardCharsets.UTF_8), 65_536);
    }

    @Test
    void shouldDecodeBothSpeeds() throws Exception {
        Request request = decode("{\"id\":\"d1\",\"linearMps\":0.2,\"angularRadPerS\":-0.5}").request();
        assertThat(request).isEqualTo(new Request.Drive(0.2f, -0.5f));
        assertThat(request.command()).isEqualTo("drive");
    }

    @Test
    void shouldRefuseMissingOrNonNumericSpeedsNamingTheField() {
        assertThatThrownBy(() -> decode("{\"id\":\"d2\",\"linearMps\":0.2}"))
                .isInstanceOfSatisfying(RequestDecoder.Rejection.class, r -> assertThat(r.code()).isEqualTo(ErrorCode.BAD_REQUEST))
                .hasMessageContaining("angularRadPerS");
        assertThatThrownBy(() -> decode("{\"id\":\"d3\",\"linearMps\":\"fast\",\"angularRadPerS\":0}"))
                .hasMessageContaining("linearMps");
    }
}
