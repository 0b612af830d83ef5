package io.wally.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanCommandTest {

    private static final Path SAMPLES = Path.of("../maps/samples");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return CliTestSupport.run(out, err, args);
    }

    @Test
    void shouldPrintCostAndDrawPngWhenPlanningBetweenPlaces(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("plan.png");

        int code = run("plan", "--map", SAMPLES.resolve("house.yaml").toString(), "--from", "kitchen", "--to", "bedroom",
                "--png", png.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("found", "cost:", "length:", "expansions:", "time:");
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1000);
        assertThat(image.getHeight()).isEqualTo(800);
    }

    @Test
    void shouldAgreeAcrossAlgorithmsWhenAskedForJson() throws IOException {
        ObjectMapper json = new ObjectMapper();
        double[] costs = new double[2];
        String[] algos = {"astar", "dijkstra"};
        for (int i = 0; i < 2; i++) {
            out.getBuffer().setLength(0);
            int code = run("plan", "--map", SAMPLES.resolve("house.yaml").toString(), "--from", "dock", "--to", "8.0,6.0",
                    "--algo", algos[i], "--json");
            assertThat(code).as(err.toString()).isZero();
            JsonNode result = json.readTree(out.toString());
            assertThat(result.get("found").asBoolean()).isTrue();
            assertThat(result.get("path").size()).isEqualTo(result.get("hops").asInt() + 1);
            costs[i] = result.get("cost").asDouble();
        }
        assertThat(costs[0]).isCloseTo(costs[1], Assertions.within(1e-4));
    }

    @Test
    void shouldReportZeroMismatchesWhenSolvingOwnScenarios(@TempDir Path dir) throws IOException {
        Path result = dir.resolve("scen.json");

        int code = run("plan", "--scen", SAMPLES.resolve("maze-64.scen").toString(), "--json", result.toString());

        assertThat(code).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(result.toFile());
        assertThat(json.get("summary").get("scenarios").asInt()).isEqualTo(60);
        assertThat(json.get("summary").get("mismatches").asInt()).isZero();
        assertThat(json.get("scenarios").get(5).get("cost").asDouble())
                .isCloseTo(json.get("scenarios").get(5).get("expected").asDouble(), Assertions.within(1e-4));
    }

    @Test
    void shouldRunTheNamedAlgorithmWhenSolvingScenarios(@TempDir Path dir) throws IOException {
        // given the same scenarios solved by A* and by Dijkstra
        Path astar = dir.resolve("astar.json");
        Path dijkstra = dir.resolve("dijkstra.json");
        String scen = SAMPLES.resolve("maze-64.scen").toString();
        assertThat(run("plan", "--scen", scen, "--json", astar.toString())).as(err.toString()).isZero();
        // when
        int code = run("plan", "--scen", scen, "--algo", "dijkstra", "--json", dijkstra.toString());
        // then both are optimal, and Dijkstra (no heuristic) expanded more: it really ran
        assertThat(code).as(err.toString()).isZero();
        JsonNode a = new ObjectMapper().readTree(astar.toFile());
        JsonNode d = new ObjectMapper().readTree(dijkstra.toFile());
        assertThat(d.get("algo").asText()).isEqualTo("dijkstra");
        assertThat(d.get("summary").get("mismatches").asInt()).isZero();
        assertThat(d.get("summary").get("totalExpansions").asLong()).isGreaterThan(a.get("summary").get("totalExpansions").asLong());
    }

    @Test
    void shouldSolveEveryScenarioWithFewerExpansionsWhenAlgoIsJps(@TempDir Path dir) throws IOException {
        Path astar = dir.resolve("astar.json");
        Path jps = dir.resolve("jps.json");
        String scen = SAMPLES.resolve("maze-64.scen").toString();
        assertThat(run("plan", "--scen", scen, "--json", astar.toString())).as(err.toString()).isZero();

        int code = run("plan", "--scen", scen, "--algo", "jps", "--json", jps.toString());

        assertThat(code).as(err.toString()).isZero();
        JsonNode a = new ObjectMapper().readTree(astar.toFile());
        JsonNode j = new ObjectMapper().readTree(jps.toFile());
        assertThat(j.get("summary").get("mismatches").asInt()).isZero();
        assertThat(j.get("summary").get("totalExpansions").asLong()).isLessThan(a.get("summary").get("totalExpansions").asLong());
    }

    @Test
    void shouldUseJpsOnGridAndRefuseItOnPlacesWhenAlgoIsAutoOrJps() {
        int auto = run("plan", "--map", SAMPLES.resolve("rooms-32.map").toString(), "--from", "5,4", "--to", "12,2", "--algo", "auto");
        assertThat(auto).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("jps from");

        int places = run("plan", "--map", SAMPLES.resolve("house.yaml").toString(), "--from", "dock", "--to", "kitchen", "--algo", "jps");
        assertThat(places).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--algo jps needs an 8-connected grid map");
    }

    @Test
    void shouldReportHopsNotMismatchesWhenScenariosAreSolvedByBfs(@TempDir Path dir) throws IOException {
        Path result = dir.resolve("bfs.json");

        int code = run("plan", "--scen", SAMPLES.resolve("maze-64.scen").toString(), "--algo", "bfs", "--json", result.toString());

        assertThat(code).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(result.toFile());
        assertThat(json.get("compared").asBoolean()).isFalse();
        assertThat(json.get("summary").get("mismatches").asInt()).isZero();
        assertThat(json.get("scenarios").get(5).get("hops").asInt()).isPositive();
        assertThat(json.get("scenarios").get(5).has("cost")).isFalse();
        assertThat(out.toString()).contains("BFS finds fewest hops");
    }

    @Test
    void shouldRefuseUnknownAlgorithmWhenSolvingScenarios(@TempDir Path dir) {
        int code = run("plan", "--scen", SAMPLES.resolve("maze-64.scen").toString(), "--algo", "jps2", "--json", dir.resolve("x.json").toString());

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--algo must be astar, dijkstra, bfs, jps, alt or auto; was 'jps2'");
    }

    @Test
    void shouldCountMismatchAndExitOneWhenExpectedLengthIsWrong(@TempDir Path dir) throws IOException {
        Files.copy(SAMPLES.resolve("rooms-32.map"), dir.resolve("rooms-32.map"));
        var lines = Files.readAllLines(SAMPLES.resolve("rooms-32.scen"));
        String[] f = lines.get(3).split("\t");
        f[8] = String.valueOf(Double.parseDouble(f[8]) + 0.5);
        lines.set(3, String.join("\t", f));
        Path scen = dir.resolve("rooms-32.scen");
        Files.write(scen, lines);
        Path result = dir.resolve("out.json");

        int code = run("plan", "--scen", scen.toString(), "--json", result.toString());

        assertThat(code).isEqualTo(ExitCodes.FAILED);
        JsonNode json = new ObjectMapper().readTree(result.toFile());
        assertThat(json.get("summary").get("mismatches").asInt()).isEqualTo(1);
        assertThat(json.get("scenarios").get(2).get("mismatch").asBoolean()).isTrue();
    }

    @Test
    void shouldPlanOctileOnMovingAiMapWhateverTheConnectivityOption() throws IOException {
        Path map = SAMPLES.resolve("rooms-32.map");
        out.getBuffer().setLength(0);
        int code = run("plan", "--map", map.toString(), "--from", "5,4", "--to", "12,2", "--connectivity", "4", "--json");

        assertThat(code).as(err.toString()).isZero();
        JsonNode result = new ObjectMapper().readTree(out.toString());
        // rooms-32.scen line 3 gives 7.82842712 for this pair (two diagonal steps).
        assertThat(result.get("cost").asDouble()).isCloseTo(7.82842712, Assertions.within(1e-4));
    }

    @Test
    void shouldNameThePlacesWhenAPlaceIsUnknown() {
        int code = run("plan", "--map", SAMPLES.resolve("house.yaml").toString(), "--from", "garage", "--to", "dock");

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--from 'garage' is neither a place nor a point").contains("kitchen");
    }

    @Test
    void shouldSayWhichLineWhenTheMapIsBad(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.map");
        Files.writeString(bad, "type octile\nheight 2\nwidth 2\nmap\n..\n.?\n");

        int code = run("plan", "--map", bad.toString(), "--from", "0,0", "--to", "1,0");

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("bad.map line 6 column 2: unknown terrain '?'");
    }

    @Test
    void shouldDescribeTheHouseWhenAskedForMapInfo() {
        int code = run("map", "info", SAMPLES.resolve("house.yaml").toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("200 x 160 cells", "place:      dock", "components:");
    }

    @Test
    void shouldPrintOriginYawWhenMapIsRotated(@TempDir Path dir) throws Exception {
        // given a 2 x 1 map whose origin is rotated a quarter turn
        Files.writeString(dir.resolve("two.pgm"), "P2\n2 1\n255\n254 254\n");
        Path yaml = dir.resolve("rotated.yaml");
        Files.writeString(yaml, "image: two.pgm\nresolution: 1\norigin: [0, 0, 1.5708]\noccupied_thresh: 0.65\nfree_thresh: 0.196\n");
        // when
        int code = run("map", "info", yaml.toString());
        // then
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("yaw 1.5708 rad (applied: the grid is rotated about the origin)");
    }

    @Test
    void shouldPlanOnRouteGraphWhenMapIsExportedGeoJson(@TempDir Path dir) throws Exception {
        // given a places map   a --3-- b --4-- c,  a --10-- c   exported as a route graph
        Path places = dir.resolve("places.yaml");
        Files.writeString(places, """
                places:
                  - {name: a, x: 0, y: 0}
                  - {name: b, x: 3, y: 0}
                  - {name: c, x: 3, y: 4}
                connections:
                  - [a, b]
                  - [b, c]
                  - {from: a, to: c, weight: 10}
                """);
        Path geojson = dir.resolve("places.geojson");
        assertThat(run("map", "export", places.toString(), "--geojson", geojson.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("3 nodes, 6 edges");
        out.getBuffer().setLength(0);
        // when planning on it by name, and by the file's node ids
        int byName = run("plan", "--map", geojson.toString(), "--from", "a", "--to", "c", "--json");
        double cost = new ObjectMapper().readTree(out.toString()).get("cost").asDouble();
        out.getBuffer().setLength(0);
        int byId = run("plan", "--map", geojson.toString(), "--from", "0", "--to", "2", "--algo", "alt", "--json");
        // then both take the way through b
        assertThat(byName).as(err.toString()).isZero();
        assertThat(byId).as(err.toString()).isZero();
        assertThat(cost).isEqualTo(7.0);
        assertThat(new ObjectMapper().readTree(out.toString()).get("cost").asDouble()).isEqualTo(7.0);
    }
}
