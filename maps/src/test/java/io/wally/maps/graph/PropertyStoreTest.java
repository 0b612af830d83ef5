package io.wally.maps.graph;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wally.maps.GraphClosedException;
import io.wally.maps.GraphException;
import io.wally.maps.OversizeException;
import io.wally.maps.PropertyStats;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PropertyStoreTest {

    @TempDir
    Path dir;

    private static byte[] compressible(int length) {
        byte[] value = new byte[length];
        for (int i = 0; i < length; i++) {
            value[i] = (byte) ("corridor-" + (i / 64)).charAt(i % 9);
        }
        return value;
    }

    @Test
    void shouldReturnWhatWasSetAndSortedKeysWhenSmallValues() {
        try (PropertyStore props = new PropertyStore()) {
            // given
            props.set(3, "zeta", "z".getBytes(UTF_8));
            props.set(3, "alpha", "a".getBytes(UTF_8));
            props.set(3, "Ärger", new byte[0]);
            props.set(9, "alpha", "other".getBytes(UTF_8));
            // then
            assertThat(props.get(3, "alpha")).hasValueSatisfying(v -> assertThat(v).isEqualTo("a".getBytes(UTF_8)));
            assertThat(props.get(3, "Ärger")).hasValueSatisfying(v -> assertThat(v).isEmpty());
            assertThat(props.get(9, "alpha")).hasValueSatisfying(v -> assertThat(v).isEqualTo("other".getBytes(UTF_8)));
            assertThat(props.get(3, "missing")).isEmpty();
            assertThat(props.get(1000, "alpha")).isEmpty();
            assertThat(props.keys(3)).containsExactly("alpha", "zeta", "Ärger");
            assertThat(props.keys(4)).isEmpty();
            assertThat(props.stats().compressedValues()).isZero();
        }
    }

    @Test
    void shouldCompressTransparentlyWhenValueAboveThreshold() {
        try (PropertyStore props = new PropertyStore()) {
            // given: a 64 KiB compressible value and a 1 KiB one exactly at the threshold
            byte[] big = compressible(64 * 1024);
            byte[] atThreshold = compressible(1024);
            props.set(0, "scan", big);
            props.set(0, "small", atThreshold);
            // then
            assertThat(props.get(0, "scan")).hasValueSatisfying(v -> assertThat(v).isEqualTo(big));
            assertThat(props.get(0, "small")).hasValueSatisfying(v -> assertThat(v).isEqualTo(atThreshold));
            PropertyStats stats = props.stats();
            assertThat(stats.values()).isEqualTo(2);
            assertThat(stats.compressedValues()).isEqualTo(1);
            assertThat(stats.originalBytes()).isEqualTo(65 * 1024);
            assertThat(stats.storedBytes()).isLessThan(8 * 1024);
            assertThat(stats.ratio()).isGreaterThan(8);
        }
    }

    @Test
    void shouldStoreRawWhenLargeValueDoesNotCompress() {
        try (PropertyStore props = new PropertyStore()) {
            byte[] noise = new byte[4096];
            new Random(1).nextBytes(noise);
            props.set(1, "noise", noise);
            assertThat(props.get(1, "noise")).hasValueSatisfying(v -> assertThat(v).isEqualTo(noise));
            assertThat(props.stats().compressedValues()).isZero();
            assertThat(props.stats().storedBytes()).isEqualTo(4096);
        }
    }

    @Test
    void shouldHonourConfiguredThreshold() {
        try (PropertyStore props = new PropertyStore(16, 1024)) {
            props.set(1, "k", compressible(200));
            assertThat(props.stats().compressedValues()).isEqualTo(1);
            assertThat(props.compressThresholdBytes()).isEqualTo(16);
        }
    }

    @Test
    void shouldAgreeWithMapsWhenRandomSetsRemovesAndCompaction() {
        Random random = new Random(11);
        Map<Integer, TreeMap<String, byte[]>> oracle = new HashMap<>();
        try (PropertyStore props = new PropertyStore(64, 4096)) {
            for (int step = 0; step < 8000; step++) {
                int node = random.nextInt(200);
                String key = "k" + random.nextInt(12);
                int op = random.nextInt(10);
                if (op < 6) {
                    byte[] value = random.nextBoolean() ? compressible(random.nextInt(400)) : new byte[random.nextInt(100)];
                    random.nextBytes(value.length > 0 && random.nextBoolean() ? value : new byte[0]);
                    props.set(node, key, value);
                    oracle.computeIfAbsent(node, n -> new TreeMap<>()).put(key, value.clone());
                } else if (op < 9) {
                    TreeMap<String, byte[]> m = oracle.get(node);
                    boolean had = m != null && m.remove(key) != null;
                    assertThat(props.remove(node, key)).isEqualTo(had);
                } else {
                    props.removeAll(node);
                    oracle.remove(node);
                }
            }
            long values = 0;
            long original = 0;
            for (int node = 0; node < 200; node++) {
                TreeMap<String, byte[]> m = oracle.getOrDefault(node, new TreeMap<>());
                assertThat(props.keys(node)).isEqualTo(List.copyOf(m.keySet()));
                for (Map.Entry<String, byte[]> e : m.entrySet()) {
                    assertThat(props.get(node, e.getKey())).hasValueSatisfying(v -> assertThat(v).isEqualTo(e.getValue()));
                    values++;
                    original += e.getValue().length;
                }
            }
            assertThat(props.stats().values()).isEqualTo(values);
            assertThat(props.stats().originalBytes()).isEqualTo(original);
        }
    }

    @Test
    void shouldRejectOversizeAndBadKeysAndLeaveStoreUnchanged() {
        try (PropertyStore props = new PropertyStore(1024, 2048)) {
            props.set(5, "keep", "v".getBytes(UTF_8));
            assertThatThrownBy(() -> props.set(5, "keep", new byte[2049]))
                    .isInstanceOf(OversizeException.class)
                    .hasMessageContaining("value of property \"keep\" of node 5 is 2049 bytes, limit 2048 bytes");
            assertThatThrownBy(() -> props.set(5, "k".repeat(256), new byte[1]))
                    .isInstanceOf(GraphException.class).hasMessageContaining("256 bytes, limit 255 bytes");
            assertThatThrownBy(() -> props.set(5, "", new byte[1])).isInstanceOf(GraphException.class)
                    .hasMessageContaining("empty");
            assertThatThrownBy(() -> props.set(5, "x\uDC00", new byte[1])).isInstanceOf(GraphException.class)
                    .hasMessageContaining("unpaired surrogate");
            assertThatThrownBy(() -> props.set(-1, "a", new byte[1])).isInstanceOf(GraphException.class)
                    .hasMessageContaining("-1");
            assertThatThrownBy(() -> props.set(5, "a", null)).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("null");
            assertThat(props.keys(5)).containsExactly("keep");
            assertThat(props.get(5, "keep")).hasValueSatisfying(v -> assertThat(v).isEqualTo("v".getBytes(UTF_8)));
            assertThat(props.stats().values()).isEqualTo(1);
        }
    }

    @Test
    void shouldThrowWhenUsedAfterClose() {
        PropertyStore props = new PropertyStore();
        props.close();
        assertThatThrownBy(() -> props.get(0, "a")).isInstanceOf(GraphClosedException.class).hasMessageContaining("closed");
    }

    private Path writeImage(PropertyStore props) throws IOException {
        Path file = dir.resolve("props-" + System.nanoTime() + ".img");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            assertThat(props.writeImage(ch)).isEqualTo(ch.size());
        }
        return file;
    }

    @Test
    void shouldRestoreEveryValueWhenImageIsWrittenAndOpened() throws IOException {
        try (PropertyStore props = new PropertyStore()) {
            for (int node = 0; node < 300; node++) {
                props.set(node, "label", ("room " + node).getBytes(UTF_8));
                if (node % 10 == 0) {
                    props.set(node, "scan", compressible(5000 + node));
                }
            }
            props.removeAll(10);
            Path file = writeImage(props);
            try (Arena arena = Arena.ofConfined(); FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                MemorySegment image = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
                assertThat(PropertyStore.imageLength(image)).isEqualTo(ch.size());
                try (PropertyStore restored = PropertyStore.openImage(image)) {
                    assertThat(restored.stats().values()).isEqualTo(props.stats().values());
                    assertThat(restored.stats().storedBytes()).isEqualTo(props.stats().storedBytes());
                    for (int node = 0; node < 300; node++) {
                        assertThat(restored.keys(node)).isEqualTo(props.keys(node));
                        for (String key : props.keys(node)) {
                            assertThat(restored.get(node, key).orElseThrow()).isEqualTo(props.get(node, key).orElseThrow());
                        }
                    }
                }
            }
        }
    }

    @Test
    void shouldReportNodeAndKeyWhenStoredValueIsCorrupted() throws IOException {
        for (byte[] value : new byte[][] {compressible(8192), "short".getBytes(UTF_8)}) {
            try (PropertyStore props = new PropertyStore()) {
                // given: one value, the last byte of the image is the last stored byte of it
                props.set(42, "scan", value);
                byte[] image = Files.readAllBytes(writeImage(props));
                image[image.length - 1] ^= 0x5A;
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment segment = arena.allocate(image.length);
                    MemorySegment.copy(image, 0, segment, ValueLayout.JAVA_BYTE, 0, image.length);
                    try (PropertyStore restored = PropertyStore.openImage(segment)) {
                        // then
                        assertThatThrownBy(() -> restored.get(42, "scan"))
                                .isInstanceOf(GraphException.class)
                                .hasMessageContaining("property \"scan\" of node 42 is corrupt");
                        assertThat(restored.keys(42)).containsExactly("scan");
                    }
                }
            }
        }
    }
}
