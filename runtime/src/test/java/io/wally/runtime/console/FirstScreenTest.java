package io.wally.runtime.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FirstScreenTest {

    private static final List<String> HOUSE = List.of("dock", "living room", "kitchen", "hallway", "bedroom", "bathroom",
            "office", "front door", "kitchen door", "living room door");

    @Test
    void shouldFit80ColumnsWithPlacesWholeAndPasteableCommand() {
        FirstScreen.Facts facts = new FirstScreen.Facts("wally sim: robot wally-sim at (1.00, 1.00) in house.yaml, speed 1.0x",
                HOUSE, "wally-sim", "tcp://127.0.0.1:1883", "http://127.0.0.1:8080/", "ws://127.0.0.1:8765/");

        List<String> lines = FirstScreen.lines(facts, 80);

        assertThat(lines).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(80));
        assertThat(lines).containsExactly(
                "wally sim: robot wally-sim at (1.00, 1.00) in house.yaml, speed 1.0x",
                "places: dock, living room, kitchen, hallway, bedroom, bathroom, office,",
                "  front door, kitchen door, living room door",
                "MQTT broker tcp://127.0.0.1:1883, topics wally/wally-sim/... Try:",
                "  mosquitto_pub -t wally/wally-sim/cmd/goto -m '{\"id\":\"1\",\"target\":\"kitchen\"}'",
                "dashboard: http://127.0.0.1:8080/",
                "Foxglove: ws://127.0.0.1:8765/ (Foxglove or Lichtblick: Open connection)",
                "Ctrl-C to stop.");
    }

    @Test
    void shouldNameHostAndPortAndContinueLongCommandWhenBrokerIsElsewhere() {
        FirstScreen.Facts facts = new FirstScreen.Facts("wally sim", List.of("dock", "lab"), "robot-with-a-long-id",
                "tcp://broker.example.org:1884", null, null);

        List<String> lines = FirstScreen.lines(facts, 80);

        assertThat(lines).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(80));
        assertThat(lines).noneMatch(l -> l.startsWith("dashboard") || l.startsWith("Foxglove"));
        int pub = lines.indexOf(lines.stream().filter(l -> l.contains("mosquitto_pub")).findFirst().orElseThrow());
        assertThat(lines.get(pub)).contains("-h broker.example.org").contains("-p 1884").endsWith(" \\");
        // continued: the next line carries the rest, and the target is the first place that is not the dock
        assertThat(String.join(" ", lines.subList(pub, pub + 2)))
                .contains("-t wally/robot-with-a-long-id/cmd/goto").contains("\"target\":\"lab\"");
        assertThat(lines.getLast()).isEqualTo("Ctrl-C to stop.");
    }

    @Test
    void shouldSayWhenMapNamesNoPlacesAndOfferCoordinates() {
        List<String> lines = FirstScreen.lines(new FirstScreen.Facts("wally sim", List.of(), "r1", "ssl://10.0.0.2:8883",
                null, null), 80);
        assertThat(lines).contains("places: none named in this map (send x,y in metres)");
        assertThat(lines).anyMatch(l -> l.contains("--capath") && l.contains("-h 10.0.0.2") || l.contains("\"target\":\"2.0,1.0\""));
        assertThat(String.join(" ", lines)).contains("\"target\":\"2.0,1.0\"").contains("-p 8883");
    }
}
