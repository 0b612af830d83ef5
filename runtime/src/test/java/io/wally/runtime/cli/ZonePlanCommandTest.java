package io.wally.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wally plan} on a map with zones: routes go around the keep-out, A* and Dijkstra agree, jps is refused. */
class ZonePlanCommandTest {

    private static final Path HOUSE = Path.of("../maps/samples/house.yaml");
    private static final Path ZONED = Path.of("../maps/samples/house-zones.yaml");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private JsonNode plan(Path map, String algo) throws IOException {
        out.getBuffer().setLength(0);
        int code = CliTestSupport.run(out, err, "plan", "--map", map.toString(), "--from", "dock", "--to", "kitchen", "--algo", algo, "--json");
        assertThat(code).as(err.toString()).isZero();
        return new ObjectMapper().readTree(out.toString());
    }

    @Test
    void theRouteGoesAroundTheRugAndEveryAlgorithmAgrees() throws IOException {
        JsonNode plain = plan(HOUSE, "astar");
        JsonNode astar = plan(ZONED, "astar");
        JsonNode auto = plan(ZONED, "auto");
        JsonNode dijkstra = plan(ZONED, "dijkstra");
        assertThat(auto.get("algo").asText()).isEqualTo("astar");
        assertThat(astar.get("cost").asDouble()).isGreaterThan(plain.get("cost").asDouble())
                .isCloseTo(dijkstra.get("cost").asDouble(), Assertions.within(1e-4))
                .isCloseTo(auto.get("cost").asDouble(), Assertions.within(1e-9));
        boolean plainCrosses = false;
        for (JsonNode p : plain.get("path")) {
            plainCrosses |= inRug(p.get(0).asDouble(), p.get(1).asDouble());
        }
        assertThat(plainCrosses).as("without zones the route crosses the rug").isTrue();
        for (JsonNode p : astar.get("path")) {
            assertThat(inRug(p.get(0).asDouble(), p.get(1).asDouble())).as("waypoint %s", p).isFalse();
        }
    }

    @Test
    void jpsIsRefusedOnAZonedMapAndThePngShowsTheZone(@TempDir Path dir) throws IOException {
        int code = CliTestSupport.run(out, err, "plan", "--map", ZONED.toString(), "--from", "dock", "--to", "kitchen", "--algo", "jps");
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("without zones");
        Path png = dir.resolve("zones.png");
        assertThat(CliTestSupport.run(out, err, "plan", "--map", ZONED.toString(), "--from", "dock", "--to", "kitchen", "--png", png.toString()))
                .isZero();
        BufferedImage image = ImageIO.read(png.toFile());
        // the rug's middle (x 4.0, y 0.5 m: pixel 400, 750 at 10 px per 0.1 m cell) is tinted red, not white
        int rgb = image.getRGB(405, 760);
        assertThat((rgb >> 16) & 0xFF).as("red of %08x", rgb).isGreaterThan((rgb >> 8) & 0xFF);
    }

    private static boolean inRug(double x, double y) {
        return x > 3.5 && x < 4.5 && y < 2.2;
    }
}
