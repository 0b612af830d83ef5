package io.wally.runtime.vda5050;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wally.runtime.testing.MosquittoBroker;
import io.wally.runtime.vda5050.MasterControl.N;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Five simulated robots on one Mosquitto, each with its own serial number, store and runtime, each given its
 * own order by one master control: all arrive, and none reacts to another's topics.
 */
@Tag("slow")
@Timeout(600) // a hang guard only: the trips are bounded in simulated time, a stalled clock fails in a minute
class Vda5050FleetTest {

    @RegisterExtension
    static final MosquittoBroker broker = new MosquittoBroker();

    private static final String[] DESTINATIONS = {"kitchen", "office", "bedroom", "bathroom", "hallway"};
    /**
     * Each trip's budget in the robot's own simulated time (all five had arrived 38 to 40 s after their orders
     * in two measured runs): five lock-step loops in one JVM run slower than their 4x when the host is busy, so a
     * wall-clock budget measured the machine's load, not the robot.
     */
    private static final Duration TRIP_SIM_TIME = Duration.ofSeconds(240);
    /** The simulation must advance at all: this long in wall time without a simulated millisecond is a hang. */
    private static final Duration STALL = Duration.ofSeconds(60);

    @Test
    void shouldDriveFiveRobotsEachByItsOwnOrderWithoutCrossTalk() throws Exception {
        Path dir = Files.createTempDirectory("wally-vda-fleet");
        List<SimAgv> fleet = new ArrayList<>();
        try (MasterControl mc = new MasterControl(broker.url())) {
            for (int i = 0; i < DESTINATIONS.length; i++) {
                fleet.add(new SimAgv(broker.url(), "agv-" + i, dir.resolve("store-" + i), 4.0, 1.0, 1.0));
            }
            for (SimAgv agv : fleet) {
                assertThat(mc.await(0, agv.topics.connection(), j -> j.get("connectionState").asText().equals("ONLINE"),
                        Duration.ofSeconds(20))).as("%s online", agv.topics.serialNumber()).isNotNull();
            }
            int mark = mc.mark();
            long[] sentAtSimNanos = new long[fleet.size()];
            for (int i = 0; i < fleet.size(); i++) {
                SimAgv agv = fleet.get(i);
                sentAtSimNanos[i] = agv.robot.simClock().nanoTime();
                mc.send(agv.topics.order(), mc.order(agv.topics.serialNumber(), "order-" + i, 0, 0,
                        List.of(N.named("dock"), N.named("living room door"), N.named(DESTINATIONS[i]))));
            }
            for (int i = 0; i < fleet.size(); i++) {
                SimAgv agv = fleet.get(i);
                String destination = DESTINATIONS[i];
                String orderId = "order-" + i;
                MasterControl.Received done = awaitInSimTime(mc, mark, agv, sentAtSimNanos[i], j -> j.get("orderId").asText().equals(orderId)
                        && j.get("lastNodeId").asText().equals(destination) && j.get("nodeStates").isEmpty());
                assertThat(done).as("%s arrives at %s within %s of simulated time; its latest state: %s; mission %s: %s",
                        agv.topics.serialNumber(), destination, TRIP_SIM_TIME, latestText(mc, agv),
                        agv.runtime.mission().state(), agv.runtime.mission().reason()).isNotNull();
            }
            for (int i = 0; i < fleet.size(); i++) {
                SimAgv agv = fleet.get(i);
                for (MasterControl.Received r : mc.on(agv.topics.state())) {
                    JsonNode s = r.json();
                    assertThat(s.get("serialNumber").asText()).isEqualTo(agv.topics.serialNumber());
                    assertThat(s.get("orderId").asText()).as("only its own order").isIn("", "order-" + i);
                }
                assertThat(agv.adapter.refusedMessages()).as("never saw another robot's order").isZero();
                assertThat(agv.adapter.ordersAccepted()).isEqualTo(1);
            }
            assertThat(mc.violations()).isEmpty();
        } finally {
            for (SimAgv agv : fleet) {
                agv.close();
            }
            MosquittoBroker.deleteRecursively(dir);
        }
    }

    /**
     * The first state of {@code agv} after {@code mark} passing {@code test}, waiting until {@link #TRIP_SIM_TIME}
     * of the robot's simulated time has passed since {@code sentAtSimNanos}; null then. Fails when the robot's
     * loop died or its clock stood still for {@link #STALL}.
     */
    private static MasterControl.Received awaitInSimTime(MasterControl mc, int mark, SimAgv agv, long sentAtSimNanos,
            Predicate<JsonNode> test) throws InterruptedException {
        long lastSim = agv.robot.simClock().nanoTime();
        long lastProgressWall = System.nanoTime();
        while (true) {
            MasterControl.Received r = mc.await(mark, agv.topics.state(), test, Duration.ofMillis(500));
            if (r != null) {
                return r;
            }
            assertThat(agv.loop.failure()).as("%s simulation loop", agv.topics.serialNumber()).isEmpty();
            long sim = agv.robot.simClock().nanoTime();
            if (sim - sentAtSimNanos > TRIP_SIM_TIME.toNanos()) {
                return mc.await(mark, agv.topics.state(), test, Duration.ofSeconds(1)); // a state already on its way
            }
            long wall = System.nanoTime();
            if (sim != lastSim) {
                lastSim = sim;
                lastProgressWall = wall;
            }
            assertThat(Duration.ofNanos(wall - lastProgressWall)).as("%s simulated clock stood still", agv.topics.serialNumber())
                    .isLessThan(STALL);
        }
    }

    private static String latestText(MasterControl mc, SimAgv agv) {
        MasterControl.Received r = mc.latest(agv.topics.state());
        return r == null ? "none" : r.text();
    }
}
