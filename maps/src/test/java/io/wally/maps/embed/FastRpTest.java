package io.wally.maps.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wally.maps.MutableNavGraph;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FastRpTest {

    @Test
    void shouldAgreeWithReferenceWithin1e5WhenGraphIsRandom() {
        FastRpSettings[] variants = {
            FastRpSettings.defaults().withDimension(64).withThreads(2),
            FastRpSettings.defaults().withDimension(37).withIterationWeights(0.5, 1, 2).withNormalizationStrength(-0.5)
                    .withSelfInfluence(0.7).withWeighted(true).withSeed(7).withThreads(3),
            FastRpSettings.defaults().withDimension(48).withFeatures(EnumSet.allOf(NodeFeature.class), 0.8).withThreads(2),
            FastRpSettings.defaults().withDimension(16).withFeatures(EnumSet.of(NodeFeature.DEGREE, NodeFeature.CLEARANCE), 1).withIdentity(false)
                    .withIterationWeights(1, 1).withThreads(1),
        };
        for (int seed = 0; seed < 2; seed++) {
            // given a random graph (removed and blocked nodes, labels, weights)
            try (MutableNavGraph graph = EmbedFixtures.randomGraph(seed, 3000, 15_000)) {
                for (FastRpSettings settings : variants) {
                    // when
                    double[][] expected = ReferenceFastRp.compute(graph, settings);
                    try (Embeddings actual = FastRp.compute(graph, settings)) {
                        // then every component agrees within 1e-5
                        double worst = 0;
                        for (int v = 0; v < graph.nodeIdLimit(); v++) {
                            for (int j = 0; j < settings.dimension(); j++) {
                                worst = Math.max(worst, Math.abs(expected[v][j] - actual.get(v, j)));
                            }
                        }
                        assertThat(worst).as("largest difference with %s on graph %d", settings, seed).isLessThanOrEqualTo(1e-5);
                        assertThat(actual.graphVersion()).isEqualTo(graph.version());
                    }
                }
            }
        }
    }

    @Test
    void shouldGiveBitIdenticalVectorsWhenThreadCountDiffers() {
        // given a graph of several chunks
        try (MutableNavGraph graph = EmbedFixtures.randomGraph(11, 3 * FastRp.CHUNK + 17, 60_000)) {
            FastRpSettings settings = FastRpSettings.defaults().withFeatures(Set.of(NodeFeature.CLEARANCE, NodeFeature.DEGREE), 1)
                    .withNormalizationStrength(-0.3).withSelfInfluence(0.2);
            // when
            try (Embeddings one = FastRp.compute(graph, settings.withThreads(1));
                    Embeddings four = FastRp.compute(graph, settings.withThreads(4));
                    Embeddings again = FastRp.compute(graph, settings.withThreads(4));
                    Embeddings otherSeed = FastRp.compute(graph, settings.withSeed(settings.seed() + 1))) {
                // then
                int differentFromOtherSeed = 0;
                for (int v = 0; v < graph.nodeIdLimit(); v++) {
                    for (int j = 0; j < settings.dimension(); j++) {
                        assertThat(Float.floatToRawIntBits(four.get(v, j))).as("node %d component %d", v, j)
                                .isEqualTo(Float.floatToRawIntBits(one.get(v, j)))
                                .isEqualTo(Float.floatToRawIntBits(again.get(v, j)));
                        if (otherSeed.get(v, j) != one.get(v, j)) {
                            differentFromOtherSeed++;
                        }
                    }
                }
                assertThat(differentFromOtherSeed).isGreaterThan(graph.nodeCount() * settings.dimension() / 2);
            }
        }
    }

    @Test
    void shouldRejectSettingsWhenOutOfRange() {
        FastRpSettings d = FastRpSettings.defaults();
        assertThatThrownBy(() -> d.withDimension(1)).hasMessageContaining("dimension must be in [2, 1024]; was 1");
        assertThatThrownBy(() -> d.withIterationWeights()).hasMessageContaining("1 to 1024 entries; had 0");
        assertThatThrownBy(() -> d.withIterationWeights(1, Double.NaN)).hasMessageContaining("finite");
        assertThatThrownBy(() -> d.withThreads(0)).hasMessageContaining("threads must be >= 1; was 0");
        assertThatThrownBy(() -> d.withIdentity(false)).hasMessageContaining("at least one feature");
    }
}
