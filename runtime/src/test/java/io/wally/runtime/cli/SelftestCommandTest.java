package io.wally.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.hal.pi4j.Pi4jSelftest;
import io.wally.hal.pi4j.RaspberryPi;
import io.wally.runtime.config.ConfigLoader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wally selftest} end to end on "a Pi" whose devices never answer: the device tree model is a file of
 * the test's, and Pi4J's automatic context finds only the mock providers (pi4j-plugin-mock, on the test
 * class path only), whose I2C devices have nothing to read and whose rangers never echo. The checks'
 * verdicts for each fault are shown in hal's {@code Pi4jSelftestTest}; this shows what the command prints.
 */
class SelftestCommandTest {

    @TempDir
    Path tmp;

    @AfterEach
    void tearDown() {
        System.clearProperty(RaspberryPi.MODEL_FILE_PROPERTY);
    }

    @Test
    void shouldPrintEveryDeviceWithHintsAndAFailingVerdictWhenNothingAnswers() throws Exception {
        Path model = Files.writeString(tmp.resolve("model"), "Raspberry Pi 4 Model B Rev 1.4\0");
        System.setProperty(RaspberryPi.MODEL_FILE_PROPERTY, model.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = CliTestSupport.run(out, err, "selftest", "--config", "../robot-config/wally-pi.yaml", "--no-motors");

        List<String> lines = out.toString().lines().toList();
        assertThat(exit).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).isEmpty();
        assertThat(lines.get(0)).isEqualTo(
                "wally selftest: Raspberry Pi 4 Model B Rev 1.4, robot wally-01 (../robot-config/wally-pi.yaml)");
        assertThat(lines.get(1)).isEqualTo("motors: not spun (--no-motors)");
        assertThat(lines).contains(
                "DEVICE           CHECK      RESULT  DETAIL",
                "imu              i2c        FAIL    no answer at 0x68 on bus 1",
                "imu              identity   SKIPPED an earlier check of imu failed",
                "ranger right     echo       FAIL    no echo in 3 tries",
                "motor left       spin       SKIPPED motors not spun (turned off)",
                "battery          i2c        FAIL    no answer at 0x40 on bus 1");
        assertThat(lines.getLast()).isEqualTo("VERDICT: FAIL - 5 of 10 checks failed: imu i2c, ranger front echo,"
                + " ranger left echo, ranger right echo, battery i2c");
        assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(120));
    }

    @Test
    void shouldBoundTheBatteryByTheConfiguredPackWhenOneIsConfigured() throws Exception {
        Path threeCell = Files.writeString(tmp.resolve("3s.yaml"), Files.readString(Path.of("../robot-config/wally-pi.yaml"))
                .replace("fullVolts: 8.4", "fullVolts: 12.6").replace("emptyVolts: 6.4", "emptyVolts: 9.6"));

        Pi4jSelftest.Options options = SelftestCommand.options(new ConfigLoader().load(threeCell), false);

        assertThat(options.packMinVolts()).isEqualTo(9.6);
        assertThat(options.packMaxVolts()).isEqualTo(12.6);
        assertThat(options.motors()).isFalse();
        assertThat(options.spinNanos()).isEqualTo(SelftestCommand.SPIN_MILLIS * 1_000_000L);
    }
}
