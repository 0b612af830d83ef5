package io.wally.runtime.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code systemd/install.sh --root DIR} on a copy of the repository layout: what it installs, twice. */
@Timeout(60)
class InstallScriptTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    private Path repo;
    private Path root;

    @BeforeEach
    void copyLayout() throws Exception {
        repo = tmp.resolve("repo");
        root = tmp.resolve("root");
        Files.createDirectories(repo.resolve("systemd"));
        Files.createDirectories(repo.resolve("runtime/target"));
        Files.createDirectories(repo.resolve("robot-config"));
        Files.createDirectories(root);
        Files.copy(REPO.resolve("systemd/install.sh"), repo.resolve("systemd/install.sh"));
        Files.copy(REPO.resolve("systemd/wally.service"), repo.resolve("systemd/wally.service"));
        Files.copy(REPO.resolve("robot-config/wally-pi.yaml"), repo.resolve("robot-config/wally-pi.yaml"));
        Files.writeString(repo.resolve("runtime/target/wally.jar"), "jar v1");
        Files.writeString(repo.resolve("runtime/target/wally.env"), "WALLY_JVM_FLAGS=--enable-native-access=ALL-UNNAMED\n");
    }

    private record Result(int exitCode, String output) {
    }

    private Result install() throws Exception {
        Process process = new ProcessBuilder("bash", repo.resolve("systemd/install.sh").toString(), "--root", root.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    @Test
    void shouldInstallJarConfigEnvAndUnitWhenRootIsEmpty() throws Exception {
        Result result = install();
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(root.resolve("opt/wally/wally.jar")).hasContent("jar v1");
        assertThat(root.resolve("etc/wally/wally.env")).content().startsWith("WALLY_JVM_FLAGS=");
        assertThat(root.resolve("etc/systemd/system/wally.service")).hasSameTextualContentAs(REPO.resolve("systemd/wally.service"));
        assertThat(root.resolve("etc/wally/wally.yaml")).hasSameTextualContentAs(REPO.resolve("robot-config/wally-pi.yaml"));
    }

    @Test
    void shouldKeepEditedConfigAndReplaceJarWhenRunAgain() throws Exception {
        // given an installed robot whose config was edited
        assertThat(install().exitCode()).isZero();
        Files.writeString(root.resolve("etc/wally/wally.yaml"), "robot: {id: my-robot}\n");
        Files.writeString(repo.resolve("runtime/target/wally.jar"), "jar v2");
        // when
        Result again = install();
        // then
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output()).contains("kept the existing /etc/wally/wally.yaml");
        assertThat(root.resolve("etc/wally/wally.yaml")).hasContent("robot: {id: my-robot}");
        assertThat(root.resolve("opt/wally/wally.jar")).hasContent("jar v2");
    }

    @Test
    void shouldSayHowToBuildWhenJarIsMissing() throws Exception {
        Files.delete(repo.resolve("runtime/target/wally.jar"));
        Result result = install();
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("./wally build");
        assertThat(root.resolve("opt/wally")).doesNotExist();
    }
}
