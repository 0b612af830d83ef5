package io.wally.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.hal.pi4j.RaspberryPi;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands that need the robot's hardware, on a machine that is not a Raspberry Pi: one line naming the
 * problem and the way out ({@code wally sim}), exit 2, and nothing from Pi4J. Run as child processes, so that
 * everything the JVM writes, the loggers included, is seen.
 */
class OffPiCommandsTest {

    private static final Path PI_CONFIG = Path.of("../robot-config/wally-pi.yaml").toAbsolutePath();

    @TempDir
    Path tmp;

    @AfterEach
    void tearDown() {
        System.clearProperty(RaspberryPi.MODEL_FILE_PROPERTY);
    }

    /** Runs {@code wally args} in a child JVM whose device tree model file is {@code modelFile}. */
    private Finished wally(Path modelFile, String... args) throws IOException, InterruptedException {
        Path output = tmp.resolve("output.txt");
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-D" + RaspberryPi.MODEL_FILE_PROPERTY + "=" + modelFile,
                "-cp", System.getProperty("java.class.path"), WallyMain.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("wally %s finished", List.of(args)).isTrue();
        return new Finished(process.exitValue(), Files.readAllLines(output, StandardCharsets.UTF_8));
    }

    private record Finished(int exitCode, List<String> lines) {
    }

    private String notAPiLine(Path modelFile) {
        return "wally: this is not a Raspberry Pi (no Pi model in " + modelFile
                + "); to try WALLY without the robot's hardware: wally sim";
    }

    @Test
    @Tag("slow") // a child JVM each: what the user sees, loggers included
    void shouldPrintOneLineAndExit2WhenRunIsStartedOffAPi() throws Exception {
        Path noDeviceTree = tmp.resolve("no-device-tree");

        Finished run = wally(noDeviceTree, "run", "--config", PI_CONFIG.toString());

        assertThat(run.lines()).containsExactly(notAPiLine(noDeviceTree));
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    @Tag("slow") // a child JVM each: what the user sees, loggers included
    void shouldPrintOneLineAndExit2WhenSelftestIsStartedOnAnotherBoard() throws Exception {
        Path otherBoard = Files.writeString(tmp.resolve("model"), "Radxa ROCK 5B\0");

        Finished selftest = wally(otherBoard, "selftest", "--config", PI_CONFIG.toString());

        assertThat(selftest.lines()).containsExactly(notAPiLine(otherBoard));
        assertThat(selftest.exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void shouldRefuseSelftestOfTheSimulatedRobotOnAPi() throws Exception {
        Path pi = Files.writeString(tmp.resolve("model"), "Raspberry Pi 5 Model B Rev 1.0\0");
        System.setProperty(RaspberryPi.MODEL_FILE_PROPERTY, pi.toString());
        Path simConfig = Path.of("../robot-config/sim.yaml");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = CliTestSupport.run(out, err, "selftest", "--config", simConfig.toString());

        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).isEqualTo("wally: wally selftest checks the Raspberry Pi kit; " + simConfig
                + " has robot.kind: sim (the simulated robot needs no bring-up)" + System.lineSeparator());
    }

    @Test
    void shouldNameTheConfigWhenSelftestCannotWireTheKit() throws Exception {
        Path pi = Files.writeString(tmp.resolve("model"), "Raspberry Pi 4 Model B Rev 1.4\0");
        System.setProperty(RaspberryPi.MODEL_FILE_PROPERTY, pi.toString());
        Path config = Files.writeString(tmp.resolve("far-ranger.yaml"), Files.readString(PI_CONFIG)
                .replace("angleDegrees: 0,   maxRangeMeters: 4.0", "angleDegrees: 0,   maxRangeMeters: 9.0"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = CliTestSupport.run(out, err, "selftest", "--config", config.toString(), "--no-motors");

        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).isEqualTo("wally: cannot wire the kit from " + config
                + ": maxRangeMeters of ranger front must be in (0, 4.5]; was 9.0" + System.lineSeparator());
    }
}
