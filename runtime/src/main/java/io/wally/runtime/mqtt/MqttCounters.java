package io.wally.runtime.mqtt;

/**
 * A snapshot of the MQTT bridge's counters since it started (published on {@code telemetry/mqtt}).
 *
 * @param received            requests that arrived on {@code cmd/…}
 * @param tooLarge            requests over {@code mqtt.maxPayloadBytes} (error {@code too_large})
 * @param badJson             requests that are not a JSON object (error {@code bad_json})
 * @param unknownCommand      requests on an unknown {@code cmd/<command>} (error {@code unknown_command})
 * @param badRequest          requests with a missing or invalid field (error {@code bad_request})
 * @param busy                requests refused because the request queue was full (error {@code busy})
 * @param notReady            requests that arrived before the runtime was attached (error {@code not_ready})
 * @param internalErrors      requests whose handler threw (error {@code internal})
 * @param repliesQueued       replies handed to the publisher (exactly one per request)
 * @param repliesPublished    replies handed to the broker
 * @param repliesDropped      replies dropped, oldest first, because the reply queue overflowed while disconnected
 * @param duplicateReplies    second answers to one request, ignored (a handler bug)
 * @param telemetryPublished  telemetry messages handed to the broker
 * @param telemetryDropped    telemetry messages dropped, oldest first, because the queue was full (e.g. while disconnected)
 * @param telemetryThrottled  telemetry messages skipped because they came faster than the configured rate
 * @param connects            successful connections (1 + reconnects)
 * @param connectionsLost     connections lost
 * @param adapterReceived     messages that arrived on an adapter's topics (Home Assistant's command topics)
 * @param adapterRejected     of those, the ones refused: oversize, queue full, or bad input the adapter logged
 */
public record MqttCounters(
        long received, long tooLarge, long badJson, long unknownCommand, long badRequest, long busy, long notReady,
        long internalErrors, long repliesQueued, long repliesPublished, long repliesDropped, long duplicateReplies,
        long telemetryPublished, long telemetryDropped, long telemetryThrottled, long connects, long connectionsLost,
        long adapterReceived, long adapterRejected) {

    /** Requests answered with an error produced by the bridge itself (bad input, busy, not ready, internal). */
    public long rejected() {
        return tooLarge + badJson + unknownCommand + badRequest + busy + notReady + internalErrors;
    }
}
