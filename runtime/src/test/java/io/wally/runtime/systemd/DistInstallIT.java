package io.wally.runtime.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.runtime.config.ConfigLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./wally dist} then, from the unpacked tarball alone, {@code install.sh --root DIR}: the Pi path that needs
 * no build. Packs the wally.jar this build just made: Maven's failsafe runs it after {@code package} (in the test
 * phase, a clean checkout has no jar yet), and it does not start another build.
 */
@Tag("slow")
@Timeout(600)
class DistInstallIT {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path JAR = REPO.resolve("runtime/target/wally.jar");

    @TempDir
    Path tmp;

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private Result run(Map<String, String> env, Path dir, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().putAll(env);
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(480, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void shouldInstallARunnableWallyFromTheTarballAlone() throws Exception {
        assertThat(JAR).as("the jar this build packaged (an IT runs after package)").isRegularFile();
        // given the tarball, unpacked where nothing of the repository is beside it
        Path dist = tmp.resolve("dist");
        Result made = run(Map.of("WALLY_NO_BUILD", "1", "WALLY_AOT", "off", "WALLY_DIST_DIR", dist.toString()), REPO,
                "bash", REPO.resolve("wally").toString(), "dist");
        assertThat(made.exitCode()).as(made.stderr()).isZero();
        Path tarball;
        try (Stream<Path> files = Files.list(dist)) {
            tarball = files.filter(f -> f.getFileName().toString().matches("wally-.+\\.tar\\.gz")).findFirst().orElseThrow();
        }
        Path unpacked = Files.createDirectories(tmp.resolve("pi"));
        assertThat(run(Map.of(), unpacked, "tar", "-xzf", tarball.toString()).exitCode()).isZero();
        String name = tarball.getFileName().toString().replace(".tar.gz", "");
        Path kit = unpacked.resolve(name);
        assertThat(kit.resolve("wally.jar")).hasSameBinaryContentAs(JAR);
        for (String file : List.of("install.sh", "wally", "wally.env", "wally.service", "robot-config/wally-pi.yaml",
                "maps/house.yaml", "maps/house-grid.yaml", "maps/house.pgm", "docs/deploy.md")) {
            assertThat(kit.resolve(file)).as(file).isRegularFile();
        }
        // and a machine that has two of the four device groups
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/group"), "root:x:0:\ngpio:x:997:\ni2c:x:998:\n");

        // when
        Result installed = run(Map.of(), kit, "bash", kit.resolve("install.sh").toString(), "--root", root.toString());

        // then the files, the unit and its groups drop-in
        assertThat(installed.exitCode()).as(installed.stdout() + installed.stderr()).isZero();
        assertThat(root.resolve("opt/wally/wally.jar")).hasSameBinaryContentAs(JAR);
        assertThat(root.resolve("etc/systemd/system/wally.service")).hasSameTextualContentAs(REPO.resolve("systemd/wally.service"));
        assertThat(root.resolve("etc/systemd/system/wally.service.d/groups.conf")).content()
                .contains("[Service]\nSupplementaryGroups=gpio i2c\n");
        assertThat(root.resolve("etc/wally/wally.yaml")).hasSameTextualContentAs(REPO.resolve("robot-config/wally-pi.yaml"));
        assertThat(Files.readSymbolicLink(root.resolve("usr/local/bin/wally"))).isEqualTo(Path.of("/opt/wally/wally"));
        // the sample map where the Pi config points, with the grid it names, and it loads
        String mapFile = new ConfigLoader().load(root.resolve("etc/wally/wally.yaml")).map().file();
        assertThat(mapFile).isEqualTo("/var/lib/wally/map.yaml");
        assertThat(root.resolve("var/lib/wally/map.yaml")).hasSameTextualContentAs(REPO.resolve("maps/samples/house.yaml"));
        assertThat(root.resolve("var/lib/wally/house-grid.yaml")).isRegularFile();
        assertThat(root.resolve("var/lib/wally/house.pgm")).isRegularFile();
        // the AOT cache made, and named in wally.env for the unit
        assertThat(root.resolve("opt/wally/wally.aot")).isNotEmptyFile();
        assertThat(root.resolve("opt/wally/wally-cli.aot")).as("the short commands' cache").isNotEmptyFile();
        assertThat(root.resolve("etc/wally/wally.env")).content().startsWith("# Generated")
                .contains("WALLY_JVM_FLAGS=--enable-native-access=ALL-UNNAMED")
                .contains("WALLY_AOT_FLAGS=-XX:AOTCache=/opt/wally/wally.aot");

        // and the installed launcher runs --version on the JDK with the cache, without a word from the JVM
        Result version = run(Map.of(), tmp, "bash", root.resolve("opt/wally/wally").toString(), "--version");
        assertThat(version.exitCode()).as(version.stderr()).isZero();
        assertThat(version.stdout()).startsWith("wally ").contains("Java 25");
        assertThat(version.stderr()).isEmpty();
        Result withoutCache = run(Map.of("WALLY_AOT", "off"), tmp, "bash", root.resolve("opt/wally/wally").toString(), "--version");
        assertThat(withoutCache.stdout()).isEqualTo(version.stdout());
        assertThat(withoutCache.stderr()).isEmpty();

        // a second install keeps the map that is there
        Files.writeString(root.resolve("var/lib/wally/map.yaml"), "places: []\n");
        Result again = run(Map.of(), kit, "bash", kit.resolve("install.sh").toString(), "--root", root.toString(), "--no-aot");
        assertThat(again.exitCode()).as(again.stdout() + again.stderr()).isZero();
        assertThat(again.stdout()).contains("kept the existing map /var/lib/wally/map.yaml");
        assertThat(root.resolve("var/lib/wally/map.yaml")).hasContent("places: []");
        assertThat(root.resolve("opt/wally/wally.aot")).doesNotExist();
        assertThat(root.resolve("opt/wally/wally-cli.aot")).doesNotExist();
        assertThat(root.resolve("etc/wally/wally.env")).content().contains("WALLY_AOT_FLAGS=\n");
    }

    @Test
    void shouldPrintAUsageTextWhenAskedForHelp() throws Exception {
        Result help = run(Map.of(), tmp, "bash", REPO.resolve("systemd/install.sh").toString(), "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout()).startsWith("Usage: sudo ./install.sh [--root DIR] [--no-start] [--no-aot]")
                .contains("--root DIR", "/var/lib/wally/map.yaml", "groups.conf", "docs/deploy.md")
                .doesNotContain("set -euo pipefail", "$(");
    }
}
