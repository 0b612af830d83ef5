package io.wally.runtime.foxglove;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One connected Foxglove client: its WebSocket session, its subscriptions (subscription id by channel), the
 * channels it advertised for publishing, and a bound on what it has not read yet.
 *
 * <p>Sends are asynchronous; every frame not yet written to the socket counts against {@link
 * #MAX_PENDING_FRAMES}. A client that stops reading fills its socket, its frames pile up, and at the bound it
 * is disconnected: the server never buffers without limit for one slow client, and the others never wait.
 *
 * <p>Threading: Jetty delivers one session's incoming messages one at a time on its threads ({@link
 * FoxgloveServer} handles them); the server's publisher thread sends. The maps are concurrent because both
 * read them. Lifecycle: made on upgrade, opened on connect, dropped by the server on close. Public only
 * because Jetty invokes the listener methods reflectively; nothing outside this package makes one.
 */
public final class FoxgloveClient implements Session.Listener.AutoDemanding {

    /** Frames queued to a client and not yet written before it is deemed not to read. */
    static final int MAX_PENDING_FRAMES = 512;
    /** Binary message-data header: opcode, uint32 subscription id, uint64 log time (ns). */
    static final int MESSAGE_HEADER_BYTES = 1 + 4 + 8;
    static final byte OP_MESSAGE_DATA = 0x01;

    private final FoxgloveServer server;
    private final String address;
    private volatile Session session;
    /** Subscription id by channel id. */
    final Map<Integer, Long> subscriptions = new ConcurrentHashMap<>();
    /** Client channel id to its topic, from the client's {@code advertise}. */
    final Map<Long, String> clientChannels = new ConcurrentHashMap<>();
    /** Latched channels subscribed since the publisher last looked: it sends them their last message. */
    final Queue<FoxgloveChannel> freshLatched = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean dropped = new AtomicBoolean();

    FoxgloveClient(FoxgloveServer server, String address) {
        this.server = server;
        this.address = address;
    }

    /** Where the client connected from, for log lines. */
    String address() {
        return address;
    }

    // ---- Jetty's threads ------------------------------------------------------------------------------

    /** Jetty: the handshake is done; the server sends serverInfo and advertise. */
    @Override
    public void onWebSocketOpen(Session opened) {
        this.session = opened;
        server.opened(this);
    }

    /** Jetty: a whole text message (at most {@link FoxgloveServer#MAX_MESSAGE_BYTES}). */
    @Override
    public void onWebSocketText(String text) {
        server.onText(this, text);
    }

    /** Jetty: a whole binary message; released when handled. */
    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        try {
            server.onBinary(this, payload);
        } finally {
            callback.succeed();
        }
    }

    /** Jetty: the connection closed, for whatever reason. */
    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        server.closed(this, statusCode, reason);
    }

    /** Jetty: the connection failed (a message too big, a broken socket). */
    @Override
    public void onWebSocketError(Throwable cause) {
        server.failed(this, cause);
    }

    // ---- any thread -----------------------------------------------------------------------------------

    /** Sends a JSON text message. */
    void sendText(String json) {
        Session s = session;
        if (s == null || !admit(s)) {
            return;
        }
        s.sendText(json, sent());
    }

    /**
     * Sends {@code payload} as a message-data frame on the client's subscription to {@code channel}, if it has
     * one.
     *
     * @return whether a frame was queued
     */
    boolean sendMessage(FoxgloveChannel channel, long logTimeNanos, byte[] payload) {
        Long subscription = subscriptions.get(channel.id());
        Session s = session;
        if (subscription == null || s == null || !admit(s)) {
            return false;
        }
        ByteBuffer frame = ByteBuffer.allocate(MESSAGE_HEADER_BYTES + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        frame.put(OP_MESSAGE_DATA).putInt((int) (long) subscription).putLong(logTimeNanos).put(payload).flip();
        s.sendBinary(frame, sent());
        return true;
    }

    /** Closes the connection with {@code code} and {@code reason} (the close frame says why). */
    void close(int code, String reason) {
        Session s = session;
        if (s != null) {
            s.close(code, reason, Callback.NOOP);
        }
    }

    /** Frames queued and not yet written. */
    int pendingFrames() {
        return pending.get();
    }

    private boolean admit(Session s) {
        if (!s.isOpen() || dropped.get()) {
            return false;
        }
        if (pending.incrementAndGet() > MAX_PENDING_FRAMES) {
            pending.decrementAndGet();
            if (dropped.compareAndSet(false, true)) {
                server.tooSlow(this);
                // Its socket is full: a close frame would wait behind the rest, so cut the connection.
                s.disconnect();
            }
            return false;
        }
        return true;
    }

    private Callback sent() {
        return Callback.from(pending::decrementAndGet, failure -> pending.decrementAndGet());
    }
}
