package io.wally.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class WallyMainTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return CliTestSupport.run(out, err, args);
    }

    @Test
    void shouldListEverySubcommandInHelp() {
        int code = run("--help");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("sim", "run", "plan", "map", "store", "bench");
    }

    @Test
    void shouldPrintTheBuildVersion() {
        int code = run("--version");

        assertThat(code).isZero();
        assertThat(out.toString()).startsWith("wally ").contains("Java 25");
    }

    @Test
    void shouldGiveEverySubcommandItsOwnHelp() {
        for (String sub : new String[] {"sim", "run", "plan", "map", "store", "bench"}) {
            out.getBuffer().setLength(0);
            assertThat(run(sub, "--help")).as(sub).isZero();
            assertThat(out.toString()).as(sub).contains("Usage: wally " + sub);
        }
    }

    @Test
    void shouldRejectAnUnknownSubcommandWithUsageExitCode() {
        int code = run("fly");

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("Unmatched argument").contains("fly");
    }
}
