package io.wally.maps.embed;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.CRC32C;

/**
 * Settings of one {@link FastRp} run.
 *
 * @param dimension components per embedding, in {@code [2, 1024]}
 * @param iterationWeights weight of each propagation step's (L2-normalised) vectors in the sum; one entry per
 *     iteration, 1 to 1024 entries, finite; e.g. {@code [0, 1, 1]} (GDS's default) ignores direct neighbours
 * @param normalizationStrength exponent {@code b} applied to each node's degree to scale its initial random
 *     vector ({@code degree^b}); 0 leaves them alone, negative values damp hubs; in {@code [-4, 4]}
 * @param selfInfluence weight of each node's own initial vector in the sum, finite
 * @param seed the random projection's seed: the same seed on the same graph gives bit-identical vectors
 *     whatever the thread count
 * @param identity whether each node's own random identity column is projected (true, the usual FastRP); false
 *     leaves only the features, so that nodes in the same structural position (e.g. mirror images) get the same
 *     vector; then at least one feature is required
 * @param features extra per-node inputs projected with the identity vectors (may be empty)
 * @param featureWeight factor applied to every feature input before projection, finite and {@code >= 0}
 * @param weighted whether neighbours count by edge weight (true) or each as 1 (false, the default: on a grid
 *     an edge weight is a travel cost, not a similarity)
 * @param threads worker threads, {@code >= 1}; results do not depend on it
 */
