package io.wally.runtime.agent;

import io.wally.runtime.command.CommandReply;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Bounded table of command replies waiting for an agent to answer them; a ring-buffer record carries
 * the slot number instead of the object.
 *
 * <p>Threading: {@link #reserve} from any thread (lock-free claim of a free slot); {@link #take} by the
 * agent that consumes the record. A full table means "busy".
 */
final class PendingReplies {

    /** No slot available. */
    static final int NONE = -1;

    private final AtomicReferenceArray<CommandReply> slots;

    PendingReplies(int capacity) {
        slots = new AtomicReferenceArray<>(capacity);
    }

    /** Claims a slot for {@code reply}; {@link #NONE} when all are taken. */
    int reserve(CommandReply reply) {
        int n = slots.length();
        int start = (int) (Thread.currentThread().threadId() % n);
        for (int i = 0; i < n; i++) {
            int slot = (start + i) % n;
            if (slots.get(slot) == null && slots.compareAndSet(slot, null, reply)) {
                return slot;
            }
        }
        return NONE;
    }

    /** Frees the slot (when its record could not be queued) and returns its reply. */
    CommandReply take(int slot) {
        return slots.getAndSet(slot, null);
    }

    /** Replies waiting. */
    int inUse() {
        int used = 0;
        for (int i = 0; i < slots.length(); i++) {
            if (slots.get(i) != null) {
                used++;
            }
        }
        return used;
    }
}
