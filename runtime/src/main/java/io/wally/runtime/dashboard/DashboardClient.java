package io.wally.runtime.dashboard;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One browser connected to the dashboard's WebSocket, with a bounded send queue: frames are written
 * asynchronously and at most {@code maxQueuedFrames} may wait. When the queue is full a droppable frame
 * (pose, state: the next one replaces it) is dropped and counted; a frame that must arrive (the map, its
 * changes, a command reply) closes the connection instead ({@link #OVERLOADED}), so a client that never
 * reads costs the robot a bounded amount of memory and slows no one else.
 *
 * <p>Threading: {@link #send} from any thread (the broadcaster and Jetty's threads); counters are atomic.
 */
final class DashboardClient {

    /** Close code when the client does not read fast enough (RFC 6455 1008: policy violation). */
    static final int OVERLOADED = 1008;

    private final Session session;
    private final int maxQueuedFrames;
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong dropped;
    private volatile boolean mapSent;

    /** @param dropped the server's count of frames dropped for slow clients */
    DashboardClient(Session session, int maxQueuedFrames, AtomicLong dropped) {
        this.session = session;
        this.maxQueuedFrames = maxQueuedFrames;
        this.dropped = dropped;
    }

    /** Closes the connection with {@code code} and {@code why}. */
    void close(int code, String why) {
        session.close(code, why, Callback.NOOP);
    }

    /** Whether the map has been sent (the broadcaster sends it once, then only changes). */
    boolean mapSent() {
        return mapSent;
    }

    void markMapSent() {
        mapSent = true;
    }

    /** Frames written to the socket's queue and not yet sent. */
    int queued() {
        return queued.get();
    }

    /**
     * Queues {@code text}; a full queue drops it when {@code droppable}, else closes the connection.
     *
     * @return whether the frame was queued
     */
    boolean send(String text, boolean droppable) {
        if (!session.isOpen()) {
            return false;
        }
        if (queued.incrementAndGet() > maxQueuedFrames) {
            queued.decrementAndGet();
            if (droppable) {
                dropped.incrementAndGet();
            } else {
                close(OVERLOADED, "client does not read: more than " + maxQueuedFrames + " frames waiting");
            }
            return false;
        }
        session.sendText(text, Callback.from(queued::decrementAndGet, failure -> queued.decrementAndGet()));
        return true;
    }
}
