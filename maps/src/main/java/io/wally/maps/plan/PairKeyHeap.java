package io.wally.maps.plan;

import java.util.Arrays;

/**
 * An indexed binary min-heap of node ids keyed by a pair {@code [k1; k2]} compared lexicographically,
 * as D* Lite's priority queue needs (its keys can decrease and entries are removed, so a monotone
 * queue like {@link RadixHeap} does not fit): keys parallel to the heap, a node-indexed position array
 * for O(1) look-up, removal and key update in O(log n).
 *
 * <p>Not thread-safe: owned by one {@link DStarLite}.
 */
final class PairKeyHeap {

    private int[] nodes = new int[16];
    private double[] k1 = new double[16];
    private double[] k2 = new double[16];
    private int[] position = new int[0];
    private int size;

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

    double topK1() {
        return k1[0];
    }

    double topK2() {
        return k2[0];
    }

    int top() {
        return nodes[0];
    }

    /** Inserts {@code node} or moves it to its new key. */
    void upsert(int node, double key1, double key2) {
        int at = position[node];
        if (at < 0) {
            if (size == nodes.length) {
                nodes = Arrays.copyOf(nodes, size * 2);
                k1 = Arrays.copyOf(k1, size * 2);
                k2 = Arrays.copyOf(k2, size * 2);
            }
            siftUp(size++, node, key1, key2);
        } else if (less(key1, key2, k1[at], k2[at])) {
            siftUp(at, node, key1, key2);
        } else {
            siftDown(at, node, key1, key2);
        }
    }

    /** Empties the heap in O(size): only the positions of the nodes it holds are reset. */
    void clear() {
        for (int i = 0; i < size; i++) {
            position[nodes[i]] = -1;
        }
        size = 0;
    }

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
        double m1 = k1[last];
        double m2 = k2[last];
        if (less(m1, m2, k1[at], k2[at])) {
            siftUp(at, moved, m1, m2);
        } else {
            siftDown(at, moved, m1, m2);
        }
    }

    static boolean less(double a1, double a2, double b1, double b2) {
        return a1 < b1 || (a1 == b1 && a2 < b2);
    }

    private void siftUp(int at, int node, double key1, double key2) {
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            if (!less(key1, key2, k1[parent], k2[parent])) {
                break;
            }
            int parentNode = nodes[parent];
            nodes[at] = parentNode;
            k1[at] = k1[parent];
            k2[at] = k2[parent];
            position[parentNode] = at;
            at = parent;
        }
        nodes[at] = node;
        k1[at] = key1;
        k2[at] = key2;
        position[node] = at;
    }

    private void siftDown(int at, int node, double key1, double key2) {
        int half = size >>> 1;
        while (at < half) {
            int child = 2 * at + 1;
            int right = child + 1;
            if (right < size && less(k1[right], k2[right], k1[child], k2[child])) {
                child = right;
            }
            if (!less(k1[child], k2[child], key1, key2)) {
                break;
            }
            int childNode = nodes[child];
            nodes[at] = childNode;
            k1[at] = k1[child];
            k2[at] = k2[child];
            position[childNode] = at;
            at = child;
        }
        nodes[at] = node;
        k1[at] = key1;
        k2[at] = key2;
        position[node] = at;
    }
}
