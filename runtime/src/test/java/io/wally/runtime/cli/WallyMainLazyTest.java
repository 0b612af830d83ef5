package io.wally.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code wally} loads only the subcommand its arguments name: what a start loads (child JVMs with
 * {@code -verbose:class}), and that the help built from {@link WallyMain#SUBCOMMANDS} reads as picocli's own.
 */
class WallyMainLazyTest {

    private static String execute(CommandLine cli, String... args) {
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        cli.execute(args);
        return out.toString();
    }

    @Test
    void shouldPrintTheSameHelpAsPicocliWithEverySubcommandRegisteredWhenNoneIsLoaded() {
        // given picocli's own rendering, every subcommand registered and its model built
        CommandLine eager = new CommandLine(new WallyMain());
        for (WallyMain.Subcommand sub : WallyMain.SUBCOMMANDS) {
            eager.addSubcommand(sub.name(), load(sub));
        }
        String expected = execute(eager, "--help");
        // when
        String lazy = execute(WallyMain.commandLineFor("--help"), "--help");
        // then
        assertThat(lazy).isEqualTo(expected).contains("Commands:");
        assertThat(WallyMain.commandLineFor("--help").getSubcommands()).isEmpty();
    }

    @Test
    void shouldNameEachSubcommandAsItsAnnotationDoes() {
        for (WallyMain.Subcommand sub : WallyMain.SUBCOMMANDS) {
            CommandLine.Command command = load(sub).getAnnotation(CommandLine.Command.class);
            assertThat(command).as(sub.className()).isNotNull();
            assertThat(command.name()).as(sub.className()).isEqualTo(sub.name());
            assertThat(WallyMain.summary(sub)).as(sub.name()).isNotBlank();
        }
    }

    @Test
    void shouldRegisterOnlyTheNamedSubcommandWhenOneIsGiven() {
        assertThat(WallyMain.commandLineFor("plan", "--help").getSubcommands()).containsOnlyKeys("plan");
        assertThat(WallyMain.commandLineFor("help", "store").getSubcommands()).containsOnlyKeys("help", "store");
        assertThat(execute(WallyMain.commandLineFor("help", "store"), "help", "store")).contains("Usage: wally store");
        assertThat(execute(WallyMain.commandLineFor("plan", "--help"), "plan", "--help")).contains("Usage: wally plan");
    }

    @Test
    void shouldSuggestTheNearestNameWhenTheSubcommandIsUnknown() {
        // an unknown word registers them all, so that picocli can say which was meant
        CommandLine cli = WallyMain.commandLineFor("plam");
        assertThat(cli.getSubcommands()).hasSameSizeAs(WallyMain.SUBCOMMANDS);
        assertThat(execute(cli, "plam")).contains("Unmatched argument").contains("plan");
    }

    @Test
    void shouldLoadNoSubcommandBrokerOrYamlWhenVersion() throws Exception {
        String loaded = classesLoaded("--version");
        assertThat(loaded).contains("io.wally.runtime.cli.WallyMain ")
                .doesNotContain("io.wally.runtime.cli.SimCommand", "io.wally.runtime.cli.PlanCommand", "io.moquette",
                        "com.fasterxml.jackson", "org.yaml.snakeyaml", "io.wally.runtime.config.", "jdk.incubator.vector");
    }

    @Test
    void shouldReadTheCommandClassesButBuildNoModelWhenHelp() throws Exception {
        // the command list reads each class's annotation (the class is loaded, not initialised): nothing it uses is
        String loaded = classesLoaded("--help");
        assertThat(loaded).contains("io.wally.runtime.cli.SimCommand ")
                .doesNotContain("io.wally.runtime.cli.BrokerOption", "io.wally.runtime.cli.DashboardOption", "io.moquette",
                        "com.fasterxml.jackson", "org.yaml.snakeyaml", "io.wally.runtime.config.", "io.wally.maps.",
                        "jdk.incubator.vector");
    }

    @Test
    void shouldLoadOnlyThePlanCommandWhenPlanHelpIsAsked() throws Exception {
        String loaded = classesLoaded("plan", "--help");
        assertThat(loaded).contains("io.wally.runtime.cli.PlanCommand ")
                .doesNotContain("io.wally.runtime.cli.SimCommand ", "io.wally.runtime.cli.RunCommand ", "io.moquette");
    }

    /** The class-loading log of a child JVM running {@code wally args} (without the Vector API, as the launcher starts it). */
    private static String classesLoaded(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info", "-cp", System.getProperty("java.class.path"), WallyMain.class.getName()));
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        return output;
    }

    private static Class<?> load(WallyMain.Subcommand sub) {
        try {
            return Class.forName(sub.className());
        } catch (ClassNotFoundException e) {
            throw new AssertionError("no class " + sub.className() + " for subcommand " + sub.name(), e);
        }
    }
}
