package io.wally.maps.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damages a store's files — random bytes flipped, files cut at random offsets — and checks that verify
 * either refuses it with a {@link StoreException} whose message names the damaged file, or (only for
 * damage a crash can cause: the end of the last segment) reports the torn tail and recovers to exactly
 * the state after the last record before it. Damage before the last record, with intact records after
 * it, must be refused. Verify never changes a byte. Never a wrong graph, never a bare exception.
 */
final class CorruptionTest {

    private static final int TRIALS = 80;

    @TempDir
    Path tmp;

    private Path original;
    private TortureLog printed;
    /** Offsets of the records in the original segment: recordStart[i] holds LSN firstLsn + i. */
    private final List<Long> recordStart = new ArrayList<>();
    private long firstLsn;
    private long lastLsn;
    private long segmentSize;

    @BeforeEach
    void buildStoreWithSnapshotAndLog() throws IOException {
        // given a store whose snapshot covers a first torture run and whose log holds a second one
        original = tmp.resolve("original");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        Torture.run(new Torture.Options(original, 300, 11, Durability.NONE, 0, 60), print);
        try (GraphStore store = GraphStore.open(original, StoreOptions.defaults().withDurability(Durability.SYNC))) {
            store.checkpoint();
        }
        Torture.run(new Torture.Options(original, 300, 12, Durability.NONE, 0, 60), print);
        printed = TortureLog.parse(out.toString(StandardCharsets.UTF_8).lines().toList());
        lastLsn = printed.lastAck;
        StoreFiles.Segment segment = StoreFiles.segments(original).getFirst();
        firstLsn = segment.firstLsn();
        ByteBuffer log = ByteBuffer.wrap(Files.readAllBytes(segment.path()));
        segmentSize = log.capacity();
        log.position(SegmentHeader.BYTES);
        GraphMutation m = new GraphMutation();
        long at = log.position();
        while (m.decode(log) == GraphMutation.Status.RECORD) {
            recordStart.add(at);
            at = log.position();
        }
        assertThat(firstLsn).as("the log starts after the snapshot").isGreaterThan(1);
        assertThat(firstLsn + recordStart.size() - 1).as("records in the log").isEqualTo(lastLsn);
    }

    @AfterAll
    static void printTally() {
        System.out.println(IntegrityTally.summary() + " (after CorruptionTest)");
    }

    @Test
    void shouldRefuseDamageBeforeTheLastRecordAndReportOnlyATornLastRecordWhenLogBytesAreFlipped() throws IOException {
        Random random = new Random(1);
        for (int trial = 0; trial < TRIALS; trial++) {
            // given a copy whose log has 1..3 random bytes flipped
            Path dir = copy(trial);
            Path segment = StoreFiles.segments(dir).getFirst().path();
            long first = Long.MAX_VALUE;
            for (int i = 1 + random.nextInt(3); i > 0; i--) {
                long offset = (long) (random.nextDouble() * segmentSize);
                flip(segment, offset, 1 + random.nextInt(255));
                first = Math.min(first, offset);
            }
            // when / then: header damage and damage with intact records after it are refused (requirement
            // changed: they used to be cut, losing every record after them); only a damaged last record is
            // a torn tail, reported, the state just before it
            boolean tornTail = first >= SegmentHeader.BYTES && lsnOfRecordAt(first) == lastLsn;
            expect(dir, segment, tornTail ? lastLsn - 1 : -1, true, "flip at " + first);
        }
    }

