package io.wally.runtime.agent;

import static io.wally.runtime.agent.SensorRecordDescriptor.*;

import io.wally.hal.Angles;
import io.wally.hal.NanoClock;
import io.wally.maps.GraphException;
import io.wally.maps.NavGraph;
import io.wally.maps.MutableNavGraph;
import io.wally.maps.concurrent.ReplicatedNavGraph;
import io.wally.maps.store.GraphStore;
import io.wally.maps.store.StoreException;
import io.wally.runtime.command.CommandReply;
import io.wally.runtime.command.PlaceText;
import java.util.ArrayDeque;
import java.util.Map;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * The ONLY writer of the navigation graph. Drains the sensor ring: integrates odometry into the pose
 * ({@link PoseBoard}) and marks grid cells where range sensors see obstacles (within 1.5 m) as
 * blocked, inflated by the robot's half width and a margin; a cell needs two sightings. Applies map edits from the command ring. After
 * each batch it publishes the new graph version to readers and tells the {@link PlannerAgent} which
 * nodes and edges changed (map-event ring, {@link MapEventDescriptor}).
 *
 * <p>Map edits are checked against the map: a new node must lie within the bounding box of the map's
 * nodes at start plus {@value #BOUNDS_MARGIN_METERS} m, and its name must not read as an id or "x,y";
 * an edge from a node to itself needs {@link CommandRecordDescriptor#FLAG_ALLOW_SELF_LOOP}.
 *
 * <p>Never waits: when no replica is free for writing (readers still inside), obstacle marks of that
 * batch are skipped and counted (the sensors see the obstacle again next cycle) and map edits stay
 * queued. Threading: one agent thread. Allocates nothing per sensor record once warm.
 *
 * <p>With a {@link GraphStore} every mutation (obstacle marks and map edits) is applied to the store's
 * graph first (logged under the store's durability, never waiting for an fsync), then to the replicas.
 * The replicas differ from the store only by the start-up inflation (blocked flags), so both assign the
 * same ids. A map edit's reply is held until {@link GraphStore#durableLsn()} covers it: "ok" means
 * acknowledged (survives a crash). The agent thread is the store's writer while it runs; the runtime
 * takes over (commit, checkpoint, close) after the agent stopped ({@link #flushAcknowledgements}).
 */
public final class MapAgent implements Agent {

    private static final int MARK_SIGHTINGS = 2;
    private static final int MAX_CHANGED = 256;
    /** How far beyond the map's nodes (their bounding box at start) a map edit may add a node, metres. */
    public static final double BOUNDS_MARGIN_METERS = 10.0;

    private final ReplicatedNavGraph graph;
    private final ReplicatedNavGraph.Writer writer;
    private final NodeLocator locator;
    private final RingBuffer sensorsIn;
    private final RingBuffer commandsIn;
    private final RingBuffer eventsOut;
    private final PendingReplies replies;
    private final PoseBoard pose;
    private final PipelineCounters counters;
    private final NanoClock clock;
    private final LatencyRecorder sensorToGraph;
    private final double metersPerTick;
    private final double wheelBaseMeters;
    private final double[] mountAngles;
    private final double markRangeMeters;
    private final double inflateMeters;
    private final double keepClearMeters;
    private final boolean[] protectedNodes;
    /** Where added nodes may go: the start map's bounding box plus the margin; NaN when the map was empty. */
    private final double minXMeters;
    private final double maxXMeters;
    private final double minYMeters;
    private final double maxYMeters;
    private final int[] changed = new int[MAX_CHANGED];
    private final MessageHandler sensorHandler = this::onSensorRecord;
    private final MessageHandler commandHandler = this::onCommand;
    private final GraphStore store;
    private final MutableNavGraph stored;
    private final ArrayDeque<PendingAck> pendingAcks = new ArrayDeque<>();
    private int[] sightings;
    private int changedCount;
    private boolean changedOverflow;
    private boolean claimed;
    private long oldestUnpublishedNanos = Long.MAX_VALUE;

    private double x;
    private double y;
    private double heading;
    private boolean haveTicks;
    private long lastLeft;
    private long lastRight;

    /**
     * @param startX initial pose, metres
     * @param startHeadingRadians initial heading
     * @param inflateMeters radius around a sighted obstacle that is blocked (the robot's half width and a margin)
     * @param mountAngles range sensors' mount angles (radians), by sensor index
     * @param protectedNodeIds nodes never marked blocked (places and their cells)
     * @param store the persistent store every mutation is also applied to, or null (in-memory only)
     */
    public MapAgent(ReplicatedNavGraph graph, NodeLocator locator, RingBuffer sensorsIn, RingBuffer commandsIn,
            RingBuffer eventsOut, CommandGateway gateway, PoseBoard pose, PipelineCounters counters, NanoClock clock,
            LatencyRecorder sensorToGraph, double metersPerTick, double wheelBaseMeters, double inflateMeters, double[] mountAngles,
            double startX, double startY, double startHeadingRadians, int[] protectedNodeIds, int nodeIdLimit,
            GraphStore store) {
        this.graph = graph;
        this.store = store;
        this.stored = store == null ? null : store.graph();
        this.writer = graph.writer();
        this.locator = locator;
        this.sensorsIn = sensorsIn;
        this.commandsIn = commandsIn;
        this.eventsOut = eventsOut;
        this.replies = gateway.replies();
        this.pose = pose;
        this.counters = counters;
        this.clock = clock;
        this.sensorToGraph = sensorToGraph;
        this.metersPerTick = metersPerTick;
        this.wheelBaseMeters = wheelBaseMeters;
        this.mountAngles = mountAngles.clone();
        this.markRangeMeters = 1.5;
        this.inflateMeters = inflateMeters;
        this.keepClearMeters = wheelBaseMeters / 2 + locator.cellSizeMeters();
        this.sightings = new int[nodeIdLimit];
        this.protectedNodes = new boolean[nodeIdLimit];
        for (int n : protectedNodeIds) {
            if (n >= 0 && n < nodeIdLimit) {
                protectedNodes[n] = true;
            }
        }
        this.x = startX;
        this.y = startY;
        this.heading = startHeadingRadians;
        double[] box = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        try (ReplicatedNavGraph.ReadView view = graph.newReader().acquire()) {
            for (int n = 0; n < view.nodeIdLimit(); n++) {
                if (view.containsNode(n)) {
                    box[0] = Math.min(box[0], view.x(n));
                    box[1] = Math.max(box[1], view.x(n));
                    box[2] = Math.min(box[2], view.y(n));
                    box[3] = Math.max(box[3], view.y(n));
                }
            }
        }
        boolean empty = box[0] > box[1];
        this.minXMeters = empty ? Double.NaN : box[0] - BOUNDS_MARGIN_METERS;
        this.maxXMeters = empty ? Double.NaN : box[1] + BOUNDS_MARGIN_METERS;
        this.minYMeters = empty ? Double.NaN : box[2] - BOUNDS_MARGIN_METERS;
        this.maxYMeters = empty ? Double.NaN : box[3] + BOUNDS_MARGIN_METERS;
        pose.write(x, y, heading, clock.nanoTime());
    }

    @Override
    public String roleName() {
        return "wally-map";
    }

    @Override
    public int doWork() {
        claimed = writer.tryClaim();
        int work = sensorsIn.read(sensorHandler, 64);
        if (claimed) {
            work += commandsIn.read(commandHandler, 4);
        }
        if (claimed && (changedCount > 0 || changedOverflow)) {
            publish();
        }
        if (!pendingAcks.isEmpty()) {
            work += acknowledge(store.durableLsn());
        }
        return work;
    }

    /** Sends the held edit replies whose LSN is durable (at most {@code durableLsn}). */
    private int acknowledge(long durableLsn) {
        int sent = 0;
        PendingAck ack;
        while ((ack = pendingAcks.peek()) != null && ack.lsn <= durableLsn) {
            pendingAcks.poll();
            ack.reply.ok(ack.result);
            sent++;
        }
        return sent;
    }

    /**
     * After the agent stopped: commits the store (blocking) and sends every held reply. Called by the
     * runtime on close, from the thread that took over the store.
     */
    public void flushAcknowledgements() {
        if (store == null || pendingAcks.isEmpty()) {
            return;
        }
        try {
            acknowledge(store.commit());
        } catch (StoreException e) {
            PendingAck ack;
            while ((ack = pendingAcks.poll()) != null) {
                ack.reply.error("store_failed", "the edit may not survive a crash: " + e.getMessage());
            }
        }
    }

    /** Edit replies held until durable. */
    public int pendingAcknowledgements() {
        return pendingAcks.size();
    }

    private record PendingAck(long lsn, CommandReply reply, Map<String, Object> result) {
    }

    private void publish() {
        long version = writer.publish();
        counters.graphPublishes.incrementAndGet();
        long now = clock.nanoTime();
        if (oldestUnpublishedNanos != Long.MAX_VALUE) {
            sensorToGraph.record(now - oldestUnpublishedNanos);
            oldestUnpublishedNanos = Long.MAX_VALUE;
        }
        if (changedOverflow) {
            sendEvent(MapEventDescriptor.NODE_CHANGED_MSG_TYPE, NavGraph.NO_NODE, NavGraph.NO_NODE, version);
        } else {
            for (int i = 0; i < changedCount; i++) {
                sendEvent(MapEventDescriptor.NODE_CHANGED_MSG_TYPE, changed[i], NavGraph.NO_NODE, version);
            }
        }
        changedCount = 0;
        changedOverflow = false;
    }

    private void sendEvent(int type, int from, int to, long version) {
        int at = eventsOut.tryClaim(type, MapEventDescriptor.LENGTH);
        if (at > 0) {
            AtomicBuffer b = eventsOut.buffer();
            b.putInt(at + MapEventDescriptor.FROM_OFFSET, from);
            b.putInt(at + MapEventDescriptor.TO_OFFSET, to);
            b.putLong(at + MapEventDescriptor.VERSION_OFFSET, version);
            eventsOut.commit(at);
        } else {
            counters.mapEventsDropped.incrementAndGet();
        }
    }

    private void noteChanged(int node) {
        if (changedCount < MAX_CHANGED) {
            changed[changedCount++] = node;
        } else {
            changedOverflow = true;
        }
    }

    private void onSensorRecord(int msgTypeId, DirectBuffer buffer, int index, int length) {
        counters.sensorRecordsApplied.incrementAndGet();
        if (msgTypeId == ODOMETRY_MSG_TYPE) {
            onOdometry(buffer, index);
        } else if (msgTypeId == RANGE_MSG_TYPE) {
            onRange(buffer, index);
        }
    }

    private void onOdometry(DirectBuffer b, int index) {
        if (b.getInt(index + ODO_HEALTH_OFFSET) != 0) {
            return; // stale encoders: hold the pose (the sensor agent raised the fault)
        }
        long left = b.getLong(index + ODO_LEFT_TICKS_OFFSET);
        long right = b.getLong(index + ODO_RIGHT_TICKS_OFFSET);
        long sampled = b.getLong(index + ODO_SAMPLED_NANOS_OFFSET);
        if (!haveTicks) {
            haveTicks = true;
        } else {
            double dl = (left - lastLeft) * metersPerTick;
            double dr = (right - lastRight) * metersPerTick;
            double d = (dl + dr) / 2;
            double dTheta = (dr - dl) / wheelBaseMeters;
            double mid = heading + dTheta / 2;
            x += d * Math.cos(mid);
            y += d * Math.sin(mid);
            heading = Angles.wrap(heading + dTheta);
        }
        lastLeft = left;
        lastRight = right;
        pose.write(x, y, heading, sampled);
    }

    private void onRange(DirectBuffer b, int index) {
        if (b.getInt(index + RANGE_DETECTED_OFFSET) == 0) {
            return;
        }
        double range = b.getDouble(index + RANGE_METERS_OFFSET);
        if (range > markRangeMeters) {
            return;
        }
        long sampled = b.getLong(index + RANGE_SAMPLED_NANOS_OFFSET);
        int sensor = b.getInt(index + RANGE_SENSOR_INDEX_OFFSET);
        double angle = heading + (sensor < mountAngles.length ? mountAngles[sensor] : 0);
        double cell = locator.cellSizeMeters();
        // Half a cell beyond the echo: the surface seen belongs to the cell behind it.
        double hx = x + (range + cell / 2) * Math.cos(angle);
        double hy = y + (range + cell / 2) * Math.sin(angle);
        int rings = (int) Math.ceil(inflateMeters / cell);
        for (int dy = -rings; dy <= rings; dy++) {
            for (int dx = -rings; dx <= rings; dx++) {
                if (Math.hypot(dx * cell, dy * cell) > inflateMeters + 1e-9) {
                    continue;
                }
                mark(hx + dx * cell, hy + dy * cell, sampled);
            }
        }
    }

    private void mark(double px, double py, long sampledNanos) {
        int node = locator.nodeAt(px, py);
        if (node < 0 || node >= sightings.length || protectedNodes[node]) {
            return;
        }
        if (Math.hypot(px - x, py - y) < keepClearMeters) {
            return; // never block the cells the robot stands on
        }
        if (!claimed) {
            counters.obstacleMarksDeferred.incrementAndGet();
            return;
        }
        if (writer.isBlocked(node)) {
            return;
        }
        if (++sightings[node] < MARK_SIGHTINGS) {
            return;
        }
        sightings[node] = 0;
        if (stored != null) {
            stored.setBlocked(node, true);
        }
        writer.setBlocked(node, true);
        counters.obstacleCellsMarked.incrementAndGet();
        if (sampledNanos < oldestUnpublishedNanos) {
            oldestUnpublishedNanos = sampledNanos;
        }
        noteChanged(node);
    }

    private void onCommand(int msgTypeId, DirectBuffer buffer, int index, int length) {
        int slot = buffer.getInt(index + CommandRecordDescriptor.SLOT_OFFSET);
        CommandReply reply = replies.take(slot);
        int flags = buffer.getInt(index + CommandRecordDescriptor.FLAGS_OFFSET);
        float fx = buffer.getFloat(index + CommandRecordDescriptor.X_OFFSET);
        float fy = buffer.getFloat(index + CommandRecordDescriptor.Y_OFFSET);
        int at = index + CommandRecordDescriptor.TEXT_OFFSET;
        String text1 = CommandText.read(buffer, at);
        at += CommandText.encodedLength(buffer, at);
        String text2 = CommandText.read(buffer, at);
        boolean undirected = (flags & CommandRecordDescriptor.FLAG_UNDIRECTED) != 0;
        try {
            Object result;
            switch (msgTypeId) {
                case CommandRecordDescriptor.ADD_NODE_MSG_TYPE -> {
                    checkNewNode(text2, fx, fy);
                    int id;
                    if (stored != null) {
                        int was = stored.nodeIdLimit();
                        id = text2 == null ? stored.addNode(fx, fy) : stored.addNode(text2, fx, fy);
                        int mirrored = text2 == null ? writer.addNode(fx, fy) : writer.addNode(text2, fx, fy);
                        if (mirrored != id) {
                            throw new IllegalStateException("replica assigned node " + mirrored + " where the store assigned " + id
                                    + " (store node id limit was " + was + ")");
                        }
                    } else {
                        id = text2 == null ? writer.addNode(fx, fy) : writer.addNode(text2, fx, fy);
                    }
                    growFor(id);
                    result = Map.of("node", id);
                }
                case CommandRecordDescriptor.REMOVE_NODE_MSG_TYPE -> {
                    int n = resolve(text1);
                    if (stored != null) {
                        stored.removeNode(n);
                    }
                    writer.removeNode(n);
                    noteChanged(n);
                    result = Map.of("node", n);
                }
                case CommandRecordDescriptor.ADD_EDGE_MSG_TYPE -> {
                    int a = resolve(text1);
                    int c = resolve(text2);
                    if (a == c && (flags & CommandRecordDescriptor.FLAG_ALLOW_SELF_LOOP) == 0) {
                        throw new EditException("bad_request", "'from' " + PlaceText.shown(text1) + " and 'to' "
                                + PlaceText.shown(text2) + " are the same node " + a
                                + ": a self-loop; send \"allowSelfLoop\": true to add one");
                    }
                    if (undirected) {
                        if (stored != null) {
                            stored.addUndirectedEdge(a, c, fx, 0);
                        }
                        writer.addUndirectedEdge(a, c, fx, 0);
                    } else {
                        if (stored != null) {
                            stored.addEdge(a, c, fx, 0);
                        }
                        writer.addEdge(a, c, fx, 0);
                    }
                    noteChanged(a);
                    noteChanged(c);
                    result = Map.of("from", a, "to", c);
                }
                case CommandRecordDescriptor.REMOVE_EDGE_MSG_TYPE -> {
                    int a = resolve(text1);
                    int c = resolve(text2);
                    boolean removed = removeEdge(a, c);
                    if (undirected) {
                        removed |= removeEdge(c, a);
                    }
                    if (!removed) {
                        throw new EditException("unknown_edge", "no edge " + text1 + " -> " + text2);
                    }
                    noteChanged(a);
                    noteChanged(c);
                    result = Map.of("from", a, "to", c);
                }
                case CommandRecordDescriptor.SET_BLOCKED_MSG_TYPE -> {
                    int n = resolve(text1);
                    boolean blocked = (flags & CommandRecordDescriptor.FLAG_BLOCKED) != 0;
                    if (stored != null) {
                        stored.setBlocked(n, blocked);
                    }
                    writer.setBlocked(n, blocked);
                    noteChanged(n);
                    result = Map.of("node", n, "blocked", writer.isBlocked(n));
                }
                case CommandRecordDescriptor.SET_WEIGHT_MSG_TYPE -> {
                    int a = resolve(text1);
                    int c = resolve(text2);
                    if (!writer.hasEdge(a, c)) {
                        throw new EditException("unknown_edge", "no edge " + text1 + " -> " + text2);
                    }
                    if (stored != null) {
                        stored.setWeight(a, c, fx);
                    }
                    writer.setWeight(a, c, fx);
                    noteChanged(a);
                    noteChanged(c);
                    result = Map.of("from", a, "to", c, "weight", fx);
                }
                default -> throw new EditException("bad_request", "unknown map command type " + msgTypeId);
            }
            counters.mapEditsApplied.incrementAndGet();
            publish();
            if (reply != null) {
                java.util.Map<String, Object> withVersion = new java.util.LinkedHashMap<>(result instanceof Map<?, ?> m ? castMap(m) : Map.of());
                withVersion.put("version", graph.publishedVersion());
                if (store == null) {
                    reply.ok(withVersion);
                } else {
                    long lsn = store.lastLsn();
                    withVersion.put("lsn", lsn);
                    pendingAcks.add(new PendingAck(lsn, reply, withVersion));
                    acknowledge(store.durableLsn());
                }
            }
        } catch (StoreException e) {
            if (reply != null) {
                reply.error("store_failed", e.getMessage());
            }
            throw e;
        } catch (EditException e) {
            if (reply != null) {
                reply.error(e.code, e.getMessage());
            }
        } catch (GraphException | IllegalArgumentException e) {
            if (reply != null) {
                reply.error(e.getClass().getSimpleName().startsWith("UnknownNode") ? "unknown_node" : "bad_request", e.getMessage());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    private boolean removeEdge(int from, int to) {
        if (stored != null && !stored.removeEdge(from, to)) {
            return false;
        }
        return writer.removeEdge(from, to);
    }

    private void growFor(int node) {
        if (node >= sightings.length) {
            sightings = java.util.Arrays.copyOf(sightings, Math.max(node + 1, sightings.length * 2));
        }
    }

    /** Refuses a name that reads as an id or "x,y", and a point outside the map's bounds plus the margin. */
    private void checkNewNode(String name, float px, float py) {
        if (name != null) {
            String why = PlaceText.whyNotNodeName(name);
            if (why != null) {
                throw new EditException("bad_request", "'name' " + why + "; was " + PlaceText.shown(name));
            }
        }
        checkWithin("x", px, minXMeters, maxXMeters);
        checkWithin("y", py, minYMeters, maxYMeters);
    }

    private static void checkWithin(String field, float meters, double min, double max) {
        String why = PlaceText.whyNotCoordinate(meters);
        if (why != null) {
            throw new EditException("bad_request", "'" + field + "' " + why + "; was " + meters);
        }
        if (!Double.isNaN(min) && !(meters >= min && meters <= max)) {
            throw new EditException("bad_request", "'" + field + "' must be within the map, in [" + (float) min + ", "
                    + (float) max + "] m (its nodes' extent plus " + BOUNDS_MARGIN_METERS + " m); was " + meters);
        }
    }

    private int resolve(String text) {
        if (text == null || text.isBlank()) {
            throw new EditException("bad_request", "a node (name or id) is required");
        }
        int byName = writer.nodeId(text);
        if (byName != NavGraph.NO_NODE) {
            return byName;
        }
        try {
            int id = Integer.parseInt(text.strip());
            if (writer.containsNode(id)) {
                return id;
            }
        } catch (NumberFormatException e) {
            // not a number: unknown name, reported below
        }
        throw new EditException("unknown_node", "unknown node '" + text + "'");
    }

    /** A map edit refused with an error code. */
    private static final class EditException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String code;

        EditException(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
