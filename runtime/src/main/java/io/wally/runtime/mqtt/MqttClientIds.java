package io.wally.runtime.mqtt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * The robot's MQTT client id: {@code wally-<robot-id>-<suffix>}, where the suffix is six random
 * characters made once per installation and kept in {@code <state dir>/mqtt-client-id} (the map store's
 * directory, {@code store.dir}), so it stays the same across restarts.
 *
 * <p>Why: a broker disconnects a client when another connects with the same id. With the former fixed
 * id {@code wally-<robot-id>}, any client knowing the robot id could keep the robot off the broker. The
 * suffix is not a secret, but it is not derivable from the robot id either. Stateless.
 */
public final class MqttClientIds {

    /** The file, in the state directory, that holds the suffix. */
    public static final String FILE_NAME = "mqtt-client-id";
    /** MQTT 3.1.1: every broker must accept client ids of up to 23 characters. */
    private static final int MAX_LENGTH = 23;
    private static final int SUFFIX_LENGTH = 6;
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
    private static final Pattern SUFFIX = Pattern.compile("[a-z2-7]{" + SUFFIX_LENGTH + "}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final System.Logger LOG = System.getLogger(MqttClientIds.class.getName());

    private MqttClientIds() {
    }

    /**
     * The client id for {@code robotId}, with the suffix kept in {@code stateDir} (created if missing).
     * When the directory cannot be written, a suffix for this run only is used and a warning says why.
     */
    public static String forRobot(String robotId, Path stateDir) {
        return clientId(robotId, suffix(stateDir));
    }

    /** {@code wally-<robotId>-<suffix>}, the robot id shortened so the whole stays within 23 characters. */
    static String clientId(String robotId, String suffix) {
        String prefix = "wally-" + robotId;
        int room = MAX_LENGTH - suffix.length() - 1;
        return (prefix.length() <= room ? prefix : prefix.substring(0, room)) + "-" + suffix;
    }

    private static String suffix(Path stateDir) {
        Path file = stateDir.resolve(FILE_NAME);
        try {
            String kept = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (SUFFIX.matcher(kept).matches()) {
                return kept;
            }
            LOG.log(System.Logger.Level.WARNING, "MQTT client id suffix in " + file + " is not " + SUFFIX_LENGTH
                    + " characters of [a-z2-7]; making a new one");
        } catch (NoSuchFileException first) {
            // first start of this installation: make one below
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read " + file + " (" + e + "); making a new MQTT client id suffix");
        }
        String fresh = random();
        try {
            Files.createDirectories(stateDir);
            Path tmp = Files.createTempFile(stateDir, FILE_NAME, ".tmp");
            Files.writeString(tmp, fresh + "\n", StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot keep the MQTT client id suffix in " + file + " (" + e
                    + "); this run uses " + fresh + ", the next one another");
        }
        return fresh;
    }

    private static String random() {
        char[] chars = new char[SUFFIX_LENGTH];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
        }
        return new String(chars);
    }
}
