package io.wally.maps.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Every file under a directory with its size, modification time and SHA-256, and every directory: two
 * equal fingerprints mean not a byte, a name or a timestamp changed (a check that also holds as root,
 * whom read-only permissions do not stop).
 */
final class StoreFingerprint {

    private StoreFingerprint() {
    }

    static Map<String, String> of(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                String name = dir.relativize(p).toString();
                if (Files.isDirectory(p)) {
                    out.put(name + "/", "dir " + Files.getLastModifiedTime(p));
                } else {
                    out.put(name, Files.size(p) + " bytes, mtime " + Files.getLastModifiedTime(p) + ", sha256 " + sha256(p));
                }
            }
        }
        return out;
    }

    private static String sha256(Path p) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
