package io.wally.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void shouldLoadTheShippedSimulatorAndPiConfigs() {
        WallyConfig sim = loader.load(Path.of("../robot-config/sim.yaml"));
        WallyConfig pi = loader.load(Path.of("../robot-config/wally-pi.yaml"));

        assertThat(sim.robot().id()).isEqualTo("wally-sim");
        assertThat(sim.robot().kind()).isEqualTo(WallyConfig.Robot.Kind.SIM);
        assertThat(sim.mqtt().broker()).isEqualTo("embedded");
        assertThat(sim.store().durability()).isEqualTo(WallyConfig.Store.Durability.NONE);
        assertThat(Path.of(sim.map().file()).isAbsolute()).isTrue();
        assertThat(Path.of(sim.map().file()).endsWith(Path.of("maps/samples/house.yaml"))).isTrue();
        assertThat(pi.robot().kind()).isEqualTo(WallyConfig.Robot.Kind.PI);
        assertThat(pi.sensors().imu().address()).isEqualTo(0x68);
        assertThat(pi.sensors().rangers()).hasSize(3);
        assertThat(pi.motors().left().pwmPin()).isEqualTo(12);
    }

    @Test
    void shouldFillDefaultsForKeysTheFileLeavesOut() throws IOException {
        WallyConfig config = loader.load(write("robot:\n  id: tiny\n"));

        assertThat(config.control().loopHz()).isEqualTo(50);
        assertThat(config.control().watchdogMillis()).isEqualTo(200);
        assertThat(config.motors().maxDuty()).isEqualTo(0.8);
        assertThat(config.store().dir()).startsWith(System.getProperty("user.home"));
    }

    @Test
    void shouldNameFileAndKeyWhenAKeyIsMisspelt() throws IOException {
        Path file = write("robot:\n  id: r1\nmotors:\n  maxDutty: 0.5\n");

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": motors.maxDutty is not a known key (known here: ")
                .hasMessageContaining("maxDuty")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void shouldNameFileKeyAndRangeWhenAValueIsOutOfRange() throws IOException {
        Path file = write("robot:\n  id: r1\nmotors:\n  maxDuty: 1.5\n");

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": motors.maxDuty must be in (0, 1]; was 1.5");
    }

    @Test
    void shouldNameFileKeyAndExpectedTypeWhenAValueHasTheWrongType() throws IOException {
        Path file = write("robot:\n  id: r1\ncontrol:\n  loopHz: fast\n");

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": control.loopHz must be a whole number; was \"fast\"");
    }

    @Test
    void shouldRefuseAQuotedNumber() throws IOException {
        Path file = write("robot:\n  id: r1\ncontrol:\n  loopHz: \"50\"\n");

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": control.loopHz must be a whole number");
    }

    @Test
    void shouldListTheAllowedValuesWhenAnEnumValueIsUnknown() throws IOException {
        Path file = write("robot:\n  id: r1\nstore:\n  durability: fast\n");

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": store.durability must be one of [sync, group, none]; was \"fast\"");
    }

    @Test
    void shouldNameTheMissingRequiredKey() throws IOException {
        Path file = write("robot:\n  kind: sim\n");

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": robot.id is required but missing");
    }

    @Test
    void shouldReportEveryRangeProblemOnItsOwnLine() throws IOException {
        Path file = write("robot:\n  id: r1\ncontrol:\n  loopHz: 0\n  queueCapacity: 1000\n");

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        file + ": control.loopHz must be in [1, 1000]; was 0",
                        file + ": control.queueCapacity must be a power of two in [64, 16777216]; was 1000"));
    }

    @Test
    void shouldGiveLineAndColumnForBrokenYaml() throws IOException {
        Path file = write("robot:\n  id: [unclosed\n");

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": not valid YAML at line ");
    }

    @Test
    void shouldSayWhenTheFileDoesNotExist() {
        Path file = dir.resolve("absent.yaml");

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": no such file");
    }

    @Test
    void shouldRejectAnMqttTopicUnsafeRobotId() throws IOException {
        Path file = write("robot:\n  id: a/b#\n");

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": robot.id must be 1 to 64 letters");
    }

    @Test
    void shouldGiveOneLineWithTheFileWhenTheNestingIsTwentyThousandLevelsDeep() throws IOException {
        // given: 20,000 nested flow lists under a key (this crashed the loader with a NullPointerException)
        Path file = write("robot:\n  id: r1\nmap: " + "[".repeat(20_000) + "]".repeat(20_000) + "\n");

        // when / then
        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": line 3: nested deeper than 32 levels of mappings and lists");
    }

    @Test
    void shouldRefuseDeepBlockNestingWithTheLine() throws IOException {
        // given: 20,000 block sequences nested on one line ("- - - … x")
        Path file = write("robot:\n  id: r1\nmap:\n  file:\n    " + "- ".repeat(20_000) + "x\n");

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": line 5: nested deeper than 32 levels of mappings and lists");
    }

    @Test
    void shouldNameTheKeyAndLineWhenAKeyIsGivenTwice() throws IOException {
        Path file = write("robot:\n  id: r1\ncontrol:\n  loopHz: 50\n  loopHz: 100\n");

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": line 5: duplicate key 'loopHz' (each key may appear once in a mapping)");
    }

    @Test
    void shouldRefuseAnAliasInsteadOfReadingItsName() throws IOException {
        // Before: map.file became the alias's name ("a", resolved to a path), not the anchored value.
        Path file = write("robot:\n  id: r1\nstore:\n  dir: &a /tmp/x\nmap:\n  file: *a\n");

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": line 6: anchors and aliases are not supported in wally files:"
                        + " write the value of *a out in full");
    }

    @Test
    void shouldRefuseTheAnchorOfAMapping() throws IOException {
        Path file = write("robot:\n  id: r1\nmotors:\n  left: &pins {pwmPin: 12, forwardPin: 5, backwardPin: 6}\n"
                + "  right: *pins\n");

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": line 4: anchors and aliases are not supported in wally files:"
                        + " remove &pins and write the value out where it is used");
    }

    @Test
    void shouldRefuseAFileOverOneMebibyteBeforeReadingIt() throws IOException {
        // given: a 50 MB file (this took the loader to 1.5 GB of heap and minutes)
        Path file = dir.resolve("huge.yaml");
        byte[] line = "# padding padding padding padding padding padding padding padding padding padding\n"
                .getBytes(StandardCharsets.US_ASCII);
        try (var out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write("robot:\n  id: r1\n".getBytes(StandardCharsets.US_ASCII));
            for (long written = 0; written < 50_000_000L; written += line.length) {
                out.write(line);
            }
        }
        long size = Files.size(file);

        // when
        long started = System.nanoTime();
        Throwable thrown = Assertions.catchThrowable(() -> loader.load(file));
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        // then
        assertThat(thrown).isInstanceOf(ConfigException.class)
                .hasMessage(file + ": the file is " + size + " bytes; the limit is 1048576 bytes (1 MiB)");
        assertThat(tookMillis).isLessThan(1_000);
    }

    @Test
    void shouldLoadAFileJustUnderTheSizeLimit() throws IOException {
        String comment = "# " + "-".repeat(97) + "\n"; // 100 bytes
        Path file = write("robot:\n  id: r1\n" + comment.repeat((1024 * 1024 - 100) / 100));
        assertThat(Files.size(file)).isBetween(1024L * 1024 - 200, 1024L * 1024);

        assertThat(loader.load(file).robot().id()).isEqualTo("r1");
    }

    @Test
    void shouldRefuseAReplyPrefixThatWouldReachCommandTopics() throws IOException {
        Path file = write("robot:\n  id: r1\nmqtt:\n  replyPrefix: wally/\n");

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": mqtt.replyPrefix would let replies reach command topics wally/<id>/cmd/…"
                        + " (use e.g. wally/<id>/reply/); was \"wally/\"");
    }

    @Test
    void shouldTakeAReplyPrefixOutsideTheRobotsTopics() throws IOException {
        assertThat(loader.load(write("robot:\n  id: r1\nmqtt:\n  replyPrefix: ops/replies/\n")).mqtt().replyPrefix())
                .isEqualTo("ops/replies/");
        assertThat(loader.load(write("robot:\n  id: r1\n")).mqtt().replyPrefix()).isNull();
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("robot.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
