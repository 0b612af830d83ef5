package io.wally.bench.plan;

import io.wally.maps.EdgeCursor;
import io.wally.maps.GraphException;
import io.wally.maps.NavGraph;
import java.util.List;
import java.util.Optional;

/**
 * The CSR baseline's arrays seen through {@link NavGraph}: lets the benchmark run the engine's
 * planner over plain arrays, separating what the planner's abstraction costs (this vs the bare CSR
 * code) from what the off-heap storage costs (the engine on {@code OffHeapGraph} vs this).
 * Read-only; ids are checked like any NavGraph.
 */
final class ArrayNavGraph implements NavGraph {

    private final CsrGrid csr;

    ArrayNavGraph(CsrGrid csr) {
        this.csr = csr;
    }

    private int check(int node) {
        if (node < 0 || node >= csr.nodes) {
            throw new GraphException("unknown node " + node + " (node id limit " + csr.nodes + ")");
        }
        return node;
    }

    @Override
    public long version() {
        return 0;
    }

    @Override
    public int nodeCount() {
        return csr.nodes;
    }

    @Override
    public int edgeCount() {
        return csr.targets.length;
    }

    @Override
    public int nodeIdLimit() {
        return csr.nodes;
    }

    @Override
    public boolean containsNode(int node) {
        return node >= 0 && node < csr.nodes;
    }

    @Override
    public float x(int node) {
        return csr.xs[check(node)];
    }

    @Override
    public float y(int node) {
        return csr.ys[check(node)];
    }

    @Override
    public boolean isBlocked(int node) {
        return csr.blocked[check(node)];
    }

    @Override
    public int labels(int node) {
        check(node);
        return 0;
    }

    @Override
    public Optional<String> name(int node) {
        check(node);
        return Optional.empty();
    }

    @Override
    public int nodeId(String name) {
        return NO_NODE;
    }

    @Override
    public EdgeCursor edges() {
        return new EdgeCursor() {
            private int from;
            private int at;
            private int end;

            @Override
            public EdgeCursor moveTo(int node) {
                from = check(node);
                at = csr.offsets[node] - 1;
                end = csr.offsets[node + 1];
                return this;
            }

            @Override
            public boolean next() {
                return ++at < end;
            }

            @Override
            public int from() {
                return from;
            }

            @Override
            public int to() {
                return csr.targets[at];
            }

            @Override
            public float weight() {
                return csr.weights[at];
            }

            @Override
            public int type() {
                return 0;
            }
        };
    }

    @Override
    public boolean hasEdge(int from, int to) {
        return !Float.isNaN(weight(from, to));
    }

    @Override
    public float weight(int from, int to) {
        check(from);
        for (int e = csr.offsets[from]; e < csr.offsets[from + 1]; e++) {
            if (csr.targets[e] == to) {
                return csr.weights[e];
            }
        }
        return Float.NaN;
    }

    @Override
    public int edgeType(int from, int to) {
        throw new GraphException("edge types are not kept by the array view");
    }

    @Override
    public Optional<byte[]> property(int node, String key) {
        return Optional.empty();
    }

    @Override
    public List<String> propertyKeys(int node) {
        return List.of();
    }
}
