package io.wally.runtime.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The training run of WALLY's ahead-of-time cache (JEP 483/514): the {@code wally} launcher ({@code ./wally aot},
 * {@code ./wally dist}) and {@code install.sh} start it as
 * {@code java -XX:AOTCacheOutput=wally.aot -cp wally.jar io.wally.runtime.cli.AotTraining MAP WORKDIR}, and later
 * runs of {@code wally.jar} start with {@code -XX:AOTCache=wally.aot}: the classes this run loaded and linked are
 * then read from the cache instead of being found, parsed and verified again.
 *
 * <p>What it runs, in one JVM, is what a start needs: {@code --version} and {@code --help}; {@code plan} on
 * {@code MAP} (the sample house); and {@code run} on the simulated robot (embedded broker on a free loopback
 * port, store under {@code WORKDIR}) until it is ready, then the JVM exits through the same clean shutdown as
 * SIGTERM. It never touches hardware, so it is safe to run on the robot at install time. Output goes nowhere;
 * a failure exits non-zero with one line on stderr.
 */
public final class AotTraining {

    /**
     * The first argument that trains the cache of the short commands only ({@code --version}, {@code --help},
     * {@code plan}): a cache holds every class its training loaded, and the run's (broker, web servers, agents)
     * made the short commands' start slower than without it (mapping a cache twice the size).
     */
    public static final String SHORT_COMMANDS = "--short-commands";

    /** How long the simulated runtime may take to become ready before the training gives up. */
    private static final long READY_TIMEOUT_SECONDS = 120;

    private AotTraining() {
    }

    /**
     * Runs the training.
     *
     * @param args {@code MAP} (a named-places map with places {@code dock} and {@code kitchen}) and {@code WORKDIR}
     *     (an existing writable directory for the config and the store)
     */
    public static void main(String[] args) throws Exception {
        boolean shortCommands = args.length == 3 && args[0].equals(SHORT_COMMANDS);
        if (args.length != 2 && !shortCommands) {
            System.err.println("usage: java -XX:AOTCacheOutput=FILE -cp wally.jar " + AotTraining.class.getName() + " [" + SHORT_COMMANDS + "] MAP WORKDIR");
            System.exit(ExitCodes.USAGE);
        }
        Path map = Path.of(args[args.length - 2]).toAbsolutePath();
        Path work = Path.of(args[args.length - 1]).toAbsolutePath();
        quietly("--version");
        quietly("--help");
        quietly("plan", "--help");
        expectOk(quietly("plan", "--map", map.toString(), "--from", "dock", "--to", "kitchen"), "plan on " + map);
        if (shortCommands) {
            System.exit(ExitCodes.OK);
        }
        Path config = writeSimConfig(map, work.resolve("store"), work.resolve("aot-training.yaml"));
        CountDownLatch ready = new CountDownLatch(1);
        Thread.ofPlatform().name("aot-training-run").daemon().start(() -> {
            int code = execute(new ReadyWatcher(ready), "run", "--config", config.toString());
            if (ready.getCount() == 0) {
                return; // stopped by the exit below
            }
            System.err.println("aot training: wally run exited with " + code + " before it was ready");
            System.exit(ExitCodes.FAILED);
        });
        if (!ready.await(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            System.err.println("aot training: wally run on " + config + " was not ready within " + READY_TIMEOUT_SECONDS + " s");
            System.exit(ExitCodes.FAILED);
        }
        // Exit as on SIGTERM: the run command's shutdown hook stops the runtime cleanly; the JVM writes the cache.
        System.exit(ExitCodes.OK);
    }

    /**
     * Writes to {@code file} a configuration of the simulated robot in {@code map} (started at (1, 1), the dock of the
     * sample house) with its store in {@code storeDir}, and the embedded broker, the dashboard and the Foxglove server
     * on free loopback ports: a start as in robot-config/sim.yaml that clashes with nothing already running (the
     * robot's own service may hold the usual ports). Also used by {@code wally bench startup}.
     */
    public static Path writeSimConfig(Path map, Path storeDir, Path file) throws IOException {
        String yaml = """
                # Written for a start of the simulated robot (AotTraining); safe to delete.
                robot: {id: wally-sim-start, kind: sim}
                map: {file: "%s"}
                store: {dir: "%s", durability: none}
                sim: {startX: 1.0, startY: 1.0}
                mqtt: {broker: embedded, embeddedPort: %d}
                dashboard: {enabled: true, bind: 127.0.0.1, port: %d}
                foxglove: {enabled: true, bind: 127.0.0.1, port: %d}
                """.formatted(map.toAbsolutePath(), storeDir.toAbsolutePath(), freePort(), freePort(), freePort());
        return Files.writeString(file, yaml);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static int quietly(String... args) {
        return execute(new StringWriter(), args);
    }

    private static int execute(Writer out, String... args) {
        picocli.CommandLine cli = WallyMain.commandLineFor(args);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    private static void expectOk(int code, String what) {
        if (code != ExitCodes.OK) {
            throw new IllegalStateException("aot training: " + what + " exited with " + code);
        }
    }

    /** Counts {@code ready} down once {@code wally run} prints its "running robot" line (after READY=1). */
    private static final class ReadyWatcher extends Writer {
        private final CountDownLatch ready;
        private final StringBuilder text = new StringBuilder();

        ReadyWatcher(CountDownLatch ready) {
            this.ready = ready;
        }

        @Override
        public synchronized void write(char[] chars, int offset, int length) {
            text.append(chars, offset, length);
            if (text.indexOf("wally: running robot") >= 0) {
                ready.countDown();
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
