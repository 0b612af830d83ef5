package io.wally.maps.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.management.ThreadMXBean;
import io.wally.maps.BloomStats;
import io.wally.maps.DuplicateNameException;
import io.wally.maps.GraphClosedException;
import io.wally.maps.GraphException;
import io.wally.maps.InvalidNameException;
import io.wally.maps.NavGraph;
import io.wally.maps.OversizeException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NameIndexTest {

    @TempDir
    Path dir;

    @Test
    void shouldFindPutNamesAndNotOthersWhenFilled() {
        try (NameIndex names = new NameIndex(4, true)) {
            // given
            names.put("kitchen", 7);
            names.put("Küche", 8);
            names.put("台所", 9);
            names.put("emoji-\uD83D\uDE80", 10);
            // then
            assertThat(names.get("kitchen")).isEqualTo(7);
            assertThat(names.get("Küche")).isEqualTo(8);
            assertThat(names.get("台所")).isEqualTo(9);
            assertThat(names.get("emoji-\uD83D\uDE80")).isEqualTo(10);
            assertThat(names.get("kitche")).isEqualTo(NavGraph.NO_NODE);
            assertThat(names.get("kitchen ")).isEqualTo(NavGraph.NO_NODE);
            assertThat(names.get("")).isEqualTo(NavGraph.NO_NODE);
            assertThat(names.get("\uD83D")).isEqualTo(NavGraph.NO_NODE);
            assertThat(names.name(9)).contains("台所");
            assertThat(names.name(3)).isEmpty();
            assertThat(names.size()).isEqualTo(4);
        }
    }

    @Test
    void shouldAgreeWithHashMapWhenRandomPutsAndRemovesGrowAndRebuild() {
        // given: a seeded random mix of puts and removes, checked against a HashMap after every step
        Random random = new Random(42);
        Map<String, Integer> oracle = new HashMap<>();
        Map<Integer, String> byNode = new HashMap<>();
        try (NameIndex names = new NameIndex(8, true)) {
            int nextNode = 0;
            for (int step = 0; step < 20_000; step++) {
                String name = "n" + random.nextInt(3000) + (random.nextInt(10) == 0 ? "é" : "");
                if (random.nextInt(3) > 0) {
                    if (oracle.containsKey(name)) {
                        assertThatThrownBy(() -> names.put(name, 999_999)).isInstanceOf(GraphException.class)
                                .hasMessageContaining(name);
                    } else {
                        names.put(name, nextNode);
                        oracle.put(name, nextNode);
                        byNode.put(nextNode, name);
                        nextNode++;
                    }
                } else {
                    Integer node = oracle.remove(name);
                    assertThat(names.remove(name)).isEqualTo(node != null);
                    if (node != null) {
                        byNode.remove(node);
                    }
                }
                if (step % 97 == 0) {
                    String probe = "n" + random.nextInt(3000);
                    assertThat(names.get(probe)).isEqualTo(oracle.getOrDefault(probe, NavGraph.NO_NODE));
                }
            }
            // then
            assertThat(names.size()).isEqualTo(oracle.size());
            oracle.forEach((name, node) -> assertThat(names.get(name)).isEqualTo(node));
            byNode.forEach((node, name) -> assertThat(names.name(node)).contains(name));
            assertThat(names.rebuilds()).isPositive();
        }
    }

    @Test
    void shouldRejectDuplicateNameAndLeaveIndexUnchangedWhenPutTwice() {
        try (NameIndex names = new NameIndex(16, true)) {
            names.put("dock", 1);
            assertThatThrownBy(() -> names.put("dock", 2))
                    .isInstanceOf(DuplicateNameException.class)
                    .hasMessageContaining("duplicate node name \"dock\"").hasMessageContaining("node 1");
            assertThat(names.get("dock")).isEqualTo(1);
            assertThat(names.size()).isEqualTo(1);
            assertThat(names.name(2)).isEmpty();
        }
    }

    @Test
    void shouldRejectBadNamesWithClearMessagesWhenPut() {
        try (NameIndex names = new NameIndex(16, true)) {
            assertThatThrownBy(() -> names.put("", 1)).isInstanceOf(InvalidNameException.class).hasMessageContaining("empty");
            assertThatThrownBy(() -> names.put(null, 1)).isInstanceOf(NullPointerException.class).hasMessageContaining("null");
            assertThatThrownBy(() -> names.put("bad\uD800", 1)).isInstanceOf(GraphException.class)
                    .hasMessageContaining("unpaired surrogate");
            assertThatThrownBy(() -> names.put("x".repeat(NameIndex.MAX_NAME_BYTES + 1), 1))
                    .isInstanceOf(OversizeException.class).hasMessageContaining("256 bytes, limit 255 bytes");
            assertThatThrownBy(() -> names.put("ok", -3)).isInstanceOf(GraphException.class).hasMessageContaining("-3");
            names.put("x".repeat(NameIndex.MAX_NAME_BYTES), 1);
            assertThatThrownBy(() -> names.put("other", 1)).isInstanceOf(GraphException.class)
                    .hasMessageContaining("node 1 already has the name");
            assertThat(names.size()).isEqualTo(1);
        }
    }

    @Test
    void shouldThrowWhenUsedAfterClose() {
        NameIndex names = new NameIndex(16, true);
        names.put("a", 0);
        names.close();
        assertThatThrownBy(() -> names.get("a")).isInstanceOf(GraphClosedException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> names.put("b", 1)).isInstanceOf(GraphException.class).hasMessageContaining("closed");
    }

    @Test
    void shouldKeepFalsePositiveRateNearPredictionWhenFilledToDesignCapacity() {
        // given: an index filled exactly to its design capacity
        try (NameIndex names = new NameIndex(20_000, true)) {
            int capacity = names.designCapacity();
            for (int i = 0; i < capacity; i++) {
                names.put("place-" + i, i);
            }
            String[] absent = new String[100_000];
            for (int i = 0; i < absent.length; i++) {
                absent[i] = "absent-" + i;
            }
            // when
            double measured = names.measureBloomFpp(absent);
            BloomStats stats = names.bloomStats().orElseThrow();
            // then: 10 bits/key, k = 7 predicts 0.82%; 100k samples give a standard error of ~0.03%
            assertThat(stats.hashCount()).isEqualTo(7);
            assertThat(stats.items()).isEqualTo(capacity);
            assertThat(stats.estimatedFpp()).isBetween(0.007, 0.0095);
            assertThat(measured).isLessThan(0.01).isGreaterThan(0.004);
        }
    }

    @Test
    void shouldRebuildFilterWhenManyNamesAreRemoved() {
        // given
        try (NameIndex names = new NameIndex(4000, true)) {
            for (int i = 0; i < 4000; i++) {
                names.put("p" + i, i);
            }
            long before = names.rebuilds();
            // when: remove 3/4 of the names
            for (int i = 0; i < 3000; i++) {
                assertThat(names.remove("p" + i)).isTrue();
            }
            // then: the filter was rebuilt, holds only live keys, and nothing live is lost
            assertThat(names.rebuilds()).isGreaterThan(before);
            BloomStats stats = names.bloomStats().orElseThrow();
            assertThat(stats.items()).isLessThanOrEqualTo(1000 + 1000 / 3 + 1);
            for (int i = 3000; i < 4000; i++) {
                assertThat(names.get("p" + i)).isEqualTo(i);
            }
            for (int i = 0; i < 3000; i++) {
                assertThat(names.get("p" + i)).isEqualTo(NavGraph.NO_NODE);
            }
        }
    }

    @Test
    void shouldAnswerBatchLookupsLikeSingleOnesWhenGetAll() {
        try (NameIndex names = new NameIndex(64, true)) {
            for (int i = 0; i < 100; i++) {
                names.put("wp" + i, i * 2);
            }
            String[] query = {"wp0", "nope", "wp99", "", "wp50", "Wp50"};
            int[] out = new int[query.length];
            names.getAll(query, out);
            assertThat(out).containsExactly(0, -1, 198, -1, 100, -1);
            assertThat(names.containsAll(query)).containsExactly(true, false, true, false, true, false);
            long[] hashes = new long[query.length];
            BatchHasher.hashScalar(query, hashes);
            int[] out2 = new int[query.length];
            names.getAll(query, hashes, out2);
            assertThat(out2).containsExactly(out);
        }
    }

    private static String randomName(Random random) {
        int length = random.nextInt(5) == 0 ? random.nextInt(41) : 1 + random.nextInt(16);
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(6)) {
                case 0 -> sb.append((char) random.nextInt(0x10000)); // lone surrogates too
                case 1 -> sb.append((char) (0x80 + random.nextInt(0x780))); // two UTF-8 bytes
                case 2 -> sb.appendCodePoint(0x1F600 + random.nextInt(80));
                default -> sb.append((char) (0x20 + random.nextInt(0x60)));
            }
        }
        return sb.toString();
    }

    @Test
    void shouldAnswerVectorBatchLookupsLikeScalarOnesWhenNamesAreRandom() {
        for (boolean withBloom : new boolean[] {true, false}) {
            Random random = new Random(withBloom ? 3 : 4);
            try (NameIndex names = new NameIndex(16, withBloom)) {
                // given: random names, half of the valid ones stored, every query length 0..40
                Map<String, Integer> stored = new HashMap<>();
                String[] query = new String[20_000];
                for (int i = 0; i < query.length; i++) {
                    String name = randomName(random);
                    if (i % 3 == 0 && stored.size() < 4000 && !name.isEmpty() && !stored.containsKey(name)) {
                        try {
                            names.put(name, i);
                            stored.put(name, i);
                        } catch (InvalidNameException | OversizeException invalid) {
                            // lone surrogates: not storable, still queried
                        }
                    }
                    // a stored name, a near miss (one char changed or dropped), or a fresh one
                    query[i] = switch (random.nextInt(3)) {
                        case 0 -> name;
                        case 1 -> name.isEmpty() ? name : name.substring(0, name.length() - 1);
                        default -> name.isEmpty() ? "x" : name.substring(1) + (char) (name.charAt(0) ^ 1);
                    };
                }
                long[] hashes = new long[query.length];
                BatchHasher.hashScalar(query, hashes);
                int[] scalar = new int[query.length];
                int[] vector = new int[query.length];
                int[] viaHasher = new int[query.length];
                // when
                names.getAll(query, hashes, scalar);
                names.getAllVector(query, hashes, vector);
                names.getAll(query, viaHasher);
                // then
                int found = 0;
                for (int i = 0; i < query.length; i++) {
                    assertThat(scalar[i]).as("query %d", i).isEqualTo(stored.getOrDefault(query[i], NavGraph.NO_NODE));
                    found += scalar[i] == NavGraph.NO_NODE ? 0 : 1;
                }
                assertThat(found).isGreaterThan(1000); // the comparison covers many hits, not only misses
                assertThat(vector).containsExactly(scalar);
                assertThat(viaHasher).containsExactly(scalar);
            }
        }
    }

    @Test
    void shouldRejectACandidateWhoseBytesDifferWhenTheVectorPathComparesNamesWithTheSameHash() {
        try (NameIndex names = new NameIndex(64, true)) {
            // given: stored names, and queries that carry a stored name's hash (so tag and filter match)
            String[] storedNames = {"cell-1-2", "\u00e9t\u00e9", "abcdefghijklmnop", "wp7", "B\u00e4r", "a"};
            for (int i = 0; i < storedNames.length; i++) {
                names.put(storedNames[i], i);
            }
            String[] query = {"cell-1-3", "\u00c3\u00a9t\u00c3\u00a9", "abcdefghijklmnoq", "wp7", "ab", "B\u00c3\u00a4r", "cell-1-2\u0000", "A"};
            String[] hashOf = {"cell-1-2", "\u00e9t\u00e9", "abcdefghijklmnop", "wp7", "\u00e9t", "B\u00e4r", "cell-1-2", "a"};
            long[] hashes = new long[query.length];
            for (int i = 0; i < query.length; i++) {
                hashes[i] = NameHash.hash64(hashOf[i]);
            }
            int[] scalar = new int[query.length];
            int[] vector = new int[query.length];
            // when
            names.getAll(query, hashes, scalar);
            names.getAllVector(query, hashes, vector);
            // then: only the one true match is found
            assertThat(scalar).containsExactly(-1, -1, -1, 3, -1, -1, -1, -1);
            assertThat(vector).containsExactly(scalar);
        }
    }

    @Test
    void shouldFindNamesAtTheEndOfTheHeapWhenTheVectorPathCannotReadSixteenBytesPastThem() {
        // given: indexes of many sizes, each queried right after every put (its newest record is last in the heap)
        for (int capacity = 1; capacity <= 9; capacity++) {
            try (NameIndex names = new NameIndex(capacity, true)) {
                for (int i = 0; i < 40; i++) {
                    String name = "n" + "abcdefghijklmnopq".substring(0, i % 16) + i;
                    names.put(name, i);
                    String[] query = {name, name + "x"};
                    long[] hashes = new long[2];
                    BatchHasher.hashScalar(query, hashes);
                    int[] out = new int[2];
                    // when
                    names.getAllVector(query, hashes, out);
                    // then
                    assertThat(out).as("capacity %d, name %s", capacity, name).containsExactly(i, -1);
                }
            }
        }
    }

    @Test
    void shouldGrowOnceWhenBatchIsReserved() {
        try (NameIndex names = new NameIndex(16, true)) {
            // given
            names.put("first", 0);
            // when
            names.reserve(5000);
            long rebuilds = names.rebuilds();
            for (int i = 1; i <= 5000; i++) {
                names.put("n" + i, i);
            }
            // then: no growth during the batch, nothing lost, filter sized for the new capacity
            assertThat(names.rebuilds()).isEqualTo(rebuilds).isEqualTo(1);
            assertThat(names.designCapacity()).isGreaterThanOrEqualTo(5001);
            assertThat(names.get("first")).isZero();
            assertThat(names.get("n5000")).isEqualTo(5000);
            assertThat(names.bloomStats().orElseThrow().bits()).isGreaterThanOrEqualTo(10L * names.designCapacity());
            assertThatThrownBy(() -> names.reserve(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        }
    }

    @Test
    void shouldAllocateNothingWhenLookingUpNamesWarm() {
        ThreadMXBean threads =
                (ThreadMXBean) ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        try (NameIndex names = new NameIndex(2000, true)) {
            // given: present ASCII and non-ASCII names, and absent ones, looked up until the JIT settles
            String[] queries = new String[2000];
            for (int i = 0; i < 1000; i++) {
                String name = i % 2 == 0 ? "wp-" + i : "Wegpunkt-ü-" + i;
                names.put(name, i);
                queries[2 * i] = name;
                queries[2 * i + 1] = "absent-" + i;
            }
            long sum = 0;
            for (int round = 0; round < 200; round++) {
                for (String q : queries) {
                    sum += names.get(q);
                }
            }
            // when
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int round = 0; round < 20; round++) {
                for (String q : queries) {
                    sum += names.get(q);
                }
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            // then
            assertThat(sum).isNotZero();
            assertThat(allocated).as("bytes allocated by 40,000 look-ups").isZero();
        }
    }

    @Test
    void shouldGiveSameAnswersWithoutFilter() {
        try (NameIndex with = new NameIndex(64, true); NameIndex without = new NameIndex(64, false)) {
            for (int i = 0; i < 500; i++) {
                with.put("q" + i, i);
                without.put("q" + i, i);
            }
            for (int i = 0; i < 300; i++) {
                with.remove("q" + i);
                without.remove("q" + i);
            }
            for (int i = 0; i < 1000; i++) {
                assertThat(without.get("q" + i)).isEqualTo(with.get("q" + i));
            }
            assertThat(without.bloomStats()).isEmpty();
        }
    }

    @Test
    void shouldRestoreEveryNameWhenImageIsWrittenAndOpened() throws IOException {
        // given: an index with removals (tombstones, stale filter bits)
        Path file = dir.resolve("names.img");
        try (NameIndex names = new NameIndex(16, true)) {
            for (int i = 0; i < 5000; i++) {
                names.put("cell-" + i + (i % 7 == 0 ? "-ü" : ""), i);
            }
            for (int i = 0; i < 5000; i += 3) {
                names.remove("cell-" + i + (i % 7 == 0 ? "-ü" : ""));
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                long written = names.writeImage(ch);
                assertThat(written).isEqualTo(ch.size());
            }
            // when
            try (Arena arena = Arena.ofConfined();
                    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                MemorySegment image = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
                assertThat(NameIndex.imageLength(image)).isEqualTo(ch.size());
                try (NameIndex restored = NameIndex.openImage(image)) {
                    // then
                    assertThat(restored.size()).isEqualTo(names.size());
                    assertThat(restored.bloomStats()).isEqualTo(names.bloomStats());
                    for (int i = 0; i < 5000; i++) {
                        String name = "cell-" + i + (i % 7 == 0 ? "-ü" : "");
                        assertThat(restored.get(name)).isEqualTo(i % 3 == 0 ? NavGraph.NO_NODE : i);
                        assertThat(restored.name(i).isPresent()).isEqualTo(i % 3 != 0);
                    }
                    restored.put("new", 6000);
                    assertThat(restored.get("new")).isEqualTo(6000);
                }
            }
        }
    }

    @Test
    void shouldRejectTruncatedOrForeignImage() throws IOException {
        Path file = dir.resolve("names.img");
        try (NameIndex names = new NameIndex(16, true)) {
            names.put("a", 1);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                names.writeImage(ch);
            }
        }
        try (Arena arena = Arena.ofConfined()) {
            byte[] bytes = Files.readAllBytes(file);
            MemorySegment truncated = arena.allocate(bytes.length - 1);
            MemorySegment.copy(bytes, 0, truncated, ValueLayout.JAVA_BYTE, 0, bytes.length - 1);
            assertThatThrownBy(() -> NameIndex.openImage(truncated)).isInstanceOf(GraphException.class)
                    .hasMessageContaining("truncated");
            MemorySegment foreign = arena.allocate(bytes.length);
            assertThatThrownBy(() -> NameIndex.openImage(foreign)).isInstanceOf(GraphException.class)
                    .hasMessageContaining("not a name index image");
        }
    }
}