public record FastRpSettings(int dimension, double[] iterationWeights, double normalizationStrength, double selfInfluence,
        long seed, boolean identity, Set<NodeFeature> features, double featureWeight, boolean weighted, int threads) {

    /** Largest supported dimension. */
    public static final int MAX_DIMENSION = 1024;

    public FastRpSettings {
        if (dimension < 2 || dimension > MAX_DIMENSION) {
            throw new IllegalArgumentException("embedding dimension must be in [2, " + MAX_DIMENSION + "]; was " + dimension);
        }
        Objects.requireNonNull(iterationWeights, "iterationWeights");
        if (iterationWeights.length < 1 || iterationWeights.length > 1024) {
            throw new IllegalArgumentException("iteration weights must have 1 to 1024 entries; had " + iterationWeights.length);
        }
        iterationWeights = iterationWeights.clone();
        for (double w : iterationWeights) {
            if (!Double.isFinite(w)) {
                throw new IllegalArgumentException("iteration weights must be finite; were " + Arrays.toString(iterationWeights));
            }
        }
        if (!(normalizationStrength >= -4 && normalizationStrength <= 4)) {
            throw new IllegalArgumentException("normalization strength must be in [-4, 4]; was " + normalizationStrength);
        }
        if (!Double.isFinite(selfInfluence)) {
            throw new IllegalArgumentException("self influence must be finite; was " + selfInfluence);
        }
        features = features.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(features));
        if (!(featureWeight >= 0) || Double.isInfinite(featureWeight)) {
            throw new IllegalArgumentException("feature weight must be finite and >= 0; was " + featureWeight);
        }
        if (!identity && features.isEmpty()) {
            throw new IllegalArgumentException("without identity columns at least one feature is needed; features were empty");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1; was " + threads);
        }
    }

    /** Dimension 64, weights {@code [0, 1, 1, 1]}, strength 0, self influence 0, seed 42, identity columns, no features, all cores. */
    public static FastRpSettings defaults() {
        return new FastRpSettings(64, new double[] {0, 1, 1, 1}, 0, 0, 42, true, Set.of(), 1, false,
                Runtime.getRuntime().availableProcessors());
    }

    /** A copy with {@code dimension}. */
    public FastRpSettings withDimension(int value) {
        return new FastRpSettings(value, iterationWeights, normalizationStrength, selfInfluence, seed, identity, features, featureWeight, weighted, threads);
    }

    /** A copy with {@code iterationWeights}. */
    public FastRpSettings withIterationWeights(double... value) {
        return new FastRpSettings(dimension, value, normalizationStrength, selfInfluence, seed, identity, features, featureWeight, weighted, threads);
    }

    /** A copy with {@code normalizationStrength}. */
    public FastRpSettings withNormalizationStrength(double value) {
        return new FastRpSettings(dimension, iterationWeights, value, selfInfluence, seed, identity, features, featureWeight, weighted, threads);
    }

    /** A copy with {@code selfInfluence}. */
    public FastRpSettings withSelfInfluence(double value) {
        return new FastRpSettings(dimension, iterationWeights, normalizationStrength, value, seed, identity, features, featureWeight, weighted, threads);
    }

    /** A copy with {@code seed}. */
    public FastRpSettings withSeed(long value) {
        return new FastRpSettings(dimension, iterationWeights, normalizationStrength, selfInfluence, value, identity, features, featureWeight, weighted, threads);
    }

    /** A copy with {@code identity}. */
    public FastRpSettings withIdentity(boolean value) {
        return new FastRpSettings(dimension, iterationWeights, normalizationStrength, selfInfluence, seed, value, features, featureWeight, weighted, threads);
    }

    /** A copy with {@code features} and {@code featureWeight}. */
    public FastRpSettings withFeatures(Set<NodeFeature> value, double weight) {
        return new FastRpSettings(dimension, iterationWeights, normalizationStrength, selfInfluence, seed, identity, value, weight, weighted, threads);
    }

    /** A copy with {@code weighted}. */
    public FastRpSettings withWeighted(boolean value) {
        return new FastRpSettings(dimension, iterationWeights, normalizationStrength, selfInfluence, seed, identity, features, featureWeight, value, threads);
    }

    /** A copy with {@code threads}. */
    public FastRpSettings withThreads(int value) {
        return new FastRpSettings(dimension, iterationWeights, normalizationStrength, selfInfluence, seed, identity, features, featureWeight, weighted, value);
    }

    /** The weights (a copy: the record keeps its own). */
    @Override
    public double[] iterationWeights() {
        return iterationWeights.clone();
    }

    /**
     * A checksum of everything that changes the vectors (not {@code threads}): a stored file made with other
     * settings is not reused.
     */
    public long fingerprint() {
        CRC32C crc = new CRC32C();
        StringBuilder text = new StringBuilder().append(dimension).append('|').append(Arrays.toString(iterationWeights)).append('|')
                .append(normalizationStrength).append('|').append(selfInfluence).append('|').append(seed).append('|').append(identity).append('|')
                .append(new TreeSet<>(features)).append('|').append(featureWeight).append('|').append(weighted);
        crc.update(text.toString().getBytes(StandardCharsets.UTF_8));
        return crc.getValue() ^ ((long) text.length() << 32);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FastRpSettings s && dimension == s.dimension && Arrays.equals(iterationWeights, s.iterationWeights)
                && Double.compare(normalizationStrength, s.normalizationStrength) == 0 && Double.compare(selfInfluence, s.selfInfluence) == 0
                && seed == s.seed && identity == s.identity && features.equals(s.features) && Double.compare(featureWeight, s.featureWeight) == 0
                && weighted == s.weighted && threads == s.threads;
    }

    @Override
    public int hashCode() {
        return Objects.hash(dimension, Arrays.hashCode(iterationWeights), normalizationStrength, selfInfluence, seed, identity, features,
                featureWeight, weighted, threads);
    }

    @Override
    public String toString() {
        return "FastRpSettings[dimension=" + dimension + ", iterationWeights=" + Arrays.toString(iterationWeights)
                + ", normalizationStrength=" + normalizationStrength + ", selfInfluence=" + selfInfluence + ", seed=" + seed
                + ", identity=" + identity + ", features=" + features + ", featureWeight=" + featureWeight + ", weighted=" + weighted + ", threads=" + threads + "]";
    }
}
