package io.wally.maps.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wally.maps.CorruptImageException;
import io.wally.maps.GraphClosedException;
import io.wally.maps.GraphDump;
import io.wally.maps.GraphException;
import io.wally.maps.MutableNavGraph;
import io.wally.maps.NavGraph;
import io.wally.maps.ReferenceGraph;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class GraphImageTest {

    @TempDir
    Path dir;

    /**
     * A 12 x 10 8-connected grid with names, labels, blocked cells, properties (some compressed),
     * removed nodes and edited edges; half of the adjacency compacted, half in pools.
     */
    private static OffHeapGraph sampleGraph() {
        OffHeapGraph g = new OffHeapGraph();
        int w = 12;
        int h = 10;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int id = (x + y) % 3 == 0 ? g.addNode("cell-" + x + "-" + y, x * 0.5f, y * 0.5f) : g.addNode(x * 0.5f, y * 0.5f);
                g.setLabels(id, x * 31 + y);
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = x + dx;
                        int ny = y + dy;
                        if ((dx != 0 || dy != 0) && nx >= 0 && ny >= 0 && nx < w && ny < h) {
                            g.addEdge(y * w + x, ny * w + nx, dx != 0 && dy != 0 ? 0.7071f : 0.5f, (dx + 1) * 3 + dy + 1);
                        }
                    }
                }
            }
        }
        g.compact();
        g.setBlocked(13, true);
        g.removeNode(40);
        g.removeNode(3);
        g.removeEdge(0, 1);
        g.setWeight(14, 15, 9.5f);
        g.addEdge(0, 119, 42f, 7);
        g.setProperty(5, "room", "kitchen");
        g.setProperty(5, "notes", "door sticks; ".repeat(300));
        byte[] noise = new byte[3000];
        new Random(1).nextBytes(noise);
        g.setProperty(77, "scan", noise);
        g.removeProperty(5, "notes");
        g.setProperty(5, "notes", "shorter");
        return g;
    }

    private Path write(OffHeapGraph g, String name) throws IOException {
        Path file = dir.resolve(name);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            g.writeImage(ch);
        }
        return file;
    }

    @Test
    void shouldRestoreEveryObservableValueWhenImageIsOpened() throws IOException {
        // given
        try (OffHeapGraph original = sampleGraph()) {
            Path file = write(original, "g.img");
            // when
            try (OffHeapGraph opened = OffHeapGraph.openImage(file)) {
                // then
                assertThat(GraphDump.of(opened)).isEqualTo(GraphDump.of(original));
                assertThat(opened.version()).isEqualTo(original.version());
                assertThat(opened.nodeId("cell-3-0")).as("name of removed node 3").isEqualTo(NavGraph.NO_NODE);
                assertThat(opened.nodeId("cell-0-0")).isZero();
                assertThat(opened.poolStats().inUseBlocks()).isZero();
                original.compact();
                assertThat(opened.edgeRecordBytes()).as("image adjacency is compact").isEqualTo(original.edgeRecordBytes());
                assertThat(opened.nodeRecordBytes()).isEqualTo(original.nodeRecordBytes());
            }
        }
    }

    @Test
    void shouldStayWritableAndLeaveFileUntouchedWhenOpenedGraphIsEdited() throws IOException {
        try (OffHeapGraph original = sampleGraph()) {
            Path file = write(original, "g.img");
            byte[] before = Files.readAllBytes(file);
            try (OffHeapGraph opened = OffHeapGraph.openImage(file)) {
                // the same edits on both: in-place record edits, growth of the node segment, moves out of the mapped area
                for (MutableNavGraph g : new MutableNavGraph[] {original, opened}) {
                    g.setWeight(20, 21, 3f);
                    g.removeEdge(20, 32);
                    g.addEdge(20, 100, 1f, 1);
                    g.setLabels(7, -5);
                    g.removeNode(50);
                    for (int i = 0; i < 300; i++) {
                        int id = g.addNode("new-" + i, i, -i);
                        g.addUndirectedEdge(id, 0, 1f, 2);
                    }
                    g.setProperty(0, "room", "dock");
                }
                assertThat(GraphDump.of(opened)).isEqualTo(GraphDump.of(original));
                opened.compact();
                assertThat(GraphDump.of(opened)).isEqualTo(GraphDump.of(original));
            }
            assertThat(Files.readAllBytes(file)).as("file bytes after editing the opened graph").isEqualTo(before);
        }
    }

    @Test
    void shouldOpenReadOnlyFileWhenItCannotBeMappedForWriting() throws IOException {
        try (OffHeapGraph original = sampleGraph()) {
            Path file = write(original, "ro.img");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
            // as root the permissions do not stop a writable mapping, so force the read-only path too
            try (OffHeapGraph opened = GraphImage.open(file, true); OffHeapGraph viaPublic = OffHeapGraph.openImage(file)) {
                assertThat(GraphDump.of(viaPublic)).isEqualTo(GraphDump.of(original));
                opened.setWeight(20, 21, 3f);
                original.setWeight(20, 21, 3f);
                assertThat(GraphDump.of(opened)).isEqualTo(GraphDump.of(original));
            }
        }
    }

    @Test
    void shouldRoundTripEmptyGraphWhenNothingWasAdded() throws IOException {
        try (OffHeapGraph empty = new OffHeapGraph()) {
            Path file = write(empty, "empty.img");
            try (OffHeapGraph opened = OffHeapGraph.openImage(file)) {
                assertThat(GraphDump.of(opened)).isEqualTo(GraphDump.of(empty));
                int a = opened.addNode("first", 1f, 2f);
                opened.addEdge(a, a, 1f, 0);
                assertThat(opened.nodeId("first")).isZero();
                assertThat(opened.edgeCount()).isEqualTo(1);
            }
        }
    }

    @Test
    void shouldReportCorruptionWhenAByteIsFlippedInAnySection() throws IOException {
        try (OffHeapGraph original = sampleGraph()) {
            Path file = write(original, "g.img");
            byte[] good = Files.readAllBytes(file);
            ByteBuffer header = ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN);
            for (int s = 0; s < 4; s++) {
                int e = ImageDescriptor.sectionEntry(s);
                long offset = header.getLong(e + ImageDescriptor.SECTION_OFFSET);
                long length = header.getLong(e + ImageDescriptor.SECTION_LENGTH);
                assertThat(length).as("section %s is not empty", ImageDescriptor.SECTION_NAMES[s]).isPositive();
                for (long at : new long[] {offset, offset + length / 2, offset + length - 1}) {
                    Path bad = dir.resolve("flip-" + s + "-" + at + ".img");
                    byte[] bytes = good.clone();
                    bytes[(int) at] ^= 0x10;
                    Files.write(bad, bytes);
                    assertThatThrownBy(() -> OffHeapGraph.openImage(bad))
                            .isInstanceOf(CorruptImageException.class)
                            .hasMessageStartingWith("corrupt graph image " + bad + ": ")
                            .hasMessageContaining(ImageDescriptor.SECTION_NAMES[s] + " section CRC32C");
                }
            }
            // the header itself: a count changed
            byte[] bytes = good.clone();
            bytes[ImageDescriptor.EDGE_COUNT_OFFSET] ^= 1;
            Path bad = dir.resolve("header.img");
            Files.write(bad, bytes);
            assertThatThrownBy(() -> OffHeapGraph.openImage(bad)).isInstanceOf(CorruptImageException.class)
                    .hasMessageContaining("header CRC32C");
        }
    }

    @Test
    void shouldReportTruncationWhenFileIsCut() throws IOException {
        try (OffHeapGraph original = sampleGraph()) {
            Path file = write(original, "g.img");
            byte[] good = Files.readAllBytes(file);
            for (int length : new int[] {0, 7, ImageDescriptor.HEADER_BYTES - 1, ImageDescriptor.HEADER_BYTES + 3,
                                         good.length / 2, good.length - 1}) {
                Path cut = dir.resolve("cut-" + length + ".img");
                Files.write(cut, Arrays.copyOf(good, length));
                assertThatThrownBy(() -> OffHeapGraph.openImage(cut))
                        .isInstanceOf(CorruptImageException.class)
                        .hasMessageContaining(cut.toString())
                        .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("truncated", "does not fit"));
            }
        }
    }

    @Test
    void shouldReportWrongMagicAndVersionWhenFileIsSomethingElse() throws IOException {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "x".repeat(500));
        assertThatThrownBy(() -> OffHeapGraph.openImage(text)).isInstanceOf(CorruptImageException.class)
                .hasMessageContaining("wrong magic 0x7878787878787878").hasMessageContaining("not a graph image");
        try (OffHeapGraph original = sampleGraph()) {
            byte[] bytes = Files.readAllBytes(write(original, "g.img"));
            bytes[ImageDescriptor.FORMAT_VERSION_OFFSET] = 9;
            Path future = dir.resolve("future.img");
            Files.write(future, bytes);
            assertThatThrownBy(() -> OffHeapGraph.openImage(future)).isInstanceOf(CorruptImageException.class)
                    .hasMessage("corrupt graph image " + future + ": format version 9, this build reads versions 2 and 3");
        }
        assertThatThrownBy(() -> OffHeapGraph.openImage(dir.resolve("missing.img")))
                .isInstanceOf(GraphException.class).hasMessageContaining("missing.img");
    }

    @Test
    void shouldRoundTripNarrowWideAndTypedRecordsWhenImageIsOpenedAndEdited() throws IOException {
        // an untyped grid (narrow records), one far neighbour (wide), one typed edge, and 300 weights
        try (OffHeapGraph original = new OffHeapGraph(); ReferenceGraph ref = new ReferenceGraph()) {
            for (MutableNavGraph g : new MutableNavGraph[] {original, ref}) {
                for (int i = 0; i < 40_000; i++) {
                    g.addNode(i % 200, i / 200f);
                }
                for (int i = 0; i + 201 < 40_000; i += 7) {
                    g.addUndirectedEdge(i, i + 1, 1f, 0);
                    g.addEdge(i, i + 201, 1.4142135f, 0);
                }
                g.addEdge(3, 39_999, 5f, 0);
                g.addEdge(10, 11, 2f, 9);
                for (int i = 0; i < 300; i++) {
                    g.addEdge(20_000 + i, 20_300 + i, 100f + i, 0);
                }
            }
            original.compact();
            Path file = write(original, "mixed.img");
            try (OffHeapGraph opened = OffHeapGraph.openImage(file)) {
                assertThat(GraphDump.of(opened)).isEqualTo(GraphDump.of(ref));
                assertThat(opened.edgeRecordBytes()).isEqualTo(original.edgeRecordBytes());
                for (MutableNavGraph g : new MutableNavGraph[] {opened, ref}) {
                    g.setWeight(0, 1, 1.4142135f);      // in the palette: in place
                    g.setWeight(7, 8, 0.25f);           // not in it: joins the palette read from the image
                    g.removeEdge(14, 215);
                    g.addEdge(22, 24, 1f, 0);
                }
                assertThat(GraphDump.of(opened)).isEqualTo(GraphDump.of(ref));
                opened.compact();
                assertThat(GraphDump.of(opened)).isEqualTo(GraphDump.of(ref));
            }
        }
    }

    @Test
    void shouldOpenVersionTwoImageWhenItHasNoPalette() throws IOException {
        // given a version-2 image: this build's image of a graph without narrow records (every edge
        // spans more than a 16-bit id delta), palette cut out
        try (OffHeapGraph original = new OffHeapGraph()) {
            for (int i = 0; i < 40_010; i++) {
                original.addNode("n" + i, i, -i);
            }
            for (int i = 0; i < 10; i++) {
                original.addEdge(i, 40_000 + i, i, i % 3);
                original.addEdge(40_000 + i, i, 0.5f, 0);
            }
            original.setBlocked(3, true);
            original.setProperty(4, "room", "hall");
            ByteBuffer v3 = ByteBuffer.wrap(Files.readAllBytes(write(original, "v3.img"))).order(ByteOrder.LITTLE_ENDIAN);
            Path file = dir.resolve("v2.img");
            Files.write(file, withoutPalette(v3));
            // when
            try (OffHeapGraph opened = OffHeapGraph.openImage(file)) {
                // then
                assertThat(GraphDump.of(opened)).isEqualTo(GraphDump.of(original));
                opened.setWeight(0, 40_000, 3f);
                opened.compact();
                assertThat(opened.weight(0, 40_000)).isEqualTo(3f);
                assertThat(opened.edgeType(2, 40_002)).isEqualTo(2);
            }
        }
    }

    /** A version-2 copy of a version-3 image whose edges section holds no narrow record. */
    private static byte[] withoutPalette(ByteBuffer v3) {
        int edges = ImageDescriptor.sectionEntry(ImageDescriptor.EDGES);
        long edgesOffset = v3.getLong(edges + ImageDescriptor.SECTION_OFFSET);
        long edgesLength = v3.getLong(edges + ImageDescriptor.SECTION_LENGTH);
        int cut = EdgePalette.BYTES;
        byte[] in = v3.array();
        byte[] out = new byte[in.length - cut];
        System.arraycopy(in, 0, out, 0, (int) edgesOffset);
        System.arraycopy(in, (int) edgesOffset + cut, out, (int) edgesOffset, in.length - (int) edgesOffset - cut);
        ByteBuffer v2 = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        v2.putInt(ImageDescriptor.FORMAT_VERSION_OFFSET, 2);
        // version 2 kept each node's 16 bytes together: x, y, labels (the place), then the word
        int nodes = ImageDescriptor.sectionEntry(ImageDescriptor.NODES);
        int nodesOffset = (int) v3.getLong(nodes + ImageDescriptor.SECTION_OFFSET);
        int limit = v3.getInt(ImageDescriptor.NODE_ID_LIMIT_OFFSET);
        for (int n = 0; n < limit; n++) {
            int record = nodesOffset + 16 * n;
            System.arraycopy(in, nodesOffset + 4 * limit + 12 * n, out, record, 12);
            System.arraycopy(in, nodesOffset + 4 * n, out, record + 12, 4);
        }
        CRC32C nodesCrc = new CRC32C();
        nodesCrc.update(out, nodesOffset, 16 * limit);
        v2.putInt(nodes + ImageDescriptor.SECTION_CRC, (int) nodesCrc.getValue());
        v2.putLong(edges + ImageDescriptor.SECTION_LENGTH, edgesLength - cut);
        CRC32C crc = new CRC32C();
        crc.update(out, (int) edgesOffset, (int) (edgesLength - cut));
        v2.putInt(edges + ImageDescriptor.SECTION_CRC, (int) crc.getValue());
        for (int s = ImageDescriptor.NAMES; s <= ImageDescriptor.PROPERTIES; s++) {
            int e = ImageDescriptor.sectionEntry(s);
            v2.putLong(e + ImageDescriptor.SECTION_OFFSET, v2.getLong(e + ImageDescriptor.SECTION_OFFSET) - cut);
        }
        crc.reset();
        crc.update(out, 0, ImageDescriptor.HEADER_CRC_OFFSET);
        v2.putInt(ImageDescriptor.HEADER_CRC_OFFSET, (int) crc.getValue());
        return out;
    }

    @Test
    void shouldRejectWriteWhenGraphIsClosed() {
        OffHeapGraph g = new OffHeapGraph();
        g.close();
        assertThatThrownBy(() -> g.writeImage(FileChannel.open(dir.resolve("x"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE))).isInstanceOf(GraphClosedException.class);
    }

    @Test
    void shouldKeepPropertyBytesWhenValuesAreBinary() throws IOException {
        try (OffHeapGraph g = new OffHeapGraph()) {
            int a = g.addNode("a", 0f, 0f);
            g.setProperty(a, "utf", "ü".getBytes(StandardCharsets.UTF_8));
            try (OffHeapGraph opened = OffHeapGraph.openImage(write(g, "p.img"))) {
                assertThat(opened.property(a, "utf").orElseThrow()).isEqualTo("ü".getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
