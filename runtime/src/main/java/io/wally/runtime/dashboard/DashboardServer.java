package io.wally.runtime.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.websocket.WsContext;
import io.wally.hal.BatteryMonitor;
import io.wally.hal.BatteryReading;
import io.wally.hal.Robot;
import io.wally.maps.importer.OccupancyGrid;
import io.wally.runtime.WallyRuntime;
import io.wally.runtime.agent.PoseBoard;
import io.wally.runtime.agent.RuntimeMap;
import io.wally.runtime.agent.StateViews;
import io.wally.runtime.command.CommandReply;
import io.wally.runtime.command.ErrorCode;
import io.wally.runtime.command.Request;
import io.wally.runtime.config.WallyConfig;
import io.wally.runtime.mqtt.RequestDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The live web dashboard (docs/visualise.md): serves the page (plain HTML, JS and CSS from the jar) and one
 * WebSocket, {@code /ws}, over Javalin (Jetty 12). Every connected page gets the map once (run-length
 * encoded, {@link GridCodec}), then only the cells that changed; the keep-out and speed zones with the map and
 * again whenever they change (looked at every {@link Settings#statePeriodMillis}); the pose whenever it moves
 * (polled every {@link Settings#posePollMillis}); the state (goal, path, battery, speed, MQTT, counters, fault) every
 * {@link Settings#statePeriodMillis}. Commands the page sends ({@code goto}, {@code stop}, {@code drive})
 * are decoded by the MQTT edge's {@link RequestDecoder} (same fields, same errors) and handed to
 * {@link WallyRuntime#submit}; every reply goes back to the page that asked.
 *
 * <p>Token: with {@link Settings#token} set, {@code /api/*} and the WebSocket upgrade answer 401 unless the
 * request carries it ({@code Authorization: Bearer <token>}, or {@code ?token=} for the WebSocket, which a
 * browser cannot give headers). The page itself holds no data and loads without it, so it can ask for it.
 *
 * <p>Bad input: a text frame over {@link Settings#maxFrameBytes} closes that connection (1009), a frame that
 * is not a JSON command object gets an error reply, a binary frame closes it (1003); each client has a
 * bounded send queue ({@link DashboardClient}). The robot and every other client carry on.
 *
 * <p>Threading: one broadcaster thread ({@code wally-dashboard}) reads published state and writes frames;
 * Jetty's threads take requests. Lifecycle: {@link #start} listens at once; {@link #close} stops both.
 */
public final class DashboardServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DashboardServer.class.getName());
    private static final String ASSETS = "/io/wally/runtime/dashboard/";
    private static final Map<String, String> PAGES = Map.of("index.html", "text/html; charset=utf-8",
            "dashboard.js", "text/javascript; charset=utf-8", "dashboard.css", "text/css; charset=utf-8");

    /**
     * How the dashboard serves.
     *
     * @param bind              address to listen on
     * @param port              port (0: any free one)
     * @param token             the token clients must present, or null for none
     * @param maxFrameBytes     largest text frame a client may send, bytes
     * @param maxQueuedFrames   frames that may wait to be sent to one client
     * @param posePollMillis    how often the pose is looked at, ms (a moved pose is sent at once)
     * @param statePeriodMillis how often the state is sent, ms
     * @param mapPeriodMillis   how often the map is checked for changed cells, ms
     */
    public record Settings(String bind, int port, String token, int maxFrameBytes, int maxQueuedFrames,
            int posePollMillis, int statePeriodMillis, int mapPeriodMillis) {

        /** The defaults for a {@code dashboard:} config section: 64 KiB frames, 64 queued, pose 5 ms, state 100 ms, map 500 ms. */
        public static Settings of(WallyConfig.Dashboard d) {
            return new Settings(d.bind(), d.port(), d.token(), 64 * 1024, 64, 5, 100, 500);
        }
    }

    /** The port could not be taken (in use, or not allowed). */
    public static final class PortTakenException extends Exception {
        private static final long serialVersionUID = 1L;

        PortTakenException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Settings settings;
    private final WallyRuntime runtime;
    private final MapLayer map;
    private final ZoneWatch zones;
    private final Optional<BatteryMonitor> battery;
    private final BooleanSupplier mqttConnected;
    private final ObjectMapper json = new ObjectMapper();
    private final RequestDecoder decoder = new RequestDecoder(json, "dashboard", "dashboard/");
    private final Map<WsContext, DashboardClient> clients = new ConcurrentHashMap<>();
    private final AtomicLong framesDropped = new AtomicLong();
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong badFrames = new AtomicLong();
    private final Javalin app;
    private final Thread broadcaster;
    private volatile boolean running = true;
    private volatile PoseListener poseListener;

    /** Told when a pose frame has been handed to every client (for the benchmark); broadcaster thread. */
    @FunctionalInterface
    public interface PoseListener {
        void sent(double xMeters, double yMeters, long sentNanos);
    }

    private DashboardServer(Settings settings, WallyRuntime runtime, OccupancyGrid grid, Optional<BatteryMonitor> battery,
            BooleanSupplier mqttConnected) throws PortTakenException {
        this.settings = settings;
        this.runtime = runtime;
        this.map = grid == null ? null : new MapLayer(grid, runtime.graph().newReader());
        this.zones = new ZoneWatch(runtime.graph().newReader());
        this.battery = battery;
        this.mqttConnected = mqttConnected;
        // Jetty and Javalin log every start and stop at INFO through slf4j-simple: warnings only, unless set
        Stream.of("org.eclipse.jetty", "io.javalin").map(l -> "org.slf4j.simpleLogger.log." + l)
                .filter(key -> System.getProperty(key) == null).forEach(key -> System.setProperty(key, "warn"));
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.modifyWebSocketServletFactory(f -> {
                f.setMaxTextMessageSize(settings.maxFrameBytes());
                f.setMaxBinaryMessageSize(settings.maxFrameBytes());
                f.setMaxFrameSize(settings.maxFrameBytes());
                f.setIdleTimeout(Duration.ofMinutes(10));
            });
            config.routes.get("/", ctx -> asset(ctx, "index.html"));
            config.routes.get("/{file}", ctx -> asset(ctx, ctx.pathParam("file")));
            config.routes.before("/api/*", this::authorize);
            config.routes.get("/api/hello", ctx -> ctx.json(hello()));
            config.routes.wsBeforeUpgrade("/ws", this::authorize);
            config.routes.ws("/ws", ws -> {
                ws.onConnect(ctx -> clients.put(ctx, new DashboardClient(ctx.session, settings.maxQueuedFrames(), framesDropped)));
                ws.onClose(ctx -> clients.remove(ctx));
                ws.onError(ctx -> clients.remove(ctx));
                ws.onMessage(ctx -> onCommand(ctx, ctx.message()));
                ws.onBinaryMessage(ctx -> {
                    badFrames.incrementAndGet();
                    ctx.closeSession(1003, "binary frames are not accepted: send JSON text");
                });
            });
        });
        try {
            app.start(settings.bind(), settings.port());
        } catch (RuntimeException e) {
            app.stop();
            if (causedBy(e, BindException.class)) {
                throw new PortTakenException("dashboard: port " + settings.port() + " on " + settings.bind()
                        + " is taken; choose another with --dashboard PORT (or dashboard.port), or --dashboard off", e);
            }
            throw e;
        }
        this.broadcaster = Thread.ofPlatform().daemon().name("wally-dashboard").start(this::broadcast);
    }

    /**
     * Starts serving {@code runtime} as {@code settings} say.
     *
     * @param grid          the occupancy grid to draw (null: no map)
     * @param battery       the battery to show
     * @param mqttConnected whether MQTT is connected now
     * @throws PortTakenException when the port is in use
     */
    public static DashboardServer start(Settings settings, WallyRuntime runtime, OccupancyGrid grid,
            Optional<BatteryMonitor> battery, BooleanSupplier mqttConnected) throws PortTakenException {
        return new DashboardServer(settings, runtime, grid, battery, mqttConnected);
    }

    /**
     * {@link #start} as {@code wally sim} and {@code wally run} use it: nothing when {@code dashboard.enabled} is
     * false; the grid read from {@code map.file} (named places or a ROS map YAML; none: no map drawn); the
     * robot's battery. A taken port is one line on {@code err} saying how to choose another, and no dashboard:
     * the robot runs on.
     */
    public static Optional<DashboardServer> startFor(WallyConfig config, WallyRuntime runtime, Robot robot,
            BooleanSupplier mqttConnected, PrintWriter err) {
        WallyConfig.Dashboard d = config.dashboard();
        if (d == null || !d.enabled()) {
            return Optional.empty();
        }
        try {
            return Optional.of(start(Settings.of(d), runtime, loadGrid(config), config.batteryMonitor(robot.battery()), mqttConnected));
        } catch (PortTakenException e) {
            err.println(e.getMessage());
            err.flush();
            return Optional.empty();
        }
    }

    private static OccupancyGrid loadGrid(WallyConfig config) {
        String file = config.map() == null ? null : config.map().file();
        if (file == null) {
            return null;
        }
        try {
            return RuntimeMap.readGrid(Path.of(file));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "dashboard: no map drawn, " + file + " has no readable grid: " + e.getMessage());
            return null;
        }
    }

    /** The page's address (the bind address; 127.0.0.1 for a wildcard bind). */
    public URI url() {
        String host = settings.bind().equals("0.0.0.0") || settings.bind().equals("::") ? "127.0.0.1" : settings.bind();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + app.port() + "/");
    }

    /** The port listened on. */
    public int port() {
        return app.port();
    }

    /** Connected WebSocket clients. */
    public int clientCount() {
        return clients.size();
    }

    /** Frames dropped because a client had too many waiting. */
    public long framesDropped() {
        return framesDropped.get();
    }

    /** Frames queued to clients. */
    public long framesSent() {
        return framesSent.get();
    }

    /** Frames refused as malformed (not a JSON command, binary). */
    public long badFrames() {
        return badFrames.get();
    }

    /** Sets who is told of each pose frame (null: nobody). */
    public void poseListener(PoseListener listener) {
        this.poseListener = listener;
    }

    // ---- HTTP ---------------------------------------------------------------------------------------

    private void asset(Context ctx, String name) {
        String type = PAGES.get(name);
        InputStream in = type == null ? null : DashboardServer.class.getResourceAsStream(ASSETS + name);
        if (in == null) {
            ctx.status(404).result("no such page: " + name);
            return;
        }
        try (in) {
            ctx.contentType(type).header("Cache-Control", "no-cache").result(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void authorize(Context ctx) {
        if (!tokenMatches(settings.token(), ctx.header("Authorization"), ctx.queryParam("token"))) {
            ctx.status(401).result("token required: open the page and enter the dashboard.token of the robot's configuration");
            ctx.skipRemainingHandlers();
        }
    }

    /** Whether a request with this Authorization header and token parameter may pass ({@code token} null: any). */
    static boolean tokenMatches(String token, String authorization, String queryToken) {
        if (token == null || token.isEmpty()) {
            return true;
        }
        String given = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : queryToken;
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }

    private Map<String, Object> hello() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "hello");
        m.put("robot", runtime.config().robot().id());
        m.put("deadManMillis", Request.DRIVE_DEAD_MAN_MILLIS);
        m.put("maxSpeedMps", runtime.config().drive().maxSpeedMps());
        m.put("maxTurnRadPerS", runtime.config().drive().maxTurnRateRadPerS());
        return m;
    }

    // ---- commands -----------------------------------------------------------------------------------

    private void onCommand(WsContext ctx, String text) {
        DashboardClient client = clients.get(ctx);
        if (client == null) {
            return;
        }
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (IOException | RuntimeException e) {
            badFrames.incrementAndGet();
            client.send(reply(null, null, false, null, ErrorCode.BAD_JSON, "frame is not valid JSON"), false);
            return;
        }
        JsonNode command = root == null ? null : root.get("command");
        if (command == null || !command.isTextual()) {
            badFrames.incrementAndGet();
            client.send(reply(root != null && root.isObject() ? root.get("id") : null, null, false, null, ErrorCode.BAD_REQUEST,
                    "frame must be a JSON object with a text field 'command' (goto, stop, drive, status, ...)"), false);
            return;
        }
        String name = command.asText();
        ((ObjectNode) root).remove("command");
        RequestDecoder.Decoded decoded;
        try {
            decoded = decoder.decode(name, json.writeValueAsBytes(root), settings.maxFrameBytes());
        } catch (RequestDecoder.Rejection rejection) {
            client.send(reply(rejection.id(), name, false, null, rejection.code(), rejection.getMessage()), false);
            return;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        runtime.submit(decoded.request(), new CommandReply() {
            @Override
            public void ok(Object result) {
                client.send(reply(decoded.id(), name, true, result, null, null), false);
            }

            @Override
            public void error(ErrorCode code, String message) {
                client.send(reply(decoded.id(), name, false, null, code, message), false);
            }
        });
    }

    private String reply(JsonNode id, String command, boolean ok, Object result, ErrorCode code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "reply");
        m.put("id", id);
        m.put("command", command);
        m.put("ok", ok);
        if (ok) {
            m.put("result", result);
        } else {
            m.put("code", code.name().toLowerCase(Locale.ROOT));
            m.put("message", message);
        }
        return write(m);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- broadcasting -------------------------------------------------------------------------------

    private void broadcast() {
        PoseBoard.Pose pose = new PoseBoard.Pose();
        double lastX = Double.NaN;
        double lastY = Double.NaN;
        double lastHeading = Double.NaN;
        long nextState = 0;
        long nextMap = 0;
        double speedMps = 0;
        long speedFromNanos = System.nanoTime();
        double speedFromX = 0;
        double speedFromY = 0;
        List<MapLayer.PlaceMark> places = List.of();
        while (running) {
            try {
                long now = System.nanoTime();
                if (map != null && now - nextMap >= 0) {
                    nextMap = now + TimeUnit.MILLISECONDS.toNanos(settings.mapPeriodMillis());
                    List<MapLayer.Change> changes = map.refresh();
                    if (!changes.isEmpty()) {
                        sendToAll(cellsFrame(changes), false);
                    }
                    if (!map.places().equals(places)) {
                        places = map.places();
                        sendToAll(placesFrame(places), false);
                    }
                }
                for (DashboardClient c : clients.values()) {
                    if (!c.mapSent()) {
                        c.markMapSent();
                        c.send(write(hello()), false);
                        if (map != null) {
                            c.send(mapFrame(), false);
                            c.send(placesFrame(map.places()), false);
                        }
                        c.send(write(ZoneWatch.frame(zones.zones())), false);
                        lastX = Double.NaN; // a newcomer gets the pose at once
                        nextState = now;
                    }
                }
                runtime.readPose(pose);
                if (pose.xMeters != lastX || pose.yMeters != lastY || pose.headingRadians != lastHeading) {
                    lastX = pose.xMeters;
                    lastY = pose.yMeters;
                    lastHeading = pose.headingRadians;
                    sendToAll(String.format(Locale.ROOT, "{\"type\":\"pose\",\"x\":%.4f,\"y\":%.4f,\"headingDegrees\":%.2f}",
                            pose.xMeters, pose.yMeters, Math.toDegrees(pose.headingRadians)), true);
                    PoseListener listener = poseListener;
                    if (listener != null) {
                        listener.sent(pose.xMeters, pose.yMeters, System.nanoTime());
                    }
                }
                if (now - nextState >= 0) {
                    long elapsed = now - speedFromNanos;
                    if (elapsed > 0) {
                        speedMps = Math.hypot(pose.xMeters - speedFromX, pose.yMeters - speedFromY) / (elapsed / 1e9);
                    }
                    speedFromNanos = now;
                    speedFromX = pose.xMeters;
                    speedFromY = pose.yMeters;
                    nextState = now + TimeUnit.MILLISECONDS.toNanos(settings.statePeriodMillis());
                    if (zones.refresh()) { // a zone added or removed (MQTT, dashboard or map file): every page redraws
                        sendToAll(write(ZoneWatch.frame(zones.zones())), false);
                    }
                    if (!clients.isEmpty()) {
                        sendToAll(stateFrame(speedMps), true);
                    }
                }
                Thread.sleep(settings.posePollMillis());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "dashboard: broadcast failed; carrying on", e);
            }
        }
    }

    private void sendToAll(String frame, boolean droppable) {
        for (DashboardClient c : clients.values()) {
            if (c.mapSent() && c.send(frame, droppable)) {
                framesSent.incrementAndGet();
            }
        }
    }

    private String mapFrame() {
        OccupancyGrid g = map.grid();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "map");
        m.put("width", g.width());
        m.put("height", g.height());
        m.put("resolutionMeters", g.resolutionMetres());
        m.put("originX", g.originX());
        m.put("originY", g.originY());
        m.put("encoding", "rowxor-rle-leb128-base64");
        m.put("cells", Base64.getEncoder().encodeToString(GridCodec.encode(map.cells(), g.width())));
        return write(m);
    }

    private String cellsFrame(List<MapLayer.Change> changes) {
        StringBuilder b = new StringBuilder(32 + changes.size() * 12).append("{\"type\":\"cells\",\"changes\":[");
        for (int i = 0; i < changes.size(); i++) {
            b.append(i == 0 ? "[" : ",[").append(changes.get(i).index()).append(',').append(changes.get(i).state()).append(']');
        }
        return b.append("]}").toString();
    }

    private String placesFrame(List<MapLayer.PlaceMark> places) {
        return write(Map.of("type", "places", "places", places));
    }

    private String stateFrame(double speedMps) {
        StateViews.Status s = runtime.status();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "state");
        m.put("state", s.state().name().toLowerCase(Locale.ROOT));
        m.put("goal", s.goal());
        m.put("reason", s.reason());
        m.put("remainingMeters", s.remainingMeters());
        m.put("speedMps", speedMps);
        m.put("fault", s.fault());
        m.put("mqttConnected", mqttConnected.getAsBoolean());
        m.put("path", runtime.activePath());
        m.put("counters", s.counters());
        m.put("graphVersion", s.graphVersion());
        if (battery.isPresent()) {
            BatteryReading r = battery.get().latest();
            m.put("batteryVolts", r.valid() ? r.busVolts() : null);
            m.put("batteryPercent", r.valid() && r.hasPercent() ? Math.round(r.percent()) : null);
        }
        return write(m);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** Stops the broadcaster, closes every connection and the server. Idempotent. */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        broadcaster.interrupt();
        try {
            broadcaster.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (DashboardClient c : clients.values()) {
            c.close(1001, "robot shutting down");
        }
        app.stop();
    }
}
