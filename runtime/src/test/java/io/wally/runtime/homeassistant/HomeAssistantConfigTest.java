package io.wally.runtime.homeassistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wally.runtime.config.ConfigException;
import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code homeassistant.*} in the configuration: defaults per shipped file, strict keys, a checked prefix. */
class HomeAssistantConfigTest {

    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader();

    private WallyConfig load(String yaml) throws Exception {
        return loader.load(Files.writeString(dir.resolve("wally.yaml"), "robot:\n  id: tiny\n" + yaml));
    }

    @Test
    void shouldBeOnInSimAndOffOnThePiWhenShippedConfigsAreLoaded() {
        assertThat(loader.load(Path.of("../robot-config/sim.yaml")).homeassistant())
                .isEqualTo(new WallyConfig.HomeAssistant(true, "homeassistant"));
        assertThat(loader.load(Path.of("../robot-config/wally-pi.yaml")).homeassistant())
                .isEqualTo(new WallyConfig.HomeAssistant(false, "homeassistant"));
    }

    @Test
    void shouldDefaultToOffWithHomeAssistantsPrefixWhenFileSaysNothing() throws Exception {
        assertThat(load("").homeassistant()).isEqualTo(WallyConfig.HomeAssistant.OFF);
        assertThat(load("homeassistant: {enabled: true}\n").homeassistant())
                .isEqualTo(new WallyConfig.HomeAssistant(true, "homeassistant"));
        assertThat(load("homeassistant: {enabled: true, discoveryPrefix: ha/discovery}\n").homeassistant().discoveryPrefix())
                .isEqualTo("ha/discovery");
    }

    @Test
    void shouldRefuseUnknownKeyNamingItWhenMisspelt() {
        assertThatThrownBy(() -> load("homeassistant: {enabled: true, prefix: x}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("homeassistant.prefix is not a known key")
                .hasMessageContaining("discoveryPrefix");
    }

    @Test
    void shouldRefuseWildcardOrEmptyOrOwnTreePrefix() {
        for (String bad : new String[] {"home/#", "+", "a//b", "\"\"", "wally", "wally/ha"}) {
            assertThatThrownBy(() -> load("homeassistant: {enabled: true, discoveryPrefix: " + bad + "}\n"))
                    .as(bad).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("homeassistant.discoveryPrefix must be");
        }
    }

    @Test
    void shouldRefuseQuotedBooleanWhenEnabledIsText() {
        assertThatThrownBy(() -> load("homeassistant: {enabled: \"yes\"}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("homeassistant.enabled must be true or false");
    }
}
