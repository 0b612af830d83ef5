package io.wally.bench.mqtt;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A Mosquitto started for one benchmark run on a free loopback port, killed afterwards. */
public final class BrokerProcess implements AutoCloseable {

    private final Process process;
    private final Path directory;
    private final int port;

    private BrokerProcess(Process process, Path directory, int port) {
        this.process = process;
        this.directory = directory;
        this.port = port;
    }

    /** Starts mosquitto on a free loopback port with {@code set_tcp_nodelay true}; returns once it accepts connections. */
    public static BrokerProcess start() throws IOException, InterruptedException {
        return start(true);
    }

    /** Starts mosquitto on a free loopback port, {@code set_tcp_nodelay} as given; returns once it accepts connections. */
    public static BrokerProcess start(boolean tcpNoDelay) throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path dir = Files.createTempDirectory("wally-bench-mosquitto-");
        Path conf = dir.resolve("mosquitto.conf");
        Files.write(conf, List.of("listener " + port + " 127.0.0.1", "allow_anonymous true", "persistence false",
                "log_dest none", "set_tcp_nodelay " + tcpNoDelay));
        Process process;
        try {
            process = new ProcessBuilder("mosquitto", "-c", conf.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IOException("cannot start mosquitto (Debian package 'mosquitto'), or use --broker embedded", e);
        }
        BrokerProcess broker = new BrokerProcess(process, dir, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                broker.close();
                throw new IOException("mosquitto exited with " + process.exitValue());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return broker;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        broker.close();
        throw new IOException("mosquitto did not listen on " + port + " within 10 s");
    }

    /** {@code tcp://127.0.0.1:<port>}. */
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Kills the broker (SIGKILL) and removes its directory. */
    @Override
    public void close() throws IOException, InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        Files.deleteIfExists(directory.resolve("mosquitto.conf"));
        Files.deleteIfExists(directory);
    }
}
