package io.wally.runtime.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wally.runtime.testing.MosquittoBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bridge when the broker is not there yet, and when telemetry comes faster than its rate. */
@Timeout(60)
@Tag("slow")
class MqttBridgeResilienceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldConnectLaterAndDeliverNewestTelemetryWhenBrokerStartsAfterBridge() throws Exception {
        // given a broker the bridge cannot reach yet (a relay that refuses until opened) and room for 10 messages
        try (MosquittoBroker broker = new MosquittoBroker(); GraphRobotCommands robot = new GraphRobotCommands()) {
            broker.start();
            try (TcpRelay relay = new TcpRelay(broker.port());
                    TestMqttClient operator = new TestMqttClient(broker.url()).subscribe("wally/late/telemetry/pose")) {
                BridgeSettings settings = BridgeSettings.defaults("late").withQueueCapacities(16, 16, 10);
                MqttBridge bridge = MqttBridge.start(new PahoMqttTransport(MqttClientSettings.plain(relay.url(), "late-bridge")),
                        settings, robot, System::nanoTime);
                try {
                    // when 100 telemetry messages are produced while the broker is unreachable
                    for (int i = 0; i < 100; i++) {
                        bridge.publish("pose", Map.of("seq", i));
                    }
                    Thread.sleep(300); // a few failed first-connect attempts
                    assertThat(bridge.isConnected()).isFalse();
                    assertThat(bridge.counters().telemetryDropped()).isEqualTo(90);
                    // and the broker becomes reachable (the first connect is retried with back-off)
                    relay.open();
                    // then the 10 newest arrive, oldest first
                    List<Integer> seqs = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                        TestMqttClient.Received pose = operator.next("wally/late/telemetry/pose", WAIT);
                        assertThat(pose).as("pose %d", i).isNotNull();
                        seqs.add(JSON.readTree(pose.payload()).get("seq").asInt());
                    }
                    assertThat(seqs).containsExactly(90, 91, 92, 93, 94, 95, 96, 97, 98, 99);
                    assertThat(bridge.counters().connects()).isEqualTo(1);
                } finally {
                    bridge.close();
                }
            }
        }
    }

    @Test
    void shouldCapAtTwiceConfiguredRateWhenTelemetryComesFaster() throws Exception {
        try (MosquittoBroker broker = new MosquittoBroker()) {
            broker.start();
            // given pose configured at 10 Hz and sensors off, on a clock the test moves
            AtomicLong nanos = new AtomicLong(1_000_000_000L);
            BridgeSettings settings = BridgeSettings.defaults("rated").withTelemetryRates(Map.of("pose", 10.0, "sensors", 0.0));
            MqttBridge bridge = MqttBridge.start(new PahoMqttTransport(MqttClientSettings.plain(broker.url(), "rated-bridge")),
                    settings, null, nanos::get);
            try (TestMqttClient operator = new TestMqttClient(broker.url()).subscribe("wally/rated/telemetry/#")) {
                // when 50 poses come 10 ms apart (0.5 s at 100 Hz) and sensors come too
                for (int i = 0; i < 50; i++) {
                    bridge.publish("pose", Map.of("seq", i));
                    bridge.publish("sensors", Map.of("seq", i));
                    nanos.addAndGet(10_000_000L);
                }
                // then the ceiling of twice 10 Hz lets every 5th pose pass (10 of 50), no sensors
                assertThat(bridge.counters().telemetryThrottled()).isEqualTo(40 + 50);
                List<Integer> seqs = new ArrayList<>();
                TestMqttClient.Received r;
                while ((r = operator.next("wally/rated/telemetry/pose", Duration.ofSeconds(2))) != null) {
                    seqs.add(JSON.readTree(r.payload()).get("seq").asInt());
                }
                assertThat(seqs).containsExactly(0, 5, 10, 15, 20, 25, 30, 35, 40, 45);
            } finally {
                bridge.close();
            }
        }
    }

    @Test
    void shouldAnswerNotReadyWhenRuntimeNotAttachedYet() throws Exception {
        try (MosquittoBroker broker = new MosquittoBroker()) {
            broker.start();
            MqttBridge bridge = MqttBridge.start(new PahoMqttTransport(MqttClientSettings.plain(broker.url(), "early-bridge")),
                    BridgeSettings.defaults("early"), null, System::nanoTime);
            try (TestMqttClient operator = new TestMqttClient(broker.url()).subscribe("wally/early/#");
                    GraphRobotCommands robot = new GraphRobotCommands()) {
                assertThat(operator.next("wally/early/status", WAIT).payload()).isEqualTo("online");
                operator.publish("wally/early/cmd/status", "{\"id\":\"s1\"}");
                assertThat(JSON.readTree(operator.next("wally/early/reply", WAIT).payload()).at("/error/code").asText())
                        .isEqualTo("not_ready");
                bridge.attach(robot);
                operator.publish("wally/early/cmd/status", "{\"id\":\"s2\"}");
                assertThat(JSON.readTree(operator.next("wally/early/reply", WAIT).payload()).get("ok").asBoolean()).isTrue();
            } finally {
                bridge.close();
            }
        }
    }
}
