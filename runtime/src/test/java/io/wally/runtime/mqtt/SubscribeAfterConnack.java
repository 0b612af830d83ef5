package io.wally.runtime.mqtt;

import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * Subscribes a test client, reconnecting once if the broker dropped it for subscribing too soon.
 *
 * <p>Moquette 0.17 (the embedded broker; 0.18 is not served here) marks a connection connected only when the
 * write of its CONNACK has completed, on another thread; a SUBSCRIBE that the client sends as soon as it reads
 * the CONNACK can arrive before that and is answered by closing the connection ("SUBSCRIBE received on already
 * closed connection" in its log). Under load about one client in thirty hit it. The runtime waits for the
 * embedded broker to serve it ({@link ConnectionGate}); test clients, which cannot, reconnect here, so that a
 * test fails on what it checks and not on the broker's race.
 */
final class SubscribeAfterConnack {

    private SubscribeAfterConnack() {
    }

    /** Subscribes {@code client} (connected with {@code options}) to {@code filter}; the completed token. */
    static IMqttToken subscribe(MqttAsyncClient client, MqttConnectOptions options, String filter, int qos, long timeoutMillis)
            throws MqttException {
        try {
            IMqttToken token = client.subscribe(filter, qos);
            token.waitForCompletion(timeoutMillis);
            return token;
        } catch (MqttException e) {
            if (e.getReasonCode() != MqttException.REASON_CODE_CONNECTION_LOST || client.isConnected()) {
                throw e;
            }
            reconnect(client, options, timeoutMillis);
            IMqttToken token = client.subscribe(filter, qos);
            token.waitForCompletion(timeoutMillis);
            return token;
        }
    }

    /** Connects again once Paho has finished tearing the lost connection down (it refuses until then). */
    private static void reconnect(MqttAsyncClient client, MqttConnectOptions options, long timeoutMillis) throws MqttException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            try {
                client.connect(options).waitForCompletion(timeoutMillis);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttException.REASON_CODE_CLIENT_DISCONNECTING || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MqttException(e);
            }
        }
    }
}
