package io.wally.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.maps.importer.RosMapLoader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExploreCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void shouldPrintProgressAndWriteTheMapWhenExploringForAMinute(@TempDir Path dir) throws Exception {
        Path config = CliTestSupport.privateSimConfig(dir);
        Path map = dir.resolve("explored.yaml");
        int code = CliTestSupport.run(out, err, "explore", "--config", config.toString(), "--out", map.toString(), "--budget", "60",
                "--progress-every", "20");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("exploring from (1.00, 1.00)", "t=  20 s", "BUDGET ENDED after 60 s", "wrote ");
        assertThat(Files.exists(dir.resolve("explored.pgm"))).isTrue();
        // a minute from the dock maps part of the living room: a few square metres of it are free
        assertThat(RosMapLoader.load(map).width()).isGreaterThan(20);
    }

    @Test
    void shouldSayWhatCorrectionDidWhenDriftCorrectionIsOn(@TempDir Path dir) throws Exception {
        Path config = CliTestSupport.privateSimConfig(dir);
        int code = CliTestSupport.run(out, err, "explore", "--config", config.toString(), "--out", dir.resolve("explored.yaml").toString(),
                "--budget", "30", "--drift-correction");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("drift over ", " m driven: position ", "correlations corrected the pose");
    }

    @Test
    void shouldRefuseABudgetThatIsNotPositiveOrAnOutThatIsNotYaml(@TempDir Path dir) throws Exception {
        Path config = CliTestSupport.privateSimConfig(dir);
        assertThat(CliTestSupport.run(out, err, "explore", "--config", config.toString(), "--budget", "0")).isNotZero();
        assertThat(err.toString()).contains("--budget must be > 0");
        assertThat(CliTestSupport.run(out, err, "explore", "--config", config.toString(), "--out", dir.resolve("m.pgm").toString()))
                .isNotZero();
        assertThat(err.toString()).contains("--out must name a .yaml file");
    }
}
