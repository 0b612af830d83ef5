package io.wally.runtime.agent;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bounded queue of telemetry events (goal began, arrived, failed, stopped, path repaired, fault
 * raised) that never blocks a producer: when it is full, the newest event overwrites the oldest, and
 * the consumer counts what it lost. Producers claim a sequence number and store their event in its
 * slot; the consumer reads slots in sequence order, skips (and counts) those already overwritten, and
 * waits for a claimed slot still being written.
 *
 * <p>Threading: {@link #offer} from any thread, lock-free (the event itself is allocated by the
 * producer: transitions only, never per control cycle); {@link #drain} from the telemetry agent only.
 */
public final class TelemetryEvents {

    /** One event: its sequence number, topic-relative name and payload. */
    public record Event(long sequence, String name, Map<String, Object> payload) {
    }

    /** Receives drained events. */
    @FunctionalInterface
    public interface Consumer {
        void accept(Event event);
    }

    private final int capacity;
    private final AtomicReferenceArray<Event> slots;
    private final AtomicLong tail = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private long head;

    /** A queue keeping the newest {@code capacity} events ({@code >= 1}). */
    public TelemetryEvents(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1; was " + capacity);
        }
        this.capacity = capacity;
        this.slots = new AtomicReferenceArray<>(capacity);
    }

    /** Queues an event; overwrites the oldest when full. Never blocks. */
    public void offer(String name, Map<String, Object> payload) {
        long seq = tail.getAndIncrement();
        slots.set((int) (seq % capacity), new Event(seq, name, payload));
    }

    /** Hands every readable event to {@code consumer} in order; returns how many. Consumer thread only. */
    public int drain(Consumer consumer) {
        long end = tail.get();
        if (end - head > capacity) {
            dropped.addAndGet(end - head - capacity);
            head = end - capacity;
        }
        int n = 0;
        while (head < end) {
            Event e = slots.get((int) (head % capacity));
            if (e == null || e.sequence() < head) {
                break; // claimed but not written yet: read it next time
            }
            if (e.sequence() > head) {
                // overwritten meanwhile: everything older than the last `capacity` claims is gone
                long oldestKept = e.sequence() - capacity + 1;
                dropped.addAndGet(oldestKept - head);
                head = oldestKept;
                continue;
            }
            consumer.accept(e);
            head++;
            n++;
        }
        return n;
    }

    /** Events lost because the queue was full (the oldest were overwritten). */
    public long dropped() {
        return dropped.get();
    }

    /** Events offered so far. */
    public long offered() {
        return tail.get();
    }
}
