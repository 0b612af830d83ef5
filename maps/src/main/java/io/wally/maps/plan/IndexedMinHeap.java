package io.wally.maps.plan;

import java.util.Arrays;

/**
 * A binary min-heap of node ids keyed by a {@code double}, indexed by node so that
 * {@link #decreaseKey} finds a node in O(1) and moves it in O(log n).
 *
 * <p>Keys live in an array parallel to the heap (not indexed by node), so sifting compares
 * neighbouring memory. Capacity grows on demand; {@link #clear()} costs O(size), not O(capacity), so a
 * heap sized for a million nodes is reused across searches without refilling its index.
 *
 * <p>Not thread-safe: owned by one {@link Planner} (one per thread).
 */
final class IndexedMinHeap {

    private int[] nodes = new int[16];
    private double[] keys = new double[16];
    /** Heap position of each node id, or -1 when the node is not in the heap. */
    private int[] position = new int[0];
    private int size;

    /** Makes room for node ids below {@code nodeIdLimit}. */
    void ensureNodeCapacity(int nodeIdLimit) {
        if (position.length < nodeIdLimit) {
            int old = position.length;
            position = Arrays.copyOf(position, Math.max(nodeIdLimit, old + (old >> 1)));
            Arrays.fill(position, old, position.length, -1);
        }
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    boolean contains(int node) {
        return position[node] >= 0;
    }

    /** Key of {@code node}, which must be in the heap. */
    double key(int node) {
        return keys[position[node]];
    }

    /** Adds {@code node} (not in the heap) with {@code key}. */
    void push(int node, double key) {
        if (size == nodes.length) {
            nodes = Arrays.copyOf(nodes, size * 2);
            keys = Arrays.copyOf(keys, size * 2);
        }
        siftUp(size++, node, key);
    }

    /** Lowers the key of {@code node} (in the heap) to {@code key}. */
    void decreaseKey(int node, double key) {
        siftUp(position[node], node, key);
    }

    /** Adds {@code node} or lowers/raises its key, whichever applies. */
    void upsert(int node, double key) {
        int at = position[node];
        if (at < 0) {
            push(node, key);
        } else if (key <= keys[at]) {
            siftUp(at, node, key);
        } else {
            siftDown(at, node, key);
        }
    }

    /** Key of the minimum; the heap must not be empty. */
    double peekKey() {
        return keys[0];
    }

    /** Node with the minimum key; the heap must not be empty. */
    int peek() {
        return nodes[0];
    }

    /** Removes and returns the node with the minimum key; the heap must not be empty. */
    int pop() {
        int top = nodes[0];
        position[top] = -1;
        int last = --size;
        if (last > 0) {
            siftDown(0, nodes[last], keys[last]);
        }
        return top;
    }

    /** Removes {@code node} if it is in the heap. */
    void remove(int node) {
        int at = position[node];
        if (at < 0) {
            return;
        }
        position[node] = -1;
        int last = --size;
        if (at == last) {
            return;
        }
        int moved = nodes[last];
        double movedKey = keys[last];
        if (movedKey < keys[at]) {
            siftUp(at, moved, movedKey);
        } else {
            siftDown(at, moved, movedKey);
        }
    }

    /** Empties the heap in O(size). */
    void clear() {
        for (int i = 0; i < size; i++) {
            position[nodes[i]] = -1;
        }
        size = 0;
    }

    private void siftUp(int at, int node, double key) {
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            double parentKey = keys[parent];
            if (parentKey <= key) {
                break;
            }
            int parentNode = nodes[parent];
            nodes[at] = parentNode;
            keys[at] = parentKey;
            position[parentNode] = at;
            at = parent;
        }
        nodes[at] = node;
        keys[at] = key;
        position[node] = at;
    }

    private void siftDown(int at, int node, double key) {
        int half = size >>> 1;
        while (at < half) {
            int child = 2 * at + 1;
            double childKey = keys[child];
            int right = child + 1;
            if (right < size && keys[right] < childKey) {
                child = right;
                childKey = keys[right];
            }
            if (key <= childKey) {
                break;
            }
            int childNode = nodes[child];
            nodes[at] = childNode;
            keys[at] = childKey;
            position[childNode] = at;
            at = child;
        }
        nodes[at] = node;
        keys[at] = key;
        position[node] = at;
    }
}
