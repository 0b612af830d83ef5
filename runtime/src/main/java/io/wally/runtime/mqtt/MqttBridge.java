package io.wally.runtime.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wally.runtime.command.CommandReply;
import io.wally.runtime.command.ErrorCode;
import io.wally.runtime.command.Request;
import io.wally.runtime.command.RobotCommands;
import io.wally.runtime.command.TelemetrySink;
import io.wally.runtime.command.TelemetryStamp;
import io.wally.runtime.text.Numbers;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Connects the robot to MQTT: requests on {@code wally/<id>/cmd/<command>} become {@link RobotCommands}
 * calls, each answered exactly once; telemetry handed to {@link #publish} goes out on {@code
 * wally/<id>/telemetry/<topic>}; {@code wally/<id>/status} is retained {@code online} while connected
 * and {@code offline} (the Last Will, or on {@link #close}) otherwise. Topics and payloads: docs/mqtt.md.
 *
 * <p>Threads: the transport's threads only enqueue ({@code messageArrived} never blocks and reads no
 * JSON), so the robot takes in a burst as fast as the broker sends it; commands are subscribed at QoS 0
 * so that the broker never queues (and drops) them waiting for our acknowledgements. One dispatcher
 * thread ({@code wally-mqtt-commands}) decodes requests and calls {@link RobotCommands}, or answers
 * {@code busy} for a request that arrived while {@code requestQueueCapacity} others waited; one
 * publisher thread ({@code wally-mqtt-publish}) hands replies, then telemetry, to the broker while
 * connected. {@code stop} overtakes every queued request, its reply every queued reply, and it is acted
 * on even when its payload is bad. Replies and telemetry produced while the broker is away wait in bounded queues
 * that drop their oldest entry when full, counted in {@link #counters()}.
 *
 * <p>Adapters ({@link Adapter}: Home Assistant) share the connection: their filters are subscribed on every
 * connect, messages on them are handed to the adapter on the transport's thread (the adapter only queues
 * them), and what they publish with {@link #publishLatest} goes out on the publisher thread after replies,
 * before telemetry, only the latest payload per topic.
 *
 * <p>Lifecycle: {@link #start} connects in the background (retrying with back-off until the broker is
 * there); {@link #attach} hands over the runtime (until then requests are answered {@code not_ready});
 * {@link #close} publishes {@code offline}, disconnects and stops both threads.
 */
public final class MqttBridge implements TelemetrySink, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(MqttBridge.class.getName());
    private static final byte[] ONLINE = "online".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OFFLINE = "offline".getBytes(StandardCharsets.US_ASCII);
    /** Payload bytes the intake holds before it answers busy on the transport's thread (a burst of 10,000 small requests is ~1 MiB). */
    private static final long INTAKE_BYTES = 16L << 20;
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final MqttTransport transport;
    private final BridgeSettings settings;
    private final MqttTopics topics;
    private final LongSupplier nanoClock;
    /** Replies and telemetry with rounded figures ({@link Numbers#jsonModule}): no -0.0, no float noise. */
    private final ObjectMapper json = new ObjectMapper().registerModule(Numbers.jsonModule());
    private final RequestDecoder decoder;
    private final LinkedBlockingDeque<Inbound> requests;
    /** Requests waiting that will be served (at most requestQueueCapacity); the rest are answered busy in turn. */
    private final AtomicInteger waitingAdmitted = new AtomicInteger();
    /** Payload bytes waiting in {@code requests}: the intake's memory bound. */
    private final AtomicLong intakeBytes = new AtomicLong();
    private final DropOldestQueue<Outbound> replies;
    private final DropOldestQueue<Outbound> telemetry;
    private final Map<String, AtomicLong> lastTelemetryNanos = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final int replyHighWater;
    private final Thread dispatcher;
    private final Thread publisher;
    private volatile RobotCommands commands;
    private final List<Adapter> adapters = new CopyOnWriteArrayList<>();
    /** Latest payload per topic from {@link #publishLatest}, in first-offered order; guarded by itself. */
    private final LinkedHashMap<String, Outbound> latest = new LinkedHashMap<>();
    private final LongAdder adapterReceived = new LongAdder();
    private final LongAdder adapterOversize = new LongAdder();

    private final LongAdder received = new LongAdder();
    private final LongAdder tooLarge = new LongAdder();
    private final LongAdder badJson = new LongAdder();
    private final LongAdder unknownCommand = new LongAdder();
    private final LongAdder badRequest = new LongAdder();
    private final LongAdder busy = new LongAdder();
    private final LongAdder notReady = new LongAdder();
    private final LongAdder internalErrors = new LongAdder();
    private final LongAdder repliesQueued = new LongAdder();
    private final LongAdder repliesPublished = new LongAdder();
    private final LongAdder duplicateReplies = new LongAdder();
    private final LongAdder telemetryPublished = new LongAdder();
    private final LongAdder telemetryThrottled = new LongAdder();
    private final LongAdder connects = new LongAdder();
    private final LongAdder connectionsLost = new LongAdder();
    /** Connected, connecting, unreachable or duplicate id: for the status line and telemetry/health. */
    private final MqttConnectionState connection;

    /** One request as it arrived; {@code admitted} when it found room among the requests waiting to be served. */
    private record Inbound(String command, byte[] payload, boolean admitted) {
    }

    private record Outbound(String topic, byte[] payload, int qos, boolean retained) {
        Outbound(String topic, byte[] payload, int qos) {
            this(topic, payload, qos, false);
        }
    }

    private MqttBridge(MqttTransport transport, BridgeSettings settings, LongSupplier nanoClock) {
        this.transport = transport;
        this.settings = settings;
        this.topics = new MqttTopics(settings.robotId());
        this.decoder = new RequestDecoder(json, settings);
        this.nanoClock = nanoClock;
        this.requests = new LinkedBlockingDeque<>(); // bounded by intakeBytes, not by count
        this.replies = new DropOldestQueue<>(settings.replyQueueCapacity());
        this.replyHighWater = Math.max(1, settings.replyQueueCapacity() / 2);
        this.telemetry = new DropOldestQueue<>(settings.telemetryQueueCapacity());
        this.dispatcher = Thread.ofPlatform().name("wally-mqtt-commands").daemon().unstarted(this::dispatchLoop);
        this.publisher = Thread.ofPlatform().name("wally-mqtt-publish").daemon().unstarted(this::publishLoop);
        this.connection = new MqttConnectionState(transport.brokerUrl(), nanoClock, System::currentTimeMillis);
    }

    /**
     * Starts the bridge over {@code transport} (not yet started; the bridge owns and closes it) and
     * returns at once; the connection comes up in the background.
     *
     * @param commands  the runtime, or null to {@link #attach} it later
     * @param nanoClock monotonic nanoseconds, for the telemetry rate limits ({@code System::nanoTime})
     */
    public static MqttBridge start(MqttTransport transport, BridgeSettings settings, RobotCommands commands,
            LongSupplier nanoClock) {
        MqttBridge bridge = new MqttBridge(transport, settings, nanoClock);
        bridge.commands = commands;
        bridge.dispatcher.start();
        bridge.publisher.start();
        transport.start(bridge.new Listener());
        return bridge;
    }

    /**
     * Another way in and out over this connection (Home Assistant's topics). Its filters never cover this
     * robot's {@code cmd/} topics, which stay the bridge's own.
     *
     * <p>Threading: {@link #connected} runs on the transport's connector thread after the adapter's filters
     * are subscribed (or on the thread calling {@link #addAdapter} when the connection is already up), and
     * must return quickly; {@link #offer} on the transport's callback thread and must only queue the message and
     * return (never block, never decode there).
     */
    public interface Adapter {

        /** MQTT filters to subscribe to (QoS 0), e.g. {@code wally/<id>/ha/#} and {@code homeassistant/status}. */
        List<String> filters();

        /** The connection is (again) up and {@link #filters()} are subscribed: republish what a broker may have lost. */
        void connected(int attempt);

        /** Takes in one message on a subscribed topic; false when it was refused (queue full), counted. */
        boolean offer(String topic, byte[] payload);

        /** Messages refused so far, by {@link #offer} or later by the adapter (bad payloads), for {@code telemetry/mqtt}. */
        long rejected();
    }

    /**
     * Adds {@code adapter}: its filters are subscribed now when connected, and on every connect; its
     * messages larger than {@code maxPayloadBytes} are refused (counted) before it sees them.
     *
     * @throws IllegalArgumentException when a filter could match this robot's command topics
     */
    public void addAdapter(Adapter adapter) {
        for (String filter : adapter.filters()) {
            // Checked on this robot's command topic itself: would the filter match it?
            if (matches(filter, topics.command("stop")) || matches(filter, topics.command("x"))) {
                throw new IllegalArgumentException("adapter filter " + filter + " could match " + topics.commandFilter());
            }
        }
        adapters.add(adapter);
        if (transport.isConnected()) {
            subscribe(adapter);
            adapter.connected(connects.intValue());
        }
    }

    /** Removes {@code adapter}: its messages are no longer handed to it (its subscriptions stay until reconnect). */
    public void removeAdapter(Adapter adapter) {
        adapters.remove(adapter);
    }

    private void subscribe(Adapter adapter) {
        for (String filter : adapter.filters()) {
            try {
                transport.subscribe(filter, 0);
            } catch (MqttTransportException e) {
                LOG.log(System.Logger.Level.WARNING, "MQTT could not subscribe to " + filter + ": " + e.getMessage()
                        + " (the next reconnect tries again)");
            }
        }
    }

    /**
     * Queues {@code payload} for {@code topic} at QoS 1 ({@code retained} as given), replacing a payload
     * still queued for the same topic: only the latest state of a topic matters, so the queue never holds
     * more than one message per topic. Sent while connected, after replies and before telemetry. Any thread;
     * never blocks. An empty retained payload deletes the broker's retained message.
     *
     * @throws IllegalArgumentException when {@code topic} is not publishable or is one of this robot's command topics
     */
    public void publishLatest(String topic, byte[] payload, boolean retained) {
        String why = topic == null ? "is null" : MqttTopics.whyNotPublishable(topic);
        if (why == null && topics.commandOf(topic) != null) {
            why = "is a command topic of this robot";
        }
        if (why != null) {
            throw new IllegalArgumentException("topic " + why + "; was " + topic);
        }
        synchronized (latest) {
            latest.remove(topic); // re-inserted at the end: a topic offered again waits its turn
            latest.put(topic, new Outbound(topic, payload, 1, retained));
        }
        LockSupport.unpark(publisher);
    }

    private Outbound pollLatest() {
        synchronized (latest) {
            Iterator<Outbound> it = latest.values().iterator();
            if (!it.hasNext()) {
                return null;
            }
            Outbound next = it.next();
            it.remove();
            return next;
        }
    }

    /** Puts back a message the transport refused, unless a newer one for its topic was queued meanwhile. */
    private void pushBackLatest(Outbound message) {
        synchronized (latest) {
            latest.putIfAbsent(message.topic(), message);
        }
    }

    /** Hands over the runtime that answers requests; any thread, once. */
    public void attach(RobotCommands runtime) {
        this.commands = Objects.requireNonNull(runtime, "runtime");
    }

    /** The topics of this robot. */
    public MqttTopics topics() {
        return topics;
    }

    /** Whether the broker connection is up now. */
    public boolean isConnected() {
        return transport.isConnected();
    }

    /** The connection's state as people see it (also the {@code mqtt} field of {@code telemetry/health}); any thread. */
    public MqttConnectionState.Snapshot connection() {
        return connection.snapshot();
    }

    /** The counters since start; any thread. */
    public MqttCounters counters() {
        return new MqttCounters(received.sum(), tooLarge.sum(), badJson.sum(), unknownCommand.sum(),
                badRequest.sum(), busy.sum(), notReady.sum(), internalErrors.sum(), repliesQueued.sum(),
                repliesPublished.sum(), replies.dropped(), duplicateReplies.sum(), telemetryPublished.sum(),
                telemetry.dropped(), telemetryThrottled.sum(), connects.sum(), connectionsLost.sum(),
                adapterReceived.sum(), adapterOversize.sum() + adapters.stream().mapToLong(Adapter::rejected).sum());
    }

    /** {@code telemetry/mqtt}: the counters after the time stamp every telemetry message starts with. */
    private Map<String, Object> stampedCounters() {
        return TelemetryStamp.SYSTEM.stamp(json.convertValue(counters(), new TypeReference<Map<String, Object>>() { }));
    }

    /**
     * Queues {@code payload} (serialised to JSON now, on the caller's thread) for {@code
     * wally/<id>/telemetry/<topic>}; never blocks. Skipped (counted) when the topic's rate is 0 or when it
     * comes faster than twice its configured rate (the producer paces itself; this is a ceiling against
     * runaways); the oldest queued message is dropped (counted) when the queue is full.
     *
     * @throws IllegalArgumentException when {@code topic} is not a single topic level or the payload cannot be serialised
     */
    @Override
    public void publish(String topic, Object payload) {
        if (topic == null || topic.isEmpty() || MqttTopics.whyNotPublishable(topic) != null || topic.indexOf('/') >= 0) {
            throw new IllegalArgumentException("telemetry topic must be one topic level without wildcards; was " + topic);
        }
        if (!rateAllows(topic)) {
            telemetryThrottled.increment();
            return;
        }
        if ("health".equals(topic) && payload instanceof Map<?, ?> health) {
            Map<Object, Object> withMqtt = new LinkedHashMap<>(health);
            withMqtt.put("mqtt", connection.snapshot().toMap());
            payload = withMqtt;
        }
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("telemetry for " + topic + " cannot be serialised to JSON: " + e.getOriginalMessage(), e);
        }
        telemetry.offer(new Outbound(topics.telemetry(topic), bytes, 0));
        LockSupport.unpark(publisher);
    }

    private boolean rateAllows(String topic) {
        Double hz = settings.telemetryRatesHz().get(topic);
        if (hz == null) {
            return true;
        }
        if (hz == 0) {
            return false;
        }
        // A ceiling at twice the configured rate: the pipeline paces its telemetry itself, and a ceiling
        // at exactly the rate would drop every other message whose spacing jitters just under the period.
        long intervalNanos = (long) (0.5e9 / hz);
        AtomicLong last = lastTelemetryNanos.computeIfAbsent(topic, t -> new AtomicLong(Long.MIN_VALUE));
        long now = nanoClock.getAsLong();
        long previous = last.get();
        if (previous != Long.MIN_VALUE && now - previous < intervalNanos) {
            return false;
        }
        return last.compareAndSet(previous, now);
    }

    /** The transport's callbacks: enqueue only. */
    private final class Listener implements MqttTransport.Listener {

        @Override
        public void connected(int attempt) {
            // Runs on the transport's connector thread (ours, not Paho's): waiting for the SUBACK is fine.
            connects.increment();
            connection.connected();
            try {
                transport.subscribe(topics.commandFilter(), 0);
                transport.publish(topics.status(), ONLINE, 1, true);
            } catch (MqttTransportException e) {
                LOG.log(System.Logger.Level.WARNING, "MQTT connected but could not subscribe or publish status: "
                        + e.getMessage() + " (the next reconnect tries again)");
            }
            for (Adapter adapter : adapters) {
                subscribe(adapter);
                adapter.connected(attempt);
            }
            if (attempt > 1) {
                LOG.log(System.Logger.Level.INFO, "MQTT reconnected (connection " + attempt + ")");
            }
            LockSupport.unpark(publisher);
        }

        @Override
        public void connectionLost(Throwable cause) {
            connectionsLost.increment();
            connection.lost(cause);
            LOG.log(System.Logger.Level.WARNING, "MQTT connection lost (" + cause + "); reconnecting with back-off");
        }

        @Override
        public void connectFailed(Throwable cause) {
            connection.attemptFailed(cause);
        }

        @Override
        public void abandoned(String why) {
            connection.duplicate(why);
        }

        @Override
        public void messageArrived(String topic, byte[] payload) {
            String command = topics.commandOf(topic);
            if (command == null) {
                toAdapter(topic, payload);
                return;
            }
            received.increment();
            if ("stop".equals(command)) {
                intakeBytes.addAndGet(payload.length);
                requests.offerFirst(new Inbound(command, payload, true)); // overtakes every waiting request
                return;
            }
            if (intakeBytes.get() + payload.length > INTAKE_BYTES) {
                rejectWithoutQueue(command, payload); // last resort: decoded here, on the transport's thread
                return;
            }
            // Only taking the message in happens here, so that the transport reads as fast as the broker
            // sends (a broker drops what queues up for a slow subscriber); the dispatcher sheds the overflow.
            boolean admitted = waitingAdmitted.incrementAndGet() <= settings.requestQueueCapacity();
            if (!admitted) {
                waitingAdmitted.decrementAndGet();
            }
            intakeBytes.addAndGet(payload.length);
            requests.offerLast(new Inbound(command, payload, admitted));
        }
    }

    /** Hands a message outside {@code cmd/} to the adapter whose filter matches it (or drops it: not ours). */
    private void toAdapter(String topic, byte[] payload) {
        for (Adapter adapter : adapters) {
            for (String filter : adapter.filters()) {
                if (matches(filter, topic)) {
                    adapterReceived.increment();
                    if (payload.length > settings.maxPayloadBytes()) {
                        adapterOversize.increment();
                        LOG.log(System.Logger.Level.WARNING, "MQTT message on " + topic + " refused: " + payload.length
                                + " bytes, the limit is " + settings.maxPayloadBytes());
                    } else {
                        adapter.offer(topic, payload); // the adapter counts what it refuses
                    }
                    return;
                }
            }
        }
    }

    /** Whether MQTT filter {@code filter} ({@code +} one level, a trailing {@code #} any rest) matches {@code topic}. */
    static boolean matches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length || !(f[i].equals("+") || f[i].equals(t[i]))) {
                return false;
            }
        }
        return f.length == t.length;
    }

    /** Answers {@code busy} without calling the runtime (decoding is bounded by maxPayloadBytes). */
    private void rejectWithoutQueue(String command, byte[] payload) {
        try {
            RequestDecoder.Decoded request = decoder.decode(command, payload, settings.maxPayloadBytes());
            busy.increment();
            queueReply(request.replyTo(), error(request.id(), ErrorCode.BUSY, "request queue full ("
                    + settings.requestQueueCapacity() + " waiting); try again"));
        } catch (RequestDecoder.Rejection rejection) {
            countRejection(rejection.code);
            queueReply(rejection.replyTo, error(rejection.id, rejection.code, rejection.getMessage()));
        }
    }

    private static boolean isStop(Inbound request) {
        return request != null && "stop".equals(request.command());
    }

    private void dispatchLoop() {
        while (running.get()) {
            // Back-pressure: while the broker is there but slower than we answer, wait for the reply queue
            // to drain rather than overflow it (stops still go through at once).
            while (running.get() && replies.size() >= replyHighWater && transport.isConnected()
                    && !isStop(requests.peekFirst())) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            Inbound request;
            try {
                request = requests.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                if (!running.get()) {
                    return;
                }
                continue;
            }
            if (request == null) {
                continue;
            }
            intakeBytes.addAndGet(-request.payload().length);
            if (!request.admitted()) {
                rejectWithoutQueue(request.command(), request.payload());
                continue;
            }
            if (!isStop(request)) {
                waitingAdmitted.decrementAndGet();
            }
            handle(request);
        }
    }

    /** Decodes one request and calls the runtime; every path ends in exactly one reply. */
    private void handle(Inbound in) {
        boolean isStop = "stop".equals(in.command());
        RequestDecoder.Decoded request;
        try {
            request = decoder.decode(in.command(), in.payload(), settings.maxPayloadBytes());
        } catch (RequestDecoder.Rejection rejection) {
            countRejection(rejection.code);
            if (isStop) {
                stopAnyway("over MQTT (unreadable request: " + rejection.getMessage() + ")");
            }
            queueReply(rejection.replyTo, error(rejection.id, rejection.code, rejection.getMessage()
                    + (isStop ? " (the robot was stopped anyway)" : "")), isStop);
            return;
        }
        RobotCommands runtime = commands;
        OneReply reply = new OneReply(request.id(), request.replyTo(), isStop);
        if (runtime == null) {
            notReady.increment();
            reply.error(ErrorCode.NOT_READY, "the runtime is still starting; try again");
            return;
        }
        try {
            runtime.submit(request.request(), reply);
        } catch (RuntimeException e) {
            internalErrors.increment();
            LOG.log(System.Logger.Level.ERROR, "handler for " + in.command() + " threw", e);
            reply.error(ErrorCode.INTERNAL, in.command() + " failed: " + e);
        }
    }

    private void stopAnyway(String reason) {
        RobotCommands runtime = commands;
        if (runtime == null) {
            return;
        }
        try {
            runtime.submit(new Request.Stop(reason), new CommandReply() {
                @Override
                public void ok(Object result) {
                    // the bad request already got its one reply (the error)
                }

                @Override
                public void error(ErrorCode code, String message) {
                    LOG.log(System.Logger.Level.ERROR, "stop was refused: " + code + ": " + message);
                }
            });
        } catch (RuntimeException e) {
            internalErrors.increment();
            LOG.log(System.Logger.Level.ERROR, "stop handler threw", e);
        }
    }

    private void countRejection(ErrorCode code) {
        switch (code) {
            case TOO_LARGE -> tooLarge.increment();
            case BAD_JSON -> badJson.increment();
            case UNKNOWN_COMMAND -> unknownCommand.increment();
            default -> badRequest.increment();
        }
    }

    /** The one reply of one request: the first answer wins, later ones are counted and ignored. */
    private final class OneReply implements CommandReply {
        private final JsonNode id;
        private final String replyTo;
        private final boolean urgent;
        private final AtomicBoolean answered = new AtomicBoolean();

        OneReply(JsonNode id, String replyTo, boolean urgent) {
            this.id = id;
            this.replyTo = replyTo;
            this.urgent = urgent;
        }

        @Override
        public void ok(Object result) {
            if (first()) {
                Map<String, Object> body = new LinkedHashMap<>(4);
                body.put("id", id);
                body.put("ok", true);
                body.put("result", result);
                byte[] bytes;
                try {
                    bytes = json.writeValueAsBytes(body); // straight to bytes: a plan's route is thousands of numbers, no tree of them
                } catch (JsonProcessingException e) {
                    internalErrors.increment();
                    queueReply(replyTo, MqttBridge.this.error(id, ErrorCode.INTERNAL, "result cannot be serialised to JSON: " + e.getOriginalMessage()), urgent);
                    return;
                }
                queueBytes(replyTo, bytes, urgent);
            }
        }

        @Override
        public void error(ErrorCode code, String message) {
            if (first()) {
                queueReply(replyTo, MqttBridge.this.error(id, code, message), urgent);
            }
        }

        private boolean first() {
            if (answered.compareAndSet(false, true)) {
                return true;
            }
            duplicateReplies.increment();
            return false;
        }
    }

    private ObjectNode error(JsonNode id, ErrorCode code, String message) {
        ObjectNode body = json.createObjectNode();
        body.set("id", id);
        body.put("ok", false);
        ObjectNode error = body.putObject("error");
        error.put("code", code.wireName());
        error.put("message", message);
        return body;
    }

    private void queueReply(String replyTo, ObjectNode body) {
        queueReply(replyTo, body, false);
    }

    /** Queues one reply; an urgent one (a stop's) goes to the head, ahead of a burst's replies. */
    private void queueReply(String replyTo, ObjectNode body, boolean urgent) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree failed to serialise", e);
        }
        queueBytes(replyTo, bytes, urgent);
    }

    private void queueBytes(String replyTo, byte[] bytes, boolean urgent) {
        repliesQueued.increment();
        Outbound reply = new Outbound(replyTo != null ? replyTo : topics.reply(), bytes, 1);
        if (urgent) {
            replies.offerFirst(reply);
        } else {
            replies.offer(reply);
        }
        LockSupport.unpark(publisher);
    }

    private void publishLoop() {
        long healthIntervalNanos = healthIntervalNanos();
        long nextHealth = nanoClock.getAsLong();
        while (running.get() || replies.size() > 0) {
            if (!transport.isConnected()) {
                if (!running.get()) {
                    return; // closing while the broker is away: nothing more can go out
                }
                connection.poll();
                LockSupport.parkNanos(IDLE_PARK_NANOS);
                continue;
            }
            if (healthIntervalNanos > 0 && nanoClock.getAsLong() - nextHealth >= 0 && running.get()) {
                nextHealth = nanoClock.getAsLong() + healthIntervalNanos;
                try {
                    telemetry.offer(new Outbound(topics.telemetry("mqtt"), json.writeValueAsBytes(stampedCounters()), 0));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("counters failed to serialise", e);
                }
            }
            DropOldestQueue<Outbound> source = replies;
            Outbound next = replies.poll();
            boolean fromLatest = false;
            if (next == null && running.get()) {
                next = pollLatest();
                fromLatest = next != null;
            }
            if (next == null && running.get()) {
                source = telemetry;
                next = telemetry.poll();
            }
            if (next == null) {
                if (!running.get()) {
                    return;
                }
                LockSupport.parkNanos(IDLE_PARK_NANOS);
                continue;
            }
            try {
                transport.publish(next.topic(), next.payload(), next.qos(), next.retained());
                if (!fromLatest) {
                    (source == replies ? repliesPublished : telemetryPublished).increment();
                }
            } catch (MqttTransportException e) {
                if (fromLatest) {
                    pushBackLatest(next);
                } else {
                    source.pushBack(next);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(transport.isConnected() ? 1 : 50));
            }
        }
    }

    private long healthIntervalNanos() {
        Double hz = settings.telemetryRatesHz().get("mqtt");
        return hz == null || hz == 0 ? 0 : (long) (1e9 / hz);
    }

    /**
     * Publishes {@code offline} (retained), disconnects and stops the bridge's threads, waiting up to
     * about two seconds for queued replies to go out first. Idempotent.
     */
    @Override
    public void close() {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        dispatcher.interrupt();
        joinQuietly(dispatcher, 2_000);
        LockSupport.unpark(publisher);
        joinQuietly(publisher, 2_000);
        transport.close(topics.status(), OFFLINE, 1_000);
    }

    private static void joinQuietly(Thread thread, long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
