package io.wally.maps.embed;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.maps.MutableNavGraph;
import io.wally.maps.VectorSupport;
import io.wally.maps.embed.NearestNeighbours.Kernel;
import io.wally.maps.graph.BatchHasher;
import io.wally.maps.graph.NameIndex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The batch kernels give the same results in a JVM without {@code jdk.incubator.vector} (every path scalar, the
 * vector classes never loaded) as in one with it: the launcher leaves the module out by default, so the runtime
 * must not depend on it. Two child JVMs run {@link #main} and print a digest of every kernel's output.
 */
class VectorFallbackTest {

    @Test
    @Tag("slow")
    void shouldGiveTheSameResultsWhenTheVectorModuleIsAbsent() throws Exception {
        // given: one child JVM with the Vector API and one without
        String with = runChild(true);
        String without = runChild(false);
        // then: the one without says so, the one with it took the vector paths, and every result is the same
        assertThat(with).startsWith("vector=true ");
        assertThat(without).startsWith("vector=false ");
        assertThat(without).contains("scalar (jdk.incubator.vector not loaded)");
        assertThat(body(without)).isEqualTo(body(with)).contains("hashes=").contains("neighbours=");
    }

    private static String body(String output) {
        return output.substring(output.indexOf('\n') + 1);
    }

    private static String runChild(boolean vectorModule) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED"));
        if (vectorModule) {
            command.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), VectorFallbackTest.class.getName()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        // the incubator module's start-up warning is the JVM's, not the kernels'
        String output = new String(child.getInputStream().readAllBytes()).lines()
                .filter(line -> !line.startsWith("WARNING: Using incubator modules")).collect(Collectors.joining("\n", "", "\n"));
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("child output: %s", output).isZero();
        return output;
    }

    /** Prints whether the Vector API is loaded, the species, then a digest of hashes, look-ups, embeddings and neighbours. */
    public static void main(String[] args) {
        System.out.println("vector=" + VectorSupport.available() + " " + BatchHasher.species() + " " + NearestNeighbours.species());
        Random random = new Random(20);
        String[] names = new String[3000];
        for (int i = 0; i < names.length; i++) {
            StringBuilder sb = new StringBuilder();
            int length = i % 7 == 0 ? 20 + random.nextInt(60) : random.nextInt(17);
            for (int c = 0; c < length; c++) {
                sb.append(i % 5 == 0 ? (char) (0x00E0 + random.nextInt(200)) : (char) ('a' + random.nextInt(26)));
            }
            names[i] = sb.toString() + "#" + i;
        }
        long[] all = new long[names.length];
        long[] vector = new long[names.length];
        BatchHasher hasher = new BatchHasher();
        hasher.hashAll(names, all);
        hasher.hashVector(names, vector);
        long single = hasher.hash64(names[7]);
        System.out.println("hashes=" + Arrays.hashCode(all) + " " + Arrays.hashCode(vector) + " " + single);

        int[] found = new int[names.length];
        try (NameIndex index = new NameIndex(names.length, true)) {
            for (int i = 0; i < names.length; i += 2) {
                index.put(names[i], i);
            }
            index.getAll(names, found);
        }
        System.out.println("lookups=" + Arrays.hashCode(found));

        try (MutableNavGraph graph = EmbedFixtures.grid(30, 20);
                Embeddings e = FastRp.compute(graph, FastRpSettings.defaults().withDimension(37).withThreads(1))) {
            int rows = 0;
            for (int node = 0; node < e.count(); node++) {
                for (int j = 0; j < e.dimension(); j++) {
                    rows = 31 * rows + Float.floatToIntBits(e.get(node, j));
                }
            }
            NearestNeighbours knn = new NearestNeighbours(e);
            StringBuilder neighbours = new StringBuilder();
            for (int node = 0; node < e.count(); node += 41) {
                for (Kernel kernel : Kernel.values()) {
                    for (Neighbour n : knn.query(node, 5, null, true, kernel)) {
                        neighbours.append(n.node()).append(':').append(Float.floatToIntBits(n.similarity())).append(' ');
                    }
                }
            }
            System.out.println("embeddings=" + rows);
            System.out.println("neighbours=" + neighbours.toString().hashCode());
        }
    }
}
