package io.wally.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.maps.store.GraphStore;
import io.wally.maps.store.StoreOptions;
import java.awt.image.BufferedImage;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wally embed}, {@code wally similar} and {@code wally rooms} on a private copy of the sample house. */
@Tag("slow")
class EmbedCommandsTest {

    private static final Path SAMPLES = Path.of("../maps/samples");

    @TempDir
    Path dir;

    private Path house() throws Exception {
        for (String f : new String[] {"house.yaml", "house-grid.yaml", "house.pgm"}) {
            Files.copy(SAMPLES.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        return dir.resolve("house.yaml");
    }

    @Test
    void shouldComputeThenReuseEmbeddingsWhenRunTwice() throws Exception {
        Path house = house();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // when
        int first = CliTestSupport.run(out, err, "embed", "--map", house.toString(), "--dim", "16");
        int second = CliTestSupport.run(out, err, "embed", "--map", house.toString(), "--dim", "16");
        // then
        assertThat(first).isZero();
        assertThat(second).isZero();
        assertThat(out.toString()).contains("computed: ").contains("(no file yet)").contains("reused: ").contains("graph version");
        assertThat(dir.resolve("house.yaml.embeddings.bin")).exists();
    }

    @Test
    void shouldListSimilarPlacesAndRefuseUnknownOnes() throws Exception {
        Path house = house();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // when
        int ok = CliTestSupport.run(out, err, "similar", "--map", house.toString(), "--dim", "16", "5.0,4.1", "-k", "3");
        int unknown = CliTestSupport.run(out, err, "similar", "--map", house.toString(), "attic");
        int badK = CliTestSupport.run(out, err, "similar", "--map", house.toString(), "kitchen", "-k", "101");
        // then
        assertThat(ok).isZero();
        assertThat(out.toString()).contains("most similar to (5.03, 4.07)").contains("  1. ").contains("  3. ");
        assertThat(unknown).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("'attic' is neither a place nor a point").contains("kitchen");
        assertThat(badK).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("-k must be in [1, 100]; was 101");
    }

    @Test
    void shouldFindTheHouseRoomsDrawThemAndWriteThemAsPlaces() throws Exception {
        Path house = house();
        Path png = dir.resolve("out/rooms.png");
        Path places = dir.resolve("out/rooms.yaml");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // when
        int code = CliTestSupport.run(out, err, "rooms", "--map", house.toString(), "--png", png.toString(), "--places", places.toString());
        // then
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("6 rooms on").contains("room-1").contains("room-6").contains("agreement with the map's 6 outlined rooms: ");
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1000);
        // the written places file loads as a map of its own, one room place per segment
        StringWriter planOut = new StringWriter();
        assertThat(Files.readString(places)).contains("grid: ../house-grid.yaml").contains("{name: room-6, kind: room");
        assertThat(CliTestSupport.run(planOut, err, "plan", "--map", places.toString(), "--from", "room-1", "--to", "room-6")).isZero();
    }

    @Test
    void shouldEmbedAStoresGraphIntoItsDirectoryAndRefuseAStoreARobotHolds() throws Exception {
        // given a store with a small graph: dock -- hall -- kitchen
        Path store = dir.resolve("store");
        try (GraphStore s = GraphStore.open(store, StoreOptions.defaults())) {
            int dock = s.graph().addNode("dock", 0, 0);
            int hall = s.graph().addNode("hall", 1, 0);
            int kitchen = s.graph().addNode("kitchen", 2, 0);
            s.graph().addUndirectedEdge(dock, hall, 1, 0);
            s.graph().addUndirectedEdge(hall, kitchen, 1, 0);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // when
        int first = CliTestSupport.run(out, err, "embed", "--store", store.toString(), "--dim", "16");
        int second = CliTestSupport.run(out, err, "embed", "--store", store.toString(), "--dim", "16");
        int held;
        StringWriter heldErr = new StringWriter();
        try (GraphStore running = GraphStore.open(store, StoreOptions.defaults())) {
            held = CliTestSupport.run(new StringWriter(), heldErr, "embed", "--store", store.toString(), "--dim", "16");
        }
        // then
        assertThat(first).as("%s", err).isZero();
        assertThat(second).isZero();
        assertThat(out.toString()).contains("computed: " + store.resolve("embeddings.bin")).contains("reused: ").contains("(LSN ");
        assertThat(store.resolve("embeddings.bin")).exists();
        assertThat(held).isNotZero();
        assertThat(heldErr.toString().strip()).contains(store.toString()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(CliTestSupport.run(new StringWriter(), new StringWriter(), "store", "verify", "--dir", store.toString()))
                .as("the store itself is untouched and still verifies").isZero();
    }
}
