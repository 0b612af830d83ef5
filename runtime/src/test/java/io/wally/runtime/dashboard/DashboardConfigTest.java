package io.wally.runtime.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wally.runtime.config.ConfigException;
import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token rule: beyond loopback only with a token; defaults; the token never printed. */
class DashboardConfigTest {

    @TempDir
    Path dir;

    private WallyConfig load(String dashboard) throws Exception {
        Path file = dir.resolve("wally.yaml");
        Files.writeString(file, "robot: {id: t, kind: sim}\n" + dashboard);
        return new ConfigLoader().load(file);
    }

    @Test
    void shouldServeOnLoopbackPort8080WithoutTokenByDefault() throws Exception {
        WallyConfig.Dashboard d = load("").dashboard();
        assertThat(d).isEqualTo(new WallyConfig.Dashboard(true, "127.0.0.1", 8080, null));
    }

    @Test
    void shouldRefuseABindBeyondLoopbackWithoutTokenSayingWhy() {
        assertThatThrownBy(() -> load("dashboard: {bind: 0.0.0.0}\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("dashboard.bind is 0.0.0.0, reachable from other machines, and dashboard.token is empty")
                .hasMessageContaining("anyone on the network could drive the robot");
    }

    @Test
    void shouldAcceptABindBeyondLoopbackWithATokenAndHideIt() throws Exception {
        WallyConfig.Dashboard d = load("dashboard: {bind: 0.0.0.0, token: abcdefghijkl}\n").dashboard();
        assertThat(d.token()).isEqualTo("abcdefghijkl");
        assertThat(d.toString()).doesNotContain("abcdefghijkl").contains("***");
        assertThat(load("dashboard: {enabled: false, bind: 0.0.0.0}\n").dashboard().enabled()).as("off: no token needed").isFalse();
    }

    @Test
    void shouldRefuseShortTokensBadPortsAndUnknownKeys() {
        assertThatThrownBy(() -> load("dashboard: {token: short}\n")).hasMessageContaining("dashboard.token must be at least 12 characters; was 5");
        assertThatThrownBy(() -> load("dashboard: {port: 70000}\n")).hasMessageContaining("dashboard.port");
        assertThatThrownBy(() -> load("dashboard: {colour: red}\n")).hasMessageContaining("colour");
    }

    @Test
    void shouldTellLoopbackAddresses() {
        assertThat(WallyConfig.isLoopback("127.0.0.1")).isTrue();
        assertThat(WallyConfig.isLoopback("localhost")).isTrue();
        assertThat(WallyConfig.isLoopback("::1")).isTrue();
        assertThat(WallyConfig.isLoopback("0.0.0.0")).isFalse();
        assertThat(WallyConfig.isLoopback("192.168.1.5")).isFalse();
    }
}
