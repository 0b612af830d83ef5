package io.wally.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Every help text of {@code wally} and its subcommands is whole: no summary, description or option cut mid-sentence. */
class HelpTextTest {

    @Test
    void shouldEndEveryHelpTextOfEverySubcommandWithASentence() {
        List<String> cut = HelpTexts.cutTexts(WallyMain.commandLine());

        assertThat(cut).as("help texts cut mid-sentence").isEmpty();
    }

    @Test
    void shouldPrintEveryUsageWithoutAFormatWarning() {
        // a stray % in a description makes picocli print a warning above the usage
        walkUsage(WallyMain.commandLine());
    }

    private static void walkUsage(CommandLine command) {
        StringWriter err = new StringWriter();
        String usage = command.getUsageMessage();
        assertThat(usage).as(command.getCommandSpec().qualifiedName()).doesNotContain("%n").doesNotContain("[picocli WARN]");
        assertThat(err.toString()).isEmpty();
        command.getSubcommands().values().stream().filter(sub -> sub.getParent() == command).forEach(HelpTextTest::walkUsage);
    }

    @Command(name = "cut", description = {"Does one thing and then,", "  an example"}, subcommands = Cut.Sub.class)
    static final class Cut {
        @Option(names = "--depth", description = "How deep it goes, in metres")
        int depth;

        @Command(name = "sub", description = "Runs the sub-thing: it does")
        static final class Sub {
        }
    }

    @Test
    void shouldNameEachTextThatEndsMidSentence() {
        List<String> cut = HelpTexts.cutTexts(new CommandLine(new Cut()));

        assertThat(cut).containsExactlyInAnyOrder(
                "cut: summary (shown in its parent's command list) ends mid-sentence: 'Does one thing and then,'",
                "cut: description ends mid-sentence: 'Does one thing and then,'",
                "cut --depth: description ends mid-sentence: 'How deep it goes, in metres'",
                "cut sub: summary (shown in its parent's command list) ends mid-sentence: 'Runs the sub-thing: it does'",
                "cut sub: description ends mid-sentence: 'Runs the sub-thing: it does'");
    }
}
