package io.wally.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.maps.store.GraphMutation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class StoreCommandTest {

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private PrintStream originalOut;

    @BeforeEach
    void captureStdout() {
        originalOut = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStdout() {
        System.setOut(originalOut);
    }

    private int run(String... args) {
        return CliTestSupport.run(out, err, args);
    }

    @Test
    void shouldVerifyToTheLastAckedStateWhenTortureFinished() {
        // given
        Path dir = tmp.resolve("store");
        // when
        int tortured = run("store", "torture", "--dir", dir.toString(), "--ops", "400", "--seed", "5", "--durability", "group",
                "--checkpoint-every", "100");
        int verified = run("store", "verify", "--dir", dir.toString());
        // then
        assertThat(tortured).isZero();
        assertThat(verified).as(err.toString()).isZero();
        List<String> torture = stdout.toString(StandardCharsets.UTF_8).lines().toList();
        String lastAck = torture.stream().filter(l -> l.startsWith("ACK ")).reduce((a, b) -> b).orElseThrow();
        assertThat(torture).anyMatch(l -> l.startsWith("LSN ")).anyMatch(l -> l.startsWith("CHECKPOINT "));
        assertThat(torture.getLast()).isEqualTo("DONE" + lastAck.substring(3));
        assertThat(out.toString().lines().toList()).containsExactly("OK" + lastAck.substring(3));
    }

    @Test
    void shouldPrintCheckpointAndInfoWhenStoreExists() {
        // given
        Path dir = tmp.resolve("store");
        run("store", "torture", "--dir", dir.toString(), "--ops", "200", "--seed", "9", "--durability", "sync", "--checkpoint-every", "0");
        // when
        int checkpointed = run("store", "checkpoint", "--dir", dir.toString());
        int info = run("store", "info", "--dir", dir.toString());
        // then
        assertThat(checkpointed).as(err.toString()).isZero();
        assertThat(info).as(err.toString()).isZero();
        assertThat(out.toString()).containsPattern("CHECKPOINT \\d+ [0-9a-f]{16}")
                .contains("snapshot", "log", "last LSN", "graph", "memory", "edge blocks", "properties");
    }

    @Test
    void shouldFailWithOneLineNamingTheFileWhenSnapshotIsCorrupt() throws Exception {
        // given a checkpointed store with a flipped byte in its snapshot
        Path dir = tmp.resolve("store");
        run("store", "torture", "--dir", dir.toString(), "--ops", "100", "--seed", "3", "--durability", "sync", "--checkpoint-every", "0");
        run("store", "checkpoint", "--dir", dir.toString());
        Path snapshot = dir.resolve("snapshot.img");
        byte[] bytes = Files.readAllBytes(snapshot);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(snapshot, bytes);
        err.getBuffer().setLength(0);
        // when
        int code = run("store", "verify", "--dir", dir.toString());
        // then
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString().lines().toList()).hasSize(1);
        assertThat(err.toString()).startsWith("wally: ").contains(snapshot.toString()).contains("checksum mismatch");
    }

    @Test
    void shouldSaySoWhenStoreDirectoryDoesNotExist() {
        int code = run("store", "verify", "--dir", tmp.resolve("nope").toString());

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("does not exist");
    }

    @Test
    void shouldRejectAnUnknownDurability() {
        int code = run("store", "torture", "--dir", tmp.toString(), "--durability", "fast");

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--durability must be sync, group or none; was 'fast'");
    }

    @Test
    void shouldRefuseACorruptLogInOneLineAndChangeNothingWhenVerifyingOrShowingInfo() throws Exception {
        // given a store whose log has a record in the middle damaged (intact, acknowledged records after it)
        Path dir = tmp.resolve("store");
        run("store", "torture", "--dir", dir.toString(), "--ops", "200", "--seed", "4", "--durability", "sync", "--checkpoint-every", "0");
        List<long[]> records = records(onlySegment(dir));
        long[] middle = records.get(records.size() / 2);
        flip(onlySegment(dir), middle[0] + 12);
        Map<String, String> before = fingerprint(dir);
        err.getBuffer().setLength(0);
        // when
        int verify = run("store", "verify", "--dir", dir.toString());
        String verifyErr = err.toString();
        err.getBuffer().setLength(0);
        int info = run("store", "info", "--dir", dir.toString());
        // then
        assertThat(verify).isEqualTo(ExitCodes.USAGE);
        assertThat(info).isEqualTo(ExitCodes.USAGE);
        assertThat(verifyErr.lines().toList()).hasSize(1);
        assertThat(verifyErr).startsWith("wally: " + onlySegment(dir) + " at offset " + middle[0] + ": ")
                .contains("LSN " + middle[1] + " is the first not recovered, " + (records.size() - records.size() / 2 - 1) + " intact record(s)");
        assertThat(err.toString().lines().toList()).hasSize(1);
        assertThat(fingerprint(dir)).as("not a byte changed").isEqualTo(before);
    }

    @Test
    void shouldReportATornTailWithoutCuttingItWhenVerifyingOrShowingInfo() throws Exception {
        // given a store whose last record lost its last 2 bytes (what a crash leaves)
        Path dir = tmp.resolve("store");
        run("store", "torture", "--dir", dir.toString(), "--ops", "100", "--seed", "6", "--durability", "sync", "--checkpoint-every", "0");
        Path segment = onlySegment(dir);
        List<long[]> records = records(segment);
        try (var ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 2);
        }
        Map<String, String> before = fingerprint(dir);
        err.getBuffer().setLength(0);
        // when
        int verify = run("store", "verify", "--dir", dir.toString());
        int info = run("store", "info", "--dir", dir.toString());
        // then: not an error, reported, not cut
        assertThat(verify).as(err.toString()).isZero();
        assertThat(info).as(err.toString()).isZero();
        long lastKept = records.getLast()[1] - 1;
        assertThat(out.toString()).startsWith("OK " + lastKept + " ").contains("torn tail   torn tail: would cut the log at " + segment);
        assertThat(err.toString()).startsWith("wally: torn tail: would cut the log at " + segment + " offset " + records.getLast()[0]);
        assertThat(fingerprint(dir)).as("not a byte changed").isEqualTo(before);
    }

    @Test
    void shouldSayWhatLsnItNeedsThenCopyAsideAndCutWhenRepairing() throws Exception {
        // given a store whose log has a record in the middle damaged
        Path dir = tmp.resolve("store");
        run("store", "torture", "--dir", dir.toString(), "--ops", "200", "--seed", "8", "--durability", "sync", "--checkpoint-every", "0");
        Map<Long, String> checksumAt = new HashMap<>();
        for (String line : stdout.toString(StandardCharsets.UTF_8).lines().toList()) {
            String[] f = line.split(" ");
            if (f.length == 3 && (f[0].equals("LSN") || f[0].equals("ACK"))) {
                checksumAt.put(Long.parseLong(f[1]), f[2]);
            }
        }
        List<long[]> records = records(onlySegment(dir));
        long[] damaged = records.get(records.size() / 3);
        flip(onlySegment(dir), damaged[0] + 9);
        Map<String, String> before = fingerprint(dir);
        long keep = damaged[1] - 1;
        // when asked without --accept-loss-after
        err.getBuffer().setLength(0);
        int refused = run("store", "repair", "--dir", dir.toString());
        // then it changes nothing and names the LSN it needs
        assertThat(refused).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString().lines().toList()).hasSize(1);
        assertThat(err.toString()).contains("--accept-loss-after " + keep + "' (discards LSNs " + damaged[1] + ".." + records.getLast()[1] + ")");
        assertThat(fingerprint(dir)).isEqualTo(before);
        // when told to keep up to that LSN
        out.getBuffer().setLength(0);
        int repaired = run("store", "repair", "--dir", dir.toString(), "--accept-loss-after", Long.toString(keep));
        // then the originals are aside and the store verifies to exactly the state torture printed for that LSN
        assertThat(repaired).as(err.toString()).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.getFirst()).startsWith("copied the original files to " + dir.resolve("repair-"));
        Path backup = Path.of(lines.getFirst().substring("copied the original files to ".length()));
        assertThat(Files.readAllBytes(backup.resolve(onlySegment(dir).getFileName()))).hasSize(before.get(onlySegment(dir).getFileName().toString())
                .transform(v -> Integer.parseInt(v.substring(0, v.indexOf(' ')))));
        assertThat(lines).contains("discarded LSNs " + damaged[1] + ".." + records.getLast()[1] + ": " + (records.getLast()[1] - damaged[1])
                + " intact record(s) and the damaged one");
        assertThat(lines.getLast()).isEqualTo("REPAIRED " + keep + " " + checksumAt.get(keep));
        out.getBuffer().setLength(0);
        assertThat(run("store", "verify", "--dir", dir.toString())).isZero();
        assertThat(out.toString().trim()).isEqualTo("OK " + keep + " " + checksumAt.get(keep));
    }

    private static Path onlySegment(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("wal-\\d{20}\\.log")).reduce((a, b) -> {
                throw new AssertionError("more than one segment: " + a + ", " + b);
            }).orElseThrow();
        }
    }

    /** Offset and LSN of every record of a segment (after its 32-byte header, docs/persistence.md). */
    private static List<long[]> records(Path segment) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(segment)).order(ByteOrder.LITTLE_ENDIAN);
        buf.position(32);
        GraphMutation m = new GraphMutation();
        List<long[]> out = new ArrayList<>();
        int at = buf.position();
        while (m.decode(buf) == GraphMutation.Status.RECORD) {
            out.add(new long[] {at, m.lsn()});
            at = buf.position();
        }
        return out;
    }

    private static void flip(Path file, long offset) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) offset] ^= 0x20;
        Files.write(file, bytes);
    }

    /** Size, mtime and SHA-256 of every file, and the directory's mtime: equal means nothing changed. */
    private static Map<String, String> fingerprint(Path dir) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.toList()) {
                out.put(dir.relativize(p) + (Files.isDirectory(p) ? "/" : ""), Files.isDirectory(p) ? Files.getLastModifiedTime(p).toString()
                        : Files.size(p) + " " + Files.getLastModifiedTime(p) + " "
                                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        }
        return out;
    }
}
