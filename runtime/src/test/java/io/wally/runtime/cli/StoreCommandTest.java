package io.wally.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
                .contains("snapshot", "log", "lsn", "graph", "pool", "properties");
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
}
