package io.wally.maps.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wally.maps.MutableNavGraph;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A log of three or more segments (1 MiB segments, 300 kB property values), damaged in every way a
 * disk or a careless hand can damage it: a byte flipped in every record and seal, a segment deleted
 * (middle, last), swapped, duplicated, cut short. Each is either refused as corruption — by verify,
 * info and a writable open alike, changing nothing — or, only for the last record, reported as a torn
 * tail. Repair then cuts explicitly, after copying the files aside, to exactly the state at the LSN
 * it was told to keep.
 *
 * <pre>
 *  wal-…001.log  [rec][rec]…[rec][seal → A]     every rolled segment ends with a seal
 *  wal-…00A.log  [rec]…[rec][seal → B]
 *  wal-…00B.log  [rec]…[rec]                    the last: only its end may be torn
 * </pre>
 */
final class LogIntegrityTest {

    @TempDir
    static Path shared;

    private static Path original;
    private static final Map<Long, String> CHECKSUM_AT = new HashMap<>();
    private static final List<Frame> FRAMES = new ArrayList<>();
    private static List<StoreFiles.Segment> segments;
    private static long lastLsn;

    /** A record or a seal in the original log: the file, where it starts, its length, its LSN (a seal: the LSN it names). */
    private record Frame(String file, long offset, int length, long lsn, boolean seal) {
    }

