package io.wally.maps.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wally.maps.GraphException;
import io.wally.maps.ReferenceGraph;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

final class GraphMutationTest {

    /** One setter call per kind, with awkward values (negative coordinates, non-ASCII text, empty value). */
    private static final List<Consumer<GraphMutation>> EVERY_KIND = List.of(
            m -> m.addNode(0, -1.5f, 2.25f),
            m -> m.addNamedNode(1, "küche ☕", 3f, -4f),
            m -> m.removeNode(7),
            m -> m.setBlocked(2, true),
            m -> m.setLabels(2, 0xF00D),
            m -> m.addEdge(1, 2, 0.5f, 65535),
            m -> m.addUndirectedEdge(3, 4, 1e-3f, 0),
            m -> m.removeEdge(1, 2),
            m -> m.setWeight(1, 2, 7f),
            m -> m.setProperty(2, "note", "héllo".getBytes(StandardCharsets.UTF_8)),
            m -> m.setProperty(2, "empty", new byte[0]),
            m -> m.removeProperty(2, "note"));

    @Test
    void shouldDecodeExactlyWhatWasEncodedWhenRoundTrippingEveryKind() {
        for (int i = 0; i < EVERY_KIND.size(); i++) {
            // given
            GraphMutation original = new GraphMutation();
            EVERY_KIND.get(i).accept(original);
            ByteBuffer buf = ByteBuffer.allocate(original.encodedLength() + 3);
            // when
            int written = original.encode(buf, 100 + i);
            buf.flip();
            GraphMutation decoded = new GraphMutation();
            GraphMutation.Status status = decoded.decode(buf);
            // then
            assertThat(written).isEqualTo(original.encodedLength());
            assertThat(status).as("%s", original).isEqualTo(GraphMutation.Status.RECORD);
            assertThat(decoded.lsn()).isEqualTo(100 + i);
            assertThat(decoded.sameMutationAs(original)).as("decoded %s vs %s", decoded, original).isTrue();
            assertThat(buf.remaining()).isZero();
            assertThat(decoded.decode(buf)).isEqualTo(GraphMutation.Status.END);
        }
    }

    @Test
    void shouldReportCorruptWhenAnySingleByteIsFlipped() {
        // given a record of every kind, each byte flipped in turn
        for (Consumer<GraphMutation> kind : EVERY_KIND) {
            GraphMutation m = new GraphMutation();
            kind.accept(m);
            ByteBuffer buf = ByteBuffer.allocate(m.encodedLength());
            m.encode(buf, 42);
            byte[] good = buf.array();
            for (int at = 0; at < good.length; at++) {
                byte[] bad = good.clone();
                bad[at] ^= (byte) 0x20;
                // when
                GraphMutation.Status status = new GraphMutation().decode(ByteBuffer.wrap(bad));
                // then: never a record; a flipped length may look like a torn record, which is also a stop
                assertThat(status).as("%s with byte %d flipped", m, at)
                        .isIn(GraphMutation.Status.CORRUPT, GraphMutation.Status.TORN);
            }
        }
    }

    @Test
    void shouldReportTornAndLeavePositionWhenRecordIsCutShort() {
        // given
        GraphMutation m = new GraphMutation().addEdge(1, 2, 3f, 4);
        ByteBuffer buf = ByteBuffer.allocate(m.encodedLength());
        m.encode(buf, 9);
        for (int len = 1; len < m.encodedLength(); len++) {
            ByteBuffer cut = ByteBuffer.wrap(buf.array(), 0, len);
            GraphMutation d = new GraphMutation();
            // when
            GraphMutation.Status status = d.decode(cut);
            // then
            assertThat(status).as("cut to %d bytes", len).isEqualTo(GraphMutation.Status.TORN);
            assertThat(d.problem()).contains("torn");
            assertThat(cut.position()).isZero();
        }
    }

    @Test
    void shouldRebuildTheSameGraphWhenApplyingDecodedRecords() {
        // given a graph built by hand and the same mutations through the codec
        //   a("dock") --1.5--> b,  b <--2--> c,  c blocked, property on a
        ReferenceGraph direct = new ReferenceGraph();
        ReferenceGraph replayed = new ReferenceGraph();
        GraphMutation m = new GraphMutation();
        GraphMutation d = new GraphMutation();
        ByteBuffer log = ByteBuffer.allocate(4096);
        long lsn = 0;
        int a = direct.addNode("dock", 0f, 0f);
        m.addNamedNode(a, "dock", 0f, 0f).encode(log, ++lsn);
        int b = direct.addNode(1f, 0f);
        m.addNode(b, 1f, 0f).encode(log, ++lsn);
        int c = direct.addNode(2f, 0f);
        m.addNode(c, 2f, 0f).encode(log, ++lsn);
        direct.addEdge(a, b, 1.5f, 0);
        m.addEdge(a, b, 1.5f, 0).encode(log, ++lsn);
        direct.addUndirectedEdge(b, c, 2f, 1);
        m.addUndirectedEdge(b, c, 2f, 1).encode(log, ++lsn);
        direct.setBlocked(c, true);
        m.setBlocked(c, true).encode(log, ++lsn);
        direct.setProperty(a, "kind", "charger");
        m.setProperty(a, "kind", "charger".getBytes(StandardCharsets.UTF_8)).encode(log, ++lsn);
        // when
        log.flip();
        int records = 0;
        while (d.decode(log) == GraphMutation.Status.RECORD) {
            d.applyTo(replayed);
            records++;
        }
        // then
        assertThat(records).isEqualTo(7);
        assertThat(StateChecksum.of(replayed)).isEqualTo(StateChecksum.of(direct));
        assertThat(replayed.weight(c, b)).isEqualTo(2f);
    }

    @Test
    void shouldRefuseToApplyWhenRecordedIdDiffersFromAssignedId() {
        // given a record of "add node 5" and an empty graph (which would assign 0)
        GraphMutation m = new GraphMutation().addNode(5, 0f, 0f);
        try (ReferenceGraph graph = new ReferenceGraph()) {
            // when / then
            assertThatThrownBy(() -> m.applyTo(graph)).isInstanceOf(GraphException.class)
                    .hasMessageContaining("recorded id 5").hasMessageContaining("ADD_NODE");
            assertThat(graph.nodeCount()).isZero();
        }
    }

    @Test
    void shouldNeverDecodeARecordWhenBytesAreRandom() {
        // given random garbage (with a plausible length prefix half of the time)
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[1 + random.nextInt(64)];
            random.nextBytes(junk);
            if (i % 2 == 0 && junk.length >= 4) {
                ByteBuffer.wrap(junk).order(ByteOrder.LITTLE_ENDIAN).putInt(0, junk.length - 8);
            }
            // when
            GraphMutation.Status status = new GraphMutation().decode(ByteBuffer.wrap(junk));
            // then
            assertThat(status).isIn(GraphMutation.Status.CORRUPT, GraphMutation.Status.TORN);
        }
    }
}
