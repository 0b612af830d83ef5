package io.wally.runtime.mqtt;

/**
 * The few MQTT operations WALLY needs, so that nothing outside this package imports Paho.
 *
 * <p>Lifecycle: {@link #start} once; the transport then connects in the background, retrying with
 * back-off (the first connect too) and reconnecting after every loss, until {@link #close}. Every
 * successful connect is reported through {@link Listener#connected}, where subscriptions must be made
 * again (the session is clean).
 *
 * <p>Threading: {@link #publish} and {@link #subscribe} may be called from any thread and never wait
 * for the broker; the listener is called on the transport's own threads and must not block.
 */
public interface MqttTransport extends AutoCloseable {

    /** Receives connection events and messages; called on the transport's threads, never blocking them. */
    interface Listener {

        /** The connection is up ({@code attempt} connects so far, 1 for the first): subscribe here. */
        void connected(int attempt);

        /** The connection went away; the transport is already retrying. */
        void connectionLost(Throwable cause);

        /** A message arrived on a subscribed topic. Must return quickly: hand work to another thread. */
        void messageArrived(String topic, byte[] payload);

        /** A connect attempt failed; the transport retries with back-off. */
        default void connectFailed(Throwable cause) {
        }

        /** The transport stopped trying for good ({@code why}: another runtime serves this robot id). */
        default void abandoned(String why) {
        }
    }

    /** Starts connecting in the background; returns at once. */
    void start(Listener listener);

    /** The broker's URL, for messages; empty when the transport has none. */
    default String brokerUrl() {
        return "";
    }

    /** Whether the connection is currently up. */
    boolean isConnected();

    /**
     * Queues {@code payload} for {@code topic} with {@code qos} (0 or 1) and returns without waiting for
     * the broker.
     *
     * @throws MqttTransportException when not connected or the client's in-flight window is full
     */
    void publish(String topic, byte[] payload, int qos, boolean retained) throws MqttTransportException;

    /** Subscribes to {@code filter} with {@code qos}; waits at most a few seconds for the broker's answer. */
    void subscribe(String filter, int qos) throws MqttTransportException;

    /**
     * Publishes {@code payload} on {@code topic} (retained, QoS 1) and waits up to {@code timeoutMillis}
     * for the broker to have it, then disconnects cleanly, stops retrying and releases every thread.
     * Idempotent.
     */
    void close(String lastTopic, byte[] lastPayload, long timeoutMillis);

    /** Disconnects and releases every thread without a last message. Idempotent. */
    @Override
    default void close() {
        close(null, null, 0);
    }
}
