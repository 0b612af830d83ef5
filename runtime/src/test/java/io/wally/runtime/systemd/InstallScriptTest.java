package io.wally.runtime.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.SecretsFile;
import io.wally.runtime.config.WallyConfig;
import io.wally.runtime.testing.MosquittoBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code systemd/install.sh --root DIR} on a copy of the repository layout: what it installs, twice. */
@Timeout(60)
@Tag("slow")
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
        Files.copy(REPO.resolve("systemd/wally-installed"), repo.resolve("systemd/wally-installed"));
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

    private static final Pattern PASSWORD = Pattern.compile("(?m)^  password: \"([A-Za-z0-9]{32})\"$");

    private static String password(Path secrets) throws Exception {
        Matcher m = PASSWORD.matcher(Files.readString(secrets));
        assertThat(m.find()).as("a 32-character password in " + secrets).isTrue();
        return m.group(1);
    }

    @Test
    void shouldWriteOwnerOnlySecretsNamedByConfigWhenInstalled() throws Exception {
        // when
        Result result = install();
        // then both accounts have a random password, in files only their owner can read, never printed
        assertThat(result.exitCode()).as(result.output()).isZero();
        Path secrets = root.resolve("etc/wally/secrets.yaml");
        Path operator = root.resolve("etc/wally/operator-secrets.yaml");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(operator))).isEqualTo("rw-------");
        String robotPassword = password(secrets);
        String operatorPassword = password(operator);
        assertThat(robotPassword).isNotEqualTo(operatorPassword);
        assertThat(result.output()).doesNotContain(robotPassword).doesNotContain(operatorPassword);
        assertThat(root.resolve("etc/wally/wally.yaml")).content().doesNotContainPattern("(?m)^\\s*password:");
        // and the runtime reads them through the installed config's mqtt.secretsFile
        WallyConfig.Mqtt installed = new ConfigLoader().load(root.resolve("etc/wally/wally.yaml")).mqtt();
        assertThat(installed.secretsFile()).isEqualTo("/etc/wally/secrets.yaml");
        WallyConfig.Mqtt merged = SecretsFile.apply(installed.withSecretsFile(secrets.toString()));
        assertThat(merged.username()).isEqualTo("wally-01");
        assertThat(merged.password()).isEqualTo(robotPassword);
    }

    @Test
    void shouldGiveMosquittoBothAccountsWhenPrintedCommandsAreRun() throws Exception {
        Result result = install();
        assertThat(result.exitCode()).as(result.output()).isZero();
        Files.createDirectories(root.resolve("etc/mosquitto"));
        List<String> commands = result.output().lines().filter(l -> l.startsWith("  sudo ")).toList();
        assertThat(commands).hasSize(3);
        for (String command : commands) {
            Process p = new ProcessBuilder("bash", "-c", command.substring("  sudo ".length())).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(command + ": " + out).isZero();
        }
        // the printed ACL is the one of docs/mqtt.md
        String docs = Files.readString(REPO.resolve("docs/mqtt.md"));
        String acl = docs.substring(docs.indexOf("pattern readwrite wally/%u/#"), docs.indexOf("topic read wally/#") + "topic read wally/#".length());
        for (String line : acl.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList()) {
            assertThat(result.output()).contains("    " + line + "\n");
        }
        Path brokerFiles = Files.createTempDirectory("wally-install-mosquitto-");
        try {
            Files.copy(root.resolve("etc/mosquitto/passwd"), brokerFiles.resolve("passwd"));
            Files.writeString(brokerFiles.resolve("acl"), acl + "\n");
            MosquittoBroker.makeReadableByBroker(brokerFiles);
            try (MosquittoBroker mosquitto = new MosquittoBroker().withConfigLine("allow_anonymous false")
                    .withConfigLine("password_file " + brokerFiles.resolve("passwd"))
                    .withConfigLine("acl_file " + brokerFiles.resolve("acl"))) {
                mosquitto.start();
                for (Path secrets : List.of(root.resolve("etc/wally/secrets.yaml"), root.resolve("etc/wally/operator-secrets.yaml"))) {
                    String user = Files.readString(secrets).lines().filter(l -> l.startsWith("  username: "))
                            .findFirst().orElseThrow().substring("  username: ".length());
                    MqttClient client = new MqttClient(mosquitto.url(), "install-" + user, new MemoryPersistence());
                    MqttConnectOptions options = new MqttConnectOptions();
                    options.setUserName(user);
                    options.setPassword(password(secrets).toCharArray());
                    client.connect(options);
                    assertThat(client.isConnected()).as(user).isTrue();
                    client.disconnect();
                    client.close();
                }
            }
        } finally {
            MosquittoBroker.deleteRecursively(brokerFiles);
        }
    }

    @Test
    void shouldKeepSecretsWhenRunAgain() throws Exception {
        assertThat(install().exitCode()).isZero();
        String first = Files.readString(root.resolve("etc/wally/secrets.yaml"));
        Result again = install();
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output()).contains("kept the existing /etc/wally/secrets.yaml");
        assertThat(root.resolve("etc/wally/secrets.yaml")).hasContent(first.strip());
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
