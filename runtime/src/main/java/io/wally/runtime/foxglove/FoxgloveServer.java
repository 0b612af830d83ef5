package io.wally.runtime.foxglove;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wally.hal.BatteryMonitor;
import io.wally.hal.Robot;
import io.wally.maps.concurrent.ReplicatedNavGraph;
import io.wally.maps.importer.OccupancyGrid;
import io.wally.maps.zone.Zones;
import io.wally.runtime.WallyRuntime;
import io.wally.runtime.agent.RuntimeMap;
import io.wally.runtime.command.CommandReply;
import io.wally.runtime.command.ErrorCode;
import io.wally.runtime.command.Place;
import io.wally.runtime.command.PlaceText;
import io.wally.runtime.command.Request;
import io.wally.runtime.config.WallyConfig;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.api.exceptions.MessageTooLargeException;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The Foxglove WebSocket protocol server ({@code foxglove.websocket.v1}, docs/visualise.md): Foxglove and
 * Lichtblick connect to {@code ws://127.0.0.1:8765} and see the map, the robot's transform, its plan, the
 * named places, the keep-out and speed zones (on {@code /zones}, again whenever one is added or removed) and its
 * telemetry, and may publish a goal on {@code /goal} which becomes a {@link
 * Request.GoTo} through the same command path as MQTT ({@link WallyRuntime#submit}).
 *
 * <p>What a client sends wrong (malformed JSON, an unknown op, a missing channel, a goal outside the map) gets
 * a {@code status} message at level error and the connection stays; a message over {@link #MAX_MESSAGE_BYTES}
 * closes it (1009), and a client that stops reading is cut at {@link FoxgloveClient#MAX_PENDING_FRAMES}. The
 * robot never waits for a client: the publisher reads the runtime's published state and sends asynchronously.
 *
 * <p>Threading: Jetty's threads run the handshake and incoming messages; one publisher thread of its own
 * ({@code wally-foxglove}) reads the runtime's state and sends. Lifecycle: {@link #start} binds and starts
 * both; {@link #close} closes every connection and stops them.
 */
public final class FoxgloveServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(FoxgloveServer.class.getName());
    /** The WebSocket subprotocol of the Foxglove protocol this server speaks. */
    public static final String SUBPROTOCOL = "foxglove.websocket.v1";
    /** Largest message a client may send, bytes: a goal is under 1 KiB; anything near this is not ours. */
    public static final int MAX_MESSAGE_BYTES = 64 * 1024;
    /** The topic a client publishes goals on ({@code foxglove.PoseInFrame}). */
    public static final String GOAL_TOPIC = "/goal";
    /** Status levels of the protocol. */
    static final int INFO = 0;
    static final int WARNING = 1;
    static final int ERROR = 2;
    /** Publisher period: the pose is looked at this often. */
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** Pose and transform are re-sent at least this often when the robot stands still. */
    private static final long POSE_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Map, places, plan, health and battery are looked at this often. */
    private static final long SLOW_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final String FRAME_MAP = "map";
    private static final String FRAME_ROBOT = "base_link";

    /**
     * What the server needs besides the runtime.
     *
     * @param bind    address to listen on
     * @param port    TCP port, 0 for any free one
     * @param token   the token clients must present, or null (loopback only; {@link #whyNot})
     * @param grid    the map's occupancy grid for {@code /map}, or null (no {@code /map} messages)
     * @param battery the battery monitor for {@code /battery}, if the robot has one
     */
    public record Settings(String bind, int port, String token, OccupancyGrid grid, Optional<BatteryMonitor> battery) {
    }

    static {
        // Jetty logs its start and stop at INFO through slf4j-simple, onto the robot's stderr: warnings only, unless set.
        String jettyLevel = "org.slf4j.simpleLogger.log.org.eclipse.jetty";
        if (System.getProperty(jettyLevel) == null) {
            System.setProperty(jettyLevel, "warn");
        }
    }

    private final Settings settings;
    private final WallyRuntime runtime;
    private final ObjectMapper json = new ObjectMapper();
    private final Set<FoxgloveClient> clients = ConcurrentHashMap.newKeySet();
    private final Server jetty;
    private final ServerConnector connector;
    private final Thread publisher;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final LongAdder badInputs = new LongAdder();
    private final LongAdder framesSent = new LongAdder();
    private final LongAdder goalsSubmitted = new LongAdder();
    private final LongAdder clientsDropped = new LongAdder();
    private final String serverInfo;
    private final String advertise;
    private final ReplicatedNavGraph.Reader reader;

    // ---- owned by the publisher thread ----
    /** The last message of each latched channel, for new subscribers. */
    private final Map<FoxgloveChannel, byte[]> latest = new ConcurrentHashMap<>();
    private GridCells cells;
    private long mapVersion = -1;
    private long placesVersion = -1;
    private long zonesVersion = -1;
    private Zones lastZones;
    private double lastX = Double.NaN;
    private double lastY;
    private double lastHeadingDegrees;
    private long poseSentNanos;
    private long slowNanos;
    private String lastPlan = "";
    private String lastFault = "";

    private FoxgloveServer(Settings settings, WallyRuntime runtime) {
        this.settings = settings;
        this.runtime = runtime;
        this.reader = runtime.graph().newReader();
        this.serverInfo = toJson(Map.of("op", "serverInfo", "name", "wally " + runtime.config().robot().id(),
                "capabilities", List.of("clientPublish"), "supportedEncodings", List.of("json"),
                "sessionId", Long.toString(System.currentTimeMillis())));
        List<Map<String, Object>> channels = new ArrayList<>();
        for (FoxgloveChannel c : FoxgloveChannel.ALL) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", c.id());
            m.put("topic", c.topic());
            m.put("encoding", "json");
            m.put("schemaName", c.schemaName());
            m.put("schema", c.schema());
            m.put("schemaEncoding", "jsonschema");
            channels.add(m);
        }
        this.advertise = toJson(Map.of("op", "advertise", "channels", channels));
        this.jetty = new Server();
        this.connector = new ServerConnector(jetty);
        connector.setHost(settings.bind());
        connector.setPort(settings.port());
        jetty.addConnector(connector);
        jetty.setHandler(WebSocketUpgradeHandler.from(jetty, container -> {
            container.setMaxTextMessageSize(MAX_MESSAGE_BYTES);
            container.setMaxBinaryMessageSize(MAX_MESSAGE_BYTES);
            container.setIdleTimeout(Duration.ofMinutes(10));
            container.addMapping("/*", (request, response, callback) -> {
                if (!request.hasSubProtocol(SUBPROTOCOL)) {
                    Response.writeError(request, response, callback, 400,
                            "this server speaks the WebSocket subprotocol " + SUBPROTOCOL + " only; asked for " + request.getSubProtocols());
                    return null;
                }
                if (!tokenAccepted(request.getHeaders().get("Authorization"), queryToken(request))) {
                    Response.writeError(request, response, callback, 401,
                            "a token is required: ws://host:port/?token=... or the Authorization: Bearer header");
                    return null;
                }
                response.setAcceptedSubProtocol(SUBPROTOCOL);
                return new FoxgloveClient(this, String.valueOf(request.getConnectionMetaData().getRemoteSocketAddress()));
            });
        }));
        this.publisher = Thread.ofPlatform().name("wally-foxglove").daemon().unstarted(this::loop);
    }

    /**
     * Binds the server and starts its publisher.
     *
     * @throws BindException when the port is taken (or the address is not this machine's)
     * @throws IOException   when Jetty cannot start otherwise
     */
    public static FoxgloveServer start(Settings settings, WallyRuntime runtime) throws IOException {
        FoxgloveServer server = new FoxgloveServer(settings, runtime);
        try {
            server.jetty.start();
        } catch (IOException e) {
            server.stopJetty();
            throw e;
        } catch (Exception e) {
            server.stopJetty();
            throw new IOException("Foxglove server failed to start on " + settings.bind() + ":" + settings.port() + ": " + e.getMessage(), e);
        }
        server.publisher.start();
        return server;
    }

    /**
     * {@link #start} as {@code wally run} and {@code wally sim} use it, from {@code foxglove.*}: the grid read
     * from {@code map.file}, the robot's battery. Disabled: null. A port already taken: one line on {@code err}
     * saying so and how to choose another, and null: the robot runs without it.
     */
    public static FoxgloveServer startFor(WallyConfig config, WallyRuntime runtime, Robot robot, java.io.PrintWriter err) {
        WallyConfig.Foxglove fox = config.foxglove() == null ? WallyConfig.Foxglove.OFF : config.foxglove();
        if (!fox.enabled()) {
            return null;
        }
        String file = config.map() == null ? null : config.map().file();
        Settings settings = new Settings(fox.bind(), fox.port(), fox.token(), file == null ? null : gridOf(Path.of(file)), robot.battery());
        try {
            return start(settings, runtime);
        } catch (IOException e) {
            err.println("wally: Foxglove server not started: " + fox.bind() + ":" + fox.port() + " is taken or not available ("
                    + e.getMessage() + "); choose another with --foxglove PORT or foxglove.port, or turn it off with --foxglove off");
            err.flush();
            return null;
        }
    }

    /** The occupancy grid of a named-places or ROS map YAML, or null (logged) when it has none. */
    public static OccupancyGrid gridOf(Path file) {
        try {
            return RuntimeMap.readGrid(file);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Foxglove: no /map, " + file + " has no readable grid: " + e.getMessage());
            return null;
        }
    }

    /**
     * Why {@code foxglove} settings cannot be used, or null when they can: the port out of range, no address,
     * or an address beyond loopback without a token (anyone on the network could drive the robot).
     */
    public static String whyNot(WallyConfig.Foxglove foxglove) {
        if (foxglove == null) {
            return "foxglove must be a mapping {enabled, bind, port, token}";
        }
        if (foxglove.port() < 0 || foxglove.port() > 65535) {
            return "foxglove.port must be in [0, 65535] (0: any free port); was " + foxglove.port();
        }
        if (foxglove.bind() == null || foxglove.bind().isBlank()) {
            return "foxglove.bind must be an address to listen on, such as 127.0.0.1 (this machine only) or 0.0.0.0 (the LAN, with a token)";
        }
        if (!isLoopback(foxglove.bind()) && (foxglove.token() == null || foxglove.token().isBlank())) {
            return "foxglove.token is required when foxglove.bind is not a loopback address (anyone on the network could"
                    + " drive the robot); was bind \"" + foxglove.bind() + "\" with no token";
        }
        return null;
    }

    /** Whether {@code bind} names this machine only: localhost or a loopback literal (names are not looked up). */
    static boolean isLoopback(String bind) {
        String b = bind.strip();
        if (b.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!b.matches("[0-9.]+|\\[?[0-9a-fA-F:]+]?")) {
            return false;
        }
        try {
            return InetAddress.getByName(b).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The TCP port the server listens on (the chosen one when {@code port} was 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** {@code ws://bind:port/}, for the line {@code wally sim} prints. */
    public String url() {
        return "ws://" + settings.bind() + ":" + port() + "/";
    }

    /** Clients connected now. */
    public int clientCount() {
        return clients.size();
    }

    /** Client messages answered with an error status (or a close) so far. */
    public long badInputs() {
        return badInputs.sum();
    }

    /** Message-data frames queued to clients so far. */
    public long framesSent() {
        return framesSent.sum();
    }

    /** Goals published on {@code /goal} and submitted to the runtime so far. */
    public long goalsSubmitted() {
        return goalsSubmitted.sum();
    }

    /** Clients disconnected because they stopped reading. */
    public long clientsDropped() {
        return clientsDropped.sum();
    }

    @Override
    public void close() {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        publisher.interrupt();
        try {
            publisher.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (FoxgloveClient c : clients) {
            c.close(StatusCode.SHUTDOWN, "robot shutting down");
        }
        stopJetty();
    }

    private void stopJetty() {
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "Foxglove server did not stop cleanly: " + e.getMessage());
        }
    }

    // ---- the handshake (Jetty's threads) --------------------------------------------------------------

    private static String queryToken(org.eclipse.jetty.server.Request request) {
        Fields query = org.eclipse.jetty.server.Request.extractQueryParameters(request);
        return query.getValue("token");
    }

    /** Whether a client presenting {@code authorization} (header) or {@code queryToken} may connect. */
    boolean tokenAccepted(String authorization, String queryToken) {
        String token = settings.token();
        if (token == null || token.isEmpty()) {
            return true;
        }
        String offered = queryToken != null ? queryToken
                : authorization != null && authorization.startsWith("Bearer ") ? authorization.substring("Bearer ".length()).strip() : null;
        // Constant time: the comparison must not tell an attacker how many leading characters were right.
        return offered != null && MessageDigest.isEqual(offered.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }

    // ---- client messages (Jetty's threads; one at a time per client) ----------------------------------

    void opened(FoxgloveClient client) {
        clients.add(client);
        client.sendText(serverInfo);
        client.sendText(advertise);
        LOG.log(System.Logger.Level.INFO, "Foxglove client connected from " + client.address());
    }

    void closed(FoxgloveClient client, int code, String reason) {
        clients.remove(client);
        LOG.log(System.Logger.Level.INFO, "Foxglove client " + client.address() + " left (" + code + (reason == null ? "" : " " + reason) + ")");
    }

    void failed(FoxgloveClient client, Throwable cause) {
        if (cause instanceof MessageTooLargeException) {
            badInputs.increment();
        }
        // A client that vanishes mid-frame fails with a bare ClosedChannelException, whose message is null.
        String why = cause.getMessage() != null ? cause.getMessage() : "connection dropped (" + cause.getClass().getSimpleName() + ")";
        LOG.log(System.Logger.Level.INFO, "Foxglove client " + client.address() + ": " + why);
    }

    void tooSlow(FoxgloveClient client) {
        clientsDropped.increment();
        clients.remove(client);
        LOG.log(System.Logger.Level.WARNING, "Foxglove client " + client.address() + " does not read: "
                + FoxgloveClient.MAX_PENDING_FRAMES + " frames waiting; disconnected");
    }

    void onText(FoxgloveClient client, String text) {
        JsonNode message;
        try {
            message = json.readTree(text);
        } catch (JsonProcessingException e) {
            bad(client, "not JSON: " + e.getOriginalMessage());
            return;
        }
        if (message == null || !message.isObject() || !message.path("op").isTextual()) {
            bad(client, "a text message must be a JSON object with a string field \"op\"");
            return;
        }
        String op = message.get("op").asText();
        switch (op) {
            case "subscribe" -> subscribe(client, message.path("subscriptions"));
            case "unsubscribe" -> unsubscribe(client, message.path("subscriptionIds"));
            case "advertise" -> clientAdvertise(client, message.path("channels"));
            case "unadvertise" -> {
                for (JsonNode id : message.path("channelIds")) {
                    client.clientChannels.remove(id.asLong());
                }
            }
            default -> bad(client, "unknown op " + PlaceText.shown(op) + "; this server takes subscribe, unsubscribe, advertise, unadvertise");
        }
    }

    private void subscribe(FoxgloveClient client, JsonNode subscriptions) {
        if (!subscriptions.isArray()) {
            bad(client, "subscribe needs \"subscriptions\": [{\"id\": n, \"channelId\": n}]");
            return;
        }
        for (JsonNode s : subscriptions) {
            JsonNode id = s.path("id");
            JsonNode channelId = s.path("channelId");
            if (!id.canConvertToLong() || !channelId.canConvertToLong() || id.asLong() < 0 || id.asLong() > 0xFFFF_FFFFL) {
                bad(client, "a subscription needs numeric \"id\" (uint32) and \"channelId\"; was " + s);
                continue;
            }
            FoxgloveChannel channel = FoxgloveChannel.byId(channelId.asLong());
            if (channel == null) {
                bad(client, "no channel " + channelId.asLong() + "; the advertised channels are 1 to " + FoxgloveChannel.ALL.size());
                continue;
            }
            if (client.subscriptions.containsValue(id.asLong())) {
                bad(client, "subscription id " + id.asLong() + " is already in use");
                continue;
            }
            client.subscriptions.put(channel.id(), id.asLong());
            if (channel.latched()) {
                client.freshLatched.add(channel);
            }
        }
    }

    private void unsubscribe(FoxgloveClient client, JsonNode ids) {
        for (JsonNode id : ids) {
            client.subscriptions.values().remove(id.asLong());
        }
    }

    private void clientAdvertise(FoxgloveClient client, JsonNode channels) {
        for (JsonNode c : channels) {
            String topic = c.path("topic").asText("");
            if (!c.path("id").canConvertToLong()) {
                bad(client, "a client channel needs a numeric \"id\"; was " + c);
            } else if (!topic.equals(GOAL_TOPIC)) {
                bad(client, "this server takes messages on " + GOAL_TOPIC + " only; was topic " + PlaceText.shown(topic));
            } else if (!c.path("encoding").asText("").equals("json")) {
                bad(client, GOAL_TOPIC + " takes the json encoding only; was " + PlaceText.shown(c.path("encoding").asText("")));
            } else {
                client.clientChannels.put(c.get("id").asLong(), topic);
            }
        }
    }

    void onBinary(FoxgloveClient client, ByteBuffer frame) {
        ByteBuffer b = frame.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 5 || b.get() != FoxgloveClient.OP_MESSAGE_DATA) {
            bad(client, "a binary message must be a client message (opcode 0x01, uint32 channel id, payload)");
            return;
        }
        long channelId = Integer.toUnsignedLong(b.getInt());
        String topic = client.clientChannels.get(channelId);
        if (topic == null) {
            bad(client, "client channel " + channelId + " was not advertised");
            return;
        }
        byte[] payload = new byte[b.remaining()];
        b.get(payload);
        goal(client, payload);
    }

    private void goal(FoxgloveClient client, byte[] payload) {
        JsonNode pose;
        try {
            pose = json.readTree(payload);
        } catch (IOException e) {
            bad(client, GOAL_TOPIC + ": not JSON: " + e.getMessage());
            return;
        }
        JsonNode position = pose == null ? null : pose.path("pose").path("position");
        if (position == null || !position.path("x").isNumber() || !position.path("y").isNumber()) {
            bad(client, GOAL_TOPIC + " takes a foxglove.PoseInFrame with numeric pose.position.x and pose.position.y");
            return;
        }
        String frameId = pose.path("frame_id").asText(FRAME_MAP);
        if (!frameId.isEmpty() && !frameId.equals(FRAME_MAP)) {
            bad(client, GOAL_TOPIC + " goals must be in frame \"" + FRAME_MAP + "\"; was " + PlaceText.shown(frameId));
            return;
        }
        double x = position.get("x").asDouble();
        double y = position.get("y").asDouble();
        String outside = outsideMap(x, y);
        if (outside != null) {
            bad(client, outside);
            return;
        }
        goalsSubmitted.increment();
        runtime.submit(new Request.GoTo(new Place.Point(x, y)), new CommandReply() {
            @Override
            public void ok(Object result) {
                status(client, INFO, String.format(java.util.Locale.ROOT, "goal (%.2f, %.2f) accepted", x, y));
            }

            @Override
            public void error(ErrorCode code, String message) {
                status(client, ERROR, "goal refused (" + code.wireName() + "): " + message);
            }
        });
    }

    /** Why {@code (x, y)} is no goal on this map, or null. */
    private String outsideMap(double x, double y) {
        String notCoordinate = PlaceText.whyNotCoordinate(x) != null ? PlaceText.whyNotCoordinate(x) : PlaceText.whyNotCoordinate(y);
        if (notCoordinate != null) {
            return "goal (" + x + ", " + y + "): " + notCoordinate;
        }
        OccupancyGrid grid = settings.grid();
        if (grid != null && !grid.inside(grid.colAt(x, y), grid.rowAt(x, y))) {
            return String.format(java.util.Locale.ROOT, "goal (%.2f, %.2f) is outside the map (%d x %d cells of %.2f m from (%.2f, %.2f))",
                    x, y, grid.width(), grid.height(), grid.resolutionMetres(), grid.originX(), grid.originY());
        }
        return null;
    }

    private void bad(FoxgloveClient client, String why) {
        badInputs.increment();
        status(client, ERROR, why);
    }

    private void status(FoxgloveClient client, int level, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("op", "status");
        m.put("level", level);
        m.put("message", message);
        client.sendText(toJson(m));
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    // ---- the publisher thread -------------------------------------------------------------------------

    private void loop() {
        long next = System.nanoTime();
        while (running.get()) {
            try {
                long now = System.nanoTime();
                publish(now);
                next += TICK_NANOS;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    TimeUnit.NANOSECONDS.sleep(sleep);
                } else {
                    next = System.nanoTime();
                }
            } catch (InterruptedException e) {
                if (!running.get()) {
                    return;
                }
            } catch (RuntimeException e) {
                // One bad reading must not end the publisher: log and carry on at the next tick.
                LOG.log(System.Logger.Level.ERROR, "Foxglove publisher failed once", e);
            }
        }
    }

    /** One publisher tick at {@code now} (ns, System.nanoTime). */
    void publish(long now) {
        if (clients.isEmpty()) {
            // Nobody to send to: no work, and the next client gets everything afresh.
            latest.clear();
            mapVersion = -1;
            placesVersion = -1;
            zonesVersion = -1;
            lastZones = null;
            lastX = Double.NaN;
            lastPlan = "";
            lastFault = "";
            slowNanos = now - SLOW_NANOS;
            return;
        }
        for (FoxgloveClient c : clients) {
            FoxgloveChannel fresh;
            while ((fresh = c.freshLatched.poll()) != null) {
                byte[] last = latest.get(fresh);
                if (last != null && c.sendMessage(fresh, FoxgloveMessages.epochNanos(), last)) {
                    framesSent.increment();
                }
            }
        }
        var status = runtime.status();
        if (status.xMeters() != lastX || status.yMeters() != lastY || status.headingDegrees() != lastHeadingDegrees
                || now - poseSentNanos >= POSE_REFRESH_NANOS) {
            lastX = status.xMeters();
            lastY = status.yMeters();
            lastHeadingDegrees = status.headingDegrees();
            poseSentNanos = now;
            long t = FoxgloveMessages.epochNanos();
            double yaw = Math.toRadians(status.headingDegrees());
            send(FoxgloveChannel.TF, t, FoxgloveMessages.transform(t, FRAME_MAP, FRAME_ROBOT, lastX, lastY, yaw));
            send(FoxgloveChannel.POSE, t, FoxgloveMessages.poseInFrame(t, FRAME_MAP, lastX, lastY, yaw));
        }
        String fault = String.valueOf(status.fault());
        if (!fault.equals(lastFault)) {
            lastFault = fault;
            long t = FoxgloveMessages.epochNanos();
            send(FoxgloveChannel.FAULTS, t, bytes(Map.of("active", status.fault() != null, "reason", fault)));
        }
        if (now - slowNanos < SLOW_NANOS) {
            return;
        }
        slowNanos = now;
        long t = FoxgloveMessages.epochNanos();
        try (ReplicatedNavGraph.ReadView view = reader.acquire()) {
            if (settings.grid() != null && view.version() != mapVersion) {
                if (cells == null) {
                    cells = new GridCells(settings.grid(), runtime.nodeLocator(), view);
                }
                mapVersion = view.version();
                send(FoxgloveChannel.MAP, t, FoxgloveMessages.grid(t, FRAME_MAP, cells.grid(), cells.cells(view)));
            }
            if (view.version() != placesVersion) {
                placesVersion = view.version();
                send(FoxgloveChannel.PLACES, t, FoxgloveMessages.places(t, FRAME_MAP, view));
            }
            if (view.version() != zonesVersion) {
                // sensed obstacles move the version too: a zones message only when the zones themselves changed
                zonesVersion = view.version();
                Zones zones = Zones.read(view);
                if (!zones.equals(lastZones)) {
                    lastZones = zones;
                    send(FoxgloveChannel.ZONES, t, FoxgloveMessages.zones(t, FRAME_MAP, zones));
                }
            }
        }
        double[][] path = runtime.activePath();
        String planKey = status.goal() + "|" + status.state() + "|" + java.util.Arrays.deepToString(path);
        if (!planKey.equals(lastPlan)) {
            lastPlan = planKey;
            send(FoxgloveChannel.PLAN, t, FoxgloveMessages.posesInFrame(t, FRAME_MAP, path));
        }
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("state", status.state().name().toLowerCase(java.util.Locale.ROOT));
        health.put("goal", status.goal());
        health.put("fault", status.fault());
        health.put("queueDepthBytes", status.queueDepthBytes());
        health.put("commandsWaiting", status.commandsWaiting());
        health.put("counters", status.counters());
        send(FoxgloveChannel.HEALTH, t, bytes(health));
        settings.battery().ifPresent(monitor -> {
            var reading = monitor.latest();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("volts", reading.busVolts());
            m.put("amps", reading.currentAmps());
            m.put("watts", reading.powerWatts());
            m.put("percent", reading.hasPercent() ? reading.percent() : null);
            m.put("health", String.valueOf(reading.health()));
            send(FoxgloveChannel.BATTERY, t, bytes(m));
        });
    }

    private byte[] bytes(Object value) {
        return toJson(value).getBytes(StandardCharsets.UTF_8);
    }

    private void send(FoxgloveChannel channel, long logTimeNanos, byte[] payload) {
        if (channel.latched()) {
            latest.put(channel, payload);
        }
        for (FoxgloveClient c : clients) {
            if (c.sendMessage(channel, logTimeNanos, payload)) {
                framesSent.increment();
            }
        }
    }
}
