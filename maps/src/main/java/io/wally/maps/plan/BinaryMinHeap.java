package io.wally.maps.plan;

import java.util.Arrays;

/**
 * A binary min-heap of (key, node) pairs that grows as needed, with re-push instead of decrease-key: a
 * node may be in it more than once, and the caller skips entries of nodes already settled. For searches
 * whose keys need not rise monotonically ({@link RadixHeap} needs that). One owner; not thread-safe.
 */
final class BinaryMinHeap {

    private double[] keys;
    private int[] nodes;
    private int size;

    BinaryMinHeap(int capacity) {
        keys = new double[Math.max(16, capacity)];
        nodes = new int[keys.length];
    }

    boolean isEmpty() {
        return size == 0;
    }

    void push(int node, double key) {
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            nodes = Arrays.copyOf(nodes, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int up = (i - 1) >>> 1;
            if (keys[up] <= key) {
                break;
            }
            keys[i] = keys[up];
            nodes[i] = nodes[up];
            i = up;
        }
        keys[i] = key;
        nodes[i] = node;
    }

    int pop() {
        int top = nodes[0];
        double key = keys[--size];
        int node = nodes[size];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && keys[child + 1] < keys[child]) {
                child++;
            }
            if (keys[child] >= key) {
                break;
            }
            keys[i] = keys[child];
            nodes[i] = nodes[child];
            i = child;
        }
        keys[i] = key;
        nodes[i] = node;
        return top;
    }

    void clear() {
        size = 0;
    }
}
