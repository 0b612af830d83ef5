package io.wally.runtime.mqtt;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded FIFO that never blocks and never refuses: when full, the oldest element is dropped and
 * counted. Any thread may offer; one consumer polls and may put an element it could not use back at
 * the head. A tiny lock guards each operation (a few instructions; no I/O under it).
 */
final class DropOldestQueue<T> {

    private final ArrayDeque<T> elements;
    private final int capacity;
    private final AtomicLong dropped = new AtomicLong();

    DropOldestQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity must be >= 1; was " + capacity);
        }
        this.capacity = capacity;
        this.elements = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    /** Appends {@code element}, dropping (and counting) the oldest one when full. */
    synchronized void offer(T element) {
        if (elements.size() == capacity) {
            elements.pollFirst();
            dropped.incrementAndGet();
        }
        elements.addLast(element);
    }

    /** Puts {@code element} at the head, to be polled next, dropping (and counting) the oldest one when full. */
    synchronized void offerFirst(T element) {
        if (elements.size() == capacity) {
            elements.pollFirst();
            dropped.incrementAndGet();
        }
        elements.addFirst(element);
    }

    /** Puts back an element just polled, at the head; dropped and counted if newer ones filled the queue. */
    synchronized void pushBack(T element) {
        if (elements.size() == capacity) {
            dropped.incrementAndGet();
            return;
        }
        elements.addFirst(element);
    }

    /** The oldest element, removed, or null when empty. */
    synchronized T poll() {
        return elements.pollFirst();
    }

    synchronized int size() {
        return elements.size();
    }

    long dropped() {
        return dropped.get();
    }
}
