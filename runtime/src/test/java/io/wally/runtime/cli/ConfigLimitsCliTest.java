package io.wally.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code wally run|sim --config F} with a config the loader refuses: exit 2 and one line naming the file. */
class ConfigLimitsCliTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"run", "sim"})
    void shouldExit2WithOneLineWhenTheConfigIsNestedTwentyThousandLevels(String command) throws IOException {
        // given: this crashed with a NullPointerException and its stack trace
        Path config = Files.writeString(dir.resolve("deep.yaml"),
                "robot:\n  id: r1\nmap: " + "[".repeat(20_000) + "]".repeat(20_000) + "\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        // when
        int exit = CliTestSupport.run(out, err, command, "--config", config.toString());

        // then
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("wally: " + config + ": line 3: nested deeper than 32 levels of mappings and lists"
                + System.lineSeparator());
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "sim"})
    void shouldExit2WithOneLineWhenAKeyIsGivenTwice(String command) throws IOException {
        Path config = Files.writeString(dir.resolve("dup.yaml"), "robot:\n  id: r1\nrobot:\n  id: r2\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = CliTestSupport.run(out, err, command, "--config", config.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("wally: " + config
                + ": line 3: duplicate key 'robot' (each key may appear once in a mapping)" + System.lineSeparator());
    }
}
