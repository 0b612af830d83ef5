package io.wally.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectFilesTest {

    @TempDir
    Path home;

    @Test
    void shouldFindARelativeFileUnderWallyHomeWhenTheWorkingDirectoryLacksIt() throws IOException {
        Path config = Files.createDirectories(home.resolve("robot-config")).resolve("elsewhere.yaml");
        Files.writeString(config, "robot: {id: x}\n");

        Path found = ProjectFiles.locate(Path.of("robot-config/elsewhere.yaml"), home.toString());

        assertThat(found).isEqualTo(config);
    }

    @Test
    void shouldKeepAPathThatExistsOrCannotBeFound() {
        Path existing = Path.of("pom.xml"); // runtime/pom.xml, the working directory of the tests

        assertThat(ProjectFiles.locate(existing, home.toString())).isEqualTo(existing);
        assertThat(ProjectFiles.locate(Path.of("absent.yaml"), home.toString())).isEqualTo(Path.of("absent.yaml"));
        assertThat(ProjectFiles.locate(Path.of("absent.yaml"), null)).isEqualTo(Path.of("absent.yaml"));
    }
}
