package io.wally.runtime.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Mosquitto broker for a test class, on a free loopback port.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final MosquittoBroker broker = new MosquittoBroker();
 * ... new MqttClient(broker.url(), "test") ...
 * broker.kill(); broker.start();   // fault tests: the broker goes away and comes back on the same port
 * }</pre>
 *
 * <p>It writes its own configuration (listener on 127.0.0.1 only, no persistence, anonymous unless
 * {@link #withConfigLine} says otherwise) into a temporary directory, waits until the port accepts
 * connections, and always kills the process and deletes the directory after the class, whatever happened.
 * Needs the {@code mosquitto} binary (Debian package {@code mosquitto}); {@code .ci/run} installs it.
 */
public final class MosquittoBroker implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final List<String> extraConfig = new ArrayList<>();
    private Path directory;
    private int port;
    private Process process;

    /**
     * Makes the files directly in {@code dir} readable by the broker: mosquitto started as root drops
     * to its own user, which must be able to read password, ACL and certificate files.
     */
    public static void makeReadableByBroker(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
    }

    /** Deletes {@code dir} and everything in it (a test's generated secrets). */
    public static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Adds a line to the generated mosquitto.conf (e.g. {@code password_file ...}); call before start. */
    public MosquittoBroker withConfigLine(String line) {
        extraConfig.add(line);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Starts the broker (again), on the same port once one was chosen; returns when it accepts connections. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            if (directory == null) {
                directory = Files.createTempDirectory("wally-mosquitto-");
                port = freeLoopbackPort();
            }
            Path config = directory.resolve("mosquitto.conf");
            List<String> lines = new ArrayList<>(List.of(
                    "listener " + port + " 127.0.0.1",
                    "persistence false",
                    "log_dest file " + directory.resolve("mosquitto.log"),
                    "log_type error",
                    "log_type warning",
                    "log_type notice"));
            if (extraConfig.stream().noneMatch(l -> l.startsWith("allow_anonymous"))) {
                lines.add("allow_anonymous true");
            }
            lines.addAll(extraConfig);
            Files.write(config, lines);
            process = new ProcessBuilder("mosquitto", "-c", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("mosquitto.out").toFile())
                    .start();
            awaitListening();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start mosquitto (is the Debian package 'mosquitto' installed?)", e);
        }
    }

    /** Stops the broker gracefully (SIGTERM) and waits for it to exit. */
    public synchronized void stop() {
        end(false);
    }

    /** Kills the broker abruptly (SIGKILL), as a crash or a power cut would. */
    public synchronized void kill() {
        end(true);
    }

    /** Whether the broker process is running. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** {@code tcp://127.0.0.1:<port>}. */
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** The loopback port the broker listens on. */
    public int port() {
        return port;
    }

    /** The broker's working directory (config and log files). */
    public Path directory() {
        return directory;
    }

    @Override
    public synchronized void close() {
        end(true);
        if (directory != null) {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException ignored) {
                // a temp directory left behind is harmless; the broker is already dead
            }
            directory = null;
        }
    }

    private void end(boolean forcibly) {
        if (process == null) {
            return;
        }
        if (forcibly) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("mosquitto exited with " + process.exitValue() + ": "
                        + Files.readString(directory.resolve("mosquitto.out")));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for mosquitto", e);
                }
            }
        }
        end(true);
        throw new IOException("mosquitto did not listen on port " + port + " within " + START_TIMEOUT);
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
