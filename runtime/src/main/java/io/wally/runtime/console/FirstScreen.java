package io.wally.runtime.console;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The lines a robot's console starts with: what runs where, the places it can be sent to, one
 * {@code mosquitto_pub} line to paste, the dashboard's and Foxglove's addresses, and how to stop. Every
 * line fits the width; a command too long for one line is continued with {@code \} (still pasteable).
 *
 * <pre>
 * wally sim: robot wally-sim at (1.00, 1.00) in house.yaml, speed 1.0x
 * places: dock, living room, kitchen, hallway, bedroom, bathroom, office,
 *   front door, kitchen door, living room door
 * MQTT broker tcp://127.0.0.1:1883, topics wally/wally-sim/... Try:
 *   mosquitto_pub -t wally/wally-sim/cmd/goto -m '{"id":"1","target":"kitchen"}'
 * dashboard: http://127.0.0.1:8080/
 * Foxglove: ws://127.0.0.1:8765 (Foxglove or Lichtblick: Open connection)
 * Ctrl-C to stop.
 * </pre>
 *
 * <p>Stateless.
 */
public final class FirstScreen {

    private FirstScreen() {
    }

    /**
     * What to show.
     *
     * @param headline  the first line ({@code wally sim: robot … at …})
     * @param places    names of the places, in map order (empty: none named)
     * @param robotId   the robot's id (its topics are under {@code wally/<id>/})
     * @param brokerUrl {@code tcp://host:port} or {@code ssl://host:port}; null: no MQTT
     * @param dashboard the dashboard's address, or null
     * @param foxglove  the Foxglove WebSocket's address, or null
     */
    public record Facts(String headline, List<String> places, String robotId, String brokerUrl, String dashboard,
            String foxglove) {
    }

    /** The lines, each at most {@code width} columns (a single word longer than that excepted). */
    public static List<String> lines(Facts facts, int width) {
        List<String> out = new ArrayList<>();
        out.addAll(wrap(facts.headline(), width, "  "));
        out.addAll(wrap(facts.places().isEmpty() ? "places: none named in this map (send x,y in metres)"
                : "places: " + String.join(", ", facts.places()), width, "  "));
        if (facts.brokerUrl() != null) {
            out.addAll(wrap("MQTT broker " + facts.brokerUrl() + ", topics wally/" + facts.robotId() + "/... Try:",
                    width, "  "));
            out.addAll(command(mosquittoPub(facts), width));
        }
        if (facts.dashboard() != null) {
            out.addAll(wrap("dashboard: " + facts.dashboard(), width, "  "));
        }
        if (facts.foxglove() != null) {
            out.addAll(wrap("Foxglove: " + facts.foxglove() + " (Foxglove or Lichtblick: Open connection)", width, "  "));
        }
        out.add("Ctrl-C to stop.");
        return out;
    }

    /** The words of one {@code mosquitto_pub} that sends the robot to a place ({@code kitchen} when there is one). */
    static List<String> mosquittoPub(Facts facts) {
        List<String> words = new ArrayList<>(List.of("mosquitto_pub"));
        URI broker = URI.create(facts.brokerUrl());
        String host = broker.getHost();
        int port = broker.getPort();
        boolean defaultHost = host == null || host.equals("127.0.0.1") || host.equals("localhost");
        if (!defaultHost) {
            words.add("-h " + host);
        }
        if (port > 0 && port != 1883) {
            words.add("-p " + port);
        }
        if ("ssl".equals(broker.getScheme())) {
            words.add("--capath /etc/ssl/certs");
        }
        words.add("-t wally/" + facts.robotId() + "/cmd/goto");
        words.add(String.format(Locale.ROOT, "-m '{\"id\":\"1\",\"target\":\"%s\"}'", target(facts.places())));
        return words;
    }

    private static String target(List<String> places) {
        if (places.contains("kitchen")) {
            return "kitchen";
        }
        for (String p : places) {
            if (!p.equals("dock") && p.indexOf('\'') < 0 && p.indexOf('"') < 0) {
                return p;
            }
        }
        return "2.0,1.0";
    }

    /** A shell command indented by two, continued with {@code \\} over as many lines as it needs. */
    static List<String> command(List<String> words, int width) {
        String oneLine = "  " + String.join(" ", words);
        if (oneLine.length() <= width) {
            return List.of(oneLine);
        }
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder("  ").append(words.getFirst());
        for (String word : words.subList(1, words.size())) {
            if (line.length() + 1 + word.length() + 2 > width) { // keep room for the continuation
                out.add(line + " \\");
                line = new StringBuilder("    ").append(word);
            } else {
                line.append(' ').append(word);
            }
        }
        out.add(line.toString());
        return out;
    }

    /** {@code text} broken at spaces into lines of at most {@code width}, later lines after {@code indent}. */
    static List<String> wrap(String text, int width, String indent) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
                out.add(line.toString());
                line = new StringBuilder(indent);
            }
            if (!line.isEmpty() && !line.toString().equals(indent)) {
                line.append(' ');
            }
            line.append(word);
        }
        out.add(line.toString());
        return out;
    }
}
