package io.wally.maps.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wally.maps.MutableNavGraph;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged snapshot is reported with the part that fails — header, nodes, edges, names, properties
 * section, padding, trailer — and that part's offset, not offset 0 for everything.
 */
final class SnapshotDamageLocationTest {

    private static final String[] SECTIONS = {"nodes", "edges", "names", "properties"};

    @TempDir
    Path dir;

    @Test
    void shouldNameTheSectionAndItsOffsetWhenASnapshotByteIsFlipped() throws IOException {
        // given a checkpointed store with nodes, edges, names and properties
        try (GraphStore store = GraphStore.open(dir, StoreOptions.defaults().withDurability(Durability.SYNC))) {
            MutableNavGraph g = store.graph();
            int a = g.addNode("dock", 0f, 0f);
            int b = g.addNode("hall", 1f, 0f);
            g.addUndirectedEdge(a, b, 1f, 0);
            g.setProperty(a, "kind", "charger".getBytes(StandardCharsets.UTF_8));
            store.checkpoint();
        }
        Path snapshot = StoreFiles.snapshot(dir);
        byte[] good = Files.readAllBytes(snapshot);
        ByteBuffer header = ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN);
        for (int s = 0; s < SECTIONS.length; s++) {
            long offset = header.getLong(56 + s * 24);
            long length = header.getLong(56 + s * 24 + 8);
            assertThat(length).as("%s section length", SECTIONS[s]).isPositive();
            // when a byte in the middle of the section is flipped
            byte[] bad = good.clone();
            bad[(int) (offset + length / 2)] ^= 0x04;
            Files.write(snapshot, bad);
            // then verify and a plain open name the section and its offset
            assertThatThrownBy(() -> StoreVerifier.verify(dir)).as(SECTIONS[s]).isInstanceOf(StoreCorruptException.class)
                    .hasMessageContaining("image checksum mismatch").hasMessageContaining(SECTIONS[s] + " section at offset " + offset)
                    .satisfies(e -> assertThat(((StoreCorruptException) e).offset()).isEqualTo(offset));
            assertThatThrownBy(() -> GraphStore.open(dir, StoreOptions.defaults())).as(SECTIONS[s]).isInstanceOf(StoreCorruptException.class)
                    .hasMessageContaining(SECTIONS[s] + " section at offset " + offset)
                    .satisfies(e -> assertThat(((StoreCorruptException) e).offset()).isEqualTo(offset));
            IntegrityTally.corruption(true);
        }
        // the header, its reserved bytes, and the trailer
        expect(snapshot, good, 40, "header at offset 0", 0);
        expect(snapshot, good, 157, "padding after the header at offset 157", 157);
        int trailer = good.length - ImageSnapshotFormat.TRAILER_BYTES;
        expect(snapshot, good, trailer + 20, "snapshot trailer checksum mismatch", trailer + 60);
        Files.write(snapshot, good);
    }

    private void expect(Path snapshot, byte[] good, int at, String expected, long offset) throws IOException {
        byte[] bad = good.clone();
        bad[at] ^= 0x04;
        Files.write(snapshot, bad);
        assertThatThrownBy(() -> StoreVerifier.verify(dir)).as("byte %d", at).isInstanceOf(StoreCorruptException.class)
                .hasMessageContaining(expected).satisfies(e -> assertThat(((StoreCorruptException) e).offset()).isEqualTo(offset));
        IntegrityTally.corruption(true);
    }

    @AfterAll
    static void printTally() {
        System.out.println(IntegrityTally.summary() + " (after SnapshotDamageLocationTest)");
    }
}
