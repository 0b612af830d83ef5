package io.wally.runtime.foxglove;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wally.runtime.cli.UserErrorException;
import io.wally.runtime.config.ConfigException;
import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code foxglove.*} settings: the token rule beyond loopback, the port range, {@code --foxglove PORT|off}. */
class FoxgloveSettingsTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("robot.yaml"), "robot:\n  id: r1\n" + yaml);
    }

    @Test
    void shouldServeOnLoopbackPort8765ByDefault() throws IOException {
        WallyConfig.Foxglove f = new ConfigLoader().load(write("")).foxglove();

        assertThat(f.enabled()).isTrue();
        assertThat(f.bind()).isEqualTo("127.0.0.1");
        assertThat(f.port()).isEqualTo(8765);
        assertThat(f.token()).isNull();
    }

    @Test
    void shouldRejectBindingBeyondLoopbackWithoutATokenAndSayWhy() throws IOException {
        Path file = write("foxglove:\n  bind: 0.0.0.0\n");

        assertThatThrownBy(() -> new ConfigLoader().load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("foxglove.token is required when foxglove.bind is not a loopback address")
                .hasMessageContaining("anyone on the network could drive the robot")
                .hasMessageContaining("0.0.0.0");
    }

    @Test
    void shouldTakeBindingBeyondLoopbackWithAToken() throws IOException {
        WallyConfig.Foxglove f = new ConfigLoader().load(write("foxglove:\n  bind: 0.0.0.0\n  token: abc123\n")).foxglove();

        assertThat(f.bind()).isEqualTo("0.0.0.0");
        assertThat(f.token()).isEqualTo("abc123");
    }

    @Test
    void shouldRejectAPortOutOfRangeAndUnknownKeys() throws IOException {
        Path badPort = write("foxglove:\n  port: 70000\n");
        assertThatThrownBy(() -> new ConfigLoader().load(badPort)).hasMessageContaining("foxglove.port must be in [0, 65535]")
                .hasMessageContaining("70000");
        Path unknown = write("foxglove:\n  prot: 1\n");
        assertThatThrownBy(() -> new ConfigLoader().load(unknown)).hasMessageContaining("prot");
    }

    @Test
    void shouldTellLoopbackAddressesFromOthersWithoutLookingNamesUp() {
        assertThat(FoxgloveServer.isLoopback("127.0.0.1")).isTrue();
        assertThat(FoxgloveServer.isLoopback("127.0.0.2")).isTrue();
        assertThat(FoxgloveServer.isLoopback("::1")).isTrue();
        assertThat(FoxgloveServer.isLoopback("localhost")).isTrue();
        assertThat(FoxgloveServer.isLoopback("0.0.0.0")).isFalse();
        assertThat(FoxgloveServer.isLoopback("192.168.1.20")).isFalse();
        assertThat(FoxgloveServer.isLoopback("robot.lan")).isFalse();
        assertThat(FoxgloveServer.whyNot(new WallyConfig.Foxglove(true, " ", 8765, null))).contains("foxglove.bind");
        assertThat(FoxgloveServer.whyNot(null)).contains("mapping");
    }

    /** A picocli command holding just the option, to parse it as {@code wally sim} and {@code wally run} do. */
    @CommandLine.Command(name = "t")
    static final class Holder implements Runnable {
        @CommandLine.Mixin
        FoxgloveOption foxglove = new FoxgloveOption();

        @Override
        public void run() {
        }
    }

    private static WallyConfig apply(String... args) {
        Holder h = new Holder();
        new CommandLine(h).parseArgs(args);
        return h.foxglove.applyTo(new ConfigLoader().load(Path.of("../robot-config/sim.yaml")));
    }

    @Test
    void shouldTurnTheServerOffOrMoveItWithTheOption() {
        assertThat(apply("--foxglove", "off").foxglove().enabled()).isFalse();
        WallyConfig moved = apply("--foxglove", "9000");
        assertThat(moved.foxglove().enabled()).isTrue();
        assertThat(moved.foxglove().port()).isEqualTo(9000);
        assertThat(apply().foxglove()).isEqualTo(new ConfigLoader().load(Path.of("../robot-config/sim.yaml")).foxglove());
        assertThatThrownBy(() -> apply("--foxglove", "sometimes")).isInstanceOf(UserErrorException.class)
                .hasMessage("--foxglove must be a TCP port in [0, 65535] or off; was sometimes");
        assertThatThrownBy(() -> apply("--foxglove", "-3")).isInstanceOf(UserErrorException.class);
    }
}
