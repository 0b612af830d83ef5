package io.wally.runtime.text;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Numbers as people read them, in command-line output and in MQTT replies and telemetry: rounded to a
 * few decimals, never {@code -0}, never float noise such as {@code 3.18E-15} or {@code 1.0249999761581421}.
 * One helper so that every output rounds alike. Stateless; thread-safe.
 */
public final class Numbers {

    /** Decimals kept in JSON: 0.1 mm, 0.1 ms, 0.0001 of a share; what a robot's figures mean. */
    public static final int JSON_DECIMALS = 4;

    private Numbers() {
    }

    /**
     * {@code value} rounded half-up to {@code decimals} places, with negative zero made zero; NaN and the
     * infinities are returned as they are.
     */
    public static double round(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return value;
        }
        double rounded = BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
        return rounded == 0 ? 0.0 : rounded; // -0.0 == 0: both become +0.0
    }

    /**
     * The JSON text of {@code round(value, JSON_DECIMALS)} as Jackson writes that double (Java's shortest
     * decimal: {@code 7.3056}, {@code 1.0}, {@code -0.025}, {@code 1.0E-4}), made from integers when the value is
     * not near a rounding tie: a route's points are thousands of numbers per reply, and rounding each through
     * {@link BigDecimal} and its text twice was most of a reply's serialisation time. Ties, tiny and large
     * values take the exact way.
     */
    static String jsonText(double value) {
        double scaled = Math.abs(value) * ROUNDING_SCALE;
        if (scaled < FAST_LIMIT) { // NaN fails too
            double floor = Math.floor(scaled);
            double frac = scaled - floor;
            // far from .5, the product's rounding error (< 1e-7 here) cannot change the side; near it, go exact
            if (Math.abs(frac - 0.5) > TIE_GUARD) {
                long k = (long) floor + (frac > 0.5 ? 1 : 0);
                if (k == 0) {
                    return "0.0";
                }
                if (k >= 10) { // 0.001 and up: Java writes these plainly
                    long whole = k / ROUNDING_SCALE_LONG;
                    int fraction = (int) (k % ROUNDING_SCALE_LONG);
                    StringBuilder text = new StringBuilder(20);
                    if (value < 0) {
                        text.append('-');
                    }
                    text.append(whole).append('.');
                    if (fraction == 0) {
                        return text.append('0').toString();
                    }
                    int digits = JSON_DECIMALS;
                    while (fraction % 10 == 0) {
                        fraction /= 10;
                        digits--;
                    }
                    for (int pad = digits - 1, f = fraction; pad > 0 && f < POW10[pad]; pad--) {
                        text.append('0');
                    }
                    return text.append(fraction).toString();
                }
            }
        }
        return Double.toString(round(value, JSON_DECIMALS));
    }

    private static final double ROUNDING_SCALE = 10_000;
    private static final long ROUNDING_SCALE_LONG = 10_000;
    /** Scaled values below this (values below 100,000) are rounded from integers. */
    private static final double FAST_LIMIT = 1e9;
    private static final double TIE_GUARD = 1e-3;
    private static final int[] POW10 = {1, 10, 100, 1000, 10_000};

    /** {@code value} with exactly {@code decimals} places ({@code Locale.ROOT}), never {@code -0.0}. */
    public static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", round(value, decimals));
    }

    /** {@code count} with thousands separators: {@code 45,056}. */
    public static String grouped(long count) {
        return String.format(Locale.ROOT, "%,d", count);
    }

    /** A byte count in the largest binary unit that keeps it at least 1: {@code 208 B}, {@code 8.6 KiB}, {@code 1.2 MiB}. */
    public static String bytes(long count) {
        if (count < 1024) {
            return count + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = count / 1024.0;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return fixed(value, 1) + " " + units[unit];
    }

    /** A duration in nanoseconds as milliseconds with one decimal: {@code 352.4 ms}. */
    public static String millis(long nanos) {
        return fixed(nanos / 1e6, 1) + " ms";
    }

    /**
     * A Jackson module that writes every {@code double} and {@code float} (also in arrays) rounded to {@link #JSON_DECIMALS}
     * places (no {@code -0.0}, no float noise); NaN and the infinities as Jackson would.
     */
    public static SimpleModule jsonModule() {
        SimpleModule module = new SimpleModule("wally-rounded-numbers");
        JsonSerializer<Number> rounded = new JsonSerializer<>() {
            @Override
            public void serialize(Number value, JsonGenerator out, SerializerProvider provider) throws IOException {
                // a float widened to double carries noise (1.025f -> 1.0249999761581421): go through its shortest text
                double exact = value instanceof Float f ? Double.parseDouble(Float.toString(f)) : value.doubleValue();
                writeRounded(out, exact);
            }
        };
        module.addSerializer(Double.class, rounded);
        module.addSerializer(Double.TYPE, rounded);
        module.addSerializer(Float.class, rounded);
        module.addSerializer(Float.TYPE, rounded);
        module.addSerializer(double[].class, new JsonSerializer<>() {
            @Override
            public void serialize(double[] values, JsonGenerator out, SerializerProvider provider) throws IOException {
                out.writeStartArray(values, values.length);
                for (double v : values) {
                    writeRounded(out, v);
                }
                out.writeEndArray();
            }
        });
        module.addSerializer(float[].class, new JsonSerializer<>() {
            @Override
            public void serialize(float[] values, JsonGenerator out, SerializerProvider provider) throws IOException {
                out.writeStartArray(values, values.length);
                for (float v : values) {
                    writeRounded(out, Double.parseDouble(Float.toString(v)));
                }
                out.writeEndArray();
            }
        });
        return module;
    }

    /** NaN and the infinities as Jackson writes them; every other value as {@link #jsonText}. */
    private static void writeRounded(JsonGenerator out, double value) throws IOException {
        if (Double.isFinite(value)) {
            out.writeNumber(jsonText(value));
        } else {
            out.writeNumber(value);
        }
    }
}
