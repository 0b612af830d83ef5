package io.wally.runtime.mqtt.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** PBKDF2 password hashes: a round trip, wrong passwords, salts, and strings that are no hash. */
class PasswordHashTest {

    @Test
    void shouldMatchOnlyItsPasswordWhenHashedAndParsedBack() {
        String encoded = PasswordHash.hash("correct horse".toCharArray(), 10_000);
        PasswordHash hash = PasswordHash.parse(encoded);
        assertThat(encoded).matches("pbkdf2-sha256\\$10000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(hash.matches("correct horse".toCharArray())).isTrue();
        assertThat(hash.matches("correct horsf".toCharArray())).isFalse();
        assertThat(hash.matches("correct horse ".toCharArray())).isFalse();
        assertThat(hash.matches(new char[0])).isFalse();
        assertThat(hash.toString()).doesNotContain(encoded.split("\\$")[3]);
    }

    @Test
    void shouldUseDefaultIterationsAndFreshSaltWhenHashingTwice() {
        String a = PasswordHash.hash("same".toCharArray());
        String b = PasswordHash.hash("same".toCharArray());
        assertThat(a).startsWith("pbkdf2-sha256$" + PasswordHash.DEFAULT_ITERATIONS + "$").isNotEqualTo(b);
        assertThat(PasswordHash.parse(b).matches("same".toCharArray())).isTrue();
    }

    @Test
    void shouldRefuseEmptyPasswordWhenHashing() {
        assertThatThrownBy(() -> PasswordHash.hash(new char[0])).hasMessage("the password must not be empty");
    }

    @Test
    void shouldNameTheProblemWhenStringIsNoHash() {
        assertThat(PasswordHash.problem("secret")).startsWith("is not a pbkdf2-sha256$<iterations>$<salt>$<hash> string");
        assertThat(PasswordHash.problem("pbkdf2-sha256$ten$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA")).contains("not a number");
        assertThat(PasswordHash.problem("pbkdf2-sha256$5$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA")).contains("5 iterations");
        assertThat(PasswordHash.problem("pbkdf2-sha256$10000$!!$AAAA")).contains("not base64");
        assertThat(PasswordHash.problem("")).contains("wally passwd");
        assertThatThrownBy(() -> PasswordHash.parse("md5$1$2$3")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldMatchOperatorAclWhenUserIsOperator() {
        BrokerUsers users = BrokerUsers.of(List.of(
                new BrokerUsers.Account("r1", BrokerUsers.Role.ROBOT, PasswordHash.hash("p".toCharArray(), 10_000))));
        assertThat(users.authenticate("r1", "p".getBytes())).isTrue();
        assertThat(users.authenticate("r1", "q".getBytes())).isFalse();
        assertThat(users.authenticate("r2", "p".getBytes())).isFalse();
        assertThat(users.authenticate(null, null)).isFalse();
        assertThat(users.maySubscribe("r1", "wally/#")).as("wider than its subtree").isFalse();
        assertThat(users.maySubscribe("r1", "wally/r1/cmd/+")).isTrue();
        assertThat(users.mayPublish("r1", "wally/r1/+")).as("wildcards are no topic").isFalse();
        assertThat(users.toString()).isEqualTo("BrokerUsers[r1=ROBOT]");
    }
}
