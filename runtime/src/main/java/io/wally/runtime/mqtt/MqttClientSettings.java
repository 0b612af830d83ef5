package io.wally.runtime.mqtt;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach a broker: its URL ({@code tcp://host:port} or {@code ssl://host:port}), the client id,
 * optional credentials and TLS material, the Last Will, and the reconnect back-off.
 *
 * @param serverUrl        {@code tcp://…} or {@code ssl://…}
 * @param clientId         unique per connected client (MQTT 3.1.1: up to 23 characters is always safe)
 * @param username         null for anonymous
 * @param password         null when {@code username} is null
 * @param tls              TLS files; {@link Tls#NONE} for plain TCP
 * @param willTopic        Last Will topic (retained, QoS 1), or null for none
 * @param willPayload      Last Will payload
 * @param keepAlive        MQTT keep-alive; a dead broker is noticed within about 1.5 times this
 * @param minBackoff       first wait before retrying a failed connect
 * @param maxBackoff       longest wait between connect attempts (the wait doubles up to this)
 * @param tcpNoDelay       {@code TCP_NODELAY} on the socket (true everywhere but the benchmark's comparison:
 *                         with Nagle's algorithm a small message can wait ~40 ms for the peer's delayed ACK)
 */
public record MqttClientSettings(
        String serverUrl, String clientId, String username, String password, Tls tls,
        String willTopic, byte[] willPayload, Duration keepAlive, Duration minBackoff, Duration maxBackoff,
        boolean tcpNoDelay) {

    /** PEM files for TLS: the CA that signed the broker's certificate, and optionally our client certificate and key. */
    public record Tls(String caFile, String certFile, String keyFile) {
        /** No TLS material: the JVM's default trust store is used for {@code ssl://}. */
        public static final Tls NONE = new Tls(null, null, null);
    }

    public MqttClientSettings {
        Objects.requireNonNull(serverUrl, "serverUrl");
        Objects.requireNonNull(clientId, "clientId");
        if (!serverUrl.startsWith("tcp://") && !serverUrl.startsWith("ssl://")) {
            throw new IllegalArgumentException("broker URL must start with tcp:// or ssl://; was " + serverUrl);
        }
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("MQTT username and password must be given together");
        }
        tls = tls == null ? Tls.NONE : tls;
        if (minBackoff.isNegative() || minBackoff.isZero() || maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("back-off must satisfy 0 < min <= max; was " + minBackoff + ", " + maxBackoff);
        }
    }

    /** Plain settings for {@code serverUrl}: anonymous, no TLS, no will, keep-alive 10 s, back-off 100 ms..2 s. */
    public static MqttClientSettings plain(String serverUrl, String clientId) {
        return new MqttClientSettings(serverUrl, clientId, null, null, Tls.NONE, null, null,
                Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofSeconds(2), true);
    }

    /** A copy with a Last Will. */
    public MqttClientSettings withWill(String topic, byte[] payload) {
        return new MqttClientSettings(serverUrl, clientId, username, password, tls, topic, payload, keepAlive,
                minBackoff, maxBackoff, tcpNoDelay);
    }

    /** A copy with credentials. */
    public MqttClientSettings withCredentials(String user, String pass) {
        return new MqttClientSettings(serverUrl, clientId, user, pass, tls, willTopic, willPayload, keepAlive,
                minBackoff, maxBackoff, tcpNoDelay);
    }

    /** A copy with TLS material. */
    public MqttClientSettings withTls(Tls files) {
        return new MqttClientSettings(serverUrl, clientId, username, password, files, willTopic, willPayload,
                keepAlive, minBackoff, maxBackoff, tcpNoDelay);
    }

    /** A copy with {@code TCP_NODELAY} on or off (off only to measure what it buys). */
    public MqttClientSettings withTcpNoDelay(boolean on) {
        return new MqttClientSettings(serverUrl, clientId, username, password, tls, willTopic, willPayload,
                keepAlive, minBackoff, maxBackoff, on);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "MqttClientSettings[" + serverUrl + ", clientId=" + clientId + ", user=" + username
                + (password == null ? "" : ", password=***") + ", tls=" + tls + ", will=" + willTopic + "]";
    }
}
