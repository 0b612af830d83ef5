package io.wally.runtime.vda5050;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wally.hal.BatteryMonitor;
import io.wally.hal.BatteryReading;
import io.wally.hal.Health;
import io.wally.hal.Robot;
import io.wally.maps.NavGraph;
import io.wally.maps.concurrent.ReplicatedNavGraph;
import io.wally.runtime.WallyRuntime;
import io.wally.runtime.agent.Mission;
import io.wally.runtime.agent.StateViews;
import io.wally.runtime.command.Algorithm;
import io.wally.runtime.command.CommandReply;
import io.wally.runtime.command.ErrorCode;
import io.wally.runtime.command.Place;
import io.wally.runtime.command.Request;
import io.wally.runtime.config.ConfigException;
import io.wally.runtime.config.SecretsFile;
import io.wally.runtime.config.WallyConfig;
import io.wally.runtime.homeassistant.HomeAssistantAdapter;
import io.wally.runtime.mqtt.MqttClientIds;
import io.wally.runtime.mqtt.MqttClientSettings;
import io.wally.runtime.mqtt.MqttStartException;
import io.wally.runtime.mqtt.MqttTransport;
import io.wally.runtime.mqtt.MqttTransportException;
import io.wally.runtime.mqtt.PahoMqttTransport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The robot as a VDA 5050 AGV (docs/fleet.md): master control's {@code order} and {@code instantActions} in,
 * {@code state}, {@code visualization}, {@code connection} and {@code factsheet} out, on
 * {@code <interfaceName>/v2/<manufacturer>/<serialNumber>/…}.
 *
 * <p>Orders: each node is matched to the navigation graph (by {@code nodeId} when a place has that name,
 * else the nearest free node within the node's {@code allowedDeviationXY} of its position); every leg of the
 * released base is planned through the command path before the order is accepted (a leg without a route
 * refuses it with {@code noRouteError}); the base is then driven node by node with {@link Request.GoTo}s
 * submitted to {@link WallyRuntime#submit} — never around it — and the horizon waits for an order update.
 *
 * <p>Its own MQTT connection (not the bridge's): the standard's Last Will ({@code CONNECTIONBROKEN} on
 * {@code connection}, retained, QoS 1) is not WALLY's {@code offline}. Same broker and credentials as
 * {@code mqtt}; its client id is the bridge's with a {@code v-} prefix.
 *
 * <p>Threading: one thread of its own ({@code wally-vda5050}) owns every order and state field and publishes
 * everything; the transport's threads and the runtime's reply threads only queue work ({@link #post}, bounded:
 * beyond {@value #INBOX_CAPACITY} waiting a message is dropped and counted). Lifecycle: {@link #start}
 * connects in the background; {@link #close} publishes {@code OFFLINE} and disconnects.
 */
public final class Vda5050Adapter implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Vda5050Adapter.class.getName());
    /** Messages and replies waiting for the adapter's thread. */
    static final int INBOX_CAPACITY = 4096;
    /** The state is published at least this often (the standard: at most 30 s apart). */
    static final long STATE_MAX_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** A changed state is published at most this often: a burst of bad messages makes one state, not thousands. */
    static final long STATE_MIN_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** Visualization at 5 Hz. */
    static final long VISUALIZATION_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** A node position without {@code allowedDeviationXY} (or 0) matches graph nodes this close, metres. */
    static final double DEFAULT_DEVIATION_METERS = 0.25;
    /** Most errors and action states the state carries (the oldest go first). */
    static final int MAX_ERRORS = 16;
    static final int MAX_ACTION_STATES = 32;
    /**
     * MQTT keep-alive of the adapter's connection. A process that dies closes its socket and the broker sends
     * the Last Will at once; a robot that vanishes without closing it (power cut, cable pulled) is declared
     * {@code CONNECTIONBROKEN} by the broker after 1.5 times this.
     */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(5);
    /** Instant actions this robot carries out. */
    static final List<String> INSTANT_ACTIONS =
            List.of("cancelOrder", "startPause", "stopPause", "initPosition", "factsheetRequest", "stateRequest");

    private final WallyRuntime runtime;
    private final Optional<BatteryMonitor> battery;
    private final Vda5050Topics topics;
    private final Vda5050Messages messages;
    private final MqttTransport transport;
    private final ObjectMapper json = new ObjectMapper();
    private final BlockingQueue<Runnable> inbox = new ArrayBlockingQueue<>(INBOX_CAPACITY);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private final ReplicatedNavGraph.Reader reader;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder refusedMessages = new LongAdder();
    private final LongAdder ordersAccepted = new LongAdder();
    private final LongAdder statesPublished = new LongAdder();
    private final LongAdder published = new LongAdder();

    // ---- owned by the adapter's thread ----
    private String orderId = "";
    private long orderUpdateId;
    private final List<OrderMessage.Node> nodeStates = new ArrayList<>();
    private final List<OrderMessage.Edge> edgeStates = new ArrayList<>();
    private final Map<Long, Target> targets = new HashMap<>();
    private boolean firstNodePending;
    private String lastNodeId = "";
    private long lastNodeSequenceId;
    private double[] lastNodeXy;
    /** 0: no goal; -1: a goal submitted, its reply not in yet; else the mission's goal id. */
    private long goalId;
    /** Counts goal submissions and cancellations: a reply for an older one is ignored. */
    private long goalRequest;
    private boolean paused;
    private boolean validating;
    private final Deque<JsonNode> waitingOrders = new ArrayDeque<>();
    private final Deque<Vda5050Error> errors = new ArrayDeque<>();
    private final LinkedHashMap<String, Map<String, Object>> actionStates = new LinkedHashMap<>();
    private boolean changed = true;
    private long stateNanos = Long.MIN_VALUE / 2;
    private long visualizationNanos = Long.MIN_VALUE / 2;
    private double lastX = Double.NaN;
    private double lastY;
    private double lastHeading;
    private long lastPoseNanos;
    private double vx;
    private double omega;

    /** Where a node of the order leads: the place submitted and its position on the graph. */
    private record Target(Place place, double xMeters, double yMeters) {
    }

    private Vda5050Adapter(WallyRuntime runtime, Optional<BatteryMonitor> battery, Vda5050Topics topics,
            Vda5050Messages messages, MqttTransport transport) {
        this.runtime = runtime;
        this.battery = battery;
        this.topics = topics;
        this.messages = messages;
        this.transport = transport;
        this.reader = runtime.graph().newReader();
        this.thread = Thread.ofPlatform().name("wally-vda5050-" + topics.serialNumber()).daemon().unstarted(this::loop);
    }

    /**
     * Starts the interface for {@code runtime} over {@code transport} (which must carry the Last Will of
     * {@link Vda5050Messages#connection} with {@code CONNECTIONBROKEN} on {@link Vda5050Topics#connection}).
     */
    public static Vda5050Adapter start(WallyRuntime runtime, Optional<BatteryMonitor> battery, Vda5050Topics topics,
            Vda5050Messages messages, MqttTransport transport) {
        Vda5050Adapter adapter = new Vda5050Adapter(runtime, battery, topics, messages, transport);
        adapter.thread.start();
        transport.start(adapter.new Listener());
        return adapter;
    }

    /**
     * {@link #start} as {@code wally run} and {@code wally sim} use it: nothing when {@code vda5050.enabled} is
     * false (empty), else a Paho connection to {@code brokerUrl} (the runtime's broker, the embedded one's
     * URL included) with {@code mqtt}'s credentials and TLS.
     *
     * @throws MqttStartException when the broker URL, the secrets file or the TLS files are unusable
     */
    public static Optional<Vda5050Adapter> startFor(WallyConfig config, String brokerUrl, WallyRuntime runtime, Robot robot)
            throws MqttStartException {
        WallyConfig.Vda5050 v = config.vda5050();
        if (v == null || !v.enabled()) {
            return Optional.empty();
        }
        Vda5050Topics topics = Vda5050Topics.of(config);
        Vda5050Messages messages = new Vda5050Messages(topics, v.version(), config);
        try {
            WallyConfig.Mqtt mqtt = SecretsFile.apply(config.mqtt());
            String clientId = "v-" + MqttClientIds.forRobot(config.robot().id(), Path.of(config.store().dir()));
            MqttClientSettings settings = new MqttClientSettings(brokerUrl, clientId.length() > 23 ? clientId.substring(0, 23) : clientId,
                    mqtt.username(), mqtt.password(),
                    mqtt.tls() == null ? MqttClientSettings.Tls.NONE
                            : new MqttClientSettings.Tls(mqtt.tls().caFile(), mqtt.tls().certFile(), mqtt.tls().keyFile()),
                    topics.connection(), messages.connection("CONNECTIONBROKEN"),
                    KEEP_ALIVE, Duration.ofMillis(200), Duration.ofSeconds(5), true);
            return Optional.of(start(runtime, config.batteryMonitor(robot.battery()), topics, messages, new PahoMqttTransport(settings)));
        } catch (ConfigException | IllegalArgumentException | MqttTransportException e) {
            throw new MqttStartException("VDA 5050: " + e.getMessage(), e);
        }
    }

    /** The topics this robot serves. */
    public Vda5050Topics topics() {
        return topics;
    }

    /** Messages refused so far: not JSON, schema-invalid, stale or for another robot, unknown topic. */
    public long refusedMessages() {
        return refusedMessages.sum();
    }

    /** Messages dropped because {@value #INBOX_CAPACITY} were already waiting. */
    public long dropped() {
        return dropped.sum();
    }

    /** Orders and order updates accepted so far. */
    public long ordersAccepted() {
        return ordersAccepted.sum();
    }

    /** State messages published so far. */
    public long statesPublished() {
        return statesPublished.sum();
    }

    /** Whether the adapter's connection to the broker is up. */
    public boolean isConnected() {
        return transport.isConnected();
    }

    // ---- transport threads ------------------------------------------------------------------------------

    private final class Listener implements MqttTransport.Listener {
        @Override
        public void connected(int attempt) {
            post(Vda5050Adapter.this::onConnected);
        }

        @Override
        public void connectionLost(Throwable cause) {
            LOG.log(System.Logger.Level.WARNING, "VDA 5050: connection lost (" + cause + "); reconnecting");
        }

        @Override
        public void messageArrived(String topic, byte[] payload) {
            post(() -> onMessage(topic, payload));
        }
    }

    private boolean post(Runnable work) {
        if (inbox.offer(work)) {
            return true;
        }
        dropped.increment();
        return false;
    }

    // ---- the adapter's thread ---------------------------------------------------------------------------

    private void loop() {
        while (running.get()) {
            try {
                Runnable next = inbox.poll(20, TimeUnit.MILLISECONDS);
                for (int i = 0; next != null && i < 256; i++) {
                    next.run();
                    next = inbox.poll();
                }
                if (next != null) {
                    next.run();
                }
                tick(System.nanoTime());
            } catch (InterruptedException e) {
                if (!running.get()) {
                    return;
                }
            } catch (RuntimeException e) {
                // A bug in one message's handling must not end the interface: log, count, go on.
                refusedMessages.increment();
                LOG.log(System.Logger.Level.ERROR, "VDA 5050 adapter failed on one message", e);
            }
        }
    }

    private void onConnected() {
        try {
            transport.subscribe(topics.order(), 0);
            transport.subscribe(topics.instantActions(), 0);
        } catch (MqttTransportException e) {
            LOG.log(System.Logger.Level.WARNING, "VDA 5050: subscribing failed: " + e.getMessage());
            return;
        }
        publish(topics.connection(), messages.connection("ONLINE"), 1, true);
        publish(topics.factsheet(), messages.factsheet(INSTANT_ACTIONS), 0, true);
        changed = true;
        stateNanos = Long.MIN_VALUE / 2;
    }

    private void onMessage(String topic, byte[] payload) {
        JsonNode tree;
        try {
            tree = json.readTree(payload);
        } catch (java.io.IOException e) {
            tree = null;
        }
        if (topic.equals(topics.order())) {
            if (validating) {
                if (tree != null) {
                    waitingOrders.add(tree);
                    return;
                }
            }
            onOrder(tree);
        } else if (topic.equals(topics.instantActions())) {
            onInstantActions(tree);
        } else {
            refusedMessages.increment();
        }
    }

    // ---- orders -------------------------------------------------------------------------------------------

    private void onOrder(JsonNode tree) {
        OrderMessage order;
        try {
            order = OrderMessage.read(tree, topics.manufacturer(), topics.serialNumber());
        } catch (Vda5050Error.Refusal r) {
            refuse(r.error());
            return;
        }
        Map<String, String> ref = Map.of("orderId", order.orderId(), "orderUpdateId", Long.toString(order.orderUpdateId()));
        boolean update = order.orderId().equals(orderId);
        if (update && order.orderUpdateId() < orderUpdateId) {
            refuse(Vda5050Error.warning("orderUpdateError", "orderUpdateId " + order.orderUpdateId()
                    + " is older than the current " + orderUpdateId + " of order " + orderId, ref));
            return;
        }
        if (update && order.orderUpdateId() == orderUpdateId) {
            changed = true; // the same update again: nothing to do; master control gets the state
            return;
        }
        if (update) {
            OrderMessage.Node stitch = order.nodes().get(0);
            OrderMessage.Node baseEnd = baseEnd();
            if (baseEnd == null || !baseEnd.nodeId().equals(stitch.nodeId()) || baseEnd.sequenceId() != stitch.sequenceId()) {
                refuse(Vda5050Error.warning("orderUpdateError", "an update's first node must be the end of the current base ("
                        + (baseEnd == null ? "none" : baseEnd.nodeId() + "/" + baseEnd.sequenceId()) + "); was "
                        + stitch.nodeId() + "/" + stitch.sequenceId(), ref));
                return;
            }
        } else if (nodeStates.stream().anyMatch(OrderMessage.Node::released)) {
            refuse(Vda5050Error.warning("orderUpdateError", "order " + orderId + " is still being driven; cancel it first"
                    + " (cancelOrder) or update it", ref));
            return;
        }
        Map<Long, Target> resolved = new HashMap<>();
        try (ReplicatedNavGraph.ReadView view = reader.acquire()) {
            for (OrderMessage.Node n : order.nodes()) {
                resolved.put(n.sequenceId(), resolve(view, n));
            }
        } catch (Vda5050Error.Refusal r) {
            refuse(r.error());
            return;
        }
        checkRoutes(order, update, resolved, ref);
    }

    /** The last released node of the current order still to drive to, or the last one passed. */
    private OrderMessage.Node baseEnd() {
        OrderMessage.Node end = null;
        for (OrderMessage.Node n : nodeStates) {
            if (n.released()) {
                end = n;
            }
        }
        if (end == null && !lastNodeId.isEmpty()) {
            end = new OrderMessage.Node(lastNodeId, lastNodeSequenceId, true, false, 0, 0, null, 0);
        }
        return end;
    }

    private Target resolve(ReplicatedNavGraph.ReadView view, OrderMessage.Node n) throws Vda5050Error.Refusal {
        int named = view.nodeId(n.nodeId());
        if (named != NavGraph.NO_NODE) {
            return new Target(new Place.Named(n.nodeId()), view.x(named), view.y(named));
        }
        Map<String, String> ref = Map.of("nodeId", n.nodeId());
        if (!n.hasPosition()) {
            throw new Vda5050Error.Refusal(Vda5050Error.warning("noRouteError", "node " + n.nodeId()
                    + " names no place of the map and has no nodePosition", ref));
        }
        if (!n.mapId().equals(messages.mapId())) {
            throw new Vda5050Error.Refusal(Vda5050Error.warning("noRouteError", "node " + n.nodeId() + " is on map "
                    + n.mapId() + "; this robot drives on map " + messages.mapId(), ref));
        }
        double within = n.allowedDeviationMeters() > 0 ? n.allowedDeviationMeters() : DEFAULT_DEVIATION_METERS;
        int best = NavGraph.NO_NODE;
        double bestDistance = within;
        int limit = view.nodeIdLimit();
        for (int node = 0; node < limit; node++) {
            if (view.containsNode(node) && !view.isBlocked(node)) {
                double d = Math.hypot(view.x(node) - n.xMeters(), view.y(node) - n.yMeters());
                if (d <= bestDistance) {
                    bestDistance = d;
                    best = node;
                }
            }
        }
        if (best == NavGraph.NO_NODE) {
            throw new Vda5050Error.Refusal(Vda5050Error.warning("noRouteError", "node " + n.nodeId() + " at ("
                    + n.xMeters() + ", " + n.yMeters() + ") has no free place of the map within " + within + " m", ref));
        }
        return new Target(new Place.Node(best), view.x(best), view.y(best));
    }

    /**
     * Plans every leg of the new released base through the command path (the robot to the first node still to
     * drive, then node to node); accepts the order when all have a route, refuses it with {@code noRouteError}
     * otherwise. Orders arriving meanwhile wait their turn.
     */
    private void checkRoutes(OrderMessage order, boolean update, Map<Long, Target> resolved, Map<String, String> ref) {
        List<Place[]> legs = new ArrayList<>();
        Place from = null;
        if (update) {
            OrderMessage.Node stitch = order.nodes().get(0);
            from = resolved.get(stitch.sequenceId()).place();
        }
        for (int i = update ? 1 : 0; i < order.nodes().size(); i++) {
            OrderMessage.Node n = order.nodes().get(i);
            if (!n.released()) {
                break;
            }
            Place to = resolved.get(n.sequenceId()).place();
            legs.add(new Place[] {from, to});
            from = to;
        }
        if (legs.isEmpty()) {
            accept(order, update, resolved);
            return;
        }
        validating = true;
        AtomicInteger left = new AtomicInteger(legs.size());
        AtomicBoolean failed = new AtomicBoolean();
        for (Place[] leg : legs) {
            runtime.submit(new Request.Plan(leg[0], leg[1], Algorithm.ASTAR), new CommandReply() {
                @Override
                public void ok(Object result) {
                    if (left.decrementAndGet() == 0 && !failed.get()) {
                        post(() -> routesChecked(order, update, resolved, null));
                    }
                }

                @Override
                public void error(ErrorCode code, String message) {
                    if (failed.compareAndSet(false, true)) {
                        String type = code == ErrorCode.NO_PATH || code == ErrorCode.UNKNOWN_NODE ? "noRouteError" : "orderError";
                        Vda5050Error e = Vda5050Error.warning(type, "no route from "
                                + (leg[0] == null ? "the robot" : leg[0].text()) + " to " + leg[1].text() + ": "
                                + code.wireName() + ": " + message, ref);
                        if (!post(() -> routesChecked(order, update, resolved, e))) {
                            LOG.log(System.Logger.Level.ERROR, "VDA 5050: route check result dropped");
                        }
                    }
                }
            });
        }
    }

    private void routesChecked(OrderMessage order, boolean update, Map<Long, Target> resolved, Vda5050Error error) {
        validating = false;
        if (error != null) {
            refuse(error);
        } else {
            accept(order, update, resolved);
        }
        while (!validating && !waitingOrders.isEmpty()) {
            onOrder(waitingOrders.poll());
        }
    }

    private void accept(OrderMessage order, boolean update, Map<Long, Target> resolved) {
        if (update) {
            long stitch = order.nodes().get(0).sequenceId();
            nodeStates.removeIf(n -> n.sequenceId() >= stitch);
            edgeStates.removeIf(e -> e.sequenceId() > stitch);
            boolean stitchPassed = lastNodeSequenceId == stitch && lastNodeId.equals(order.nodes().get(0).nodeId())
                    && nodeStates.isEmpty();
            nodeStates.addAll(stitchPassed ? order.nodes().subList(1, order.nodes().size()) : order.nodes());
            edgeStates.addAll(order.edges());
        } else {
            errors.clear();
            nodeStates.clear();
            edgeStates.clear();
            targets.clear();
            nodeStates.addAll(order.nodes());
            edgeStates.addAll(order.edges());
            firstNodePending = true;
            goalRequest++;
            goalId = 0;
        }
        targets.putAll(resolved);
        orderId = order.orderId();
        orderUpdateId = order.orderUpdateId();
        ordersAccepted.increment();
        changed = true;
    }

    private void refuse(Vda5050Error error) {
        refusedMessages.increment();
        addError(error);
        LOG.log(System.Logger.Level.INFO, "VDA 5050: " + error.type() + ": " + error.description());
    }

    private void addError(Vda5050Error error) {
        if (errors.size() == MAX_ERRORS) {
            errors.pollFirst();
        }
        errors.addLast(error);
        changed = true;
    }

    /** Drives the released base node by node through the command path. */
    private void drive(StateViews.Status status) {
        if (paused || validating || nodeStates.isEmpty() || goalId == -1) {
            return;
        }
        if (goalId > 0) {
            Mission mission = runtime.mission();
            if (mission.goalId() != goalId) {
                halt(Vda5050Error.warning("orderError", "the goal to node " + nodeStates.get(0).nodeId()
                        + " was replaced by another command", Map.of("orderId", orderId)));
                return;
            }
            switch (mission.state()) {
                case ARRIVED -> {
                    goalId = 0;
                    pass(nodeStates.get(0));
                }
                case FAILED, STOPPED -> halt(Vda5050Error.warning(mission.reason().contains("no path") ? "noRouteError" : "orderError",
                        "driving to node " + nodeStates.get(0).nodeId() + " " + mission.state().name().toLowerCase(java.util.Locale.ROOT)
                                + ": " + mission.reason(), Map.of("orderId", orderId, "nodeId", nodeStates.get(0).nodeId())));
                default -> { }
            }
            return;
        }
        OrderMessage.Node next = nodeStates.get(0);
        if (!next.released()) {
            return; // the horizon: wait for an update
        }
        Target target = targets.get(next.sequenceId());
        if (firstNodePending) {
            firstNodePending = false;
            double within = next.allowedDeviationMeters() > 0 ? next.allowedDeviationMeters() : DEFAULT_DEVIATION_METERS;
            if (Math.hypot(status.xMeters() - target.xMeters(), status.yMeters() - target.yMeters()) <= within) {
                pass(next); // the robot is on the order's first node already
                return;
            }
        }
        long request = ++goalRequest;
        goalId = -1;
        runtime.submit(new Request.GoTo(target.place()), new CommandReply() {
            @Override
            public void ok(Object result) {
                long id = result instanceof Map<?, ?> m && m.get("goalId") instanceof Number n ? n.longValue() : 0;
                post(() -> {
                    if (goalRequest == request) {
                        goalId = id;
                    }
                });
            }

            @Override
            public void error(ErrorCode code, String message) {
                post(() -> {
                    if (goalRequest == request) {
                        goalId = 0;
                        halt(Vda5050Error.warning(code == ErrorCode.NO_PATH || code == ErrorCode.UNKNOWN_NODE ? "noRouteError" : "orderError",
                                "goto " + target.place().text() + " refused: " + code.wireName() + ": " + message,
                                Map.of("orderId", orderId, "nodeId", next.nodeId())));
                    }
                });
            }
        });
    }

    private void pass(OrderMessage.Node node) {
        nodeStates.remove(0);
        edgeStates.removeIf(e -> e.sequenceId() < node.sequenceId());
        lastNodeId = node.nodeId();
        lastNodeSequenceId = node.sequenceId();
        Target t = targets.get(node.sequenceId());
        lastNodeXy = new double[] {t.xMeters(), t.yMeters()};
        changed = true;
    }

    /** The order cannot go on: the error is reported, the robot stays where it is until master control acts. */
    private void halt(Vda5050Error error) {
        goalId = 0;
        goalRequest++;
        nodeStates.clear();
        edgeStates.clear();
        addError(error);
    }

    // ---- instant actions ------------------------------------------------------------------------------

    private void onInstantActions(JsonNode tree) {
        JsonNode actions = tree == null ? null : tree.get("actions");
        if (tree == null || !tree.isObject() || actions == null || !actions.isArray()
                || !topics.serialNumber().equals(tree.path("serialNumber").asText(null))
                || !topics.manufacturer().equals(tree.path("manufacturer").asText(null))) {
            refuse(Vda5050Error.warning("validationError", tree == null ? "instantActions is not JSON"
                    : "instantActions needs an actions array, this robot's manufacturer and serialNumber", Map.of()));
            return;
        }
        for (JsonNode a : actions) {
            String id = a.path("actionId").asText("");
            String type = a.path("actionType").asText("");
            if (id.isEmpty() || type.isEmpty()) {
                refuse(Vda5050Error.warning("validationError", "an instant action needs actionId and actionType", Map.of()));
                continue;
            }
            String result = instantAction(type, a.path("actionParameters"), id);
            actionState(id, type, result == null ? "FINISHED" : "FAILED", result);
        }
    }

    /** Carries out one instant action; returns null when done, else why it failed (also reported as an error). */
    private String instantAction(String type, JsonNode parameters, String actionId) {
        Map<String, String> ref = Map.of("actionId", actionId, "actionType", type);
        String failure = switch (type) {
            case "cancelOrder" -> {
                if (nodeStates.isEmpty() && goalId == 0) {
                    yield fail("noOrderToCancel", "no order to cancel", ref);
                }
                stopRobot("vda5050 cancelOrder");
                nodeStates.clear();
                edgeStates.clear();
                yield null;
            }
            case "startPause" -> {
                if (!paused) {
                    paused = true;
                    stopRobot("vda5050 startPause");
                }
                yield null;
            }
            case "stopPause" -> {
                paused = false; // drive() submits the goal to the next node again
                yield null;
            }
            case "initPosition" -> initPosition(parameters, ref);
            case "factsheetRequest" -> {
                publish(topics.factsheet(), messages.factsheet(INSTANT_ACTIONS), 0, true);
                yield null;
            }
            case "stateRequest" -> {
                stateNanos = Long.MIN_VALUE / 2;
                yield null;
            }
            default -> fail("unsupportedActionType", "instant action " + type + " is not supported; supported: "
                    + INSTANT_ACTIONS, ref);
        };
        changed = true;
        return failure;
    }

    /**
     * WALLY's pose comes from odometry on the map it was started on; it cannot be set from outside yet. So
     * {@code initPosition} confirms a pose within {@link #DEFAULT_DEVIATION_METERS} of the robot's (and takes
     * its {@code lastNodeId}) and fails for any other, saying so.
     */
    private String initPosition(JsonNode p, Map<String, String> ref) {
        Map<String, JsonNode> values = new HashMap<>();
        if (p.isArray()) {
            p.forEach(kv -> values.put(kv.path("key").asText(""), kv.get("value")));
        }
        JsonNode x = values.get("x");
        JsonNode y = values.get("y");
        if (x == null || y == null || !x.isNumber() || !y.isNumber()) {
            return fail("validationError", "initPosition needs numbers x and y", ref);
        }
        StateViews.Status s = runtime.status();
        double off = Math.hypot(s.xMeters() - x.asDouble(), s.yMeters() - y.asDouble());
        if (off > DEFAULT_DEVIATION_METERS) {
            return fail("initPositionError", "the robot is at (" + round(s.xMeters()) + ", " + round(s.yMeters())
                    + "), " + round(off) + " m from the given position; WALLY cannot be relocated from outside yet", ref);
        }
        JsonNode node = values.get("lastNodeId");
        if (node != null && node.isTextual()) {
            lastNodeId = node.asText();
            lastNodeXy = new double[] {s.xMeters(), s.yMeters()};
        }
        return null;
    }

    private String fail(String type, String why, Map<String, String> ref) {
        addError(Vda5050Error.warning(type, why, ref));
        return why;
    }

    private void stopRobot(String why) {
        goalRequest++;
        goalId = 0;
        runtime.submit(new Request.Stop(why), CommandReply.DISCARD);
    }

    private void actionState(String id, String type, String status, String description) {
        actionStates.remove(id);
        if (actionStates.size() == MAX_ACTION_STATES) {
            actionStates.remove(actionStates.keySet().iterator().next());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("actionId", id);
        m.put("actionType", type);
        m.put("actionStatus", status);
        if (description != null) {
            m.put("resultDescription", description);
        }
        actionStates.put(id, m);
        changed = true;
    }

    // ---- publishing -------------------------------------------------------------------------------------

    private void tick(long now) {
        StateViews.Status status = runtime.status();
        drive(status);
        if (!transport.isConnected()) {
            return;
        }
        if (now - visualizationNanos >= VISUALIZATION_INTERVAL_NANOS) {
            updateVelocity(status, now);
            visualizationNanos = now;
            publish(topics.visualization(), messages.visualization(status, vx, omega), 0, false);
        }
        // Driving is the robot's, whoever sent it: a cmd/goto over the robot's own topics drives it too.
        boolean driving = runtime.mission().state() == Mission.State.DRIVING;
        if ((changed || driving != lastDriving) && now - stateNanos >= STATE_MIN_INTERVAL_NANOS
                || now - stateNanos >= STATE_MAX_INTERVAL_NANOS) {
            changed = false;
            lastDriving = driving;
            stateNanos = now;
            publish(topics.state(), state(status, driving), 0, false);
            statesPublished.increment();
        }
    }

    private boolean lastDriving;

    private void updateVelocity(StateViews.Status s, long now) {
        double heading = Math.toRadians(s.headingDegrees());
        if (!Double.isNaN(lastX) && now > lastPoseNanos) {
            double dt = (now - lastPoseNanos) / 1e9;
            // forward speed in the robot's frame; a differential drive has no sideways speed
            vx = ((s.xMeters() - lastX) * Math.cos(heading) + (s.yMeters() - lastY) * Math.sin(heading)) / dt;
            omega = Math.atan2(Math.sin(heading - lastHeading), Math.cos(heading - lastHeading)) / dt;
        }
        lastX = s.xMeters();
        lastY = s.yMeters();
        lastHeading = heading;
        lastPoseNanos = now;
    }

    private byte[] state(StateViews.Status s, boolean driving) {
        Map<String, Object> m = messages.header(Vda5050Messages.Topic.STATE);
        m.put("orderId", orderId);
        m.put("orderUpdateId", orderUpdateId);
        m.put("lastNodeId", lastNodeId);
        m.put("lastNodeSequenceId", lastNodeSequenceId);
        m.put("driving", driving);
        m.put("paused", paused);
        boolean horizon = nodeStates.stream().anyMatch(n -> !n.released());
        m.put("newBaseRequest", horizon && nodeStates.stream().filter(OrderMessage.Node::released).count() <= 1);
        m.put("distanceSinceLastNode", lastNodeXy == null ? 0.0
                : round(Math.hypot(s.xMeters() - lastNodeXy[0], s.yMeters() - lastNodeXy[1])));
        m.put("operatingMode", "AUTOMATIC");
        m.put("nodeStates", nodeStates.stream().map(OrderMessage.Node::state).toList());
        m.put("edgeStates", edgeStates.stream().map(OrderMessage.Edge::state).toList());
        m.put("agvPosition", messages.position(s));
        m.put("velocity", Map.of("vx", round(vx), "vy", 0.0, "omega", round(omega)));
        m.put("loads", List.of());
        m.put("actionStates", List.copyOf(actionStates.values()));
        m.put("batteryState", batteryState());
        List<Map<String, Object>> errs = new ArrayList<>();
        if (s.fault() != null) {
            errs.add(new Vda5050Error("safetyFault", true, s.fault(), Map.of()).json());
        }
        errors.forEach(e -> errs.add(e.json()));
        m.put("errors", errs);
        m.put("information", List.of());
        // A latched fault stops the motors and clears by itself when its cause has gone: the standard's AUTOACK.
        m.put("safetyState", Map.of("eStop", s.fault() == null ? "NONE" : "AUTOACK", "fieldViolation", s.fault() != null));
        return bytes(m);
    }

    private Map<String, Object> batteryState() {
        BatteryReading b = battery.map(BatteryMonitor::latest).orElse(null);
        Map<String, Object> m = new LinkedHashMap<>();
        boolean ok = b != null && b.health() == Health.OK;
        m.put("batteryCharge", ok ? (double) HomeAssistantAdapter.batteryPercent(b) : 0.0);
        if (ok) {
            m.put("batteryVoltage", round(b.busVolts()));
        }
        m.put("charging", false);
        return m;
    }

    private void publish(String topic, Object message, int qos, boolean retained) {
        byte[] payload = message instanceof byte[] b ? b : bytes(message);
        try {
            transport.publish(topic, payload, qos, retained);
            published.increment();
        } catch (MqttTransportException e) {
            LOG.log(System.Logger.Level.DEBUG, "VDA 5050: not published on " + topic + ": " + e.getMessage());
        }
    }

    private static byte[] bytes(Object value) {
        return Vda5050Messages.bytes(value);
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** Publishes {@code OFFLINE} on {@code connection}, disconnects, stops the thread. Idempotent. */
    @Override
    public void close() {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        transport.close(topics.connection(), messages.connection("OFFLINE"), 2_000);
    }
}
