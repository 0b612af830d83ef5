package io.wally.runtime.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wally.runtime.command.CommandReply;
import io.wally.runtime.command.Request;
import io.wally.runtime.command.RobotCommands;
import io.wally.runtime.testing.MosquittoBroker;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A burst of 10,000 QoS 1 requests through a Mosquitto with its default limits (no {@code
 * max_queued_messages} raised): every request reaches the robot and gets exactly one reply, {@code ok}
 * or {@code busy}, and a {@code stop} sent in the middle of the burst is answered ahead of the burst.
 */
@Timeout(120)
@Tag("slow")
class MqttBurstTest {

    @RegisterExtension
    static final MosquittoBroker broker = new MosquittoBroker(); // stock limits: 20 in flight, 1,000 queued per client

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BURST = 10_000;
    private static final MqttTopics TOPICS = new MqttTopics("burst-robot");

    private GraphRobotCommands robot;
    private MqttBridge bridge;

    @BeforeEach
    void startBridge() throws Exception {
        robot = new GraphRobotCommands();
        bridge = MqttBridge.start(new PahoMqttTransport(MqttClientSettings.plain(broker.url(), "burst-robot-bridge")),
                BridgeSettings.defaults("burst-robot"), robot, System::nanoTime);
        try (TestMqttClient probe = new TestMqttClient(broker.url()).subscribe(TOPICS.reply(), 0)) {
            // online once a status request is answered: the command subscription is in place
            do {
                probe.publish(TOPICS.command("status"), "{\"id\":\"probe\"}");
            } while (probe.next(TOPICS.reply(), Duration.ofSeconds(1)) == null);
        }
    }

    @AfterEach
    void stopBridge() throws Exception {
        bridge.close();
        robot.close();
    }

    /** Publishes the burst from its own client and thread; {@code sent} counts the requests handed to Paho. */
    private Thread startBurst(AtomicInteger sent) {
        return Thread.ofPlatform().name("test-burst").start(() -> {
            try (TestMqttClient sender = new TestMqttClient(broker.url())) {
                for (int i = 0; i < BURST; i++) {
                    String command = i % 2 == 0 ? "status" : "plan";
                    String body = i % 2 == 0 ? "{\"id\":\"r" + i + "\"}" : "{\"id\":\"r" + i + "\",\"to\":\"kitchen\"}";
                    sender.publishNoWait(TOPICS.command(command), body);
                    sent.incrementAndGet();
                }
                Thread.sleep(2_000); // let Paho hand the tail of the burst to the broker before disconnecting
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void shouldAnswerEveryRequestWhenTenThousandArriveInOneBurst() throws Exception {
        try (TestMqttClient operator = new TestMqttClient(broker.url()).subscribe(TOPICS.reply(), 0)) {
            // when
            AtomicInteger sent = new AtomicInteger();
            Thread burst = startBurst(sent);
            // then every request has exactly one reply, ok or busy
            Map<String, Integer> codes = new HashMap<>();
            Set<String> ids = new HashSet<>();
            int replies = 0;
            TestMqttClient.Received r;
            while (ids.size() < BURST && (r = operator.next(TOPICS.reply(), Duration.ofSeconds(15))) != null) {
                JsonNode reply = JSON.readTree(r.payload());
                replies++;
                ids.add(reply.get("id").asText());
                codes.merge(reply.get("ok").asBoolean() ? "ok" : reply.at("/error/code").asText(), 1, Integer::sum);
            }
            burst.join();
            assertThat(operator.next(TOPICS.reply(), Duration.ofMillis(500))).as("no reply beyond one per request").isNull();
            MqttCounters counters = bridge.counters();
            System.out.printf("burst: %d requests sent, %d received by the robot, %d replies (%s)%n",
                    sent.get(), counters.received() - 1, replies, codes);
            assertThat(counters.received()).as("requests that reached the robot (plus the probe)").isEqualTo(BURST + 1);
            assertThat(ids).as("distinct request ids answered").hasSize(BURST);
            assertThat(replies).isEqualTo(BURST);
            assertThat(codes.keySet()).as("reply kinds").isSubsetOf("ok", "busy");
            assertThat(counters.busy()).isEqualTo((long) codes.getOrDefault("busy", 0));
            assertThat(counters.repliesDropped()).isZero();
        }
    }

    /** A robot whose planner takes a millisecond a request, on the caller's thread: slower than any burst. */
    private record SlowRobot(GraphRobotCommands robot) implements RobotCommands {
        private static void work() {
            LockSupport.parkNanos(1_000_000);
        }

        @Override
        public void submit(Request request, CommandReply reply) {
            if (!(request instanceof Request.Stop)) {
                work();
            }
            robot.submit(request, reply);
        }
    }

    @Test
    void shouldAnswerStopAheadOfBurstWhenSentInItsMiddle() throws Exception {
        bridge.attach(new SlowRobot(robot));
        try (TestMqttClient safety = new TestMqttClient(broker.url()).subscribe("wally/burst-robot/reply/safety", 0)) {
            // given half of a burst on its way to a robot that serves one request a millisecond
            AtomicInteger sent = new AtomicInteger();
            Thread burst = startBurst(sent);
            while (sent.get() < BURST / 2) {
                Thread.onSpinWait();
            }
            // when
            long t0 = System.nanoTime();
            safety.publish(TOPICS.command("stop"), "{\"id\":\"halt\",\"replyTo\":\"wally/burst-robot/reply/safety\"}");
            TestMqttClient.Received r = safety.next("wally/burst-robot/reply/safety", Duration.ofSeconds(30));
            long millis = (System.nanoTime() - t0) / 1_000_000;
            long answeredByThen = bridge.counters().repliesQueued();
            burst.join();
            // then the stop was acted on and answered while burst requests were still waiting to be served
            System.out.printf("stop in a burst: answered in %d ms, when %d of %d requests had a reply%n", millis, answeredByThen, BURST + 2);
            assertThat(r).as("the stop's reply").isNotNull();
            assertThat(JSON.readTree(r.payload()).get("ok").asBoolean()).isTrue();
            assertThat(robot.stops.get()).isEqualTo(1);
            assertThat(answeredByThen).as("replies queued when the stop's reply arrived").isLessThan(BURST);
            assertThat(millis).as("stop round trip (target 100 ms; bound generous for a loaded CI machine)").isLessThan(1_000);
        }
    }
}
