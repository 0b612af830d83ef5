package io.wally.runtime.vda5050;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of the state's {@code errors}: the standard's error type ({@code validationError},
 * {@code noRouteError}, {@code orderUpdateError}, …), its level and what it refers to. Immutable.
 *
 * @param type        the standard's {@code errorType}
 * @param fatal       {@code FATAL} (the robot cannot go on without help) or {@code WARNING}
 * @param description what went wrong, with the values involved
 * @param references  {@code referenceKey} to {@code referenceValue} (e.g. {@code orderId}, {@code nodeId})
 */
public record Vda5050Error(String type, boolean fatal, String description, Map<String, String> references) {

    /** A WARNING of {@code type}. */
    public static Vda5050Error warning(String type, String description, Map<String, String> references) {
        return new Vda5050Error(type, false, description, references);
    }

    /** As the state message carries it. */
    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("errorType", type);
        m.put("errorLevel", fatal ? "FATAL" : "WARNING");
        m.put("errorDescription", description);
        List<Map<String, String>> refs = references.entrySet().stream()
                .map(e -> Map.of("referenceKey", e.getKey(), "referenceValue", e.getValue())).toList();
        m.put("errorReferences", refs);
        return m;
    }

    /** Thrown while reading an order: the order is refused with this error. */
    static final class Refusal extends Exception {
        private final transient Vda5050Error error;

        Refusal(Vda5050Error error) {
            super(error.type() + ": " + error.description(), null, false, false);
            this.error = error;
        }

        Vda5050Error error() {
            return error;
        }
    }
}
