package io.wally.maps.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class BatchHasherTest {

    private static String randomString(Random random) {
        int kind = random.nextInt(5);
        int length = switch (kind) {
            case 0 -> 0;
            case 1 -> random.nextInt(4);
            case 2 -> random.nextInt(20);
            case 3 -> 100 + random.nextInt(1500);
            default -> random.nextInt(64);
        };
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(4)) {
                case 0 -> sb.append((char) ('a' + random.nextInt(26)));
                case 1 -> sb.append((char) random.nextInt(0x10000)); // any UTF-16 unit, surrogates too
                case 2 -> sb.appendCodePoint(0x1F600 + random.nextInt(80));
                default -> sb.append((char) (0xFF00 + random.nextInt(256))); // high bit of the char set
            }
        }
        return sb.toString();
    }

    @Test
    void shouldGiveIdenticalHashesOnScalarAndVectorPathsWhenInputsAreRandom() {
        // given: 20,000 random strings (empty, short, long, non-ASCII, unpaired surrogates)
        Random random = new Random(7);
        String[] names = new String[20_000];
        for (int i = 0; i < names.length; i++) {
            names[i] = randomString(random);
        }
        names[0] = "";
        names[1] = "a";
        names[2] = "abcd";
        names[3] = "\uFFFF\uFFFF\uFFFF\uFFFF\uFFFF";
        for (int n = 0; n <= 40; n++) {
            names[4 + n] = "x".repeat(n); // every length around the one-round fast path and the rounds
        }
        long[] scalar = new long[names.length];
        long[] vector = new long[names.length];
        // when
        BatchHasher.hashScalar(names, scalar);
        new BatchHasher().hashVector(names, vector);
        long[] mixed = new long[names.length];
        new BatchHasher().hashAll(names, mixed);
        // then
        assertThat(vector).containsExactly(scalar);
        assertThat(mixed).containsExactly(scalar);
    }

    /** A name of 0 to 16 chars (the group path's range), any UTF-16 unit. */
    private static String shortString(Random random) {
        int length = random.nextInt(NameHash.STREAMS + 1);
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(4)) {
                case 0 -> sb.append((char) ('a' + random.nextInt(26)));
                case 1 -> sb.append((char) random.nextInt(0x10000));
                case 2 -> sb.append((char) (0xD800 + random.nextInt(0x800))); // lone surrogates
                default -> sb.append((char) (0xFF00 + random.nextInt(256)));
            }
        }
        return sb.toString();
    }

    /**
     * Whether the vector path agrees with the scalar one on every batch size of {@code sizes}, the
     * names drawn short (one-round groups) or mixed with empty and long ones.
     */
    private static boolean agreesOnBatchSizes(Random random, int[] sizes) {
        BatchHasher hasher = new BatchHasher(); // reused across batches: no stale chars may leak
        for (int size : sizes) {
            for (boolean mixed : new boolean[] {false, true}) {
                String[] names = new String[size];
                for (int i = 0; i < size; i++) {
                    names[i] = mixed && random.nextInt(3) == 0 ? randomString(random) : shortString(random);
                }
                long[] scalar = new long[size];
                long[] vector = new long[size + 3];
                long[] all = new long[size];
                vector[size] = 42; // slots past the batch stay untouched
                BatchHasher.hashScalar(names, scalar);
                hasher.hashVector(names, vector);
                hasher.hashAll(names, all);
                if (!Arrays.equals(scalar, 0, size, vector, 0, size) || vector[size] != 42
                        || !Arrays.equals(scalar, all)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static final int[] BATCH_SIZES = {0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 63, 64, 65, 100, 1000, 1001};

    @Test
    void shouldGiveIdenticalHashesOnGroupsOfShortNamesWhenBatchSizesAreNotMultiplesOfTheLanes() {
        // given: 20,000+ names per kind, batch sizes around every lane count (4, 8, 16) and its multiples
        Random random = new Random(11);
        // when / then
        for (int round = 0; round < 10; round++) {
            assertThat(agreesOnBatchSizes(random, BATCH_SIZES)).as("round %d", round).isTrue();
        }
    }

    @Test
    void shouldGiveIdenticalHashesWhenAGroupMixesEveryShortLengthWithEmptyAndLongNames() {
        // given: every length 0..40 in one batch, in an order that puts each next to every other
        BatchHasher hasher = new BatchHasher();
        for (int shift = 0; shift < 41; shift++) {
            String[] names = new String[41];
            for (int n = 0; n <= 40; n++) {
                // non-ASCII, a surrogate pair (cut in half at n = 5), then ASCII
                names[(n + shift) % 41] = "\u00e9xyz\uD83D\uDE00abcdefghijklmnopqrstuvwxyz0123456789ABCDEF".substring(0, n);
            }
            long[] scalar = new long[names.length];
            long[] vector = new long[names.length];
            // when
            BatchHasher.hashScalar(names, scalar);
            hasher.hashVector(names, vector);
            // then
            assertThat(vector).as("shift %d", shift).containsExactly(scalar);
        }
    }

    /** Entry point of the child JVMs below: prints the species and whether both paths agree. */
    public static void main(String[] args) {
        Random random = new Random(Long.parseLong(args[0]));
        String[] names = new String[5000];
        for (int i = 0; i < names.length; i++) {
            names[i] = randomString(random);
        }
        long[] scalar = new long[names.length];
        long[] vector = new long[names.length];
        BatchHasher.hashScalar(names, scalar);
        new BatchHasher().hashVector(names, vector);
        boolean agree = Arrays.equals(scalar, vector) && agreesOnBatchSizes(random, BATCH_SIZES);
        System.out.println(BatchHasher.species() + " " + agree);
    }

    @Test
    @Tag("slow")
    void shouldGiveIdenticalHashesWhenVectorsAreNarrower() throws Exception {
        // given: child JVMs whose vectors are capped at 128 and 256 bits (NEON- and AVX2-sized species)
        for (int maxVectorBytes : new int[] {16, 32}) {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:MaxVectorSize=" + maxVectorBytes, "--add-modules", "jdk.incubator.vector",
                    "-cp", System.getProperty("java.class.path"), BatchHasherTest.class.getName(), "99"));
            Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
            // when
            String output = new String(child.getInputStream().readAllBytes());
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            // then
            Matcher m = Pattern.compile("Species\\[int, (\\d+), S_\\d+_BIT] true").matcher(output);
            assertThat(m.find()).as("child output: %s", output).isTrue();
            assertThat(Integer.parseInt(m.group(1))).isBetween(4, maxVectorBytes / 4);
        }
    }

    @Test
    void shouldHashStoredAsciiBytesLikeTheStringWhenRebuilding() {
        Random random = new Random(5);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(200);
            for (int t = 0; t < 2000; t++) {
                int n = t % 101;
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    sb.append((char) random.nextInt(0x80));
                }
                String s = sb.toString();
                byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
                MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, 7, n);
                assertThat(NameHash.hash64Ascii(segment, 7, n)).as("length %d", n).isEqualTo(NameHash.hash64(s));
            }
        }
    }

    @Test
    void shouldDistinguishZeroPaddingAndLengthWhenNamesDifferOnlyInTrailingZeroChars() {
        assertThat(NameHash.hash64("ab")).isNotEqualTo(NameHash.hash64("ab\0"));
        assertThat(NameHash.hash64("")).isNotEqualTo(NameHash.hash64("\0"));
        assertThat(new BatchHasher().hash64("ab\0\0")).isEqualTo(NameHash.hash64("ab\0\0"));
    }

    @Test
    void shouldSpreadSequentialNamesWithoutCollisionsWhenHashing200kGridNames() {
        // given: grid-cell names that differ in one or two digits
        Set<Long> seen = new HashSet<>();
        Set<Long> lowBits = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            long h = NameHash.hash64("cell-" + (i / 500) + "-" + (i % 500));
            seen.add(h);
            lowBits.add(h & 0xFFFFF);
        }
        // then: no 64-bit collision, and the low 20 bits (a table index) cover most of their range
        assertThat(seen).hasSize(200_000);
        assertThat(lowBits.size()).isGreaterThan((int) ((1 << 20) * (1 - Math.exp(-200_000.0 / (1 << 20))) * 0.97));
    }
}
