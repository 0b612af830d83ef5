package io.wally.runtime.homeassistant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wally.hal.BatteryMonitor;
import io.wally.hal.BatteryCurve;
import io.wally.hal.BatteryReading;
import io.wally.hal.Health;
import io.wally.hal.Robot;
import io.wally.maps.concurrent.ReplicatedNavGraph;
import io.wally.maps.importer.OccupancyGrid;
import io.wally.maps.importer.PlaceKind;
import io.wally.runtime.WallyRuntime;
import io.wally.runtime.agent.Mission;
import io.wally.runtime.agent.RuntimeMap;
import io.wally.runtime.agent.StateViews;
import io.wally.runtime.cli.WallyVersion;
import io.wally.runtime.command.CommandReply;
import io.wally.runtime.command.ErrorCode;
import io.wally.runtime.command.Place;
import io.wally.runtime.command.PlaceText;
import io.wally.runtime.command.Request;
import io.wally.runtime.config.WallyConfig;
import io.wally.runtime.mqtt.MqttBridge;
import io.wally.runtime.text.Numbers;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The robot in Home Assistant (docs/home-assistant.md): announces the entities of {@link Discovery} over the
 * bridge's connection, keeps their states up to date from what the runtime publishes ({@link
 * StateViews.Status}, the mission, the safety fault, the battery, the active path, the graph's places), and
 * turns what Home Assistant commands into typed {@link Request}s submitted through the same command path
 * as {@code cmd/*} ({@link io.wally.runtime.command.RobotCommands#submit}): same rules, same refusals (a
 * command while faulted is refused with {@code fault}, logged, and the fault shows on its binary sensor).
 *
 * <p>Disabled ({@code homeassistant.enabled: false}) it announces nothing and removes (empty retained
 * payload) every config of this robot that the broker still holds, so turning the feature off removes
 * every entity. Enabled, it removes configs it no longer announces (a place removed from the map).
 *
 * <p>Threading: one thread of its own ({@code wally-homeassistant}) does everything; the transport's
 * thread only queues messages ({@link #offer}, bounded: beyond 256 waiting they are refused and counted);
 * replies from the runtime's threads are queued the same way. Lifecycle: {@link #start} subscribes and
 * announces; {@link #close} stops the thread (the retained configs stay, with availability from the
 * robot's {@code status}).
 */
public final class HomeAssistantAdapter implements MqttBridge.Adapter, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(HomeAssistantAdapter.class.getName());
    /** Messages and replies waiting for the adapter's thread. */
    private static final int INBOX_CAPACITY = 256;
    /** The map picture is republished at most this often, and only when something on it changed. */
    static final long PICTURE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** States are recomputed this often (published only when they change). */
    private static final long STATE_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /** Places are looked up again at most this often, and only after the graph changed. */
    private static final long PLACES_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** The robot counts as docked within this distance of the dock place, metres. */
    static final double DOCKED_WITHIN_METERS = 0.3;
    private static final byte[] EMPTY = new byte[0];

    /** The vacuum states of Home Assistant's state schema. */
    public enum VacuumState { DOCKED, IDLE, CLEANING, RETURNING, PAUSED, ERROR;

        /** As Home Assistant spells it. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final boolean enabled;
    private final Discovery discovery;
    private final MqttBridge bridge;
    private final WallyRuntime runtime;
    private final Optional<BatteryMonitor> battery;
    private final OccupancyGrid grid;
    private final ObjectMapper json = new ObjectMapper();
    private final BlockingQueue<Runnable> inbox = new ArrayBlockingQueue<>(INBOX_CAPACITY);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private final LongAdder rejected = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder picturesPublished = new LongAdder();
    private final ReplicatedNavGraph.Reader reader;

    // ---- owned by the adapter's thread ----
    private List<Discovery.Place> places = List.of();
    private Map<String, String> slugs = Map.of();
    private final Map<String, double[]> placeXy = new LinkedHashMap<>();
    private String dockName;
    private Set<String> announced = new HashSet<>();
    /** Configs of this robot the broker held before the first announcement: removed then unless announced again. */
    private final Set<String> retainedBeforeAnnounce = new HashSet<>();
    private long placesVersion = -1;
    private long placesCheckedNanos;
    private long stateNanos;
    private String lastState = "";
    private String lastVacuum = "";
    private String lastAttributes = "";
    private MapPicture picture;
    private long pictureNanos;
    private String pictureKey = "";
    private double lastX = Double.NaN;
    private double lastY;
    private long lastPoseNanos;
    private double speedMps;
    private boolean paused;
    private String lastTarget;
    private final Deque<String> segments = new ArrayDeque<>();
    private long segmentGoalId;

    private HomeAssistantAdapter(WallyConfig config, MqttBridge bridge, WallyRuntime runtime,
            Optional<BatteryMonitor> battery, OccupancyGrid grid, Discovery.Device device) {
        WallyConfig.HomeAssistant ha = config.homeassistant() == null ? WallyConfig.HomeAssistant.OFF : config.homeassistant();
        this.enabled = ha.enabled();
        this.discovery = new Discovery(config.robot().id(), ha.discoveryPrefix(), device);
        this.bridge = bridge;
        this.runtime = runtime;
        this.battery = battery;
        this.grid = grid;
        this.reader = runtime.graph().newReader();
        this.thread = Thread.ofPlatform().name("wally-homeassistant").daemon().unstarted(this::loop);
    }

    /**
     * Starts the adapter on {@code bridge} for {@code runtime} (attached to the bridge already): enabled, it
     * announces the robot; disabled, it removes what an earlier run announced.
     *
     * @param battery the robot's battery monitor, if it has one
     * @param grid    the occupancy grid of the map, for the picture (null: no picture entity)
     * @param device  model, software version, dashboard URL for the device block
     */
    public static HomeAssistantAdapter start(WallyConfig config, MqttBridge bridge, WallyRuntime runtime,
            Optional<BatteryMonitor> battery, OccupancyGrid grid, Discovery.Device device) {
        HomeAssistantAdapter adapter = new HomeAssistantAdapter(config, bridge, runtime, battery, grid, device);
        adapter.thread.start();
        bridge.addAdapter(adapter);
        return adapter;
    }

    /**
     * {@link #start} as {@code wally run} and {@code wally sim} use it: the grid read from {@code map.file}
     * (a named-places or ROS map YAML; without one, or unreadable, no picture: logged), the battery of
     * {@code robot}, the model from {@code robot.kind}, the build's version.
     */
    public static HomeAssistantAdapter startFor(WallyConfig config, MqttBridge bridge, WallyRuntime runtime, Robot robot) {
        OccupancyGrid grid = null;
        String file = config.map() == null ? null : config.map().file();
        if (file != null && config.homeassistant() != null && config.homeassistant().enabled()) {
            try {
                grid = RuntimeMap.readGrid(Path.of(file));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Home Assistant: no map picture, " + file + " has no readable grid: " + e.getMessage());
            }
        }
        String model = config.robot().kind() == WallyConfig.Robot.Kind.PI ? "WALLY Raspberry Pi kit" : "WALLY simulated robot";
        return start(config, bridge, runtime, config.batteryMonitor(robot.battery()), grid, new Discovery.Device(model, version(), null));
    }

    /** The build's version (what {@code wally --version} prints), or {@code unknown}. */
    static String version() {
        try {
            return WallyVersion.version();
        } catch (UncheckedIOException e) {
            return "unknown";
        }
    }

    /** The discovery this adapter announces (topics, configs). */
    public Discovery discovery() {
        return discovery;
    }

    /** Messages refused so far: queue full, unknown topic or payload, oversize, a removed place. */
    @Override
    public long rejected() {
        return rejected.sum();
    }

    /** Commands the command path refused (fault, no path, unknown place...): logged, not bad input. */
    public long refused() {
        return refused.sum();
    }

    /** Map pictures published so far. */
    public long picturesPublished() {
        return picturesPublished.sum();
    }

    // ---- MqttBridge.Adapter: transport threads ----------------------------------------------------

    @Override
    public List<String> filters() {
        return enabled ? List.of(discovery.commandFilter(), discovery.birthTopic(), discovery.configFilter())
                : List.of(discovery.configFilter());
    }

    @Override
    public void connected(int attempt) {
        // A broker without persistence forgets retained configs on a restart: announce again.
        post(() -> announce("connect " + attempt));
    }

    @Override
    public boolean offer(String topic, byte[] payload) {
        return post(() -> onMessage(topic, payload));
    }

    private boolean post(Runnable work) {
        if (inbox.offer(work)) {
            return true;
        }
        rejected.increment();
        LOG.log(System.Logger.Level.WARNING, "Home Assistant adapter: " + INBOX_CAPACITY + " messages waiting; one refused");
        return false;
    }

    // ---- the adapter's thread -----------------------------------------------------------------------

    private void loop() {
        while (running.get()) {
            try {
                Runnable next = inbox.poll(50, TimeUnit.MILLISECONDS);
                if (next != null) {
                    next.run();
                }
                if (enabled) {
                    tick(System.nanoTime());
                }
            } catch (InterruptedException e) {
                if (!running.get()) {
                    return;
                }
            } catch (RuntimeException e) {
                // A bug in one message's handling must not end the adapter: log, count, go on.
                rejected.increment();
                LOG.log(System.Logger.Level.ERROR, "Home Assistant adapter failed on one message", e);
            }
        }
    }

    private void onMessage(String topic, byte[] payload) {
        if (topic.equals(discovery.birthTopic())) {
            if (new String(payload, StandardCharsets.UTF_8).strip().equals("online")) {
                announce("Home Assistant birth message");
            }
            return;
        }
        if (discovery.isConfigTopic(topic)) {
            // A retained config of this robot on the broker: remove it unless we announce it. Before our first
            // announcement, wait for it (removing and re-adding an entity would make Home Assistant flicker).
            if (payload.length == 0 || announced.contains(topic)) {
                return;
            }
            if (enabled && announced.isEmpty()) {
                retainedBeforeAnnounce.add(topic);
            } else {
                LOG.log(System.Logger.Level.INFO, "Home Assistant: removing entity " + topic);
                bridge.publishLatest(topic, EMPTY, true);
            }
            return;
        }
        String what = discovery.commandOf(topic);
        if (what == null || !enabled) {
            bad(topic, "not a command topic");
            return;
        }
        String text = new String(payload, StandardCharsets.UTF_8).strip();
        switch (what) {
            case "vacuum" -> vacuumCommand(topic, text);
            case "vacuum_send" -> sendCommand(topic, text);
            case "go_to" -> {
                if (!placeNames().contains(text)) {
                    bad(topic, "no place named " + PlaceText.shown(text));
                } else {
                    clearSegments();
                    goTo(text, "go to");
                }
            }
            case "dock" -> press(topic, text, this::dock);
            case "stop" -> press(topic, text, () -> stop("stop button"));
            default -> {
                if (what.startsWith("room/")) {
                    String room = roomOf(what.substring("room/".length()));
                    if (room == null) {
                        bad(topic, "no room with that button (removed from the map?)");
                    } else {
                        press(topic, text, () -> {
                            clearSegments();
                            goTo(room, "room button");
                        });
                    }
                } else {
                    bad(topic, "unknown command topic");
                }
            }
        }
    }

    private void press(String topic, String text, Runnable action) {
        if (!text.equals("PRESS")) {
            bad(topic, "payload must be PRESS; was " + PlaceText.shown(text));
            return;
        }
        action.run();
    }

    private void vacuumCommand(String topic, String text) {
        switch (text) {
            case "start" -> start();
            case "pause" -> {
                if (runtime.mission().state() == Mission.State.DRIVING) {
                    lastTarget = runtime.mission().goal();
                    submit(new Request.Stop("home assistant: pause"), "pause");
                    paused = true;
                }
            }
            case "stop" -> stop("vacuum stop");
            case "return_to_base" -> dock();
            case "locate" -> {
                // No beeper on the kit: the robot says where it is in its log (the simulator's way too).
                StateViews.Status s = runtime.status();
                LOG.log(System.Logger.Level.INFO, String.format(Locale.ROOT,
                        "locate: robot %s is at (%.2f, %.2f), heading %.0f°", bridge.topics().status(), Numbers.round(s.xMeters(), 2),
                        Numbers.round(s.yMeters(), 2), Numbers.round(s.headingDegrees(), 0)));
            }
            default -> bad(topic, "unknown vacuum command " + PlaceText.shown(text)
                    + " (start, pause, stop, return_to_base, locate)");
        }
    }

    /**
     * {@code send_command}: {@code {"command": "clean_segments", "segments": ["kitchen", ...]}} drives to the
     * rooms in order; {@code {"command": "go_to", "place": "kitchen"}} drives to one place.
     */
    private void sendCommand(String topic, String text) {
        JsonNode tree;
        try {
            tree = json.readTree(text);
        } catch (JsonProcessingException e) {
            bad(topic, "not JSON: " + PlaceText.shown(text));
            return;
        }
        if (tree == null || !tree.isObject() || !tree.path("command").isTextual()) {
            bad(topic, "must be {\"command\": ..., ...}; was " + PlaceText.shown(text));
            return;
        }
        switch (tree.get("command").asText()) {
            case "clean_segments" -> {
                JsonNode list = tree.path("segments");
                if (!list.isArray() || list.isEmpty() || list.size() > 64) {
                    bad(topic, "clean_segments needs \"segments\": 1 to 64 room names");
                    return;
                }
                List<String> rooms = new ArrayList<>();
                Set<String> known = roomNames();
                for (JsonNode n : list) {
                    if (!n.isTextual() || !known.contains(n.asText())) {
                        bad(topic, "no room named " + PlaceText.shown(n.asText()) + " (rooms: " + known + ")");
                        return;
                    }
                    rooms.add(n.asText());
                }
                clearSegments();
                segments.addAll(rooms);
                nextSegment();
            }
            case "go_to" -> {
                String place = tree.path("place").asText("");
                if (!placeNames().contains(place)) {
                    bad(topic, "no place named " + PlaceText.shown(place));
                    return;
                }
                clearSegments();
                goTo(place, "go_to");
            }
            default -> bad(topic, "unknown command " + PlaceText.shown(tree.get("command").asText())
                    + " (clean_segments, go_to)");
        }
    }

    private void start() {
        if (!segments.isEmpty() && paused) {
            paused = false;
            segments.addFirst(lastTarget);
            nextSegment();
            return;
        }
        String target = lastTarget != null ? lastTarget : runtime.mission().goal();
        if (target == null) {
            refused.increment();
            LOG.log(System.Logger.Level.INFO, "Home Assistant start: no goal to resume (choose one with \"go to\")");
            return;
        }
        goTo(target, "start");
    }

    private void dock() {
        clearSegments();
        if (dockName == null) {
            refused.increment();
            LOG.log(System.Logger.Level.WARNING, "Home Assistant dock: the map has no place of kind dock");
            return;
        }
        goTo(dockName, "dock");
    }

    private void stop(String why) {
        clearSegments();
        paused = false;
        submit(new Request.Stop("home assistant: " + why), why);
    }

    private void clearSegments() {
        segments.clear();
        segmentGoalId = 0;
    }

    private void nextSegment() {
        String room = segments.pollFirst();
        if (room == null) {
            segmentGoalId = 0;
            return;
        }
        segmentGoalId = -1; // set to the mission's goal id once the runtime accepted the goal
        goTo(room, "clean segments");
    }

    private void goTo(String place, String why) {
        paused = false;
        lastTarget = place;
        boolean segment = segmentGoalId == -1;
        submit(new Request.GoTo(new Place.Named(place)), why + " " + place, result -> {
            if (segment && result instanceof Map<?, ?> m && m.get("goalId") instanceof Number id) {
                post(() -> {
                    if (segmentGoalId == -1) {
                        segmentGoalId = id.longValue();
                    }
                });
            }
        });
    }

    private void submit(Request request, String what) {
        submit(request, what, result -> { });
    }

    /** Submits through the command path; a refusal is logged and counted (its reason shows in Home Assistant's log). */
    private void submit(Request request, String what, java.util.function.Consumer<Object> onOk) {
        runtime.submit(request, new CommandReply() {
            @Override
            public void ok(Object result) {
                onOk.accept(result);
            }

            @Override
            public void error(ErrorCode code, String message) {
                refused.increment();
                LOG.log(System.Logger.Level.WARNING, "Home Assistant " + what + " refused: " + code.wireName() + ": " + message);
                if (request instanceof Request.GoTo) {
                    post(HomeAssistantAdapter.this::clearSegments);
                }
            }
        });
    }

    private void bad(String topic, String why) {
        rejected.increment();
        LOG.log(System.Logger.Level.WARNING, "Home Assistant message on " + topic + " ignored: " + why);
    }

    private Set<String> placeNames() {
        Set<String> names = new HashSet<>();
        places.forEach(p -> names.add(p.name()));
        return names;
    }

    private Set<String> roomNames() {
        Set<String> names = new java.util.TreeSet<>();
        places.stream().filter(Discovery.Place::room).forEach(p -> names.add(p.name()));
        return names;
    }

    private String roomOf(String slug) {
        for (Discovery.Place p : places) {
            if (p.room() && slug.equals(slugs.get(p.name()))) {
                return p.name();
            }
        }
        return null;
    }

    // ---- announcing -----------------------------------------------------------------------------------

    /** Publishes every config (and removes the ones no longer announced), then every state anew. */
    private void announce(String why) {
        if (!enabled) {
            return; // the config filter's retained messages tell what to remove
        }
        scanPlaces();
        Map<String, ObjectNode> configs = discovery.configs(places, slugs);
        if (grid == null) {
            configs.remove(discovery.configTopic("image", "map"));
        }
        Set<String> now = new HashSet<>(configs.keySet());
        Set<String> before = new HashSet<>(announced);
        before.addAll(retainedBeforeAnnounce);
        retainedBeforeAnnounce.clear();
        for (String old : before) {
            if (!now.contains(old)) {
                LOG.log(System.Logger.Level.INFO, "Home Assistant: removing entity " + old);
                bridge.publishLatest(old, EMPTY, true);
            }
        }
        announced = now;
        configs.forEach((topic, config) -> bridge.publishLatest(topic, bytes(config), true));
        lastState = "";
        lastVacuum = "";
        lastAttributes = "";
        pictureKey = "";
        pictureNanos = 0;
        LOG.log(System.Logger.Level.INFO, "Home Assistant: " + configs.size() + " entities announced (" + why + ")");
    }

    private void scanPlaces() {
        List<Discovery.Place> found = new ArrayList<>();
        placeXy.clear();
        String dock = null;
        try (ReplicatedNavGraph.ReadView view = reader.acquire()) {
            placesVersion = view.version();
            int limit = view.nodeIdLimit();
            for (int node = 0; node < limit; node++) {
                if (!view.containsNode(node)) {
                    continue;
                }
                Optional<String> name = view.name(node);
                if (name.isEmpty()) {
                    continue;
                }
                int labels = view.labels(node);
                String kind = (labels & PlaceKind.DOCK.labelBit()) != 0 ? "dock"
                        : (labels & PlaceKind.ROOM.labelBit()) != 0 ? "room"
                        : (labels & PlaceKind.WAYPOINT.labelBit()) != 0 ? "waypoint" : "place";
                found.add(new Discovery.Place(name.get(), kind));
                placeXy.put(name.get(), new double[] {view.x(node), view.y(node)});
                if (kind.equals("dock") && dock == null) {
                    dock = name.get();
                }
            }
        }
        places = List.copyOf(found);
        slugs = Discovery.slugs(places);
        dockName = dock;
        if (picture == null && grid != null) {
            List<MapPicture.Label> labels = new ArrayList<>();
            placeXy.forEach((n, xy) -> labels.add(new MapPicture.Label(n, xy[0], xy[1])));
            picture = new MapPicture(grid, labels);
        }
    }

    private void tick(long now) {
        if (announced.isEmpty()) {
            return; // nothing announced yet (not connected): states would describe no entity
        }
        if (now - placesCheckedNanos >= PLACES_INTERVAL_NANOS) {
            placesCheckedNanos = now;
            if (runtime.graph().publishedVersion() != placesVersion) {
                List<Discovery.Place> before = places;
                scanPlaces();
                if (!before.equals(places)) {
                    announce("places changed");
                }
            }
        }
        if (now - stateNanos < STATE_INTERVAL_NANOS) {
            return;
        }
        stateNanos = now;
        StateViews.Status s = runtime.status();
        Mission mission = runtime.mission();
        followSegments(mission);
        updateSpeed(s, now);
        VacuumState vacuum = vacuumState(s, mission);
        publishIfChanged(discovery.vacuumStateTopic(), Map.of("state", vacuum.wire()), 0);
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("segments", roomNames());
        attributes.put("goal", mission.goal());
        attributes.put("segments_left", List.copyOf(segments));
        publishIfChanged(discovery.vacuumAttributesTopic(), attributes, 1);
        publishIfChanged(discovery.stateTopic(), stateJson(s, mission), 2);
        publishPicture(s, mission, now);
    }

    /** Drives to the next room of "clean segments" once the runtime reports the current one reached. */
    private void followSegments(Mission mission) {
        if (segmentGoalId <= 0 || mission.goalId() != segmentGoalId) {
            return;
        }
        switch (mission.state()) {
            case ARRIVED -> nextSegment();
            case FAILED, STOPPED -> {
                if (!paused) {
                    clearSegments();
                }
            }
            default -> { }
        }
    }

    private void updateSpeed(StateViews.Status s, long now) {
        if (!Double.isNaN(lastX) && now > lastPoseNanos) {
            double v = Math.hypot(s.xMeters() - lastX, s.yMeters() - lastY) / ((now - lastPoseNanos) / 1e9);
            speedMps = v;
        }
        lastX = s.xMeters();
        lastY = s.yMeters();
        lastPoseNanos = now;
    }

    /** The vacuum state from published state: fault first, then pause, the goal, the dock. */
    VacuumState vacuumState(StateViews.Status s, Mission mission) {
        if (s.fault() != null) {
            return VacuumState.ERROR;
        }
        if (paused) {
            return VacuumState.PAUSED;
        }
        if (mission.state() == Mission.State.DRIVING) {
            return Objects.equals(mission.goal(), dockName) ? VacuumState.RETURNING : VacuumState.CLEANING;
        }
        if (!segments.isEmpty() || segmentGoalId == -1) {
            return VacuumState.CLEANING; // between two rooms of "clean segments"
        }
        double[] dock = dockName == null ? null : placeXy.get(dockName);
        if (dock != null && Math.hypot(s.xMeters() - dock[0], s.yMeters() - dock[1]) <= DOCKED_WITHIN_METERS) {
            return VacuumState.DOCKED;
        }
        return VacuumState.IDLE;
    }

    private Map<String, Object> stateJson(StateViews.Status s, Mission mission) {
        Map<String, Object> m = new LinkedHashMap<>();
        BatteryReading b = battery.map(BatteryMonitor::latest).orElse(null);
        boolean batteryOk = b != null && b.health() == Health.OK;
        m.put("battery", batteryOk ? batteryPercent(b) : null);
        m.put("battery_voltage", batteryOk ? round(b.busVolts(), 2) : null);
        m.put("mission", mission.state().name().toLowerCase(Locale.ROOT));
        m.put("goal", mission.state() == Mission.State.DRIVING && mission.goal() != null ? mission.goal() : "none");
        m.put("distance_to_goal", mission.state() == Mission.State.DRIVING ? round(s.remainingMeters(), 2) : 0.0);
        m.put("speed", round(speedMps, 2));
        m.put("fault", s.fault() == null ? "OFF" : "ON");
        m.put("fault_reason", s.fault() == null ? "" : s.fault());
        String goal = mission.goal();
        m.put("go_to", mission.state() == Mission.State.DRIVING && goal != null && placeNames().contains(goal) ? goal : "None");
        return m;
    }

    /**
     * Battery charge, percent 0..100: the reading's own (the configured {@link BatteryCurve} through
     * {@link WallyConfig#batteryMonitor}, as in {@code telemetry/battery}),
     * else a 2S Li-ion pack's at its voltage.
     */
    public static int batteryPercent(BatteryReading reading) {
        double p = reading.hasPercent() ? reading.percent() : BatteryCurve.TWO_CELL_LI_ION.percent(reading.busVolts(), reading.currentAmps());
        return (int) Math.round(p);
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    private void publishIfChanged(String topic, Object payload, int slot) {
        byte[] bytes = bytes(payload);
        String text = new String(bytes, StandardCharsets.UTF_8);
        String before = switch (slot) {
            case 0 -> lastVacuum;
            case 1 -> lastAttributes;
            default -> lastState;
        };
        if (text.equals(before)) {
            return;
        }
        switch (slot) {
            case 0 -> lastVacuum = text;
            case 1 -> lastAttributes = text;
            default -> lastState = text;
        }
        bridge.publishLatest(topic, bytes, true);
    }

    private void publishPicture(StateViews.Status s, Mission mission, long now) {
        if (picture == null || now - pictureNanos < PICTURE_INTERVAL_NANOS) {
            return;
        }
        double[][] path = mission.state() == Mission.State.DRIVING ? runtime.activePath() : new double[0][];
        double[] goal = path.length > 0 ? path[path.length - 1] : null;
        int ahead = s.remainingWaypoints();
        if (ahead > 0 && ahead < path.length) {
            path = java.util.Arrays.copyOfRange(path, path.length - ahead, path.length); // only what is still to drive
        }
        // What the picture shows, at its resolution: republished only when that changes.
        double cell = grid.resolutionMetres();
        String key = Math.round(s.xMeters() / cell) + "," + Math.round(s.yMeters() / cell) + ","
                + Math.round(s.headingDegrees() / 10) + "," + path.length + "," + (goal == null ? "-" : goal[0] + ":" + goal[1]);
        if (key.equals(pictureKey)) {
            return;
        }
        pictureKey = key;
        pictureNanos = now;
        bridge.publishLatest(discovery.mapTopic(),
                picture.png(s.xMeters(), s.yMeters(), Math.toRadians(s.headingDegrees()), path, goal), true);
        picturesPublished.increment();
    }

    private byte[] bytes(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Home Assistant payload failed to serialise", e);
        }
    }

    /** Stops the adapter's thread and its hand-off from the bridge. Idempotent. */
    @Override
    public void close() {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        bridge.removeAdapter(this);
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
