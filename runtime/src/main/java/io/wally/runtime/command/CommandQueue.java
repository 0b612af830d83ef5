package io.wally.runtime.command;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

/**
 * The bounded queue of requests waiting for one agent (the planner, or the map writer): any thread offers,
 * the owning agent drains at the top of its {@code doWork()}. An offer wakes the owner's thread when it is
 * parked by its idle strategy, so a request does not wait out the idle back-off.
 *
 * <p>Threading: many producers, one consumer (the agent whose {@link #bindConsumer} ran last).
 */
public final class CommandQueue {

    /** A request and its reply, as queued. */
    private record Entry(Request request, CommandReply reply) {
    }

    private final ManyToOneConcurrentArrayQueue<Entry> queue;
    private volatile Thread consumer;

    /** @param capacity requests that may wait; more are answered {@link ErrorCode#BUSY} */
    public CommandQueue(int capacity) {
        this.queue = new ManyToOneConcurrentArrayQueue<>(capacity);
    }

    /** Offers a request; false when the queue is full (nothing was queued). Any thread. */
    public boolean offer(Request request, CommandReply reply) {
        if (!queue.offer(new Entry(request, reply))) {
            return false;
        }
        Thread owner = consumer;
        if (owner != null) {
            LockSupport.unpark(owner);
        }
        return true;
    }

    /** Records the calling thread as the one to wake on an offer (call from the agent's {@code onStart}). */
    public void bindConsumer() {
        consumer = Thread.currentThread();
    }

    /** Hands up to {@code limit} queued requests to {@code handler}, oldest first; the consumer thread only. */
    public int drain(BiConsumer<Request, CommandReply> handler, int limit) {
        int n = 0;
        Entry e;
        while (n < limit && (e = queue.poll()) != null) {
            handler.accept(e.request, e.reply);
            n++;
        }
        return n;
    }

    /** Requests waiting now (approximate while producers offer). */
    public int size() {
        return queue.size();
    }
}
