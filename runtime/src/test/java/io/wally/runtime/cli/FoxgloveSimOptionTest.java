package io.wally.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code wally sim --foxglove PORT|off}: the URL line, and a taken port that leaves the robot running. */
@Tag("slow")
class FoxgloveSimOptionTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private Path config() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return CliTestSupport.privateSimConfig(dir, s.getLocalPort());
        }
    }

    @Test
    @Timeout(60)
    void shouldPrintTheFoxgloveUrlOnAnyFreePort() throws IOException {
        int code = CliTestSupport.run(out, err, "sim", "--config", config().toString(), "--headless", "--duration", "1s",
                "--speed", "10", "--foxglove", "0");

        assertThat(code).as("stderr %s", err).isZero();
        assertThat(out.toString()).containsPattern("Foxglove: ws://127\\.0\\.0\\.1:\\d+/");
    }

    @Test
    @Timeout(60)
    void shouldSayThePortIsTakenInOneLineAndStillRunTheRobot() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int code = CliTestSupport.run(out, err, "sim", "--config", config().toString(), "--headless", "--duration", "1s",
                    "--speed", "10", "--foxglove", Integer.toString(taken.getLocalPort()));

            assertThat(code).as("stderr %s", err).isZero();
            assertThat(err.toString()).containsOnlyOnce("Foxglove server not started: 127.0.0.1:" + taken.getLocalPort() + " is taken")
                    .contains("--foxglove off");
            assertThat(out.toString()).doesNotContain("Foxglove WebSocket").contains("DONE after 1.0 s");
        }
    }

    @Test
    @Timeout(60)
    void shouldRunWithoutTheServerWhenOff() throws IOException {
        int code = CliTestSupport.run(out, err, "sim", "--config", config().toString(), "--headless", "--duration", "1s",
                "--speed", "10", "--foxglove", "off");

        assertThat(code).as("stderr %s", err).isZero();
        assertThat(out.toString()).doesNotContain("Foxglove");
        assertThat(err.toString()).doesNotContain("Foxglove");
    }
}
