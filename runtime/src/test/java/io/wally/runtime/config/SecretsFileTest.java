package io.wally.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mqtt.secretsFile: credentials merged in, a file others can read refused, and passwords never printed. */
class SecretsFileTest {

    @TempDir
    Path tmp;

    private WallyConfig.Mqtt configWith(String secretsYaml, String permissions, String extraMqtt) throws Exception {
        Path secrets = Files.writeString(tmp.resolve("secrets.yaml"), secretsYaml);
        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString(permissions));
        Path config = Files.writeString(tmp.resolve("wally.yaml"), """
                robot: {id: wally-01}
                map: {file: null}
                mqtt:
                  broker: tcp://localhost:1883
                  secretsFile: secrets.yaml
                """ + extraMqtt);
        return new ConfigLoader().load(config).mqtt();
    }

    @Test
    void shouldMergeCredentialsWhenSecretsFileIsPrivate() throws Exception {
        WallyConfig.Mqtt mqtt = configWith("mqtt:\n  username: wally-01\n  password: s3cret-pw\n", "rw-------", "");
        assertThat(mqtt.secretsFile()).as("resolved against the config's directory").isEqualTo(tmp.resolve("secrets.yaml").toString());
        WallyConfig.Mqtt merged = SecretsFile.apply(mqtt);
        assertThat(merged.username()).isEqualTo("wally-01");
        assertThat(merged.password()).isEqualTo("s3cret-pw");
        assertThat(merged.toString()).contains("username=wally-01").contains("password=***").doesNotContain("s3cret-pw");
    }

    @Test
    void shouldTakePasswordFromSecretsAndUserFromConfigWhenSplit() throws Exception {
        WallyConfig.Mqtt mqtt = configWith("mqtt:\n  password: s3cret-pw\n", "r--------", "  username: wally-01\n");
        assertThat(SecretsFile.apply(mqtt).username()).isEqualTo("wally-01");
    }

    @Test
    void shouldRefuseWithChmodWhenOthersCanRead() throws Exception {
        WallyConfig.Mqtt mqtt = configWith("mqtt:\n  username: wally-01\n  password: s3cret-pw\n", "rw-r--r--", "");
        assertThatThrownBy(() -> SecretsFile.apply(mqtt)).isInstanceOf(ConfigException.class)
                .hasMessage("mqtt.secretsFile " + tmp.resolve("secrets.yaml") + ": is rw-r--r-- but must be readable by its"
                        + " owner only: chmod 600 " + tmp.resolve("secrets.yaml"));
    }

    @Test
    void shouldNameTheProblemWithoutThePasswordWhenFileIsWrong() throws Exception {
        assertThatThrownBy(() -> SecretsFile.apply(configWith("mqtt:\n  broker: tcp://x:1\n", "rw-------", "")))
                .hasMessageEndingWith("mqtt.broker is not allowed here (only mqtt.username, mqtt.password)");
        assertThatThrownBy(() -> SecretsFile.apply(configWith("mqtt:\n  username: u\n", "rw-------", "")))
                .hasMessageContaining("must be given together");
        assertThatThrownBy(() -> SecretsFile.apply(configWith("mqtt: {password: \"s3cret-pw\n", "rw-------", "")))
                .hasMessageContaining("not valid YAML at line").hasMessageNotContaining("s3cret");
        Files.delete(tmp.resolve("secrets.yaml"));
        WallyConfig.Mqtt missing = new ConfigLoader().load(tmp.resolve("wally.yaml")).mqtt();
        assertThatThrownBy(() -> SecretsFile.apply(missing)).hasMessageContaining(": no such file (systemd/install.sh writes it");
    }

    @Test
    void shouldNeverPrintPasswordsWhenConfigIsPrinted() throws Exception {
        Path config = Files.writeString(tmp.resolve("inline.yaml"), """
                robot: {id: wally-01}
                map: {file: null}
                mqtt:
                  broker: tcp://localhost:1883
                  username: wally-01
                  password: inline-pw
                  embedded:
                    users:
                      - {name: ops, role: operator, passwordHash: "pbkdf2-sha256$10000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}
                """);
        WallyConfig loaded = new ConfigLoader().load(config);
        assertThat(loaded.toString()).doesNotContain("inline-pw").doesNotContain("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
                .contains("User[ops, OPERATOR]");
    }

    @Test
    void shouldNameTheUserWhenEmbeddedUserIsInvalid() throws Exception {
        Path config = Files.writeString(tmp.resolve("bad.yaml"), """
                robot: {id: wally-01}
                map: {file: null}
                mqtt:
                  embedded:
                    users:
                      - {name: "a/b", role: robot, passwordHash: "plain-text"}
                """);
        assertThatThrownBy(() -> new ConfigLoader().load(config)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("mqtt.embedded.users[0].name must be 1 to 64 letters, digits, - or _; was \"a/b\"")
                .hasMessageContaining("mqtt.embedded.users[0].passwordHash is not a pbkdf2-sha256");
    }
}
