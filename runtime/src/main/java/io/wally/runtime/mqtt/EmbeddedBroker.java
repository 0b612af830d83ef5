package io.wally.runtime.mqtt;

import io.moquette.BrokerConstants;
import io.moquette.broker.Server;
import io.moquette.broker.config.IConfig;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptConnectMessage;
import io.wally.runtime.mqtt.auth.BrokerUsers;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * An in-process MQTT 3.1.1 broker (Moquette) for the simulator ({@code mqtt.broker: embedded}), so that
 * nothing needs installing to try WALLY.
 *
 * <p>Moquette's defaults are unsafe for us, so it is started with: bind {@code 127.0.0.1} only (never
 * 0.0.0.0), persistence off, its usage telemetry ("phone home") off, no websocket, empty client ids
 * accepted (as the Mosquitto command-line clients send them), and a frame limit above the bridge's
 * {@code mqtt.maxPayloadBytes}, so that an oversize request reaches the bridge and is answered
 * {@code too_large} instead of costing the sender its connection.
 *
 * <p>Access: without {@link BrokerUsers accounts} ({@code mqtt.embedded.users} empty) any client on this
 * machine may connect anonymously and use every topic; with accounts, anonymous clients and wrong
 * passwords are refused and each user gets the rights of the Mosquitto ACL in docs/mqtt.md.
 *
 * <p>Lifecycle: {@link #start} binds and serves; {@link #close} stops it. Not thread-safe: one owner.
 */
public final class EmbeddedBroker implements AutoCloseable, ConnectionGate {

    /** Bytes of MQTT framing allowed on top of the largest payload (fixed header, topic, ids). */
    private static final int FRAMING_ALLOWANCE_BYTES = 70_000;

    private final Server server;
    private final int port;
    private final ConnectTally connects;
    private boolean running;

    private EmbeddedBroker(Server server, int port, ConnectTally connects) {
        this.server = server;
        this.port = port;
        this.connects = connects;
        this.running = true;
    }

    /**
     * Starts the broker on {@code 127.0.0.1:port}.
     *
     * @param port            TCP port, 1..65535
     * @param maxPayloadBytes the largest payload clients will send; the broker accepts somewhat more
     * @throws EmbeddedBrokerException when the port is taken (the message says how to use the broker
     *                                 already there) or the broker cannot start
     */
    public static EmbeddedBroker start(int port, int maxPayloadBytes) throws EmbeddedBrokerException {
        return start(port, maxPayloadBytes, BrokerUsers.of(List.of()));
    }

    /**
     * Starts the broker on {@code 127.0.0.1:port} with {@code users}: when there is any, only they may
     * connect, each under the ACL of docs/mqtt.md; when there is none, anonymous clients may do anything.
     *
     * @param port            TCP port, 1..65535
     * @param maxPayloadBytes the largest payload clients will send; the broker accepts somewhat more
     * @param users           the accounts (their password hashes); empty for an open broker
     * @throws EmbeddedBrokerException when the port is taken (the message says how to use the broker
     *                                 already there) or the broker cannot start
     */
    public static EmbeddedBroker start(int port, int maxPayloadBytes, BrokerUsers users) throws EmbeddedBrokerException {
        if (port < 1 || port > 65_535) {
            throw new EmbeddedBrokerException("mqtt.embeddedPort must be in 1..65535; was " + port);
        }
        ensurePortFree(port);
        quietLogging();
        Properties props = new Properties();
        props.setProperty(IConfig.HOST_PROPERTY_NAME, "127.0.0.1");
        props.setProperty(IConfig.PORT_PROPERTY_NAME, Integer.toString(port));
        props.setProperty(IConfig.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
        props.setProperty(IConfig.ENABLE_TELEMETRY_NAME, "false");
        props.setProperty(IConfig.ALLOW_ANONYMOUS_PROPERTY_NAME, Boolean.toString(users.isEmpty()));
        props.setProperty(IConfig.WEB_SOCKET_PORT_PROPERTY_NAME, "disabled");
        // mosquitto_pub/mosquitto_sub 2.x send an empty client id (MQTT 3.1.1 allows it with a clean session)
        props.setProperty(BrokerConstants.ALLOW_ZERO_BYTE_CLIENT_ID_PROPERTY_NAME, "true");
        props.setProperty(IConfig.NETTY_MAX_BYTES_PROPERTY_NAME,
                Integer.toString(Math.max(maxPayloadBytes, 0) + FRAMING_ALLOWANCE_BYTES));
        Server server = new Server();
        ConnectTally connects = new ConnectTally();
        try {
            if (users.isEmpty()) {
                server.startServer(new MemoryConfig(props), List.of(connects));
            } else {
                server.startServer(new MemoryConfig(props), List.of(connects), null,
                        (clientId, username, password) -> users.authenticate(username, password),
                        new IAuthorizatorPolicy() {
                            @Override
                            public boolean canWrite(Topic topic, String user, String client) {
                                return users.mayPublish(user, topic.toString());
                            }

                            @Override
                            public boolean canRead(Topic topic, String user, String client) {
                                return users.maySubscribe(user, topic.toString());
                            }
                        });
            }
        } catch (IOException | RuntimeException e) {
            server.stopServer();
            throw new EmbeddedBrokerException("the embedded MQTT broker could not start on 127.0.0.1:" + port + ": " + e, e);
        }
        if (!accepts(port)) {
            server.stopServer();
            throw portTaken(port, null);
        }
        return new EmbeddedBroker(server, port, connects);
    }

    @Override
    public long connections(String clientId) {
        return connects.count(clientId);
    }

    @Override
    public void awaitServed(String clientId, long before, long timeoutMillis) throws InterruptedException {
        connects.await(clientId, before, timeoutMillis);
    }

    /** {@code tcp://127.0.0.1:<port>}. */
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** The loopback port it serves on. */
    public int port() {
        return port;
    }

    /** Stops the broker and releases its threads and port. Idempotent. */
    @Override
    public void close() {
        if (running) {
            running = false;
            server.stopServer();
        }
    }

    private static void ensurePortFree(int port) throws EmbeddedBrokerException {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (BindException e) {
            throw portTaken(port, e);
        } catch (IOException e) {
            throw new EmbeddedBrokerException("cannot check 127.0.0.1:" + port + " for the embedded MQTT broker: " + e, e);
        }
    }

    private static EmbeddedBrokerException portTaken(int port, Exception cause) {
        return new EmbeddedBrokerException("port " + port + " on 127.0.0.1 is already in use (another MQTT broker,"
                + " e.g. Mosquitto?): use it with --broker tcp://127.0.0.1:" + port
                + ", or pick another mqtt.embeddedPort", cause);
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Counts the connections Moquette serves, per client id. Its connect interception runs after it has marked
     * the connection connected, so a count past the one read before connecting means SUBSCRIBE is safe.
     */
    private static final class ConnectTally extends AbstractInterceptHandler {
        private final ConcurrentMap<String, Long> counts = new ConcurrentHashMap<>();

        long count(String clientId) {
            return counts.getOrDefault(clientId, 0L);
        }

        synchronized void await(String clientId, long before, long timeoutMillis) throws InterruptedException {
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            for (long left = timeoutMillis; count(clientId) <= before && left > 0;
                    left = (deadline - System.nanoTime()) / 1_000_000L) {
                wait(left);
            }
        }

        @Override
        public void onConnect(InterceptConnectMessage message) {
            counts.merge(message.getClientID(), 1L, Long::sum);
            synchronized (this) {
                notifyAll();
            }
        }

        @Override
        public String getID() {
            return "wally-connect-tally";
        }

        @Override
        public Class<?>[] getInterceptedMessageTypes() {
            return new Class<?>[] {InterceptConnectMessage.class};
        }

        @Override
        public void onSessionLoopError(Throwable error) {
            // Moquette logs it itself
        }
    }

    /** Moquette and Netty log every connection at INFO through slf4j-simple: keep warnings only, unless set. */
    private static void quietLogging() {
        for (String logger : new String[] {"io.moquette", "io.netty"}) {
            String key = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "warn");
            }
        }
    }
}
