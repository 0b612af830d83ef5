package io.wally.maps.plan;

import io.wally.maps.EdgeCursor;
import io.wally.maps.NavGraph;
import java.util.Arrays;

/**
 * Whole-graph structure: topological sort with cycle detection, and connected components.
 *
 * <p>Stateless; each call allocates its own working arrays (sized by {@link NavGraph#nodeIdLimit()})
 * and one cursor, so calls from different threads on a graph that is not being written are safe.
 */
public final class GraphOrder {

    private GraphOrder() {
    }

    /**
     * Topological order of every live node (blocked ones included: this is about the graph's shape, not
     * passability), or one directed cycle when there is one.
     *
     * <p>Iterative depth-first search with three colours; a grey node met again closes a cycle, read
     * back along the grey stack. The single cursor cannot be nested, so resuming a node's edge list
     * re-walks it past the edges already taken: O(sum of squared out-degrees), linear for the bounded
     * degrees of navigation graphs.
     */
    public static TopologicalOrder topologicalSort(NavGraph graph) {
        long version = graph.version();
        int limit = graph.nodeIdLimit();
        byte[] colour = new byte[limit]; // 0 white, 1 grey (on the stack), 2 black (finished)
        int[] stack = new int[Math.max(1, limit)];
        int[] taken = new int[Math.max(1, limit)];
        int[] finished = new int[limit];
        int finishedCount = 0;
        EdgeCursor out = graph.edges();
        for (int root = 0; root < limit; root++) {
            if (colour[root] != 0 || !graph.containsNode(root)) {
                continue;
            }
            int top = 0;
            stack[0] = root;
            taken[0] = 0;
            colour[root] = 1;
            while (top >= 0) {
                int u = stack[top];
                int skip = taken[top];
                out.moveTo(u);
                int index = 0;
                int next = -1;
                while (out.next()) {
                    if (index++ < skip) {
                        continue;
                    }
                    int v = out.to();
                    if (colour[v] == 1) {
                        return new TopologicalOrder(new int[0], cycleFrom(stack, top, v), version);
                    }
                    if (colour[v] == 0) {
                        next = v;
                        break;
                    }
                }
                taken[top] = index;
                if (next >= 0) {
                    colour[next] = 1;
                    stack[++top] = next;
                    taken[top] = 0;
                } else {
                    colour[u] = 2;
                    finished[finishedCount++] = u;
                    top--;
                }
            }
        }
        int[] order = new int[finishedCount];
        for (int i = 0; i < finishedCount; i++) {
            order[i] = finished[finishedCount - 1 - i];
        }
        return new TopologicalOrder(order, new int[0], version);
    }

    private static int[] cycleFrom(int[] stack, int top, int closing) {
        int at = top;
        while (stack[at] != closing) {
            at--;
        }
        return Arrays.copyOfRange(stack, at, top + 1);
    }

    /**
     * Connected components of the passable (live, unblocked) nodes, ignoring edge direction; edges
     * touching a blocked node join nothing. Union-find with path halving and union by size over every
     * edge: O(E α(N)).
     */
    public static Components components(NavGraph graph) {
        long version = graph.version();
        int limit = graph.nodeIdLimit();
        int[] root = new int[limit];
        int[] size = new int[limit];
        boolean[] passable = new boolean[limit];
        for (int n = 0; n < limit; n++) {
            root[n] = n;
            size[n] = 1;
            passable[n] = graph.containsNode(n) && !graph.isBlocked(n);
        }
        EdgeCursor out = graph.edges();
        for (int u = 0; u < limit; u++) {
            if (!passable[u]) {
                continue;
            }
            out.moveTo(u);
            while (out.next()) {
                int v = out.to();
                if (passable[v]) {
                    int ru = find(root, u);
                    int rv = find(root, v);
                    if (ru != rv) {
                        if (size[ru] < size[rv]) {
                            int t = ru;
                            ru = rv;
                            rv = t;
                        }
                        root[rv] = ru;
                        size[ru] += size[rv];
                    }
                }
            }
        }
        int[] componentOf = new int[limit];
        int[] idOfRoot = new int[limit];
        Arrays.fill(idOfRoot, Components.NONE);
        int count = 0;
        for (int n = 0; n < limit; n++) {
            if (!passable[n]) {
                componentOf[n] = Components.NONE;
                continue;
            }
            int r = find(root, n);
            if (idOfRoot[r] == Components.NONE) {
                idOfRoot[r] = count++;
            }
            componentOf[n] = idOfRoot[r];
        }
        int[] sizes = new int[count];
        for (int n = 0; n < limit; n++) {
            if (componentOf[n] != Components.NONE) {
                sizes[componentOf[n]]++;
            }
        }
        return new Components(componentOf, sizes, version);
    }

    private static int find(int[] root, int n) {
        while (root[n] != n) {
            root[n] = root[root[n]];
            n = root[n];
        }
        return n;
    }
}
