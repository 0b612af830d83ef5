package io.wally.runtime.mqtt.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted password hashes for the embedded broker's users, in a self-describing string:
 * {@code pbkdf2-sha256$<iterations>$<salt, base64>$<hash, base64>} (PBKDF2 with HMAC-SHA256 from the JDK,
 * a 16-byte random salt, a 32-byte hash).
 *
 * <p>The iteration count travels in the string, so a hash made with another count still verifies; a
 * password is compared in constant time. Stateless and thread-safe.
 */
public final class PasswordHash {

    /** Iterations of new hashes: one check took 0.07 to 0.3 s on a shared 2-core x86 VM; a login costs one check. */
    public static final int DEFAULT_ITERATIONS = 210_000;
    private static final String SCHEME = "pbkdf2-sha256";
    private static final int MIN_ITERATIONS = 10_000;
    private static final int MAX_ITERATIONS = 10_000_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /**
     * Hashes {@code password} with a fresh random salt and {@link #DEFAULT_ITERATIONS}.
     *
     * @throws IllegalArgumentException when the password is empty
     */
    public static String hash(char[] password) {
        return hash(password, DEFAULT_ITERATIONS);
    }

    /** Like {@link #hash(char[])} with {@code iterations} in [10,000, 10,000,000] (tests use the minimum). */
    public static String hash(char[] password, int iterations) {
        if (password.length == 0) {
            throw new IllegalArgumentException("the password must not be empty");
        }
        checkIterations(iterations);
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = pbkdf2(password, salt, iterations, HASH_BYTES);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /**
     * Parses an encoded hash.
     *
     * @throws IllegalArgumentException naming what is wrong (scheme, iteration count, base64, length)
     */
    public static PasswordHash parse(String encoded) {
        String problem = problem(encoded);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        String[] parts = encoded.split("\\$", -1);
        Base64.Decoder b64 = Base64.getDecoder();
        return new PasswordHash(Integer.parseInt(parts[1]), b64.decode(parts[2]), b64.decode(parts[3]));
    }

    /** What is wrong with {@code encoded} (one phrase, without the hash itself), or null when it is well formed. */
    public static String problem(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return "is empty: make one with `wally passwd USER`";
        }
        String[] parts = encoded.split("\\$", -1);
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            return "is not a " + SCHEME + "$<iterations>$<salt>$<hash> string: make one with `wally passwd USER`";
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            return "has an iteration count that is not a number";
        }
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            return "has " + iterations + " iterations; must be in [" + MIN_ITERATIONS + ", " + MAX_ITERATIONS + "]";
        }
        try {
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] hash = Base64.getDecoder().decode(parts[3]);
            if (salt.length < 8 || hash.length < 16) {
                return "has a salt of " + salt.length + " bytes and a hash of " + hash.length
                        + " bytes; needs at least 8 and 16";
            }
        } catch (IllegalArgumentException e) {
            return "has a salt or hash that is not base64";
        }
        return null;
    }

    /** Whether {@code password} is the one this hash was made from; the comparison takes constant time. */
    public boolean matches(char[] password) {
        if (password.length == 0) {
            return false;
        }
        return MessageDigest.isEqual(hash, pbkdf2(password, salt, iterations, hash.length));
    }

    /** The iteration count this hash was made with. */
    public int iterations() {
        return iterations;
    }

    /** Never shows the salt or the hash. */
    @Override
    public String toString() {
        return "PasswordHash[" + SCHEME + ", " + iterations + " iterations]";
    }

    private static void checkIterations(int iterations) {
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be in [" + MIN_ITERATIONS + ", " + MAX_ITERATIONS
                    + "]; was " + iterations);
        }
    }

    private static byte[] pbkdf2(char[] password, byte[] salt, int iterations, int bytes) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bytes * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            // every Java SE runtime must provide PBKDF2WithHmacSHA256: its absence is a broken JDK
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }
}
