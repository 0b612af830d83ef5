package io.wally.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("slow")
class MosquittoBrokerTest {

    @RegisterExtension
    static final MosquittoBroker broker = new MosquittoBroker();

    @Test
    void shouldDeliverAPublishedMessageThroughTheRealBroker() throws Exception {
        // given a subscriber and a publisher on the broker the extension started
        BlockingQueue<String> received = new ArrayBlockingQueue<>(4);
        try (MqttClient subscriber = connect("sub"); MqttClient publisher = connect("pub")) {
            subscriber.subscribe("wally/test/ping", 1, (topic, message) ->
                    received.add(new String(message.getPayload(), StandardCharsets.UTF_8)));

            // when one message is published
            publisher.publish("wally/test/ping", "hello".getBytes(StandardCharsets.UTF_8), 1, false);

            // then exactly that message arrives
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("hello");
            disconnect(subscriber);
            disconnect(publisher);
        }
    }

    @Test
    void shouldServeAgainOnTheSamePortAfterAKillAndRestart() throws Exception {
        // given a broker that is killed
        int port = broker.port();
        broker.kill();
        assertThat(broker.isRunning()).isFalse();

        // when it is started again
        broker.start();

        // then it listens on the same port and clients connect
        assertThat(broker.port()).isEqualTo(port);
        try (MqttClient client = connect("again")) {
            assertThat(client.isConnected()).isTrue();
            disconnect(client);
        }
    }

    private static MqttClient connect(String id) throws MqttException {
        MqttClient client = new MqttClient(broker.url(), "wally-test-" + id, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setConnectionTimeout(5);
        client.connect(options);
        return client;
    }

    private static void disconnect(MqttClient client) throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
    }
}
