package io.wally.maps.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wally.maps.GraphException;
import io.wally.maps.MutableNavGraph;
import io.wally.maps.ReferenceGraph;
import io.wally.maps.UnknownNodeException;
import io.wally.maps.graph.OffHeapGraph;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

final class GraphStoreTest {

    @TempDir
    Path dir;

    private static StoreOptions options(Durability d) {
        return StoreOptions.defaults().withDurability(d);
    }

    /** dock(0) --1--> 1 <--2--> 2, node 1 blocked, property on dock; 7 mutations. */
    private static void buildSmallMap(MutableNavGraph g) {
        int dock = g.addNode("dock", 0f, 0f);
        int b = g.addNode(1f, 0f);
        int c = g.addNode(2f, 0f);
        g.addEdge(dock, b, 1f, 0);
        g.addUndirectedEdge(b, c, 2f, 1);
        g.setBlocked(b, true);
        g.setProperty(dock, "kind", "charger");
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void shouldReopenToTheCommittedStateWhenClosedAndOpenedAgain(Durability durability) {
        // given
        long checksum;
        try (GraphStore store = GraphStore.open(dir, options(durability))) {
            buildSmallMap(store.graph());
            // when
            long lsn = store.commit();
            // then
            assertThat(lsn).isEqualTo(7);
            assertThat(store.durableLsn()).isEqualTo(7);
            checksum = StateChecksum.of(store.graph());
        }
        try (GraphStore reopened = GraphStore.open(dir, options(durability))) {
            assertThat(reopened.lastLsn()).isEqualTo(7);
            assertThat(reopened.recovery().replayedRecords()).isEqualTo(7);
            assertThat(reopened.recovery().truncation()).isEmpty();
            assertThat(StateChecksum.of(reopened.graph())).isEqualTo(checksum);
            assertThat(reopened.graph().nodeId("dock")).isZero();
            assertThat(reopened.graph().weight(2, 1)).isEqualTo(2f);
        }
    }

    @Test
    void shouldAcknowledgeEachMutationOnReturnWhenSync() {
        try (GraphStore store = GraphStore.open(dir, options(Durability.SYNC))) {
            // when
            store.graph().addNode(1f, 2f);
            // then: durable before commit() was called
            assertThat(store.durableLsn()).isEqualTo(1);
            store.graph().addNode(3f, 4f);
            assertThat(store.durableLsn()).isEqualTo(2);
        }
    }

    @Test
    void shouldBatchManyMutationsIntoFewFsyncsWhenGroup() {
        try (GraphStore store = GraphStore.open(dir, options(Durability.GROUP).withGroupCommitIntervalMillis(20))) {
            // when: a single writer logs 20,000 mutations, then commits once
            long t0 = System.nanoTime();
            MutableNavGraph g = store.graph();
            for (int i = 0; i < 10_000; i++) {
                g.addNode(i, i);
            }
            for (int i = 1; i < 10_000; i++) {
                g.addEdge(i - 1, i, 1f, 0);
            }
            long lsn = store.commit();
            long elapsedMillis = (System.nanoTime() - t0) / 1_000_000;
            // then: at most one fsync per 20 ms interval (plus the one that may start right away)
            assertThat(lsn).isEqualTo(19_999);
            assertThat(store.durableLsn()).isEqualTo(19_999);
            assertThat(store.info().logFsyncs()).as("fsyncs for 19,999 records in %d ms", elapsedMillis)
                    .isBetween(1L, elapsedMillis / 20 + 2);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Durability.class, names = {"SYNC", "GROUP"})
    void shouldWakeAnotherThreadWhenItsLsnBecomesDurable(Durability durability) throws Exception {
        try (GraphStore store = GraphStore.open(dir, options(durability).withGroupCommitIntervalMillis(5))) {
            // given a thread waiting for LSN 3 (an agent acknowledging a command)
            CompletableFuture<Long> acked = CompletableFuture.supplyAsync(() -> {
                store.awaitDurable(3);
                return store.durableLsn();
            });
            Thread.sleep(20);
            assertThat(acked).isNotDone();
            // when the writer logs three mutations (and, under GROUP, does not commit)
            store.graph().addNode(0f, 0f);
            store.graph().addNode(1f, 0f);
            store.graph().addEdge(0, 1, 1f, 0);
            // then
            assertThat(acked.get(5, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(3L);
        }
    }

    @Test
    void shouldNeitherApplyNorLogWhenMutationIsRejected() {
        try (GraphStore store = GraphStore.open(dir, options(Durability.SYNC))) {
            MutableNavGraph g = store.graph();
            g.addNode("a", 0f, 0f);
            // when
            assertThatThrownBy(() -> g.addNode("a", 1f, 1f)).isInstanceOf(GraphException.class).hasMessageContaining("a");
            assertThatThrownBy(() -> g.addEdge(0, 9, 1f, 0)).isInstanceOf(UnknownNodeException.class);
            assertThat(g.removeEdge(0, 0)).isFalse();
            assertThat(g.removeProperty(0, "none")).isFalse();
            // then
            assertThat(store.lastLsn()).isEqualTo(1);
        }
        try (GraphStore reopened = GraphStore.open(dir, options(Durability.SYNC))) {
            assertThat(reopened.lastLsn()).isEqualTo(1);
            assertThat(reopened.graph().nodeCount()).isEqualTo(1);
        }
    }

    @Test
    void shouldSayLockedByPidWhenOpenedTwice() {
        try (GraphStore store = GraphStore.open(dir, options(Durability.NONE))) {
            // when / then
            assertThatThrownBy(() -> GraphStore.open(dir, options(Durability.NONE)))
                    .isInstanceOf(StoreLockedException.class)
                    .hasMessage("store " + dir + " is locked by pid " + ProcessHandle.current().pid());
            assertThat(store.graph().nodeCount()).isZero();
        }
        // and once closed, it opens again
        GraphStore.open(dir, options(Durability.NONE)).close();
    }

    @Test
    void shouldCutTheLogAtATornTailAndAppendValidRecordsAfterIt() throws IOException {
        // given a store of 7 records whose last record lost its final 3 bytes
        try (GraphStore store = GraphStore.open(dir, options(Durability.SYNC))) {
            buildSmallMap(store.graph());
        }
        Path segment = StoreFiles.segments(dir).getFirst().path();
        long size = Files.size(segment);
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.truncate(size - 3);
        }
        // when
        try (GraphStore store = GraphStore.open(dir, options(Durability.SYNC))) {
            // then
            RecoveryReport.Truncation cut = store.recovery().truncation().orElseThrow();
            assertThat(cut.file()).isEqualTo(segment);
            assertThat(cut.lsn()).isEqualTo(7);
            assertThat(cut.reason()).contains("torn record");
            assertThat(cut.describe()).contains(segment.toString()).contains("offset " + cut.offset()).contains("LSN 7");
            assertThat(store.lastLsn()).isEqualTo(6);
            assertThat(store.graph().propertyKeys(0)).isEmpty();
            assertThat(Files.size(segment)).isEqualTo(cut.offset());
            store.graph().setLabels(0, 3); // LSN 7 again, now whole
        }
        try (GraphStore store = GraphStore.open(dir, options(Durability.SYNC))) {
            assertThat(store.recovery().truncation()).isEmpty();
            assertThat(store.lastLsn()).isEqualTo(7);
            assertThat(store.graph().labels(0)).isEqualTo(3);
        }
    }

    @Test
    void shouldRefuseAndChangeNothingWhenARecordBeforeTheLastIsCorrupt() throws IOException {
        // given 7 records; a byte inside record 4 (ADD_EDGE) flipped: records 5..7 after it are intact,
        // so this is not what a crash leaves (requirement changed: such damage used to be cut, losing 5..7)
        try (GraphStore store = GraphStore.open(dir, options(Durability.SYNC))) {
            buildSmallMap(store.graph());
        }
        Path segment = StoreFiles.segments(dir).getFirst().path();
        long record4 = SegmentHeader.BYTES + (8 + 9 + 16 + 4) + 2 * (8 + 9 + 12);
        flip(segment, record4 + 20);
        byte[] before = Files.readAllBytes(segment);
        // when / then
        assertThatThrownBy(() -> GraphStore.open(dir, options(Durability.SYNC))).isInstanceOf(StoreCorruptException.class)
                .hasMessageContaining(segment + " at offset " + record4 + ": record checksum mismatch")
                .hasMessageContaining("LSN 4 is the first not recovered, 3 intact record(s) lie beyond the damage (up to LSN 7)")
                .hasMessageContaining("--accept-loss-after 3");
        assertThat(Files.readAllBytes(segment)).as("nothing cut").isEqualTo(before);
    }

    @Test
    void shouldOpenToTheSameStateAndTrimTheLogWhenCheckpointed() throws IOException {
        // given
        long checksum;
        try (GraphStore store = GraphStore.open(dir, options(Durability.GROUP))) {
            buildSmallMap(store.graph());
            // when
            long lsn = store.checkpoint();
            store.graph().setLabels(2, 9); // LSN 8, after the snapshot
            store.commit();
            checksum = StateChecksum.of(store.graph());
            // then
            assertThat(lsn).isEqualTo(7);
            assertThat(store.snapshotLsn()).isEqualTo(7);
        }
        List<StoreFiles.Segment> segments = StoreFiles.segments(dir);
        assertThat(segments).extracting(StoreFiles.Segment::firstLsn).containsExactly(8L);
        try (GraphStore store = GraphStore.open(dir, options(Durability.GROUP))) {
            assertThat(store.recovery().snapshotLsn()).isEqualTo(7);
            assertThat(store.recovery().replayedRecords()).isEqualTo(1);
            assertThat(store.lastLsn()).isEqualTo(8);
            assertThat(StateChecksum.of(store.graph())).isEqualTo(checksum);
        }
    }

    @Test
    void shouldCheckpointWhenClosedIfConfigured() throws IOException {
        // given
        try (GraphStore store = GraphStore.open(dir, options(Durability.GROUP).withCheckpointOnClose(true))) {
            buildSmallMap(store.graph());
        } // when: closed by try-with-resources
        // then: the snapshot holds everything and the log is trimmed to an empty segment
        assertThat(StoreFiles.segments(dir)).extracting(StoreFiles.Segment::firstLsn).containsExactly(8L);
        assertThat(Files.size(StoreFiles.segments(dir).getFirst().path())).isEqualTo(SegmentHeader.BYTES);
        try (GraphStore store = GraphStore.open(dir, options(Durability.GROUP))) {
            assertThat(store.recovery().snapshotLsn()).isEqualTo(7);
            assertThat(store.recovery().replayedRecords()).isZero();
            assertThat(store.graph().nodeId("dock")).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(GraphStore.CheckpointStep.class)
    void shouldOpenToTheLastAcknowledgedStateWhenCheckpointStopsAfterStep(GraphStore.CheckpointStep step) throws IOException {
        // given a store with 7 acknowledged records and one more after a first checkpoint
        long checksum;
        GraphStore store = GraphStore.open(dir, options(Durability.SYNC));
        buildSmallMap(store.graph());
        store.checkpoint();
        store.graph().setLabels(2, 5);
        store.graph().addNode("far", 9f, 9f);
        checksum = StateChecksum.of(store.graph());
        store.checkpointHook(s -> {
            if (s == step) {
                throw new IOException("simulated crash after " + s);
            }
        });
        // when the second checkpoint stops after the step (files left exactly as they are)
        assertThatThrownBy(store::checkpoint).isInstanceOf(StoreException.class).hasMessageContaining("simulated crash");
        store.close();
        // then
        try (GraphStore reopened = GraphStore.open(dir, options(Durability.SYNC))) {
            assertThat(reopened.lastLsn()).isEqualTo(9);
            assertThat(StateChecksum.of(reopened.graph())).isEqualTo(checksum);
            reopened.graph().addNode(0f, 0f); // and the log accepts new records
        }
        try (GraphStore reopened = GraphStore.open(dir, options(Durability.SYNC))) {
            assertThat(reopened.lastLsn()).isEqualTo(10);
        }
    }

    @Test
    void shouldAcceptThenSealASegmentWhoseRollStoppedBeforeItsSeal() throws IOException {
        // given a checkpoint stopped inside its roll: wal-8 (LSNs 8, 9) unsealed, wal-10 created and empty
        GraphStore store = GraphStore.open(dir, options(Durability.SYNC));
        buildSmallMap(store.graph());
        store.checkpoint();
        store.graph().setLabels(2, 5);
        store.graph().addNode("far", 9f, 9f);
        long checksum = StateChecksum.of(store.graph());
        store.checkpointHook(s -> {
            if (s == GraphStore.CheckpointStep.SEGMENT_CREATED) {
                throw new IOException("simulated crash after " + s);
            }
        });
        assertThatThrownBy(store::checkpoint).isInstanceOf(StoreException.class);
        store.close();
        Path unsealed = StoreFiles.segment(dir, 8);
        long unsealedBytes = Files.size(unsealed);
        assertThat(StoreFiles.segments(dir)).extracting(StoreFiles.Segment::firstLsn).containsExactly(8L, 10L);
        assertThat(Files.size(StoreFiles.segment(dir, 10))).isEqualTo(SegmentHeader.BYTES);
        // when verified (read-only), then opened for writing
        StoreVerifier.Result verified = StoreVerifier.verify(dir);
        long sizeAfterVerify = Files.size(unsealed);
        try (GraphStore reopened = GraphStore.open(dir, options(Durability.SYNC))) {
            // then: the state is whole; only the writable open completes the roll with the seal
            assertThat(verified.lsn()).isEqualTo(9);
            assertThat(verified.checksum()).isEqualTo(checksum);
            assertThat(sizeAfterVerify).isEqualTo(unsealedBytes);
            assertThat(Files.size(unsealed)).isEqualTo(unsealedBytes + SegmentSeal.BYTES);
            assertThat(StateChecksum.of(reopened.graph())).isEqualTo(checksum);
            reopened.graph().addNode(0f, 0f); // LSN 10 in wal-10
        }
        assertThat(StoreVerifier.verify(dir).lsn()).isEqualTo(10);
    }

    @Test
    void shouldReadALogOfVersionOneSegmentsWithoutSeals() throws IOException {
        // given a two-segment log rewritten as an older build wrote it: version 1 headers, no seals
        StoreOptions small = options(Durability.SYNC).withSegmentBytes(1 << 20);
        long checksum;
        try (GraphStore store = GraphStore.open(dir, small)) {
            for (int i = 0; i < 5; i++) {
                int n = store.graph().addNode(i, 0f);
                byte[] blob = new byte[300_000]; // incompressible: four fill a 1 MiB segment
                new Random(i).nextBytes(blob);
                store.graph().setProperty(n, "blob", blob);
            }
            checksum = StateChecksum.of(store.graph());
        }
        List<StoreFiles.Segment> segments = StoreFiles.segments(dir);
        assertThat(segments).hasSize(2);
        try (FileChannel ch = FileChannel.open(segments.getFirst().path(), StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - SegmentSeal.BYTES);
        }
        for (StoreFiles.Segment seg : segments) {
            try (FileChannel ch = FileChannel.open(seg.path(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                ByteBuffer header = SegmentHeader.encode(seg.firstLsn()).order(ByteOrder.LITTLE_ENDIAN);
                header.putInt(8, SegmentHeader.VERSION_WITHOUT_SEAL);
                CRC32C crc = new CRC32C();
                crc.update(header.array(), 0, 28);
                header.putInt(28, (int) crc.getValue());
                ch.write(header, 0);
            }
        }
        // when / then
        assertThat(StoreVerifier.verify(dir).checksum()).isEqualTo(checksum);
        try (GraphStore store = GraphStore.open(dir, small)) {
            assertThat(StateChecksum.of(store.graph())).isEqualTo(checksum);
            assertThat(store.lastLsn()).isEqualTo(10);
        }
    }

    @Test
    void shouldNameTheFileWhenSnapshotHasWrongMagicVersionOrChecksum() throws IOException {
        // given
        try (GraphStore store = GraphStore.open(dir, options(Durability.SYNC))) {
            buildSmallMap(store.graph());
            store.checkpoint();
        }
        Path snapshot = StoreFiles.snapshot(dir);
        byte[] good = Files.readAllBytes(snapshot);
        int trailer = good.length - ImageSnapshotFormat.TRAILER_BYTES;
        // when / then: magic
        byte[] bad = good.clone();
        bad[trailer] = 'X';
        Files.write(snapshot, bad);
        assertThatThrownBy(() -> GraphStore.open(dir, options(Durability.SYNC))).isInstanceOf(StoreCorruptException.class)
                .hasMessageContaining(snapshot.toString()).hasMessageContaining("not a WALLY snapshot");
        // version
        bad = good.clone();
        bad[trailer + 8] = 9;
        Files.write(snapshot, bad);
        assertThatThrownBy(() -> GraphStore.open(dir, options(Durability.SYNC))).isInstanceOf(StoreCorruptException.class)
                .hasMessageContaining(snapshot.toString()).hasMessageContaining("unsupported snapshot format version 9");
        // trailer checksum (the LSN changed)
        bad = good.clone();
        bad[trailer + 16] ^= 1;
        Files.write(snapshot, bad);
        assertThatThrownBy(() -> GraphStore.open(dir, options(Durability.SYNC))).isInstanceOf(StoreCorruptException.class)
                .hasMessageContaining(snapshot.toString()).hasMessageContaining("trailer checksum mismatch");
        // image bytes that carry graph state: a plain open refuses them
        for (int at : new int[] {0, trailer / 2}) {
            bad = good.clone();
            bad[at] ^= 0x10;
            Files.write(snapshot, bad);
            assertThatThrownBy(() -> GraphStore.open(dir, options(Durability.SYNC))).as("byte %d", at).isInstanceOf(StoreCorruptException.class)
                    .hasMessageContaining(snapshot.toString());
        }
        // any image byte, even reserved header bytes that carry no state: verify refuses it
        for (int at : new int[] {0, 157, trailer / 2, trailer - 1}) {
            bad = good.clone();
            bad[at] ^= 0x10;
            Files.write(snapshot, bad);
            assertThatThrownBy(() -> StoreVerifier.verify(dir)).as("byte %d", at).isInstanceOf(StoreCorruptException.class)
                    .hasMessageContaining(snapshot.toString()).hasMessageContaining("image checksum mismatch");
        }
        // and the lock was released each time: the good file opens
        Files.write(snapshot, good);
        GraphStore.open(dir, options(Durability.SYNC)).close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"image", "logical"})
    void shouldRoundTripThroughEitherSnapshotFormat(String formatName) {
        // given a store on either snapshot format
        Supplier<SnapshotFormat> format = () -> formatName.equals("image") ? new ImageSnapshotFormat()
                : new LogicalSnapshotFormat(ReferenceGraph::new);
        long checksum;
        try (GraphStore store = GraphStore.open(dir, options(Durability.SYNC), format.get())) {
            buildSmallMap(store.graph());
            store.graph().removeNode(store.graph().addNode("gone", 5f, 5f)); // a hole in the ids
            byte[] big = new byte[5000]; // above the compression threshold
            Arrays.fill(big, (byte) 'w');
            store.graph().setProperty(2, "big", big);
            // when
            store.checkpoint();
            checksum = StateChecksum.of(store.graph());
        }
        // then
        try (GraphStore store = GraphStore.open(dir, options(Durability.SYNC), format.get())) {
            assertThat(store.recovery().replayedRecords()).isZero();
            assertThat(store.recovery().snapshotLsn()).isEqualTo(10);
            assertThat(StateChecksum.of(store.graph())).isEqualTo(checksum);
            assertThat(store.graph().nodeIdLimit()).isEqualTo(4);
            assertThat(store.graph().addNode(0f, 0f)).isEqualTo(4);
        }
    }

    @Test
    void shouldRefuseALogThatDoesNotReachTheSnapshot() throws IOException {
        // given a checkpointed store whose snapshot was deleted (the trimmed log starts at LSN 8)
        try (GraphStore store = GraphStore.open(dir, options(Durability.SYNC))) {
            buildSmallMap(store.graph());
            store.checkpoint();
            store.graph().addNode(5f, 5f);
        }
        Files.delete(StoreFiles.snapshot(dir));
        // when / then
        assertThatThrownBy(() -> GraphStore.open(dir, options(Durability.SYNC))).isInstanceOf(StoreCorruptException.class)
                .hasMessageContaining("wal-00000000000000000008.log").hasMessageContaining("records 1..7 are missing");
    }

    private static void flip(Path file, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, offset);
            b.put(0, (byte) (b.get(0) ^ 0x01));
            b.rewind();
            ch.write(b, offset);
        }
    }

    @Test
    void shouldMapAPrivateCopyOfTheSnapshotOnlyWhileNothingIsLoggedAfterIt() throws Exception {
        try (GraphStore store = GraphStore.open(dir, options(Durability.SYNC).withCheckpointOnClose(true))) {
            assertThat(store.snapshotCopy()).as("no snapshot yet").isEmpty();
            buildSmallMap(store.graph());
            assertThat(store.snapshotCopy()).as("records not in a snapshot").isEmpty();
            store.checkpoint();
            byte[] fileBefore = Files.readAllBytes(dir.resolve("snapshot.img"));
            try (OffHeapGraph copy = store.snapshotCopy().orElseThrow()) {
                assertThat(StateChecksum.of(copy)).isEqualTo(StateChecksum.of(store.graph()));
                assertThat(copy.version()).isEqualTo(store.graph().version());
                copy.setBlocked(0, true);
                copy.setWeight(1, 2, 9f);
                assertThat(store.graph().isBlocked(0)).as("the store's graph untouched").isFalse();
                assertThat(store.graph().weight(1, 2)).isEqualTo(2f);
            }
            assertThat(Files.readAllBytes(dir.resolve("snapshot.img"))).as("the file untouched").isEqualTo(fileBefore);
            store.graph().setBlocked(2, true);
            assertThat(store.snapshotCopy()).as("a record after the snapshot").isEmpty();
        }
        try (GraphStore reopened = GraphStore.open(dir, options(Durability.SYNC))) {
            assertThat(reopened.graph().isBlocked(2)).isTrue();
            assertThat(reopened.snapshotCopy()).as("closed with a checkpoint").isPresent().get()
                    .satisfies(copy -> {
                        assertThat(copy.isBlocked(2)).isTrue();
                        copy.close();
                    });
        }
    }
}
