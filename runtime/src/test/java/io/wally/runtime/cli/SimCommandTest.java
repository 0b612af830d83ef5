package io.wally.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code wally sim} from the command line: its exit codes and the lines it prints. */
@Tag("slow")
class SimCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return CliTestSupport.run(out, err, args);
    }

    /** robot-config/sim.yaml with the house map by absolute path, a free broker port and a private store. */
    private Path config() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        return CliTestSupport.privateSimConfig(dir, port);
    }

    @Test
    @Timeout(60)
    void shouldExitOneAndSayWhyWhenPlaceIsUnknown() throws IOException {
        int code = run("sim", "--config", config().toString(), "--headless", "--goto", "attic", "--duration", "30s",
                "--speed", "8");

        assertThat(code).as("stdout %s%nstderr %s", out, err).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("FAILED attic");
        assertThat(out.toString()).doesNotContain("ARRIVED");
    }

    @Test
    @Timeout(60)
    void shouldExitOneWithWhereItIsWhenDurationEndsBeforeArrival() throws IOException {
        int code = run("sim", "--config", config().toString(), "--headless", "--goto", "kitchen", "--duration", "3s",
                "--speed", "10", "--no-obstacle");

        assertThat(code).as("stdout %s%nstderr %s", out, err).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).containsPattern("NOT ARRIVED kitchen: still driving after 3\\.0 s, \\d+\\.\\d\\d m of path left");
        assertThat(out.toString()).doesNotContain("OBSTACLE").doesNotContain("ARRIVED kitchen");
    }

    @Test
    void shouldRejectBadDurationWithUsageExitCode() throws IOException {
        int code = run("sim", "--config", config().toString(), "--headless", "--duration", "soon");

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("duration must look like 120s, 2m, 500ms or 90 (seconds); was 'soon'");
    }

    @Test
    void shouldRejectMapWithoutGridWithUsageExitCode() throws IOException {
        Path places = Files.writeString(dir.resolve("places.yaml"), "places:\n  - {name: a, x: 0, y: 0}\n");

        int code = run("sim", "--config", config().toString(), "--map", places.toString(), "--headless");

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("places.yaml has neither 'image:'");
    }

    @Test
    @Timeout(60)
    void shouldRunForDurationWithoutGoalAndExitZero() throws IOException {
        int code = run("sim", "--config", config().toString(), "--headless", "--duration", "3s", "--speed", "10",
                "--status-every", "100ms");

        assertThat(code).as("stderr %s", err).isZero();
        assertThat(out.toString()).contains("house.yaml").contains("MQTT broker tcp://127.0.0.1:")
                .containsPattern("t +\\d+\\.\\ds  pos ").contains("DONE after 3.0 s");
    }
}
