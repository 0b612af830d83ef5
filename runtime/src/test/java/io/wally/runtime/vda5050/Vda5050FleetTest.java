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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Five simulated robots on one Mosquitto, each with its own serial number, store and runtime, each given its
 * own order by one master control: all arrive, and none reacts to another's topics.
 */
@Tag("slow")
@Timeout(240)
class Vda5050FleetTest {

    @RegisterExtension
    static final MosquittoBroker broker = new MosquittoBroker();

    private static final String[] DESTINATIONS = {"kitchen", "office", "bedroom", "bathroom", "hallway"};

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
            for (int i = 0; i < fleet.size(); i++) {
                SimAgv agv = fleet.get(i);
                mc.send(agv.topics.order(), mc.order(agv.topics.serialNumber(), "order-" + i, 0, 0,
                        List.of(N.named("dock"), N.named("living room door"), N.named(DESTINATIONS[i]))));
            }
            for (int i = 0; i < fleet.size(); i++) {
                SimAgv agv = fleet.get(i);
                String destination = DESTINATIONS[i];
                String orderId = "order-" + i;
                MasterControl.Received done = mc.await(mark, agv.topics.state(), j -> j.get("orderId").asText().equals(orderId)
                        && j.get("lastNodeId").asText().equals(destination) && j.get("nodeStates").isEmpty(), Duration.ofSeconds(120));
                assertThat(done).as("%s arrives at %s", agv.topics.serialNumber(), destination).isNotNull();
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
}
