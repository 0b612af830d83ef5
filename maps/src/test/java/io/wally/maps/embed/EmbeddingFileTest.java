package io.wally.maps.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wally.maps.MutableNavGraph;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingFileTest {

    @TempDir
    Path dir;

    @Test
    void shouldReadBackTheSameBitsWhenWrittenAsFloat32AndInt8() {
        try (MutableNavGraph graph = EmbedFixtures.randomGraph(2, 500, 2000);
                Embeddings e = FastRp.compute(graph, FastRpSettings.defaults().withDimension(24));
                Embeddings q = e.quantiseInt8()) {
            for (Embeddings original : new Embeddings[] {e, q}) {
                Path file = dir.resolve(original.precision() + ".bin");
                // when
                EmbeddingFile.write(original, file);
                try (Embeddings read = EmbeddingFile.read(file)) {
                    // then
                    assertThat(read.precision()).isEqualTo(original.precision());
                    assertThat(read.graphVersion()).isEqualTo(graph.version());
                    for (int v = 0; v < original.count(); v++) {
                        for (int j = 0; j < original.dimension(); j++) {
                            assertThat(Float.floatToRawIntBits(read.get(v, j))).isEqualTo(Float.floatToRawIntBits(original.get(v, j)));
                        }
                    }
                }
            }
        }
    }

    @Test
    void shouldRejectTheFileWhenAByteIsFlippedOrItIsTruncated() throws Exception {
        Path file = dir.resolve(EmbeddingFile.FILE_NAME);
        try (MutableNavGraph graph = EmbedFixtures.randomGraph(2, 300, 1000);
                Embeddings e = FastRp.compute(graph, FastRpSettings.defaults())) {
            EmbeddingFile.write(e, file);
        }
        // when a payload byte flips
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(EmbeddingFile.HEADER_BYTES + 1000);
            int b = raf.read();
            raf.seek(EmbeddingFile.HEADER_BYTES + 1000);
            raf.write(b ^ 0x10);
        }
        // then
        assertThatThrownBy(() -> EmbeddingFile.read(file)).isInstanceOf(EmbeddingFileException.class).hasMessageContaining("checksum mismatch")
                .hasMessageContaining(file.toString());
        // when truncated
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() - 3);
        }
        assertThatThrownBy(() -> EmbeddingFile.read(file)).hasMessageContaining("torn or truncated");
        Files.write(file, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> EmbeddingFile.read(file)).hasMessageContaining("too short");
    }

    @Test
    void shouldReuseTheFileUntilTheGraphVersionMovesOn() {
        Path file = dir.resolve(EmbeddingFile.FILE_NAME);
        FastRpSettings settings = FastRpSettings.defaults().withDimension(16);
        try (MutableNavGraph graph = EmbedFixtures.randomGraph(8, 400, 1500)) {
            // given a first computation written to the file
            try (Embeddings first = EmbeddingFile.loadOrCompute(file, graph, settings).embeddings()) {
                // when asked again for the same graph
                EmbeddingFile.Outcome again = EmbeddingFile.loadOrCompute(file, graph, settings);
                try (Embeddings reused = again.embeddings()) {
                    // then the file is reused, with the same vectors
                    assertThat(again.reused()).isTrue();
                    assertThat(reused.get(5, 3)).isEqualTo(first.get(5, 3));
                }
            }
            // when the graph changes
            graph.addNode(0f, 0f);
            EmbeddingFile.Outcome moved = EmbeddingFile.loadOrCompute(file, graph, settings);
            try (Embeddings recomputed = moved.embeddings()) {
                // then it is recomputed for the new version, and the reason says so
                assertThat(moved.reused()).isFalse();
                assertThat(moved.reason()).contains("graph version moved on");
                assertThat(recomputed.graphVersion()).isEqualTo(graph.version());
            }
            // and other settings are not served from the file
            EmbeddingFile.Outcome other = EmbeddingFile.loadOrCompute(file, graph, settings.withSeed(9));
            other.embeddings().close();
            assertThat(other.reused()).isFalse();
            assertThat(other.reason()).contains("settings differ");
        }
    }
}
