package io.wally.runtime.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import io.wally.runtime.testing.MosquittoBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * MQTT trouble made visible, against a real Mosquitto: a broker that is not there is warned about within
 * 5 s (naming it and what to check) and shown in {@code telemetry/health}; a second runtime with the same
 * robot id is detected, logged once, and stays off the broker while the first keeps its connection.
 */
@Tag("slow")
@Timeout(90)
class ConnectionTroubleTest {

    @RegisterExtension
    static final MosquittoBroker broker = new MosquittoBroker();

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Keeps the logger (and so the handler) alive: JUL holds loggers weakly. */
    private final Logger mqttLogger = Logger.getLogger("io.wally.runtime.mqtt");
    private final List<LogRecord> warnings = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                synchronized (warnings) {
                    warnings.add(record);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @TempDir
    Path dir;

    @BeforeEach
    void captureWarnings() {
        broker.start();
        mqttLogger.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        mqttLogger.removeHandler(capture);
    }

    private static WallyConfig config(String brokerUrl, Path storeDir) {
        WallyConfig c = new ConfigLoader().load(Path.of("../robot-config/sim.yaml"));
        WallyConfig.Mqtt m = c.mqtt();
        return new WallyConfig(c.robot(), c.map(),
                new WallyConfig.Store(storeDir.toString(), c.store().durability(), c.store().groupCommitMillis(),
                        c.store().checkpointOnClose()),
                c.control(), c.drive(), c.motors(), c.sensors(), c.sim(),
                new WallyConfig.Mqtt(brokerUrl, m.embeddedPort(), m.username(), m.password(), m.tls(), m.telemetry(),
                        m.maxPayloadBytes(), m.replyPrefix(), m.secretsFile(), m.embedded()),
                c.homeassistant(), c.dashboard(), c.foxglove(), c.vda5050());
    }

    private List<String> warningsContaining(String text) {
        synchronized (warnings) {
            return warnings.stream().map(LogRecord::getMessage).filter(m -> m.contains(text)).toList();
        }
    }

    private static boolean waitFor(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    @Test
    void shouldWarnWithinFiveSecondsAndReportInHealthWhenBrokerIsUnreachable() throws Exception {
        // given no broker on the port (it was there and went away: the port is known to be free now)
        broker.kill();
        String url = broker.url();
        WallyConfig config = config(url, dir.resolve("store"));
        Instant started = Instant.now();
        try (MqttService mqtt = MqttService.start(config)) {
            // when up to 5 s pass
            waitFor(() -> !warningsContaining("unreachable").isEmpty(), Duration.ofSeconds(8));

            // then one line warned, naming the broker and what to check, within 5 s of starting
            LogRecord record;
            synchronized (warnings) {
                record = warnings.stream().filter(r -> r.getMessage().contains("unreachable")).findFirst().orElse(null);
            }
            assertThat(record).as("a warning; got %s", warnings).isNotNull();
            assertThat(Duration.between(started, record.getInstant())).isLessThanOrEqualTo(Duration.ofSeconds(5));
            String warning = record.getMessage();
            assertThat(warning).contains(url).contains("check").contains("--broker").doesNotContain("\n");
            // and the state says so, the way telemetry/health carries it
            MqttConnectionState.Snapshot state = mqtt.bridge().connection();
            assertThat(state.state()).isEqualTo(MqttConnectionState.State.UNREACHABLE);
            assertThat(state.toMap()).containsEntry("state", "unreachable").containsEntry("broker", url)
                    .containsKey("since");
            // a health report made now carries "unreachable"; it is queued and goes out when the broker is back
            Map<String, Object> health = new LinkedHashMap<>();
            health.put("fault", null);
            mqtt.bridge().publish("health", health);
            Thread.sleep(1_500); // still unreachable: warned once per outage, not every attempt
            assertThat(warningsContaining("unreachable")).hasSize(1);

            // when the broker comes (back) on that port
            broker.start();
            try (TestMqttClient operator = new TestMqttClient(url).subscribe("wally/wally-sim/telemetry/health")) {
                // then the queued health report arrives with the state at the time it was made
                TestMqttClient.Received report = operator.next("wally/wally-sim/telemetry/health", Duration.ofSeconds(20));
                assertThat(report).as("health report after reconnect").isNotNull();
                JsonNode mqttField = JSON.readTree(report.payload()).get("mqtt");
                assertThat(mqttField.get("state").asText()).isEqualTo("unreachable");
                assertThat(mqttField.get("broker").asText()).isEqualTo(url);
                assertThat(waitFor(() -> mqtt.bridge().connection().state() == MqttConnectionState.State.CONNECTED,
                        Duration.ofSeconds(15))).isTrue();
                // and a report made now says connected
                mqtt.bridge().publish("health", new LinkedHashMap<>(Map.of("fault", "none")));
                TestMqttClient.Received now = operator.next("wally/wally-sim/telemetry/health", Duration.ofSeconds(10));
                assertThat(now).isNotNull();
                assertThat(JSON.readTree(now.payload()).get("mqtt").get("state").asText()).isEqualTo("connected");
            }
        }
    }

    @Test
    void shouldKeepFirstConnectedAndSendNewcomerOffWhenTwoRuntimesShareRobotIdAndState() throws Exception {
        // given a runtime serving robot wally-sim on the broker
        Path sharedState = dir.resolve("store"); // the same store.dir: the same MQTT client id (a copied SD card)
        try (MqttService first = MqttService.start(config(broker.url(), sharedState))) {
            assertThat(waitFor(first.bridge()::isConnected, Duration.ofSeconds(15))).isTrue();
            Thread.sleep(300); // its instance record and "online" are on the broker

            // when a second runtime with the same robot id (and here the same client id) starts
            try (MqttService second = MqttService.start(config(broker.url(), sharedState))) {
                // then the newcomer finds out, and stays off the broker
                assertThat(waitFor(() -> second.bridge().connection().state() == MqttConnectionState.State.DUPLICATE_ID,
                        Duration.ofSeconds(15))).as("newcomer state: %s", second.bridge().connection()).isTrue();
                Thread.sleep(3_000); // long enough for several reconnect rounds, were it looping
                assertThat(second.bridge().isConnected()).isFalse();
                assertThat(second.bridge().counters().connects()).isZero();
                // logged once, naming the robot id and the other instance
                List<String> clash = warningsContaining("already online");
                assertThat(clash).hasSize(1);
                assertThat(clash.getFirst()).contains("robot id wally-sim").contains("instance ")
                        .contains("pid " + ProcessHandle.current().pid());
                assertThat(second.bridge().connection().toMap()).containsEntry("state", "duplicate_id");
                // and the first kept its connection all along
                assertThat(first.bridge().isConnected()).isTrue();
                assertThat(first.bridge().counters().connectionsLost()).isZero();
                assertThat(first.bridge().counters().connects()).isEqualTo(1);
            }
        }
    }

    @Test
    void shouldLetNewRuntimeConnectAfterTheFirstStoppedCleanly() throws Exception {
        // given a runtime that ran and stopped cleanly
        try (MqttService first = MqttService.start(config(broker.url(), dir.resolve("a")))) {
            assertThat(waitFor(first.bridge()::isConnected, Duration.ofSeconds(15))).isTrue();
            Thread.sleep(300);
        }
        // then its instance record is gone from the broker (a retained empty message deletes it)
        try (TestMqttClient look = new TestMqttClient(broker.url()).subscribe("wally/wally-sim/status/#")) {
            TestMqttClient.Received status = look.next("wally/wally-sim/status", Duration.ofSeconds(5));
            assertThat(status).isNotNull();
            assertThat(status.payload()).isEqualTo("offline");
            assertThat(look.next("wally/wally-sim/status/instance", Duration.ofSeconds(1))).isNull();
        }
        // and a new runtime with the same id connects (no clash with a runtime that is gone)
        try (MqttService next = MqttService.start(config(broker.url(), dir.resolve("b")))) {
            // (the transport is connected a moment before the bridge's listener has marked the state)
            assertThat(waitFor(() -> next.bridge().connection().state() == MqttConnectionState.State.CONNECTED,
                    Duration.ofSeconds(15))).as("state %s", next.bridge().connection()).isTrue();
            assertThat(warningsContaining("already online")).isEmpty();
        }
    }
}
