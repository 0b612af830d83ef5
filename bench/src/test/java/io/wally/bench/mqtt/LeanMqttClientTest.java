package io.wally.bench.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's lean MQTT client against a real Mosquitto, with a Paho client on the other side: what it
 * sends arrives whole at Paho, what Paho sends at QoS 1 arrives whole at it (short and multi-byte lengths).
 */
@Tag("slow")
class LeanMqttClientTest {

    @Test
    void shouldExchangeSmallAndLargeMessagesWithPahoThroughMosquitto() throws Exception {
        try (BrokerProcess broker = BrokerProcess.start()) {
            BlockingQueue<byte[]> atLean = new ArrayBlockingQueue<>(8);
            BlockingQueue<byte[]> atPaho = new ArrayBlockingQueue<>(8);
            MqttAsyncClient paho = PlanRoundTripBench.operator(broker.url(), "paho-side", "test/to-paho", atPaho::add, true);
            try (LeanMqttClient lean = LeanMqttClient.connect(broker.url(), "lean-side", "test/to-lean", atLean::add)) {
                byte[] large = new byte[300_000]; // a four-byte remaining length
                new Random(7).nextBytes(large);
                for (byte[] payload : new byte[][] {"hello".getBytes(), new byte[0], large}) {
                    lean.publish("test/to-paho", payload);
                    assertThat(atPaho.poll(10, TimeUnit.SECONDS)).as("at Paho, %d bytes", payload.length).isEqualTo(payload);
                    paho.publish("test/to-lean", payload, 1, false);
                    assertThat(atLean.poll(10, TimeUnit.SECONDS)).as("at the lean client, %d bytes", payload.length).isEqualTo(payload);
                }
            } finally {
                paho.disconnect().waitForCompletion(3_000);
                paho.close(true);
            }
        }
    }

    @Test
    void shouldSayWhatFailedWhenNoBrokerListens() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String url = "tcp://127.0.0.1:" + port;
        assertThatThrownBy(() -> LeanMqttClient.connect(url, "nobody", "t", payload -> { }))
                .isInstanceOf(IOException.class);
    }
}
