package io.wally.runtime.homeassistant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The discovery configs built without a broker: the device block against its golden file, and each component's keys. */
class DiscoveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Discovery.Place> PLACES = List.of(new Discovery.Place("dock", "dock"),
            new Discovery.Place("living room", "room"), new Discovery.Place("kitchen", "room"),
            new Discovery.Place("front door", "waypoint"));

    private final Discovery discovery = new Discovery("wally-sim", "homeassistant",
            new Discovery.Device("WALLY simulated robot", "1.2.3", null));

    @Test
    void shouldMatchGoldenDeviceBlockWhenNoDashboardIsServed() throws Exception {
        JsonNode golden;
        try (InputStream in = DiscoveryTest.class.getResourceAsStream("device-block.json")) {
            golden = JSON.readTree(in);
        }
        assertThat(discovery.deviceBlock()).isEqualTo(golden);
        // and every config carries exactly that block
        discovery.configs(PLACES, Discovery.slugs(PLACES)).values()
                .forEach(c -> assertThat(c.get("device")).isEqualTo(golden));
    }

    @Test
    void shouldAddConfigurationUrlWhenDashboardIsServed() {
        Discovery withDashboard = new Discovery("wally-sim", "homeassistant",
                new Discovery.Device("WALLY simulated robot", "1.2.3", "http://wally.lan:8080/"));
        assertThat(withDashboard.deviceBlock().get("configuration_url").asText()).isEqualTo("http://wally.lan:8080/");
    }

    @Test
    void shouldNameEveryEntityOnceWithUniqueIdsWhenBuiltForThePlaces() {
        Map<String, ObjectNode> configs = discovery.configs(PLACES, Discovery.slugs(PLACES));
        assertThat(configs.keySet()).containsExactly(
                "homeassistant/vacuum/wally-sim/vacuum/config",
                "homeassistant/sensor/wally-sim/battery/config",
                "homeassistant/sensor/wally-sim/battery_voltage/config",
                "homeassistant/sensor/wally-sim/state/config",
                "homeassistant/sensor/wally-sim/goal/config",
                "homeassistant/sensor/wally-sim/distance_to_goal/config",
                "homeassistant/sensor/wally-sim/speed/config",
                "homeassistant/binary_sensor/wally-sim/fault/config",
                "homeassistant/select/wally-sim/go_to/config",
                "homeassistant/button/wally-sim/dock/config",
                "homeassistant/button/wally-sim/stop/config",
                "homeassistant/button/wally-sim/room_living_room/config",
                "homeassistant/button/wally-sim/room_kitchen/config",
                "homeassistant/image/wally-sim/map/config");
        assertThat(configs.values().stream().map(c -> c.get("unique_id").asText()).distinct()).hasSize(configs.size());
        assertThat(configs.values()).allSatisfy(c -> {
            assertThat(c.get("availability_topic").asText()).isEqualTo("wally/wally-sim/status");
            assertThat(c.get("icon").asText()).startsWith("mdi:");
        });
        ObjectNode select = configs.get("homeassistant/select/wally-sim/go_to/config");
        assertThat(select.get("options")).extracting(JsonNode::asText)
                .containsExactly("dock", "living room", "kitchen", "front door");
        ObjectNode vacuum = configs.get("homeassistant/vacuum/wally-sim/vacuum/config");
        assertThat(vacuum.get("schema").asText()).isEqualTo("state");
        assertThat(configs.get("homeassistant/sensor/wally-sim/battery/config").get("device_class").asText()).isEqualTo("battery");
        assertThat(configs.get("homeassistant/binary_sensor/wally-sim/fault/config").get("device_class").asText()).isEqualTo("problem");
    }

    @Test
    void shouldKeepSlugsUniqueWhenNamesCollide() {
        Map<String, String> slugs = Discovery.slugs(List.of(new Discovery.Place("Living Room", "room"),
                new Discovery.Place("living-room", "room"), new Discovery.Place("!!", "room")));
        assertThat(slugs).containsExactly(Map.entry("Living Room", "living_room"), Map.entry("living-room", "living_room_2"),
                Map.entry("!!", "place"));
    }

    @Test
    void shouldTellThisRobotsConfigTopicsApart() {
        assertThat(discovery.isConfigTopic("homeassistant/button/wally-sim/room_kitchen/config")).isTrue();
        assertThat(discovery.isConfigTopic("homeassistant/button/other/room_kitchen/config")).isFalse();
        assertThat(discovery.isConfigTopic("homeassistant/status")).isFalse();
        assertThat(discovery.isConfigTopic("homeassistant/button/wally-sim/a/b/config")).isFalse();
    }

    @Test
    void shouldReadCommandTopicsOnlyUnderSet() {
        assertThat(discovery.commandOf("wally/wally-sim/ha/set/room/kitchen")).isEqualTo("room/kitchen");
        assertThat(discovery.commandOf("wally/wally-sim/ha/state")).isNull();
        assertThat(discovery.commandOf("wally/wally-sim/ha/set/")).isNull();
    }
}
