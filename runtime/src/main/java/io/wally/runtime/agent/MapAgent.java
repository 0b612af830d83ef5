package io.wally.runtime.agent;

import io.wally.hal.Angles;
import io.wally.hal.NanoClock;
import io.wally.maps.GraphException;
import io.wally.maps.NavGraph;
import io.wally.maps.NoSuchEdgeException;
import io.wally.maps.UnknownNodeException;
import io.wally.maps.concurrent.ReplicatedNavGraph;
import io.wally.maps.store.GraphStore;
import io.wally.maps.store.LogBacklogFullException;
import io.wally.maps.store.StoreException;
import io.wally.maps.zone.Zone;
import io.wally.maps.zone.ZoneKind;
import io.wally.maps.zone.Zones;
import io.wally.runtime.command.CommandQueue;
import io.wally.runtime.command.CommandReply;
import io.wally.runtime.command.ErrorCode;
import io.wally.runtime.command.MapEdit;
import io.wally.runtime.command.Place;
import io.wally.runtime.command.PlaceText;
import io.wally.runtime.command.Request;
import io.wally.runtime.command.RequestRefused;
import io.wally.runtime.command.RequestRules;
import io.wally.runtime.zone.ZoneBoard;
import io.wally.maps.embed.RoomOutline;
import io.wally.maps.importer.PlaceKind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * The ONLY writer of the navigation graph. Drains the sensor ring: integrates odometry into the pose
 * ({@link PoseBoard}) and maps what the range sensors see into a log-odds occupancy grid aligned with the
 * graph's grid ({@link ObstacleMapping}: a sonar-cone inverse model; a cell turns occupied after two
 * echoes within 1.5 m and blocks its neighbourhood, inflated by the robot's half width and a margin, and is
 * freed again when later readings see through it; the map file's walls stay fixed). Applies map edits from the command ring. After
 * each batch it publishes the new graph version to readers and tells the {@link PlannerAgent} which
 * nodes and edges changed (map-event ring, {@link MapEventDescriptor}).
 *
 * <p>Map edits are checked against the map: a new node must lie within the bounding box of the map's
 * nodes at start plus {@value #BOUNDS_MARGIN_METERS} m, and its name must not read as an id or "x,y";
 * an edge from a node to itself needs {@link MapEdit.AddEdge#allowSelfLoop()}.
 *
 * <p>Never waits: when no replica is free for writing (readers still inside), or the store's log is
 * too far behind the disk ({@link GraphStore#acceptsMutations()}), obstacle marks of that batch are
 * skipped and counted (the sensors see the obstacle again next cycle) and map edits stay queued. The
 * store is opened with a non-blocking writer: fsyncs run on the log's flusher thread, never here. Threading: one agent thread. Allocates nothing per sensor record once warm.
 *
 * <p>Every mutation (obstacle marks and map edits) goes through one path, {@link MapMutations}: with a
 * {@link GraphStore} it is applied to the store's graph first (logged under the store's durability, never waiting for an fsync), then to the replicas.
 * The replicas differ from the store only by the start-up inflation (blocked flags), so both assign the
 * same ids. A map edit's reply is held until {@link GraphStore#durableLsn()} covers it: "ok" means
 * acknowledged (survives a crash). The agent thread is the store's writer while it runs; the runtime
 * takes over (commit, checkpoint, close) after the agent stopped ({@link #flushAcknowledgements}).
 */
public final class MapAgent implements Agent {

    private static final int MAX_CHANGED = 256;
    /** How far beyond the map's nodes (their bounding box at start) a map edit may add a node, metres. */
    public static final double BOUNDS_MARGIN_METERS = 10.0;
    /** Range readings beyond this mark no obstacle, only clear the cone (a sonar's far echoes are too wide to place), metres. */
    public static final double MARK_RANGE_METERS = 1.5;

    /**
     * Geometry and start of the map agent.
     *
     * @param metersPerTick       wheel travel per encoder tick
     * @param wheelBaseMeters     distance between the wheels
     * @param inflateMeters       radius around a sighted obstacle that is blocked (the robot's half width and a margin)
     * @param mountAnglesRadians  range sensors' mount angles, by sensor index
     * @param startXMeters        initial pose
     * @param startYMeters        initial pose
     * @param startHeadingRadians initial heading
     * @param protectedNodeIds    nodes never marked blocked (places and their cells)
     * @param unknownNodes        per node: the map does not know its cell ({@link RuntimeMap#unknownNodes()}); the
     *                            sensed grid starts it unknown. Empty when the map knows every cell
     */
    public record Settings(double metersPerTick, double wheelBaseMeters, double inflateMeters, double[] mountAnglesRadians,
            double startXMeters, double startYMeters, double startHeadingRadians, int[] protectedNodeIds, boolean[] unknownNodes) {

        /** Settings for a map that knows every cell. */
        public Settings(double metersPerTick, double wheelBaseMeters, double inflateMeters, double[] mountAnglesRadians,
                double startXMeters, double startYMeters, double startHeadingRadians, int[] protectedNodeIds) {
            this(metersPerTick, wheelBaseMeters, inflateMeters, mountAnglesRadians, startXMeters, startYMeters, startHeadingRadians,
                    protectedNodeIds, new boolean[0]);
        }
    }

    /** How often frontiers are computed while an exploration wants them, runtime clock nanoseconds. */
    static final long FRONTIER_PERIOD_NANOS = 500_000_000L;

    private final ReplicatedNavGraph graph;
    private final ReplicatedNavGraph.Writer writer;
    private final MapMutations mutations;
    private final NodeLocator locator;
    private final RingBuffer sensorsIn;
    private final CommandQueue commandsIn;
    private final RingBuffer eventsOut;
    private final PoseBoard pose;
    private final FrontierBoard frontiers;
    /** Runtime clock time of the last frontier computation; MIN_VALUE: none yet. */
    private long frontiersAtNanos = Long.MIN_VALUE;
    private final PipelineCounters counters;
    private final NanoClock clock;
    private final NanoClock wallClock;
    private final LatencyRecorder sensorToGraph;
    private final double metersPerTick;
    private final double wheelBaseMeters;
    private final double[] mountAngles;
    private final double inflateMeters;
    private final double keepClearMeters;
    private boolean[] protectedNodes;
    /** Where added nodes may go: the start map's bounding box plus the margin; NaN when the map was empty. */
    private final double minXMeters;
    private final double maxXMeters;
    private final double minYMeters;
    private final double maxYMeters;
    private final int[] changed = new int[MAX_CHANGED];
    private final MessageHandler sensorHandler = this::onSensorRecord;
    private final BiConsumer<Request, CommandReply> commandHandler = this::onCommand;
    private final OdometryRecord odometry = new OdometryRecord();
    private final RangeRecord range = new RangeRecord();
    private final MapEventRecord event = new MapEventRecord();
    private final GraphStore store;
    private final ZoneBoard zoneBoard;
    private final ArrayDeque<PendingAck> pendingAcks = new ArrayDeque<>();
    /** Sensed obstacles; null when the graph has no grid to align with. */
    private final ObstacleMapping obstacles;
    private int changedCount;
    /** The rooms' outlines by place name: the area {@code map block} blocks ({@link #placeOutlines}). */
    private Map<String, RoomOutline> outlines = Map.of();
    /** The edge a map edit added, removed or re-weighted ({@code NO_NODE} when none): sent as EDGE_CHANGED. */
    private int edgeFrom = NavGraph.NO_NODE;
    private int edgeTo = NavGraph.NO_NODE;
    private boolean changedOverflow;
    private boolean claimed;
    private boolean storeHasRoom = true;
    /** Arrival of the oldest reading whose cells are not published yet, machine's monotonic clock. */
    private long oldestUnpublishedNanos = Long.MAX_VALUE;
    /** When the range reading being mapped arrived (the sensor agent wrote it), the machine's monotonic clock. */
    private long sampledNow;

    private double x;
    private double y;
    private double heading;
    private boolean haveTicks;
    private long lastLeft;
    private long lastRight;

    /**
     * @param store the persistent store every mutation is also applied to, or null (in-memory only)
     */
    public MapAgent(Settings settings, PipelineParts parts, ReplicatedNavGraph graph, NodeLocator locator, GraphStore store) {
        this.graph = graph;
        this.store = store;
        this.writer = graph.writer();
        this.mutations = new MapMutations(store == null ? null : store.graph(), writer);
        this.locator = locator;
        this.sensorsIn = parts.sensorRing();
        this.commandsIn = parts.mapCommands();
        this.eventsOut = parts.mapEventRing();
        this.pose = parts.pose();
        this.frontiers = parts.frontiers();
        this.counters = parts.counters();
        this.clock = parts.clock();
        this.wallClock = parts.wallClock();
        this.zoneBoard = parts.zones();
        this.sensorToGraph = parts.sensorToGraph();
        this.metersPerTick = settings.metersPerTick();
        this.wheelBaseMeters = settings.wheelBaseMeters();
        this.mountAngles = settings.mountAnglesRadians().clone();
        this.inflateMeters = settings.inflateMeters();
        this.keepClearMeters = wheelBaseMeters / 2 + locator.cellSizeMeters();
        double[] box = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        int nodeIdLimit;
        int gridNode = NavGraph.NO_NODE;
        double gridX = 0;
        double gridY = 0;
        try (ReplicatedNavGraph.ReadView view = graph.newReader().acquire()) {
            nodeIdLimit = view.nodeIdLimit();
            parts.zones().publish(Zones.read(view));
            for (int n = 0; n < nodeIdLimit; n++) {
                if (view.containsNode(n)) {
                    if (gridNode == NavGraph.NO_NODE && locator.nodeAt(view.x(n), view.y(n)) == n) {
                        gridNode = n; // a grid cell's node sits at the cell's centre: it aligns the sensed grid
                        gridX = view.x(n);
                        gridY = view.y(n);
                    }
                    box[0] = Math.min(box[0], view.x(n));
                    box[1] = Math.max(box[1], view.x(n));
                    box[2] = Math.min(box[2], view.y(n));
                    box[3] = Math.max(box[3], view.y(n));
                }
            }
        }
        this.protectedNodes = new boolean[nodeIdLimit];
        for (int n : settings.protectedNodeIds()) {
            if (n >= 0 && n < nodeIdLimit) {
                protectedNodes[n] = true;
            }
        }
        double half = locator.cellSizeMeters() / 2;
        this.obstacles = gridNode == NavGraph.NO_NODE ? null : new ObstacleMapping(locator, gridX - half, gridY - half, graph, writer,
                mutations, counters, inflateMeters, keepClearMeters, protectedNodes, settings.unknownNodes());
        if (obstacles != null) {
            obstacles.listener(this::sensedChange);
        }
        this.x = settings.startXMeters();
        this.y = settings.startYMeters();
        this.heading = settings.startHeadingRadians();
        boolean empty = box[0] > box[1];
        this.minXMeters = empty ? Double.NaN : box[0] - BOUNDS_MARGIN_METERS;
        this.maxXMeters = empty ? Double.NaN : box[1] + BOUNDS_MARGIN_METERS;
        this.minYMeters = empty ? Double.NaN : box[2] - BOUNDS_MARGIN_METERS;
        this.maxYMeters = empty ? Double.NaN : box[3] + BOUNDS_MARGIN_METERS;
        pose.write(x, y, heading, clock.nanoTime());
    }

    @Override
    public void onStart() {
        commandsIn.bindConsumer();
    }

    /**
     * The places' outlines ({@link GridArea#placeOutlines}): {@code map block <place>} blocks the cells inside its
     * place's outline; a place without one, the cells within {@value GridArea#PLACE_RADIUS_METERS} m. Call before
     * the agent starts.
     */
    public void placeOutlines(Map<String, RoomOutline> byName) {
        this.outlines = Map.copyOf(byName);
    }

    /** Frees the sensed grid's off-heap block (on the agent thread, after its last {@link #doWork}). */
    @Override
    public void onClose() {
        if (obstacles != null) {
            obstacles.close();
        }
    }

    @Override
    public String roleName() {
        return "wally-map";
    }

    @Override
    public int doWork() {
        claimed = writer.tryClaim();
        // The store's writer never blocks; when its log is too far behind the disk it refuses mutations:
        // obstacle marks of this cycle are skipped (seen again next cycle) and edits stay queued.
        storeHasRoom = store == null || store.acceptsMutations();
        int work = sensorsIn.read(sensorHandler, 64);
        if (cellJob != null && claimed && storeHasRoom) {
            work += runCellJob();
        }
        // An applied edit publishes, which hands the replica to the readers: the next edit claims it again
        // (or waits for the next cycle), so edits sent back to back are all applied. A cell edit in progress
        // holds the later edits back, so they apply (and are answered) in order.
        for (int i = 0; i < 4 && storeHasRoom && cellJob == null; i++) {
            if (!claimed && i > 0) {
                claimed = writer.tryClaim();
            }
            if (!claimed) {
                break;
            }
            int n = commandsIn.drain(commandHandler, 1);
            if (n == 0) {
                break;
            }
            work += n;
        }
        if (claimed && (changedCount > 0 || changedOverflow)) {
            publish();
        }
        if (!pendingAcks.isEmpty()) {
            work += acknowledge(store.durableLsn());
        }
        if (obstacles != null && frontiers.wanted()) {
            long now = clock.nanoTime();
            if (frontiersAtNanos == Long.MIN_VALUE || now - frontiersAtNanos >= FRONTIER_PERIOD_NANOS) {
                frontiersAtNanos = now;
                obstacles.publishFrontiers(frontiers, now);
                work++;
            }
        } else {
            frontiersAtNanos = Long.MIN_VALUE; // the next exploration gets frontiers at once
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
                ack.reply.error(ErrorCode.STORE_FAILED, "the edit may not survive a crash: " + e.getMessage());
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
        claimed = false;
        counters.graphPublishes.incrementAndGet();
        if (oldestUnpublishedNanos != Long.MAX_VALUE) {
            sensorToGraph.record(wallClock.nanoTime() - oldestUnpublishedNanos); // both on the machine's clock
            oldestUnpublishedNanos = Long.MAX_VALUE;
        }
        if (edgeFrom != NavGraph.NO_NODE) {
            sendEvent(MapEventRecord.EDGE_CHANGED, edgeFrom, edgeTo, version);
            edgeFrom = NavGraph.NO_NODE;
            edgeTo = NavGraph.NO_NODE;
        }
        if (changedOverflow) {
            sendEvent(MapEventRecord.NODE_CHANGED, NavGraph.NO_NODE, NavGraph.NO_NODE, version);
        } else {
            for (int i = 0; i < changedCount; i++) {
                sendEvent(MapEventRecord.NODE_CHANGED, changed[i], NavGraph.NO_NODE, version);
            }
        }
        changedCount = 0;
        changedOverflow = false;
    }

    private void sendEvent(int type, int from, int to, long version) {
        int at = eventsOut.tryClaim(type, MapEventRecord.LENGTH);
        if (at > 0) {
            event.wrapForWrite(eventsOut.buffer(), at).write(from, to, version);
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
        if (msgTypeId == OdometryRecord.MSG_TYPE) {
            onOdometry(odometry.wrap(buffer, index));
        } else if (msgTypeId == RangeRecord.MSG_TYPE) {
            onRange(range.wrap(buffer, index));
        }
    }

    private void onOdometry(OdometryRecord record) {
        if (!record.encodersOk()) {
            return; // stale encoders: hold the pose (the sensor agent raised the fault)
        }
        long left = record.leftTicks();
        long right = record.rightTicks();
        long sampled = record.sampledNanos();
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

    private void onRange(RangeRecord record) {
        if (obstacles == null) {
            return;
        }
        if (!claimed || !storeHasRoom) {
            // the grid and the graph move together: a reading that could not change the graph is not mapped
            counters.obstacleMarksDeferred.incrementAndGet();
            return;
        }
        int sensor = record.sensorIndex();
        double angle = heading + (sensor < mountAngles.length ? mountAngles[sensor] : 0);
        sampledNow = record.arrivedWallNanos();
        if (!obstacles.onReading(x, y, angle, record.rangeMeters(), record.maxRangeMeters(), record.detected())) {
            counters.rangeReadingsIgnored.incrementAndGet();
        }
    }

    /** A node the sensed obstacles blocked or freed: published with this batch. */
    private void sensedChange(int node) {
        if (sampledNow < oldestUnpublishedNanos) {
            oldestUnpublishedNanos = sampledNow;
        }
        noteChanged(node);
    }

    private void onCommand(Request request, CommandReply reply) {
        if (!(request instanceof Request.EditMap(MapEdit edit))) {
            reply.error(ErrorCode.INTERNAL, "the map agent does not serve " + request.command());
            return;
        }
        if (edit instanceof MapEdit.ListZones) {
            reply.ok(listZones(Zones.read(writer)));
            return;
        }
        Map<String, Object> result;
        try {
            result = apply(edit);
        } catch (RequestRefused refused) {
            cellJob = null; // an edit refused half way starts no cell job
            reply.refuse(refused);
            return;
        } catch (StoreException e) {
            cellJob = null;
            reply.error(ErrorCode.STORE_FAILED, e.getMessage());
            throw e;
        } catch (LogBacklogFullException e) {
            cellJob = null;
            storeHasRoom = false;
            reply.error(ErrorCode.BUSY, "the map store's log is behind the disk; try again: " + e.getMessage());
            return;
        } catch (UnknownNodeException e) {
            cellJob = null;
            reply.error(ErrorCode.UNKNOWN_NODE, e.getMessage());
            return;
        } catch (NoSuchEdgeException e) {
            cellJob = null;
            reply.error(ErrorCode.UNKNOWN_EDGE, e.getMessage());
            return;
        } catch (GraphException | IllegalArgumentException e) {
            cellJob = null;
            reply.error(ErrorCode.BAD_REQUEST, e.getMessage());
            return;
        }
        if (cellJob != null && cellJob.reply == null) {
            cellJob.reply = reply; // answered when its last cell is set (runCellJob)
            cellJob.result = result;
            return;
        }
        finish(result, reply);
    }

    /** An applied edit: counted, published, and answered (once durable, with a store). */
    private void finish(Map<String, Object> result, CommandReply reply) {
        counters.mapEditsApplied.incrementAndGet();
        publish();
        result.put("version", graph.publishedVersion());
        if (store == null) {
            reply.ok(result);
        } else {
            long lsn = store.lastLsn();
            result.put("lsn", lsn);
            pendingAcks.add(new PendingAck(lsn, reply, result));
            acknowledge(store.durableLsn());
        }
    }

    /** Applies one edit through {@link MapMutations}; the reply's result. */
    private Map<String, Object> apply(MapEdit edit) throws RequestRefused {
        Map<String, Object> result = new LinkedHashMap<>();
        switch (edit) {
            case MapEdit.AddNode add -> {
                checkNewNode(add.name(), add.x(), add.y());
                int id = mutations.addNode(add.name(), add.x(), add.y());
                nodeAdded(id);
                result.put("node", id);
            }
            case MapEdit.RemoveNode remove -> {
                int n = resolve(remove.node());
                mutations.removeNode(n);
                noteChanged(n);
                result.put("node", n);
            }
            case MapEdit.AddEdge add -> {
                int a = resolve(add.from());
                int c = resolve(add.to());
                if (a == c && !add.allowSelfLoop()) {
                    throw new RequestRefused(ErrorCode.BAD_REQUEST, "'from' " + PlaceText.shown(add.from().text()) + " and 'to' "
                            + PlaceText.shown(add.to().text()) + " are the same node " + a
                            + ": a self-loop; send \"allowSelfLoop\": true to add one");
                }
                mutations.addEdge(a, c, add.weight(), add.undirected());
                edgeEdited(a, c, result);
            }
            case MapEdit.RemoveEdge remove -> {
                int a = resolve(remove.from());
                int c = resolve(remove.to());
                boolean removed = mutations.removeEdge(a, c);
                if (remove.undirected()) {
                    removed |= mutations.removeEdge(c, a);
                }
                if (!removed) {
                    throw new RequestRefused(ErrorCode.UNKNOWN_EDGE, "no edge " + remove.from().text() + " -> " + remove.to().text());
                }
                edgeEdited(a, c, result);
            }
            case MapEdit.SetBlocked set -> {
                int n = resolve(set.node());
                if (set.node() instanceof Place.Named named) {
                    blockArea(n, named.name(), set.blocked());
                }
                mutations.setBlocked(n, set.blocked());
                noteChanged(n);
                result.put("node", n);
                result.put("blocked", writer.isBlocked(n));
                if (cellJob == null) {
                    result.put("cells", 0);
                }
            }
            case MapEdit.GetMap get -> throw new RequestRefused(ErrorCode.INTERNAL, "the map writer does not draw the map");
            case MapEdit.NameHere name -> nameHere(name.name(), result);
            case MapEdit.Paint paint -> {
                cellJob = new CellJob(GridArea.cellsIn(grid().orElseThrow(), GridArea.polygon("paint", paint.polygon())), paint.occupied(),
                        NavGraph.NO_NODE);
                result.put("state", paint.occupied() ? "occupied" : "free");
            }
            case MapEdit.Erase erase -> cellJob = new CellJob(erase.polygon() == null ? allCells(grid().orElseThrow())
                    : GridArea.cellsIn(grid().orElseThrow(), GridArea.polygon("erase", erase.polygon())), false, NavGraph.NO_NODE);
            case MapEdit.SetWeight set -> {
                int a = resolve(set.from());
                int c = resolve(set.to());
                if (!writer.hasEdge(a, c)) {
                    throw new RequestRefused(ErrorCode.UNKNOWN_EDGE, "no edge " + set.from().text() + " -> " + set.to().text());
                }
                mutations.setWeight(a, c, set.weight());
                edgeEdited(a, c, result);
                result.put("weight", set.weight());
            }
            case MapEdit.AddZone add -> {
                Zone zone = add.zone();
                int anchor = Zones.anchor(writer);
                if (anchor == NavGraph.NO_NODE) {
                    throw new RequestRefused(ErrorCode.BAD_REQUEST, "the map is empty: no node to hold zone '" + zone.name() + "'");
                }
                boolean replaced = writer.property(anchor, Zones.key(zone.name())).isPresent();
                mutations.setProperty(anchor, Zones.key(zone.name()), zone.encode());
                zonesChanged();
                result.put("zone", zone.name());
                result.put("replaced", replaced);
            }
            case MapEdit.RemoveZone remove -> {
                int anchor = Zones.anchor(writer);
                if (anchor == NavGraph.NO_NODE || !mutations.removeProperty(anchor, Zones.key(remove.name()))) {
                    throw new RequestRefused(ErrorCode.UNKNOWN_ZONE, "no zone '" + remove.name() + "'; zones: "
                            + Zones.read(writer).list().stream().map(Zone::name).toList());
                }
                zonesChanged();
                result.put("zone", remove.name());
            }
            case MapEdit.ListZones list -> result.putAll(listZones(Zones.read(writer)));
        }
        return result;
    }

    /** A node was added: the per-node tables grow to hold it. */
    private void nodeAdded(int id) {
        if (id >= protectedNodes.length) {
            protectedNodes = Arrays.copyOf(protectedNodes, Math.max(id + 1, protectedNodes.length * 2));
        }
        if (obstacles != null) {
            obstacles.ensureNodes(protectedNodes.length, protectedNodes);
        }
    }

    /** The grid, for edits that address cells; refused on a map without one. */
    private Optional<GridLocator> grid() throws RequestRefused {
        if (locator instanceof GridLocator g) {
            return Optional.of(g);
        }
        throw new RequestRefused(ErrorCode.BAD_REQUEST, "this map has no occupancy grid: there are no cells to paint, erase or name");
    }

    private static int[] allCells(GridLocator grid) {
        int[] all = new int[grid.width() * grid.height()];
        for (int row = 0, i = 0; row < grid.height(); row++) {
            for (int col = 0; col < grid.width(); col++) {
                all[i++] = grid.node(col, row);
            }
        }
        return all;
    }

    /**
     * Cells being set blocked or free by one edit (paint, erase, an area block), {@value #CELLS_PER_CYCLE} per cycle so
     * that the control loop sharing this thread keeps its period; through the store like every edit: one log record
     * per cell that changes (the log has no batch record), the reply held until the last is durable.
     */
    private static final class CellJob {
        final int[] cells;
        final boolean occupied;
        /** The place whose area-blocked property goes once the cells are free (unblock), or NO_NODE. */
        final int releaseNode;
        int next;
        int changed;
        CommandReply reply;
        Map<String, Object> result;

        CellJob(int[] cells, boolean occupied, int releaseNode) {
            this.cells = cells;
            this.occupied = occupied;
            this.releaseNode = releaseNode;
        }
    }

    /** Cells a paint, erase or area block sets per map-writer cycle. */
    static final int CELLS_PER_CYCLE = 256;
    /** The cell edit in progress, or null. */
    private CellJob cellJob;

    /** Sets the next cells of the edit in progress; answers it after its last cell. */
    private int runCellJob() {
        CellJob job = cellJob;
        int end = Math.min(job.cells.length, job.next + CELLS_PER_CYCLE);
        try {
            for (; job.next < end; job.next++) {
                int cell = job.cells[job.next];
                if (writer.containsNode(cell) && writer.isBlocked(cell) != job.occupied) {
                    mutations.setBlocked(cell, job.occupied);
                    noteChanged(cell);
                    job.changed++;
                }
            }
            if (job.next < job.cells.length) {
                return 1;
            }
            if (job.releaseNode != NavGraph.NO_NODE && writer.property(job.releaseNode, AREA_BLOCKED_KEY).isPresent()) {
                mutations.removeProperty(job.releaseNode, AREA_BLOCKED_KEY); // last: a crash before it leaves the unblock to repeat
            }
        } catch (LogBacklogFullException e) {
            storeHasRoom = false; // the log is behind the disk: carry on from this cell next cycle
            return 1;
        } catch (StoreException e) {
            cellJob = null;
            job.reply.error(ErrorCode.STORE_FAILED, e.getMessage());
            throw e;
        }
        cellJob = null;
        job.result.put("cells", job.changed);
        finish(job.result, job.reply);
        return 1;
    }

    /**
     * Blocks (or unblocks) the area of place {@code name}: the free cells of its outline, or within
     * {@value GridArea#PLACE_RADIUS_METERS} m, set by a {@link CellJob}. The cells it blocks are kept as a property of
     * the place's node first (in the store, so an unblock after a restart frees exactly them); unblock frees those and
     * no other, so walls, their inflation and sensed obstacles stay as they were.
     */
    private void blockArea(int node, String name, boolean blocked) {
        if (!(locator instanceof GridLocator grid) || locator.nodeAt(writer.x(node), writer.y(node)) == node) {
            return; // no grid, or the place is a cell itself: the node alone
        }
        if (!blocked) {
            Optional<byte[]> stored = writer.property(node, AREA_BLOCKED_KEY);
            if (stored.isPresent()) {
                cellJob = new CellJob(decodeCells(stored.get()), false, node);
            }
            return;
        }
        if (writer.property(node, AREA_BLOCKED_KEY).isPresent()) {
            return; // blocked already: blocking twice must not forget what the first block did
        }
        RoomOutline outline = outlines.get(name);
        int[] area = outline != null ? GridArea.cellsIn(grid, outline)
                : GridArea.cellsWithin(grid, writer.x(node), writer.y(node), GridArea.PLACE_RADIUS_METERS);
        int[] mine = new int[area.length];
        int n = 0;
        for (int cell : area) {
            if (writer.containsNode(cell) && !writer.isBlocked(cell)) {
                mine[n++] = cell;
            }
        }
        int[] cells = Arrays.copyOf(mine, n);
        mutations.setProperty(node, AREA_BLOCKED_KEY, encodeCells(cells));
        cellJob = new CellJob(cells, true, NavGraph.NO_NODE);
    }

    /** Property of a place's node: the cells its {@code map block} blocked (int32 little-endian each). */
    static final String AREA_BLOCKED_KEY = "wally.areaBlocked";

    private static byte[] encodeCells(int[] cells) {
        ByteBuffer b = ByteBuffer.allocate(4 * cells.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int c : cells) {
            b.putInt(c);
        }
        return b.array();
    }

    private static int[] decodeCells(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int[] cells = new int[bytes.length / 4];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = b.getInt();
        }
        return cells;
    }

    /**
     * Names the robot's position: a waypoint node at the pose, joined both ways to the nearest free cell within
     * {@value GridArea#PLACE_RADIUS_METERS} m (the cell under the robot when none is free), so plans reach it.
     */
    private void nameHere(String name, Map<String, Object> result) throws RequestRefused {
        GridLocator grid = grid().orElseThrow();
        if (writer.nodeId(name) != NavGraph.NO_NODE) {
            throw new RequestRefused(ErrorCode.BAD_REQUEST, "field 'name' " + PlaceText.shown(name) + " names a place already; remove_node it first or pick another name");
        }
        float px = (float) x;
        float py = (float) y;
        checkNewNode(name, px, py);
        int cell = CellSnap.nearestFree(writer, grid, x, y, GridArea.PLACE_RADIUS_METERS);
        if (cell == NavGraph.NO_NODE) {
            cell = grid.nodeAt(x, y);
        }
        if (cell == NavGraph.NO_NODE || !writer.containsNode(cell)) {
            throw new RequestRefused(ErrorCode.BAD_REQUEST, "the robot (" + Rounding.meters(x) + ", " + Rounding.meters(y)
                    + ") is off the map's grid, which spans " + grid.extent());
        }
        int id = mutations.addNode(name, px, py);
        nodeAdded(id);
        protectedNodes[id] = true;
        mutations.setLabels(id, PlaceKind.WAYPOINT.labelBit());
        mutations.addEdge(id, cell, (float) Math.hypot(writer.x(cell) - px, writer.y(cell) - py), true);
        noteChanged(id);
        noteChanged(cell);
        result.put("node", id);
        result.put("name", name);
        result.put("x", Rounding.meters(px));
        result.put("y", Rounding.meters(py));
        result.put("cell", cell);
    }

    /**
     * A zone came or went: the planner must replan (a "too many changes" event: every cost may have moved) and the
     * control loop must see the new zones (on the zone board, in the same cycle as the graph version).
     */
    private void zonesChanged() {
        changedOverflow = true;
        zoneBoard.publish(Zones.read(writer));
    }

    /** The zones as a reply: name, kind, points, and the cost factor and speed cap of speed zones. */
    static Map<String, Object> listZones(Zones zones) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Zone z : zones.list()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", z.name());
            m.put("kind", z.kind().wireName());
            m.put("points", z.cornerPairs());
            if (z.kind() == ZoneKind.SPEED) {
                m.put("costFactor", z.costFactor());
                if (!Double.isNaN(z.maxSpeedMps())) {
                    m.put("maxSpeedMps", z.maxSpeedMps());
                }
            }
            out.add(m);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("zones", out);
        return result;
    }

    /** Records an edited edge {@code a -> c}: sent as EDGE_CHANGED with the next publication, named in the reply. */
    private void edgeEdited(int a, int c, Map<String, Object> result) {
        edgeFrom = a;
        edgeTo = c;
        noteChanged(a);
        noteChanged(c);
        result.put("from", a);
        result.put("to", c);
    }

    /** Refuses a name that reads as an id or "x,y", and a point outside the map's bounds plus the margin. */
    private void checkNewNode(String name, float px, float py) throws RequestRefused {
        if (name != null) {
            RequestRules.checkNodeName("name", name);
        }
        checkWithin("x", px, minXMeters, maxXMeters);
        checkWithin("y", py, minYMeters, maxYMeters);
    }

    private static void checkWithin(String field, float meters, double min, double max) throws RequestRefused {
        RequestRules.checkCoordinate(field, meters);
        if (!Double.isNaN(min) && !(meters >= min && meters <= max)) {
            throw new RequestRefused(ErrorCode.BAD_REQUEST, "'" + field + "' must be within the map, in [" + (float) min + ", "
                    + (float) max + "] m (its nodes' extent plus " + BOUNDS_MARGIN_METERS + " m); was " + meters);
        }
    }

    /** The node {@code place} names on the writer's replica. */
    private int resolve(Place place) throws RequestRefused {
        int node = switch (place) {
            case Place.Named named -> writer.nodeId(named.name());
            case Place.Node id -> writer.containsNode(id.id()) ? id.id() : NavGraph.NO_NODE;
            case Place.Point point -> locator.nodeAt(point.xMeters(), point.yMeters());
        };
        if (node == NavGraph.NO_NODE) {
            throw new RequestRefused(ErrorCode.UNKNOWN_NODE, "unknown node '" + place.text() + "'"
                    + (place instanceof Place.Named named ? NearestNames.hint(writer, named.name()) : ""));
        }
        return node;
    }
}
