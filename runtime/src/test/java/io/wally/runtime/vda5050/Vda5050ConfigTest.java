package io.wally.runtime.vda5050;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wally.runtime.config.ConfigException;
import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code vda5050} section: defaults, the serial number from the robot id, strict keys and topic levels. */
class Vda5050ConfigTest {

    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader();

    private WallyConfig load(String yaml) throws Exception {
        return loader.load(Files.writeString(dir.resolve("wally.yaml"), "robot:\n  id: tiny\n" + yaml));
    }

    @Test
    void shouldDefaultToOffWithUagvAndTakeTheRobotIdAsSerialNumber() throws Exception {
        WallyConfig c = load("");
        assertThat(c.vda5050()).isEqualTo(WallyConfig.Vda5050.OFF);
        assertThat(Vda5050Topics.of(c).base()).isEqualTo("uagv/v2/wally/tiny");
        WallyConfig on = load("vda5050: {enabled: true, manufacturer: acme, serialNumber: SN-7.a:b}\n");
        assertThat(on.vda5050().enabled()).isTrue();
        assertThat(Vda5050Topics.of(on).state()).isEqualTo("uagv/v2/acme/SN-7.a:b/state");
        assertThat(on.vda5050().version()).isEqualTo("2.1.0");
        assertThat(load("").withVda5050(on.vda5050()).vda5050()).isEqualTo(on.vda5050());
    }

    @Test
    void shouldRefuseTopicLevelsTheStandardForbidsAndUnknownKeys() {
        assertThatThrownBy(() -> load("vda5050: {interfaceName: \"u/agv\"}\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("vda5050.interfaceName").hasMessageContaining("u/agv");
        assertThatThrownBy(() -> load("vda5050: {serialNumber: \"a#\"}\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("vda5050.serialNumber");
        assertThatThrownBy(() -> load("vda5050: {version: \"1.1\"}\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("vda5050.version");
        assertThatThrownBy(() -> load("vda5050: {enable: true}\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("vda5050.enable");
    }

    @Test
    void shouldNameTheMapAfterItsFile() throws Exception {
        WallyConfig c = loader.load(Path.of("../robot-config/sim.yaml"));
        assertThat(Vda5050Messages.mapId(c)).isEqualTo("house");
        assertThat(c.vda5050().enabled()).as("off unless asked for").isFalse();
    }
}