    @Test
    void shouldKeepEveryWholeRecordWhenLogIsCutAtRandomOffsets() throws IOException {
        Random random = new Random(2);
        for (int trial = 0; trial < TRIALS; trial++) {
            // given a copy whose log is cut short
            Path dir = copy(trial);
            Path segment = StoreFiles.segments(dir).getFirst().path();
            long cut = (long) (random.nextDouble() * segmentSize);
            try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
                ch.truncate(cut);
            }
            // when / then: the records wholly before the cut survive
            long expected = -1;
            boolean midRecord = false;
            if (cut >= SegmentHeader.BYTES) {
                int whole = 0;
                while (whole < recordStart.size() && recordEnd(whole) <= cut) {
                    whole++;
                }
                expected = firstLsn + whole - 1;
                midRecord = cut > (whole == 0 ? SegmentHeader.BYTES : recordEnd(whole - 1));
            }
            expect(dir, segment, expected, midRecord, "cut at " + cut);
        }
    }

    @Test
    void shouldRefuseTheSnapshotWhenAnyOfItsBytesIsFlippedOrItIsCut() throws IOException {
        Random random = new Random(3);
        long size = Files.size(StoreFiles.snapshot(original));
        for (int trial = 0; trial < TRIALS; trial++) {
            // given a copy with a damaged snapshot
            Path dir = copy(trial);
            Path snapshot = StoreFiles.snapshot(dir);
            String damage;
            if (trial % 3 == 0) {
                long cut = (long) (random.nextDouble() * size);
                try (FileChannel ch = FileChannel.open(snapshot, StandardOpenOption.WRITE)) {
                    ch.truncate(cut);
                }
                damage = "snapshot cut at " + cut;
            } else {
                long offset = (long) (random.nextDouble() * size);
                flip(snapshot, offset, 1 + random.nextInt(255));
                damage = "snapshot flip at " + offset;
            }
            // when / then: a plain open refuses, or (damage in padding) opens exactly the undamaged graph
            try (GraphStore store = GraphStore.open(dir, StoreOptions.defaults().withDurability(Durability.SYNC))) {
                assertThat(store.lastLsn()).as(damage).isEqualTo(lastLsn);
                assertThat(StateChecksum.hexOf(store.graph())).as(damage).isEqualTo(printed.checksumAt.get(lastLsn));
            } catch (StoreException e) {
                assertThat(e.getMessage()).as(damage).contains(snapshot.toString());
            }
            // and verify, which checks every byte, always refuses
            expect(dir, snapshot, -1, false, damage);
        }
    }

    /**
     * Opens {@code dir}: with {@code expectedLsn < 0} it must fail naming {@code damaged}; otherwise it
     * must recover to exactly {@code expectedLsn} with the checksum the torture printed for it, and report
     * the cut when {@code cutReported} (damage inside a record, not at a record boundary).
     */
    private void expect(Path dir, Path damaged, long expectedLsn, boolean cutReported, String damage) throws IOException {
        StoreVerifier.Result result;
        var before = StoreFingerprint.of(dir);
        try {
            result = StoreVerifier.verify(dir);
        } catch (StoreException e) {
            if (expectedLsn < 0) {
                IntegrityTally.corruption(true);
            }
            assertThat(StoreFingerprint.of(dir)).as("%s: verify changed nothing", damage).isEqualTo(before);
            assertThat(e.getMessage()).as(damage).isNotBlank().contains(damaged.toString());
            assertThat(expectedLsn).as("%s: refused with \"%s\" but a recovery to LSN %d was expected", damage, e.getMessage(), expectedLsn)
                    .isNegative();
            return;
        } catch (RuntimeException e) {
            throw new AssertionError(damage + ": not a StoreException: " + e, e);
        }
        assertThat(StoreFingerprint.of(dir)).as("%s: verify changed nothing", damage).isEqualTo(before);
        if (expectedLsn < 0) {
            IntegrityTally.corruption(false);
        } else {
            IntegrityTally.crashLike(result.recovery().truncation().isPresent(), !cutReported);
        }
        assertThat(expectedLsn).as("%s: opened to LSN %d but should have been refused", damage, result.lsn()).isNotNegative();
        assertThat(result.lsn()).as(damage).isEqualTo(expectedLsn);
        assertThat(StateChecksum.toHex(result.checksum())).as(damage).isEqualTo(printed.checksumAt.get(expectedLsn));
        assertThat(result.recovery().truncation().isPresent()).as("%s: cut reported", damage).isEqualTo(cutReported);
        if (cutReported) {
            RecoveryReport.Truncation cut = result.recovery().truncation().orElseThrow();
            assertThat(cut.cut()).as("%s: verify reports, never cuts", damage).isFalse();
            assertThat(cut.describe()).as(damage).startsWith("torn tail: would cut the log at " + damaged);
            assertThat(cut.file()).as(damage).isEqualTo(damaged);
            assertThat(cut.lsn()).as(damage).isEqualTo(expectedLsn + 1);
            assertThat(cut.offset()).as(damage).isEqualTo(recordStart.get((int) (expectedLsn + 1 - firstLsn)));
        }
    }

    private long lsnOfRecordAt(long offset) {
        int i = recordStart.size() - 1;
        while (recordStart.get(i) > offset) {
            i--;
        }
        return firstLsn + i;
    }

    private long recordEnd(int i) {
        return i + 1 < recordStart.size() ? recordStart.get(i + 1) : segmentSize;
    }

    private Path copy(int trial) throws IOException {
        Path dir = tmp.resolve("trial-" + trial);
        Files.createDirectories(dir);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(original)) {
            for (Path f : files) {
                if (!f.getFileName().toString().equals(StoreFiles.LOCK)) {
                    Files.copy(f, dir.resolve(f.getFileName()));
                }
            }
        }
        return dir;
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
