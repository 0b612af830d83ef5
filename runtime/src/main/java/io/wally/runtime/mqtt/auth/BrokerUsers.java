package io.wally.runtime.mqtt.auth;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The accounts of the embedded broker and what each may do: the same rules as the Mosquitto ACL of
 * docs/mqtt.md,
 *
 * <pre>
 * pattern readwrite wally/%u/#      every user: its own subtree (a robot's user name is its robot id)
 * user ops                          an operator, in addition:
 * topic write wally/+/cmd/#           commands to every robot
 * topic read wally/#                  everything robots publish
 * </pre>
 *
 * <p>Mosquitto accepts any subscription and drops, message by message, what the user may not read;
 * Moquette decides once, at subscribe time. So {@link #maySubscribe} grants a filter only when every
 * topic it can match is readable: a robot subscribing to {@code wally/#} is refused (Mosquitto would
 * deliver only its own subtree). For every concrete topic the two brokers agree.
 *
 * <p>Immutable and thread-safe (the broker calls it from its network threads).
 */
public final class BrokerUsers {

    /** What a user may do beyond its own subtree. */
    public enum Role {
        /** Only its own subtree {@code wally/<user>/#}: a robot, whose user name is its robot id. */
        ROBOT,
        /** Also sends commands to every robot ({@code wally/+/cmd/#}) and reads everything under {@code wally/}. */
        OPERATOR
    }

    /** One account: user name (letters, digits, {@code -}, {@code _}), role and {@link PasswordHash} string. */
    public record Account(String name, Role role, String passwordHash) {
        /** Never shows the hash. */
        @Override
        public String toString() {
            return "Account[" + name + ", " + role + "]";
        }
    }

    /** User names that are safe in a topic level: no wildcard, no separator. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final String OPERATOR_WRITE = "wally/+/cmd/#";
    private static final String OPERATOR_READ = "wally/#";

    private final Map<String, Entry> users;
    /**
     * Checked (result ignored) for an unknown user name, so that the time taken does not tell which names
     * exist: one of the real hashes, hence the same work as a known name.
     */
    private final PasswordHash decoy;

    private record Entry(Role role, PasswordHash hash) {
    }

    private BrokerUsers(Map<String, Entry> users) {
        this.users = users;
        this.decoy = users.isEmpty() ? null : users.values().iterator().next().hash();
    }

    /**
     * Builds the accounts.
     *
     * @throws IllegalArgumentException for a bad or repeated name or a malformed hash (naming the user)
     */
    public static BrokerUsers of(List<Account> accounts) {
        Map<String, Entry> users = new LinkedHashMap<>();
        for (Account account : accounts) {
            if (account.name() == null || !NAME.matcher(account.name()).matches()) {
                throw new IllegalArgumentException("MQTT user name must be 1 to 64 letters, digits, - or _; was \""
                        + account.name() + "\"");
            }
            String problem = PasswordHash.problem(account.passwordHash());
            if (problem != null) {
                throw new IllegalArgumentException("password hash of MQTT user " + account.name() + " " + problem);
            }
            if (users.put(account.name(), new Entry(account.role() == null ? Role.ROBOT : account.role(),
                    PasswordHash.parse(account.passwordHash()))) != null) {
                throw new IllegalArgumentException("MQTT user " + account.name() + " is listed twice");
            }
        }
        return new BrokerUsers(Map.copyOf(users));
    }

    /** Whether there is no account (then the broker is open to anonymous clients on loopback). */
    public boolean isEmpty() {
        return users.isEmpty();
    }

    /** The user names, for messages. */
    public List<String> names() {
        return List.copyOf(users.keySet());
    }

    /**
     * Whether {@code password} (UTF-8, as sent in CONNECT) is {@code user}'s; false for an unknown user,
     * an absent or empty password, or bytes that are not UTF-8.
     */
    public boolean authenticate(String user, byte[] password) {
        if (user == null || password == null || password.length == 0) {
            return false;
        }
        char[] chars;
        try {
            CharBuffer decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(password));
            chars = new char[decoded.remaining()];
            decoded.get(chars);
            Arrays.fill(decoded.array(), '\0');
        } catch (CharacterCodingException e) {
            return false;
        }
        try {
            Entry entry = users.get(user);
            if (entry == null) {
                if (decoy != null) {
                    decoy.matches(chars);
                }
                return false;
            }
            return entry.hash().matches(chars);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /** Whether {@code user} (null: anonymous) may publish on {@code topic}. */
    public boolean mayPublish(String user, String topic) {
        Entry entry = user == null ? null : users.get(user);
        if (entry == null || topic == null || topic.contains("+") || topic.contains("#")) {
            return false;
        }
        return covers(own(user), topic) || entry.role() == Role.OPERATOR && covers(OPERATOR_WRITE, topic);
    }

    /** Whether {@code user} (null: anonymous) may subscribe to {@code filter}: every topic it matches must be readable. */
    public boolean maySubscribe(String user, String filter) {
        Entry entry = user == null ? null : users.get(user);
        if (entry == null || filter == null) {
            return false;
        }
        return covers(own(user), filter) || entry.role() == Role.OPERATOR && covers(OPERATOR_READ, filter);
    }

    private static String own(String user) {
        return "wally/" + user + "/#";
    }

    /**
     * Whether every topic matched by {@code filter} (a topic or a filter with {@code +}/{@code #}) is
     * matched by {@code acl}.
     */
    static boolean covers(String acl, String filter) {
        String[] a = acl.split("/", -1);
        String[] f = filter.split("/", -1);
        for (int i = 0; i < a.length; i++) {
            if (a[i].equals("#")) {
                return true;
            }
            if (i >= f.length) {
                return false;
            }
            if (f[i].equals("#")) {
                return false;
            }
            if (a[i].equals("+")) {
                continue;
            }
            if (f[i].equals("+") || !a[i].equals(f[i])) {
                return false;
            }
        }
        return f.length == a.length;
    }

    /** Names and roles only. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("BrokerUsers[");
        users.forEach((name, entry) -> s.append(s.length() > 12 ? ", " : "").append(name).append('=').append(entry.role()));
        return s.append(']').toString();
    }
}
