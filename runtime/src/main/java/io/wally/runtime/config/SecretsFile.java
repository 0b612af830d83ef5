package io.wally.runtime.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The MQTT credentials kept apart from the configuration, in the file {@code mqtt.secretsFile} names
 * (systemd/install.sh writes {@code /etc/wally/secrets.yaml}):
 *
 * <pre>
 * mqtt:
 *   username: wally-01
 *   password: "…"
 * </pre>
 *
 * <p>Only these two keys are allowed; each one given replaces the configuration's value. The file must
 * be readable and writable by its owner only (mode 0600 or stricter): a file that others can read is
 * refused, with the {@code chmod} that fixes it, because a password others have read is no secret.
 * Read when MQTT starts, so a configuration can name a file that exists only on the robot.
 * Stateless.
 */
public final class SecretsFile {

    private static final Set<String> KEYS = Set.of("username", "password");

    private SecretsFile() {
    }

    /**
     * {@code mqtt} with the secrets file's credentials merged in; {@code mqtt} itself when it names none.
     *
     * @throws ConfigException one line naming the file: missing, unreadable, too open, not YAML, unknown key,
     *                         or a username without a password
     */
    public static WallyConfig.Mqtt apply(WallyConfig.Mqtt mqtt) {
        if (mqtt.secretsFile() == null) {
            return mqtt;
        }
        Path file = Path.of(mqtt.secretsFile());
        String source = "mqtt.secretsFile " + file;
        checkPermissions(file, source);
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw fail(source + ": no such file (systemd/install.sh writes it; docs/deploy.md)");
        } catch (JacksonException e) {
            // the parser's message may quote the offending line, which may hold the password
            throw fail(source + ": not valid YAML at line " + e.getLocation().getLineNr());
        } catch (IOException e) {
            throw fail(source + ": cannot read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            throw fail(source + ": is empty; expected mqtt: {username: ..., password: ...}");
        }
        if (!root.isObject() || root.size() != 1 || !root.has("mqtt") || !root.get("mqtt").isObject()) {
            throw fail(source + ": must hold only a mapping mqtt: {username: ..., password: ...}");
        }
        JsonNode secrets = root.get("mqtt");
        for (Iterator<String> names = secrets.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                throw fail(source + ": mqtt." + name + " is not allowed here (only mqtt.username, mqtt.password)");
            }
            if (!secrets.get(name).isTextual() || secrets.get(name).asText().isEmpty()) {
                throw fail(source + ": mqtt." + name + " must be a non-empty text");
            }
        }
        String username = secrets.has("username") ? secrets.get("username").asText() : mqtt.username();
        String password = secrets.has("password") ? secrets.get("password").asText() : mqtt.password();
        if ((username == null) != (password == null)) {
            throw fail(source + ": mqtt.username and mqtt.password must be given together (here or in the configuration)");
        }
        return mqtt.withCredentials(username, password);
    }

    private static void checkPermissions(Path file, String source) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (a desktop, never the robot): there are no mode bits to check, so say
            // so rather than pass in silence.
            System.getLogger(SecretsFile.class.getName()).log(System.Logger.Level.WARNING, source
                    + ": this file system has no POSIX permissions, so whether others can read the secrets is not checked");
            return;
        } catch (NoSuchFileException e) {
            throw fail(source + ": no such file (systemd/install.sh writes it; docs/deploy.md)");
        } catch (IOException e) {
            throw fail(source + ": cannot read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        Set<PosixFilePermission> tooOpen = Set.of(
                PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
        if (permissions.stream().anyMatch(tooOpen::contains)) {
            throw fail(source + ": is " + PosixFilePermissions.toString(permissions)
                    + " but must be readable by its owner only: chmod 600 " + file);
        }
    }

    private static ConfigException fail(String message) {
        return new ConfigException(List.of(message));
    }
}
