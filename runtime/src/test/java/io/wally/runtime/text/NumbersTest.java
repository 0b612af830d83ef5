package io.wally.runtime.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NumbersTest {

    @Test
    void shouldRoundAwayFloatNoiseAndNegativeZero() {
        assertThat(Numbers.round(3.18e-15, 4)).isEqualTo(0.0);
        assertThat(Double.doubleToRawLongBits(Numbers.round(-0.00001, 4))).as("+0.0, not -0.0").isZero();
        assertThat(Numbers.round(1.0249999761581421, 4)).isEqualTo(1.025);
        assertThat(Numbers.round(7.30555, 2)).isEqualTo(7.31);
        assertThat(Numbers.round(Double.NaN, 2)).isNaN();
        assertThat(Numbers.fixed(-0.04, 1)).isEqualTo("0.0");
        assertThat(Numbers.fixed(-0.4, 0)).isEqualTo("0");
    }

    @Test
    void shouldWriteCountsBytesAndMillisForPeople() {
        assertThat(Numbers.grouped(45056)).isEqualTo("45,056");
        assertThat(Numbers.bytes(208)).isEqualTo("208 B");
        assertThat(Numbers.bytes(8770)).isEqualTo("8.6 KiB");
        assertThat(Numbers.bytes(3L << 30)).isEqualTo("3.0 GiB");
        assertThat(Numbers.millis(352_387_000)).isEqualTo("352.4 ms");
    }

    @Test
    void shouldWriteRoundedNumbersInJson() throws Exception {
        ObjectMapper json = new ObjectMapper().registerModule(Numbers.jsonModule());
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("cost", 7.305594177246094);
        reply.put("x", 1.025f);
        reply.put("heading", -0.0);
        reply.put("tiny", 3.18e-15);
        reply.put("count", 12);
        reply.put("points", new double[] {1.0249999761581421, 2.5});

        assertThat(json.writeValueAsString(reply))
                .isEqualTo("{\"cost\":7.3056,\"x\":1.025,\"heading\":0.0,\"tiny\":0.0,\"count\":12,\"points\":[1.025,2.5]}");
    }
}