    @BeforeAll
    static void buildMultiSegmentStore() throws IOException {
        original = shared.resolve("original");
        Random random = new Random(7);
        try (GraphStore store = GraphStore.open(original, StoreOptions.defaults().withDurability(Durability.SYNC).withSegmentBytes(1 << 20))) {
            MutableNavGraph g = store.graph();
            CHECKSUM_AT.put(0L, StateChecksum.hexOf(g));
            for (int i = 0; i < 9; i++) {
                int n = g.addNode("n" + i, i, 0f);
                remember(store);
                if (i > 0) {
                    g.addEdge(n - 1, n, 1f, 0);
                    remember(store);
                }
                byte[] blob = new byte[300_000]; // incompressible: four of them fill a 1 MiB segment
                random.nextBytes(blob);
                g.setProperty(n, "blob", blob);
                remember(store);
            }
            lastLsn = store.lastLsn();
        }
        segments = StoreFiles.segments(original);
        GraphMutation m = new GraphMutation();
        for (StoreFiles.Segment seg : segments) {
            ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(seg.path())).order(ByteOrder.LITTLE_ENDIAN);
            buf.position(SegmentHeader.BYTES);
            while (buf.hasRemaining()) {
                int at = buf.position();
                long sealNext = SegmentSeal.read(buf, at);
                if (sealNext >= 0) {
                    FRAMES.add(new Frame(seg.path().getFileName().toString(), at, SegmentSeal.BYTES, sealNext, true));
                    buf.position(at + SegmentSeal.BYTES);
                    continue;
                }
                assertThat(m.decode(buf)).as("original log at %s offset %d", seg.path(), at).isEqualTo(GraphMutation.Status.RECORD);
                FRAMES.add(new Frame(seg.path().getFileName().toString(), at, buf.position() - at, m.lsn(), false));
            }
        }
        assertThat(segments).as("segments").hasSizeGreaterThanOrEqualTo(3);
        assertThat(FRAMES.stream().filter(Frame::seal).count()).as("one seal per rolled segment").isEqualTo(segments.size() - 1);
        assertThat(FRAMES.getLast().lsn()).isEqualTo(lastLsn);
    }

    private static void remember(GraphStore store) {
        CHECKSUM_AT.put(store.lastLsn(), StateChecksum.hexOf(store.graph()));
    }

    @AfterAll
    static void printTally() {
        System.out.println(IntegrityTally.summary() + " (after LogIntegrityTest)");
    }

    @Test
    void shouldRefuseAByteFlipInEveryRecordAndSealButReportTheLastRecordAsATornTail() throws IOException {
        for (int k = 0; k < FRAMES.size(); k++) {
            // given a copy with one byte flipped in frame k (at a varying place: length, CRC, LSN, op, operands)
            Frame f = FRAMES.get(k);
            Path dir = copy("flip-" + k);
            long at = f.offset() + (k * 7L) % f.length();
            flip(dir.resolve(f.file()), at, 0x5A);
            String what = (f.seal() ? "seal" : "record LSN " + f.lsn()) + " in " + f.file() + ", byte " + at;
            boolean lastRecord = k == FRAMES.size() - 1;
            Map<String, String> before = StoreFingerprint.of(dir);
            if (lastRecord) {
                // when / then: a torn tail — verify and info report it, change nothing; a writable open cuts it
                StoreVerifier.Result verified = StoreVerifier.verify(dir);
                assertThat(verified.lsn()).as(what).isEqualTo(lastLsn - 1);
                assertThat(StateChecksum.toHex(verified.checksum())).as(what).isEqualTo(CHECKSUM_AT.get(lastLsn - 1));
                RecoveryReport.Truncation torn = verified.recovery().truncation().orElseThrow();
                assertThat(torn.cut()).isFalse();
                assertThat(torn.offset()).as(what).isEqualTo(f.offset());
                try (StoreInspection info = StoreInspection.open(dir)) {
                    assertThat(info.lsn()).as(what).isEqualTo(lastLsn - 1);
                    assertThat(info.recovery().truncation()).as(what).isPresent();
                }
                assertThat(StoreFingerprint.of(dir)).as("%s: verify and info changed nothing", what).isEqualTo(before);
                IntegrityTally.crashLike(true, false);
                try (GraphStore store = GraphStore.open(dir, StoreOptions.defaults().withDurability(Durability.SYNC))) {
                    assertThat(store.lastLsn()).isEqualTo(lastLsn - 1);
                    assertThat(store.recovery().truncation().orElseThrow().cut()).isTrue();
                }
                assertThat(Files.size(dir.resolve(f.file()))).as("cut where the torn record began").isEqualTo(f.offset());
            } else {
                // when / then: corruption — named, counted, refused by every kind of open, nothing changed
                long firstLost = f.lsn();
                long beyond = lastLsn - f.lsn() + (f.seal() ? 1 : 0);
                String expected = "LSN " + firstLost + " is the first not recovered, " + beyond + " intact record(s) lie beyond the damage";
                assertThatThrownBy(() -> StoreVerifier.verify(dir)).as(what).isInstanceOf(StoreCorruptException.class)
                        .hasMessageContaining(dir.resolve(f.file()) + " at offset " + f.offset() + ": ").hasMessageContaining(expected)
                        .hasMessageContaining("--accept-loss-after " + (firstLost - 1));
                assertThatThrownBy(() -> StoreInspection.open(dir)).as(what).isInstanceOf(StoreCorruptException.class).hasMessageContaining(expected);
                assertThatThrownBy(() -> GraphStore.open(dir, StoreOptions.defaults())).as(what).isInstanceOf(StoreCorruptException.class)
                        .hasMessageContaining(expected);
                Map<String, String> after = StoreFingerprint.of(dir);
                after.remove(StoreFiles.LOCK);
                before.remove(StoreFiles.LOCK);
                assertThat(after).as("%s: nothing changed but the writable open's lock file", what).isEqualTo(before);
                IntegrityTally.corruption(true);
            }
        }
    }

    /** Ways a segment goes missing, moves or shrinks. */
    enum SegmentDamage { DELETE_MIDDLE, DELETE_LAST, SWAP, DUPLICATE_AS_LAST, COPY_OVER_NEXT, CUT_MIDDLE_IN_RECORD, CUT_MIDDLE_AT_RECORD,
        DROP_SEAL_ONLY }

    @ParameterizedTest
    @EnumSource(SegmentDamage.class)
    void shouldRefuseAndChangeNothingWhenASegmentIsMissingMovedOrCutShort(SegmentDamage damage) throws IOException {
        // given
        Path dir = copy("segment-" + damage);
        Path middle = dir.resolve(segments.get(1).path().getFileName());
        Path third = dir.resolve(segments.get(2).path().getFileName());
        Path last = dir.resolve(segments.getLast().path().getFileName());
        List<Frame> middleFrames = FRAMES.stream().filter(f -> f.file().equals(middle.getFileName().toString())).toList();
        switch (damage) {
            case DELETE_MIDDLE -> Files.delete(middle);
            case DELETE_LAST -> Files.delete(last);
            case SWAP -> {
                byte[] a = Files.readAllBytes(middle);
                Files.write(middle, Files.readAllBytes(third));
                Files.write(third, a);
            }
            case DUPLICATE_AS_LAST -> Files.copy(middle, StoreFiles.segment(dir, lastLsn + 1));
            case COPY_OVER_NEXT -> Files.write(third, Files.readAllBytes(middle));
            case CUT_MIDDLE_IN_RECORD -> truncate(middle, middleFrames.get(1).offset() + 5);
            case CUT_MIDDLE_AT_RECORD -> truncate(middle, middleFrames.get(2).offset());
            case DROP_SEAL_ONLY -> truncate(middle, middleFrames.getLast().offset());
        }
        Map<String, String> before = StoreFingerprint.of(dir);
        // when / then
        assertThatThrownBy(() -> StoreVerifier.verify(dir)).as("verify").isInstanceOf(StoreCorruptException.class)
                .hasMessageContaining(dir.toString()).hasMessageContaining("nothing was changed");
        assertThatThrownBy(() -> StoreInspection.open(dir)).as("info").isInstanceOf(StoreCorruptException.class);
        assertThat(StoreFingerprint.of(dir)).as("verify and info changed nothing").isEqualTo(before);
        assertThatThrownBy(() -> GraphStore.open(dir, StoreOptions.defaults())).as("writable open").isInstanceOf(StoreCorruptException.class);
        before.put(StoreFiles.LOCK, StoreFingerprint.of(dir).get(StoreFiles.LOCK));
        before.put("/", StoreFingerprint.of(dir).get("/"));
        assertThat(StoreFingerprint.of(dir)).as("the writable open changed nothing but its lock file").isEqualTo(before);
        IntegrityTally.corruption(true);
    }

    @Test
    void shouldRefuseWhenTheSegmentACheckpointCreatedIsDeleted(@TempDir Path tmp) throws IOException {
        // given a checkpointed store whose only segment, wal-(L+1), holds records after the snapshot
        Path dir = tmp.resolve("store");
        try (GraphStore store = GraphStore.open(dir, StoreOptions.defaults().withDurability(Durability.SYNC))) {
            store.graph().addNode("a", 0f, 0f);
            store.checkpoint();
            store.graph().addNode("b", 1f, 0f);
        }
        Path segment = StoreFiles.segment(dir, 2);
        assertThat(segment).exists();
        Files.delete(segment);
        Map<String, String> before = StoreFingerprint.of(dir);
        // when / then: the records after the snapshot are gone — refused, not a fresh empty log
        assertThatThrownBy(() -> StoreVerifier.verify(dir)).isInstanceOf(StoreCorruptException.class)
                .hasMessageContaining("the snapshot covers LSN 1, so its checkpoint created log segment wal-00000000000000000002.log, "
                        + "but that file is missing");
        assertThatThrownBy(() -> GraphStore.open(dir, StoreOptions.defaults())).isInstanceOf(StoreCorruptException.class);
        assertThat(StoreFiles.segments(dir)).as("no segment created over the gap").isEmpty();
        assertThat(StoreFingerprint.of(dir).get(StoreFiles.SNAPSHOT)).isEqualTo(before.get(StoreFiles.SNAPSHOT));
        IntegrityTally.corruption(true);
        // and repair can only keep what the snapshot holds: a fresh wal-2 continues it
        StoreRepair.Outcome repaired = StoreRepair.repair(dir, 1, clock());
        assertThat(repaired.discardedToLsn()).isEqualTo(-1);
        try (GraphStore store = GraphStore.open(dir, StoreOptions.defaults().withDurability(Durability.SYNC))) {
            assertThat(store.lastLsn()).isEqualTo(1);
            assertThat(store.graph().nodeId("a")).isZero();
            assertThat(store.graph().nodeCount()).isEqualTo(1);
        }
    }

    @Test
    void shouldNeitherLockNorCutNorCreateNorDeleteWhenVerifyingAReadOnlyCopyWithATornTailAndLeftovers() throws IOException {
        // given a copy without a lock file, with a torn tail and the leftovers of a crashed checkpoint, made read-only
        Path dir = copy("read-only");
        Files.delete(dir.resolve(StoreFiles.LOCK));
        Path last = dir.resolve(segments.getLast().path().getFileName());
        truncate(last, Files.size(last) - 3);
        Files.write(dir.resolve(StoreFiles.SNAPSHOT_TMP), new byte[] {1, 2, 3});
        Files.write(dir.resolve(StoreFiles.segment(dir, lastLsn + 1).getFileName() + ".tmp"), new byte[] {4});
        setWritable(dir, false);
        try {
            Map<String, String> before = StoreFingerprint.of(dir);
            // when
            StoreVerifier.Result verified = StoreVerifier.verify(dir);
            long infoLsn;
            try (StoreInspection info = StoreInspection.open(dir)) {
                infoLsn = info.info().lastLsn();
            }
            // then
            assertThat(verified.lsn()).isEqualTo(lastLsn - 1);
            assertThat(infoLsn).isEqualTo(lastLsn - 1);
            assertThat(verified.recovery().truncation().orElseThrow().describe()).startsWith("torn tail: would cut the log at " + last);
            assertThat(StoreFingerprint.of(dir)).as("not a byte, name or timestamp changed").isEqualTo(before);
        } finally {
            setWritable(dir, true);
        }
    }

    @Test
    void shouldVerifyAndShowInfoOnAReadOnlyMountWhereAWritableOpenFails() throws Exception {
        // given a copy with a torn tail and leftovers, seen through a read-only bind mount (root only:
        // root ignores permission bits, but not a read-only file system)
        Path dir = copy("ro-source");
        Path last = dir.resolve(segments.getLast().path().getFileName());
        truncate(last, Files.size(last) - 3);
        Files.write(dir.resolve(StoreFiles.SNAPSHOT_TMP), new byte[] {1, 2, 3});
        Path mount = Files.createDirectories(shared.resolve("ro-mount"));
        Assumptions.assumeTrue(sh("mount", "--bind", dir.toString(), mount.toString()) == 0,
                "a read-only bind mount needs root and mount(8)");
        try {
            assertThat(sh("mount", "-o", "remount,bind,ro", mount.toString())).as("remount read-only").isZero();
            Map<String, String> before = StoreFingerprint.of(dir);
            // when
            StoreVerifier.Result verified = StoreVerifier.verify(mount);
            long infoLsn;
            try (StoreInspection info = StoreInspection.open(mount)) {
                infoLsn = info.lsn();
            }
            // then: both work, and the file system really refuses writes
            assertThat(verified.lsn()).isEqualTo(lastLsn - 1);
            assertThat(infoLsn).isEqualTo(lastLsn - 1);
            assertThat(verified.recovery().truncation()).isPresent();
            assertThatThrownBy(() -> GraphStore.open(mount, StoreOptions.defaults())).isInstanceOf(StoreException.class);
            assertThat(StoreFingerprint.of(dir)).isEqualTo(before);
        } finally {
            assertThat(sh("umount", mount.toString())).as("umount").isZero();
        }
    }

    private static int sh(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor();
    }

    @Test
    void shouldCopyAsideAndOpenToExactlyTheAcceptedLsnWhenRepaired() throws IOException {
        // given a record in the middle segment damaged
        Frame f = FRAMES.stream().filter(x -> x.file().equals(segments.get(1).path().getFileName().toString()) && !x.seal()).toList().get(1);
        Path dir = copy("repair");
        flip(dir.resolve(f.file()), f.offset() + f.length() / 2, 0x01);
        Map<String, String> damaged = StoreFingerprint.of(dir);
        // when repair is asked for nothing, or too much
        StoreRepair.Assessment assessed = StoreRepair.assess(dir);
        assertThatThrownBy(() -> StoreRepair.repair(dir, f.lsn(), clock())).isInstanceOf(StoreException.class)
                .hasMessageContaining("--accept-loss-after " + f.lsn() + " is beyond the last valid record before the damage (LSN " + (f.lsn() - 1) + ")");
        // then it changed nothing and says what it would need
        assertThat(assessed.damaged()).isTrue();
        assertThat(assessed.lastValidLsn()).isEqualTo(f.lsn() - 1);
        assertThat(assessed.lossRange()).isEqualTo("LSNs " + f.lsn() + ".." + lastLsn);
        assertThat(StoreFingerprint.of(dir)).isEqualTo(damaged);
        // when repaired up to the last valid record
        StoreRepair.Outcome repaired = StoreRepair.repair(dir, f.lsn() - 1, clock());
        // then the originals are aside, byte for byte, and the store opens to exactly the state at that LSN
        assertThat(repaired.backup()).isEqualTo(dir.resolve("repair-20261204T180000Z"));
        Map<String, String> aside = StoreFingerprint.of(repaired.backup());
        aside.remove("/");
        Map<String, String> originals = new HashMap<>(damaged);
        originals.remove("/");
        originals.remove(StoreFiles.LOCK);
        assertThat(aside).isEqualTo(originals);
        assertThat(repaired.keptLsn()).isEqualTo(f.lsn() - 1);
        assertThat(repaired.discardedFromLsn()).isEqualTo(f.lsn());
        assertThat(repaired.discardedToLsn()).isEqualTo(lastLsn);
        assertThat(repaired.discardedRecords()).isEqualTo(lastLsn - f.lsn());
        assertThat(repaired.cutOffset()).isEqualTo(f.offset());
        assertThat(StateChecksum.toHex(repaired.checksum())).isEqualTo(CHECKSUM_AT.get(f.lsn() - 1));
        try (GraphStore store = GraphStore.open(dir, StoreOptions.defaults().withDurability(Durability.SYNC))) {
            assertThat(store.lastLsn()).isEqualTo(f.lsn() - 1);
            assertThat(StateChecksum.hexOf(store.graph())).isEqualTo(CHECKSUM_AT.get(f.lsn() - 1));
            store.graph().addNode(50f, 50f); // and the log goes on
        }
        assertThat(StoreVerifier.verify(dir).lsn()).isEqualTo(f.lsn());
        assertThatThrownBy(() -> StoreRepair.repair(dir, 1, clock())).isInstanceOf(StoreException.class).hasMessageContaining("needs no repair");
    }

    @Test
    void shouldCutEarlierThanTheDamageWhenAskedToAndAcrossASegmentLostAtTheEnd() throws IOException {
        // given the last segment deleted: the previous one's seal names it
        Path dir = copy("repair-last");
        Files.delete(dir.resolve(segments.getLast().path().getFileName()));
        long lastKept = segments.getLast().firstLsn() - 1;
        StoreRepair.Assessment assessed = StoreRepair.assess(dir);
        assertThat(assessed.lastValidLsn()).isEqualTo(lastKept);
        assertThat(assessed.lossRange()).startsWith("LSNs " + (lastKept + 1) + " and after");
        // when cut three records earlier than it must be
        StoreRepair.Outcome repaired = StoreRepair.repair(dir, lastKept - 3, clock());
        // then
        assertThat(repaired.discardedToLsn()).as("unknown: the file is gone").isEqualTo(-1);
        assertThat(StateChecksum.toHex(repaired.checksum())).isEqualTo(CHECKSUM_AT.get(lastKept - 3));
        try (GraphStore store = GraphStore.open(dir, StoreOptions.defaults().withDurability(Durability.SYNC))) {
            assertThat(store.lastLsn()).isEqualTo(lastKept - 3);
        }
    }

    @Test
    void shouldCutAtASegmentBoundaryWhenTheDamageIsTheSeal() throws IOException {
        // given the first segment's seal damaged: every record of the later segments is intact beyond it
        Frame seal = FRAMES.stream().filter(Frame::seal).findFirst().orElseThrow();
        Path dir = copy("repair-seal");
        flip(dir.resolve(seal.file()), seal.offset() + 10, 0x01);
        // when
        StoreRepair.Outcome repaired = StoreRepair.repair(dir, seal.lsn() - 1, clock());
        // then
        assertThat(repaired.discardedRecords()).isEqualTo(lastLsn - seal.lsn() + 1);
        assertThat(repaired.cutOffset()).isEqualTo(seal.offset());
        try (GraphStore store = GraphStore.open(dir, StoreOptions.defaults().withDurability(Durability.SYNC))) {
            assertThat(store.lastLsn()).isEqualTo(seal.lsn() - 1);
            assertThat(StateChecksum.hexOf(store.graph())).isEqualTo(CHECKSUM_AT.get(seal.lsn() - 1));
        }
    }

    private static Clock clock() {
        return Clock.fixed(Instant.parse("2026-12-04T18:00:00Z"), ZoneOffset.UTC);
    }

    private static Path copy(String name) throws IOException {
        Path dir = shared.resolve(name);
        Files.createDirectories(dir);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(original)) {
            for (Path f : files) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return dir;
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    private static void setWritable(Path dir, boolean writable) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                f.toFile().setWritable(writable, false);
            }
        }
        dir.toFile().setWritable(writable, false);
    }

    private static void flip(Path file, long offset, int mask) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, offset);
            b.put(0, (byte) (b.get(0) ^ mask));
            b.rewind();
            ch.write(b, offset);
        }
    }
}
