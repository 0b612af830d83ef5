package io.wally.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./wally} launcher's JDK discovery, run for real with bash against fake JDKs: each fake
 * {@code bin/java} answers {@code -XshowSettings:properties -version} with its version, as a real one does.
 */
class LauncherScriptTest {

    private static final Path LAUNCHER = Path.of("../wally").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void shouldPreferJavaHomeWhenItIsNewEnough() throws Exception {
        Path home = fakeJdk("home-25", "25");
        fakeJdk("jvms/jdk-26", "26");

        Result result = launcher(Map.of("JAVA_HOME", home.toString()), "jdk");

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout().strip()).isEqualTo(home.toString());
    }

    @Test
    void shouldSkipAnOldJavaHomeAndPickTheNewestInstalledJdk() throws Exception {
        Path old = fakeJdk("home-17", "17");
        fakeJdk("jvms/jdk-21", "21");
        Path newest = fakeJdk("jvms/jdk-26", "26");
        fakeJdk("jvms/jdk-25", "25");

        Result result = launcher(Map.of("JAVA_HOME", old.toString()), "jdk");

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout().strip()).isEqualTo(newest.toString());
    }

    @Test
    void shouldUseJavaOnPathBeforeInstalledJdks() throws Exception {
        Path onPath = fakeJdk("path-jdk", "25.0.1");
        fakeJdk("jvms/jdk-26", "26");

        Result result = launcher(Map.of("PATH", onPath.resolve("bin") + ":" + tools()), "jdk");

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout().strip()).isEqualTo(onPath.toString());
    }

    @Test
    void shouldReadTheVersionFromTheReleaseFileWithoutStartingJava() throws Exception {
        // given a JDK whose java cannot run here, but whose release file says 25 (as every JDK's does)
        Path home = Files.createDirectories(dir.resolve("home-release"));
        script(Files.createDirectories(home.resolve("bin")).resolve("java"), "#!/bin/sh\nexit 1\n");
        script(home.resolve("bin/javac"), "#!/bin/sh\nexit 0\n");
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"25.0.3\"\n");

        Result result = launcher(Map.of("JAVA_HOME", home.toString()), "jdk");

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout().strip()).isEqualTo(home.toString());
    }

    @Test
    void shouldSayWhatToInstallAndExit2WhenNoJdk25Exists() throws Exception {
        Path old = fakeJdk("home-17", "17");
        fakeJdk("jvms/jdk-21", "21");

        Result result = launcher(Map.of("JAVA_HOME", old.toString()), "--version");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("no JDK 25 or newer found").contains("Temurin").contains("Raspberry Pi OS");
        assertThat(result.stdout()).isEmpty();
    }

    @Test
    void shouldSayHowToInstallMosquittoBeforeRunningAnyTestWhenItIsMissing() throws Exception {
        Path jdk = fakeJdk("home-25", "25");

        Result result = launcher(Map.of("JAVA_HOME", jdk.toString(), "PATH", tools().toString()), "test");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("mosquitto").containsAnyOf("apt-get install mosquitto", "/usr/sbin");
        assertThat(result.stdout()).as("Maven never started").isEmpty();
    }

    private Path tools() throws IOException {
        Path tools = dir.resolve("tools");
        if (!Files.isDirectory(tools)) {
            Files.createDirectories(tools);
            for (String tool : List.of("sed", "head", "readlink", "dirname", "find", "grep", "tail", "mkdir", "cat")) {
                for (String bin : List.of("/usr/bin/", "/bin/")) {
                    if (Files.isExecutable(Path.of(bin + tool))) {
                        Files.createSymbolicLink(tools.resolve(tool), Path.of(bin + tool));
                        break;
                    }
                }
            }
        }
        return tools;
    }

    private Path fakeJdk(String name, String version) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name));
        Path bin = Files.createDirectories(home.resolve("bin"));
        script(bin.resolve("java"), "#!/bin/sh\necho 'Property settings:' >&2\n"
                + "echo '    java.specification.version = " + version + "' >&2\necho 'openjdk version \"" + version + "\"' >&2\n");
        script(bin.resolve("javac"), "#!/bin/sh\nexit 0\n");
        return home;
    }

    private static void script(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Result launcher(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("JAVA_HOME");
        // A PATH with the shell tools the launcher uses and no java, so the machine's own JDKs never interfere.
        builder.environment().put("PATH", tools().toString());
        builder.environment().put("WALLY_JVM_DIR", dir.resolve("jvms").toString());
        builder.environment().putAll(env);
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("launcher finished").isTrue();
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }
}
