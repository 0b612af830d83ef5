package io.wally.runtime.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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

    @Test
    void shouldWriteTheSameJsonTextAsRoundingThroughBigDecimalForEveryKindOfValue() {
        SplittableRandom random = new SplittableRandom(7);
        List<Double> values = new ArrayList<>(List.of(0.0, -0.0, 1.0, -1.0, 0.00005, -0.00005, 0.00015, 0.0001, 0.0009,
                0.00095, 0.001, 0.00105, 99_999.99995, 100_000.0, 1e7, 1e-9, 7.3056, 1.025, 0.30005, 2.675, 1.0249999761581421,
                Double.MIN_VALUE, Double.MAX_VALUE));
        for (int i = 0; i < 200_000; i++) {
            double magnitude = Math.pow(10, random.nextInt(-6, 8));
            double v = (random.nextDouble() * 2 - 1) * magnitude;
            values.add(v);
            long k = random.nextLong(-2_000_000_000L, 2_000_000_000L);
            values.add(k / 10_000.0); // already on the grid
            values.add((k + 0.5) / 10_000.0); // a tie
            values.add((k + 0.5) / 10_000.0 + (random.nextBoolean() ? 1e-12 : -1e-12)); // just off one
            values.add((double) (float) v);
        }
        for (double v : values) {
            assertThat(Numbers.jsonText(v)).as("%s", v).isEqualTo(Double.toString(Numbers.round(v, Numbers.JSON_DECIMALS)));
        }
    }
}
