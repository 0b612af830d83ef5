package io.wally.maps.plan;

import io.wally.maps.EdgeCursor;
import io.wally.maps.GraphException;
import io.wally.maps.NavGraph;
import java.util.List;
import java.util.Optional;

/**
 * A read-only CSR copy of a graph whose cursor allocates nothing, so that a test can measure what the
 * planner itself allocates (ReferenceGraph's cursor walks a map with an iterator). Test-only.
 */
final class FrozenGraph implements NavGraph {

    private final int limit;
    private final float[] xs;
    private final float[] ys;
    private final boolean[] blocked;
    private final int[] firstEdge;
    private final int[] targets;
    private final float[] weights;
    private final long version;

    FrozenGraph(NavGraph source) {
        limit = source.nodeIdLimit();
        xs = new float[limit];
        ys = new float[limit];
        blocked = new boolean[limit];
        firstEdge = new int[limit + 1];
        targets = new int[source.edgeCount()];
        weights = new float[source.edgeCount()];
        EdgeCursor out = source.edges();
        int e = 0;
        for (int n = 0; n < limit; n++) {
            firstEdge[n] = e;
            xs[n] = source.x(n);
            ys[n] = source.y(n);
            blocked[n] = source.isBlocked(n);
            out.moveTo(n);
            while (out.next()) {
                targets[e] = out.to();
                weights[e++] = out.weight();
            }
        }
        firstEdge[limit] = e;
        version = source.version();
    }

    @Override
    public long version() {
        return version;
    }

    @Override
    public int nodeCount() {
        return limit;
    }

    @Override
    public int edgeCount() {
        return targets.length;
    }

    @Override
    public int nodeIdLimit() {
        return limit;
    }

    @Override
    public boolean containsNode(int node) {
        return node >= 0 && node < limit;
    }

    @Override
    public float x(int node) {
        return xs[node];
    }

    @Override
    public float y(int node) {
        return ys[node];
    }

    @Override
    public boolean isBlocked(int node) {
        return blocked[node];
    }

    @Override
    public int labels(int node) {
        return 0;
    }

    @Override
    public Optional<String> name(int node) {
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
                from = node;
                at = firstEdge[node] - 1;
                end = firstEdge[node + 1];
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
                return targets[at];
            }

            @Override
            public float weight() {
                return weights[at];
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
        for (int e = firstEdge[from]; e < firstEdge[from + 1]; e++) {
            if (targets[e] == to) {
                return weights[e];
            }
        }
        return Float.NaN;
    }

    @Override
    public int edgeType(int from, int to) {
        throw new GraphException("not kept by FrozenGraph");
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
