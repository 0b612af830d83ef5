package io.wally.runtime.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wally.runtime.testing.MosquittoBroker;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code replyTo} rule end to end, through a real Mosquitto: a request whose {@code replyTo} names a
 * command topic is refused on the default reply topic, and nothing is published on the topic it named.
 */
@Timeout(60)
@Tag("slow")
class ReplyToIntegrationTest {

    @RegisterExtension
    static final MosquittoBroker broker = new MosquittoBroker();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void shouldRefuseAStatusWhoseReplyToIsTheStopCommandAndNotStopTheRobot() throws Exception {
        MqttTopics topics = new MqttTopics("rt-robot");
        try (GraphRobotCommands robot = new GraphRobotCommands();
                TestMqttClient operator = new TestMqttClient(broker.url()).subscribe(topics.status())
                        .subscribe(topics.reply()).subscribe(topics.command("stop"))) {
            MqttClientSettings client = MqttClientSettings.plain(broker.url(), "rt-robot-bridge")
                    .withWill(topics.status(), "offline".getBytes());
            try (MqttBridge bridge = MqttBridge.start(new PahoMqttTransport(client), BridgeSettings.defaults("rt-robot"), robot,
                    System::nanoTime)) {
                TestMqttClient.Received online;
                do {
                    online = operator.next(topics.status(), WAIT);
                    assertThat(online).as("status online").isNotNull();
                } while (!online.payload().equals("online") || online.retained());

                // when: a status request asks for its reply on the robot's own stop command
                String request = "{\"id\":\"sneaky\",\"replyTo\":\"wally/rt-robot/cmd/stop\"}";
                operator.publish(topics.command("status"), request);

                // then: refused on the default reply topic
                TestMqttClient.Received reply = operator.next(topics.reply(), WAIT);
                assertThat(reply).as("a reply on " + topics.reply()).isNotNull();
                JsonNode body = JSON.readTree(reply.payload());
                assertThat(body.get("id").asText()).isEqualTo("sneaky");
                assertThat(body.get("ok").asBoolean()).isFalse();
                assertThat(body.at("/error/code").asText()).isEqualTo("bad_request");
                assertThat(body.at("/error/message").asText()).isEqualTo("field 'replyTo' must be wally/rt-robot/reply"
                        + " or a topic under wally/rt-robot/reply/; was \"wally/rt-robot/cmd/stop\"");
                // and nothing but the operator's own request reached cmd/stop, and the robot did not stop: a
                // later request is answered in order, after which a stray stop would have been handled
                operator.publish(topics.command("status"), "{\"id\":\"after\"}");
                TestMqttClient.Received after = operator.next(topics.reply(), WAIT);
                assertThat(after).isNotNull();
                assertThat(JSON.readTree(after.payload()).get("id").asText()).isEqualTo("after");
                assertThat(operator.next(topics.command("stop"), Duration.ofMillis(500))).as("a message on cmd/stop").isNull();
                assertThat(robot.stops.get()).isZero();
            }
        }
    }
}
