package io.wally.runtime.cli;

import io.wally.runtime.mqtt.auth.BrokerUsers;
import io.wally.runtime.mqtt.auth.PasswordHash;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code wally passwd [USER]}: makes an account line for the embedded broker's {@code mqtt.embedded.users}.
 * The password is read from the console without echo (asked twice), or else from the first line of
 * standard input; never from the command line, where other users could see it in the process list.
 */
@Command(name = "passwd", mixinStandardHelpOptions = true,
        description = {"Hashes a password for the embedded MQTT broker and prints the line to add under"
                + " mqtt.embedded.users.",
            "The password is asked on the console, or read from the first line of standard input."})
final class PasswdCommand implements Callable<Integer> {

    /** Longest password read from standard input, in bytes: a bound on what a pipe can make us hold. */
    private static final int MAX_PASSWORD_BYTES = 1024;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "USER",
            description = "The user name: a robot's is its robot.id (default: ${DEFAULT-VALUE}).", defaultValue = "ops")
    String user;

    @Option(names = "--role", paramLabel = "ROLE", defaultValue = "operator",
            description = "robot (its own wally/USER/# only) or operator (commands to and telemetry of every robot);"
                    + " default: ${DEFAULT-VALUE}.")
    String role;

    @Override
    public Integer call() {
        if (!BrokerUsers.NAME.matcher(user).matches()) {
            throw new UserErrorException("user name must be 1 to 64 letters, digits, - or _; was \"" + user + "\"");
        }
        if (!role.equals("robot") && !role.equals("operator")) {
            throw new UserErrorException("--role must be robot or operator; was \"" + role + "\"");
        }
        char[] password = readPassword();
        try {
            if (password.length == 0) {
                throw new UserErrorException("the password must not be empty; nothing was printed");
            }
            String hash = PasswordHash.hash(password);
            spec.commandLine().getOut().println("      - {name: " + user + ", role: " + role + ", passwordHash: \"" + hash + "\"}");
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private char[] readPassword() {
        Console console = System.console();
        if (console != null && console.isTerminal()) {
            char[] first = console.readPassword("Password for MQTT user %s: ", user);
            char[] again = console.readPassword("Again: ");
            if (first == null || again == null) {
                throw new UserErrorException("no password given; nothing was printed");
            }
            try {
                if (!Arrays.equals(first, again)) {
                    Arrays.fill(first, '\0');
                    throw new UserErrorException("the two passwords differ; nothing was printed");
                }
                return first;
            } finally {
                Arrays.fill(again, '\0');
            }
        }
        return firstLine(System.in);
    }

    /** The first line of {@code in} without its line end, decoded as UTF-8. */
    static char[] firstLine(InputStream in) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                if (line.size() >= MAX_PASSWORD_BYTES) {
                    throw new UserErrorException("the password is longer than " + MAX_PASSWORD_BYTES + " bytes");
                }
                line.write(b);
            }
        } catch (IOException e) {
            throw new UserErrorException("cannot read the password from standard input: " + e.getMessage());
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes, 0, length));
        char[] password = Arrays.copyOf(chars.array(), chars.limit());
        Arrays.fill(chars.array(), '\0');
        Arrays.fill(bytes, (byte) 0);
        return password;
    }
}
