package io.wally.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.runtime.cli.HelpTexts;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every help text of {@code wally bench} and its benchmarks is whole: nothing cut mid-sentence in the command list. */
class BenchHelpTextTest {

    @Test
    void shouldEndEveryHelpTextOfEveryBenchmarkWithASentence() {
        assertThat(HelpTexts.cutTexts(new CommandLine(new BenchMain()))).as("help texts cut mid-sentence").isEmpty();
    }
}
