package io.wally.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.runtime.mqtt.auth.PasswordHash;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code wally passwd}: the password from standard input, the YAML line out; an empty password refused. */
class PasswdCommandTest {

    private static int runWithStdin(String stdin, StringWriter out, StringWriter err, String... args) {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return CliTestSupport.run(out, err, args);
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void shouldPrintUserLineWhoseHashMatchesWhenPasswordComesOnStdin() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = runWithStdin("pässwörd 1\r\nignored second line\n", out, err, "passwd", "wally-01", "--role", "robot");
        assertThat(code).as(err.toString()).isZero();
        Matcher line = Pattern.compile("      - \\{name: wally-01, role: robot, passwordHash: \"([^\"]+)\"}\\R")
                .matcher(out.toString());
        assertThat(line.matches()).as(out.toString()).isTrue();
        assertThat(PasswordHash.parse(line.group(1)).matches("pässwörd 1".toCharArray())).isTrue();
        assertThat(out.toString()).doesNotContain("pässwörd");
    }

    @Test
    void shouldRefuseEmptyPasswordWhenStdinIsEmpty() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(runWithStdin("\n", out, err, "passwd")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("the password must not be empty");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldRefuseUserNameThatCannotBeTopicLevel() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(runWithStdin("pw\n", out, err, "passwd", "a/#")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("user name must be 1 to 64 letters, digits, - or _; was \"a/#\"");
    }
}
