package io.wally.runtime.mqtt;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * {@link MqttTransport} over Eclipse Paho's {@link MqttAsyncClient} (MQTT 3.1.1, clean session).
 *
 * <p>Paho's own automatic reconnect is off: it never retries the first connect, so one scheduler thread
 * of ours ({@code wally-mqtt-connect}) makes every attempt, first and later, with exponential back-off
 * between {@link MqttClientSettings#minBackoff()} and {@link MqttClientSettings#maxBackoff()}, reset
 * after a success. An attempt the broker leaves unanswered is dropped after about 6 s. Paho's threads
 * ({@code MQTT Rec/Snd/Call/Ping}) exist only while connected; {@link #close} lets an attempt under way
 * end (at most those 6 s), then disconnects and closes the client, so none is left behind. Plain
 * connections use {@link PlainSocketFactory}, whose held reads keep a dropped connection from costing
 * Paho's connect thread.
 *
 * <p>Takeover: a broker drops the older of two connections with the same client id. When the connection
 * is lost {@value #TAKEOVER_LOSSES} times within {@value #TAKEOVER_WINDOW_SECONDS} s, each time less than
 * {@value #QUICK_LOSS_MILLIS} ms after connecting, another client is almost certainly using our id: that
 * is logged once, as a warning that says what to do, and counted ({@link #takeoversDetected}).
 */
public final class PahoMqttTransport implements MqttTransport {

    private static final System.Logger LOG = System.getLogger(PahoMqttTransport.class.getName());
    private static final long CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final long SUBSCRIBE_TIMEOUT_MILLIS = 5_000;
    /** A loss this soon after connecting counts towards a takeover. */
    static final long QUICK_LOSS_MILLIS = 3_000;
    /** Quick losses within {@link #TAKEOVER_WINDOW_SECONDS} that make a takeover. */
    static final int TAKEOVER_LOSSES = 3;
    static final long TAKEOVER_WINDOW_SECONDS = 60;
    /** How long the probe waits for the retained status and instance record after its SUBACK. */
    static final long PROBE_WAIT_MILLIS = 300;

    private final MqttClientSettings settings;
    private final MqttAsyncClient client;
    private final MqttConnectOptions options;
    private final ScheduledExecutorService connector;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger connects = new AtomicInteger();
    private volatile Listener listener;
    private long nextBackoffMillis;
    private volatile long connectedAtNanos;
    /** Times of recent quick losses; touched only on Paho's callback thread (one at a time). */
    private final ArrayDeque<Long> quickLossNanos = new ArrayDeque<>();
    private final AtomicInteger takeovers = new AtomicInteger();
    /** Set before {@link #start}: checks for another runtime with our robot id before each attempt. */
    private volatile InstanceGuard guard;
    /** Whether our instance record went out (so that a clean close deletes it). */
    private volatile boolean instancePublished;
    /** Set before {@link #start} for the embedded broker: where to wait between connecting and subscribing. */
    private volatile ConnectionGate gate;
    /** Upper bound of that wait; the broker normally serves a connection within a millisecond of its CONNACK. */
    private static final long GATE_TIMEOUT_MILLIS = 2_000;

    /**
     * Creates the client; nothing connects before {@link #start}.
     *
     * @throws MqttTransportException when the URL or the TLS files are unusable (the message says which)
     */
    public PahoMqttTransport(MqttClientSettings settings) throws MqttTransportException {
        this.settings = settings;
        this.options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout((int) Math.max(1, CONNECT_TIMEOUT_MILLIS / 1000));
        options.setKeepAliveInterval((int) Math.max(1, settings.keepAlive().toSeconds()));
        options.setMaxInflight(1_000);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        if (settings.username() != null) {
            options.setUserName(settings.username());
            options.setPassword(settings.password().toCharArray());
        }
        if (settings.willTopic() != null) {
            options.setWill(settings.willTopic(), settings.willPayload(), 1, true);
        }
        if (settings.serverUrl().startsWith("ssl://")) {
            MqttClientSettings.Tls tls = settings.tls();
            SSLSocketFactory factory = TlsSocketFactories.create(
                    path(tls.caFile()), path(tls.certFile()), path(tls.keyFile()));
            options.setSocketFactory(settings.tcpNoDelay() ? NoDelaySocketFactory.tls(factory) : factory);
            options.setHttpsHostnameVerificationEnabled(true);
        } else {
            options.setSocketFactory(PlainSocketFactory.create(settings.tcpNoDelay()));
        }
        try {
            this.client = new MqttAsyncClient(settings.serverUrl(), settings.clientId(), new MemoryPersistence());
        } catch (MqttException | IllegalArgumentException e) {
            throw new MqttTransportException("cannot use MQTT broker URL " + settings.serverUrl() + ": " + e.getMessage(), e);
        }
        ScheduledThreadPoolExecutor connectorThread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "wally-mqtt-connect");
            t.setDaemon(true);
            return t;
        });
        // close() lets an attempt under way finish but drops the ones still waiting out their back-off
        connectorThread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.connector = connectorThread;
        this.nextBackoffMillis = settings.minBackoff().toMillis();
    }

    private static Path path(String file) {
        return file == null ? null : Path.of(file);
    }

    /**
     * Guards against a second runtime with the same robot id (see {@link InstanceGuard}): before each
     * connect attempt the broker's retained status is read over a short probe connection, and on a clash
     * the transport stays off the broker for good ({@link Listener#abandoned}); once connected, our
     * instance record is published, and deleted again by a clean {@link #close}. Call before {@link #start}.
     */
    public void guard(InstanceGuard instanceGuard) {
        if (this.listener != null) {
            throw new IllegalStateException("guard must be set before start");
        }
        this.guard = instanceGuard;
    }

    /** Waits at {@code connectionGate} after each connect, before anything subscribes. Call before {@link #start}. */
    void gate(ConnectionGate connectionGate) {
        if (this.listener != null) {
            throw new IllegalStateException("gate must be set before start");
        }
        this.gate = connectionGate;
    }

    /** Connects {@code mqtt} as {@code clientId} and, with a gate, waits until the broker serves it. */
    private void connectThroughGate(MqttAsyncClient mqtt, String clientId, MqttConnectOptions connectOptions)
            throws MqttException {
        ConnectionGate g = gate;
        long before = g == null ? 0 : g.connections(clientId);
        mqtt.connect(connectOptions).waitForCompletion(CONNECT_TIMEOUT_MILLIS + 1_000);
        if (g != null) {
            try {
                g.awaitServed(clientId, before, GATE_TIMEOUT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String brokerUrl() {
        return settings.serverUrl();
    }

    @Override
    public void start(Listener newListener) {
        if (this.listener != null) {
            throw new IllegalStateException("transport already started");
        }
        this.listener = newListener;
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                noticeLoss(System.nanoTime());
                newListener.connectionLost(cause);
                scheduleConnect(0);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                newListener.messageArrived(topic, message.getPayload());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // QoS 1 acknowledgements need no action: replies are fire-and-forget once handed over
            }
        });
        scheduleConnect(0);
    }

    private void scheduleConnect(long delayMillis) {
        if (closed.get()) {
            return;
        }
        try {
            connector.schedule(this::attemptConnect, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            // close() won the race: no more attempts
        }
    }

    /** Runs on the connector thread only. */
    private void attemptConnect() {
        if (closed.get() || client.isConnected()) {
            return;
        }
        // set before too: a broker handing our id to another client can drop us before connect() returns
        connectedAtNanos = System.nanoTime();
        try {
            if (guard != null) {
                Optional<String> clash = guard.clash(readRetained(guard.filter()));
                if (clash.isPresent()) {
                    LOG.log(System.Logger.Level.WARNING, "MQTT: " + clash.get());
                    Listener current = listener;
                    if (current != null) {
                        current.abandoned(clash.get());
                    }
                    return; // no further attempt: the other runtime keeps the robot's topics
                }
            }
            connectThroughGate(client, settings.clientId(), options);
        } catch (MqttException e) {
            if (e.getReasonCode() == MqttException.REASON_CODE_CLIENT_TIMEOUT) {
                // Paho bounds the TCP connect but not the wait for CONNACK: a broker that accepts and never
                // answers would keep this attempt "in progress" and refuse every later one. Its connect
                // thread is long done by now, so the half-open connection can be dropped safely.
                forceDisconnect();
            }
            long wait = nextBackoffMillis;
            nextBackoffMillis = Math.min(settings.maxBackoff().toMillis(), nextBackoffMillis * 2);
            LOG.log(System.Logger.Level.DEBUG, () -> "MQTT connect to " + settings.serverUrl() + " failed ("
                    + e.getMessage() + "); retrying in " + wait + " ms");
            if (e.getReasonCode() == MqttException.REASON_CODE_FAILED_AUTHENTICATION
                    || e.getReasonCode() == MqttException.REASON_CODE_NOT_AUTHORIZED) {
                LOG.log(System.Logger.Level.WARNING, "MQTT broker " + settings.serverUrl()
                        + " refused our credentials (" + e.getMessage() + "); still retrying every " + wait + " ms");
            }
            Listener failed = listener;
            if (failed != null) {
                failed.connectFailed(e);
            }
            scheduleConnect(wait);
            return;
        }
        nextBackoffMillis = settings.minBackoff().toMillis();
        connectedAtNanos = System.nanoTime();
        publishInstanceRecord();
        int attempt = connects.incrementAndGet();
        Listener current = listener;
        if (current != null && !closed.get()) {
            current.connected(attempt);
        }
    }

    private void publishInstanceRecord() {
        InstanceGuard g = guard;
        if (g == null) {
            return;
        }
        try {
            client.publish(g.instanceTopic(), g.record(), 1, true);
            instancePublished = true;
        } catch (MqttException e) {
            LOG.log(System.Logger.Level.WARNING, "MQTT could not publish the instance record on " + g.instanceTopic()
                    + ": " + e.getMessage() + " (a second runtime with this robot id would go unnoticed)");
        }
    }

    /**
     * The retained messages on {@code filter}, read over a connection of its own (another client id, no
     * Last Will), so that a client connected with our id is left alone.
     */
    private Map<String, byte[]> readRetained(String filter) throws MqttException {
        Map<String, byte[]> retained = new ConcurrentHashMap<>();
        MqttConnectOptions probeOptions = new MqttConnectOptions();
        probeOptions.setCleanSession(true);
        probeOptions.setAutomaticReconnect(false);
        probeOptions.setConnectionTimeout(options.getConnectionTimeout());
        probeOptions.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        probeOptions.setSocketFactory(options.getSocketFactory());
        probeOptions.setHttpsHostnameVerificationEnabled(options.isHttpsHostnameVerificationEnabled());
        if (options.getUserName() != null) {
            probeOptions.setUserName(options.getUserName());
            probeOptions.setPassword(options.getPassword());
        }
        String probeId = probeClientId();
        MqttAsyncClient probe = new MqttAsyncClient(settings.serverUrl(), probeId, new MemoryPersistence());
        try {
            probe.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                    // the probe's answer is whatever arrived before
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    if (message.isRetained()) {
                        retained.put(topic, message.getPayload());
                    }
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                    // the probe publishes nothing
                }
            });
            connectThroughGate(probe, probeId, probeOptions);
            try {
                probe.subscribe(filter, 0).waitForCompletion(SUBSCRIBE_TIMEOUT_MILLIS);
                // retained messages follow the SUBACK at once; the status and the record are two messages
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PROBE_WAIT_MILLIS);
                while (retained.size() < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
            } catch (MqttException e) {
                // e.g. an ACL without read access to our status: nothing to go by, connect as before
                LOG.log(System.Logger.Level.DEBUG, () -> "MQTT probe could not read " + filter + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                try {
                    probe.disconnect(500).waitForCompletion(1_500);
                } catch (MqttException e) {
                    probe.disconnectForcibly(0, 500, false);
                }
            }
        } finally {
            try {
                probe.close(true);
            } catch (MqttException e) {
                probe.disconnectForcibly(0, 500, false);
                probe.close(true);
            }
        }
        return retained;
    }

    /** {@code wally-probe-<8 random>}: 20 characters, unique enough, never the robot's own id. */
    private static String probeClientId() {
        return String.format("wally-probe-%08x", ThreadLocalRandom.current().nextInt());
    }

    /** Counts a loss that came soon after connecting; warns once when they show another client with our id. */
    private void noticeLoss(long nowNanos) {
        if (nowNanos - connectedAtNanos > TimeUnit.MILLISECONDS.toNanos(QUICK_LOSS_MILLIS)) {
            return;
        }
        quickLossNanos.addLast(nowNanos);
        while (nowNanos - quickLossNanos.peekFirst() > TimeUnit.SECONDS.toNanos(TAKEOVER_WINDOW_SECONDS)) {
            quickLossNanos.removeFirst();
        }
        if (quickLossNanos.size() >= TAKEOVER_LOSSES && takeovers.getAndIncrement() == 0) {
            LOG.log(System.Logger.Level.WARNING, "MQTT connection to " + settings.serverUrl() + " lost "
                    + quickLossNanos.size() + " times within " + TAKEOVER_WINDOW_SECONDS + " s, each less than "
                    + QUICK_LOSS_MILLIS / 1000 + " s after connecting: another client is using this robot's MQTT client id "
                    + settings.clientId() + " (the broker drops the older of two connections with one id), or two runtimes"
                    + " share robot.id and state directory (e.g. a cloned SD card). Stop the other client; give each robot"
                    + " its own robot.id, and delete " + MqttClientIds.FILE_NAME + " in a copied store.dir for a new id");
        }
        if (quickLossNanos.size() >= TAKEOVER_LOSSES) {
            quickLossNanos.clear();
        }
    }

    /** Times a takeover of our client id was detected (warned about the first time only). */
    public int takeoversDetected() {
        return takeovers.get();
    }

    @Override
    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retained) throws MqttTransportException {
        if (!client.isConnected()) {
            throw new MqttTransportException("not connected to " + settings.serverUrl());
        }
        try {
            client.publish(topic, payload, qos, retained);
        } catch (MqttException | IllegalArgumentException e) {
            throw new MqttTransportException("publish on " + topic + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void subscribe(String filter, int qos) throws MqttTransportException {
        try {
            client.subscribe(filter, qos).waitForCompletion(SUBSCRIBE_TIMEOUT_MILLIS);
        } catch (MqttException e) {
            throw new MqttTransportException("subscribe to " + filter + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close(String lastTopic, byte[] lastPayload, long timeoutMillis) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // An attempt under way is waited for, not interrupted: Paho 1.2.5 leaks its connect thread when a
        // connection is shut down while that thread is still starting the others (it polls forever for a
        // receiver that has been stopped), and the attempt ends by itself within its timeout.
        connector.shutdown();
        try {
            if (!connector.awaitTermination(CONNECT_TIMEOUT_MILLIS + 2_000, TimeUnit.MILLISECONDS)) {
                connector.shutdownNow();
            }
        } catch (InterruptedException e) {
            connector.shutdownNow();
            Thread.currentThread().interrupt();
        }
        if (client.isConnected()) {
            InstanceGuard g = guard;
            if (g != null && instancePublished) {
                try {
                    client.publish(g.instanceTopic(), new byte[0], 1, true); // gone: a newcomer may take over
                } catch (MqttException e) {
                    LOG.log(System.Logger.Level.DEBUG, () -> "instance record not deleted: " + e.getMessage());
                }
            }
            try {
                if (lastTopic != null) {
                    client.publish(lastTopic, lastPayload, 1, true).waitForCompletion(timeoutMillis);
                }
            } catch (MqttException e) {
                LOG.log(System.Logger.Level.DEBUG, () -> "last message on " + lastTopic + " not confirmed: " + e.getMessage());
            }
            try {
                client.disconnect(Math.max(100, timeoutMillis)).waitForCompletion(Math.max(100, timeoutMillis) + 1_000);
            } catch (MqttException e) {
                forceDisconnect();
            }
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            forceDisconnect();
            try {
                client.close(true);
            } catch (MqttException again) {
                LOG.log(System.Logger.Level.WARNING, "MQTT client did not close cleanly: " + again.getMessage());
            }
        }
    }

    private void forceDisconnect() {
        try {
            client.disconnectForcibly(0, 1_000, false);
        } catch (MqttException ignored) {
            // already disconnected: nothing left to release
        }
    }
}
