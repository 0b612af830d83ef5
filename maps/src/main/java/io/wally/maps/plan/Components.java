package io.wally.maps.plan;

/**
 * The connected components of a graph's passable nodes (see {@link GraphOrder#components}): two nodes
 * are in one component when a chain of edges joins them, whatever the edges' directions (weakly
 * connected components; on navigation graphs, whose edges come in both directions, these are exactly
 * the parts a robot can drive between). Blocked and removed nodes belong to no component.
 *
 * <p>A value, never null; immutable. Component ids are {@code 0 .. count()-1}, numbered in order of
 * their smallest node id.
 */
public final class Components {

    /** Component id of a blocked or removed node. */
    public static final int NONE = -1;

    private final int[] componentOf;
    private final int[] sizes;
    private final long graphVersion;

    Components(int[] componentOf, int[] sizes, long graphVersion) {
        this.componentOf = componentOf;
        this.sizes = sizes;
        this.graphVersion = graphVersion;
    }

    /** Number of components. */
    public int count() {
        return sizes.length;
    }

    /** Component id of {@code node}, or {@link #NONE} for a blocked, removed or out-of-range node. */
    public int componentOf(int node) {
        return node >= 0 && node < componentOf.length ? componentOf[node] : NONE;
    }

    /** Whether {@code a} and {@code b} are both passable and in the same component. */
    public boolean connected(int a, int b) {
        int ca = componentOf(a);
        return ca != NONE && ca == componentOf(b);
    }

    /** Number of nodes in component {@code component}, {@code 0 <= component < count()}. */
    public int size(int component) {
        return sizes[component];
    }

    /** Id of a largest component, or {@link #NONE} when there are none. */
    public int largest() {
        int best = NONE;
        for (int c = 0; c < sizes.length; c++) {
            if (best == NONE || sizes[c] > sizes[best]) {
                best = c;
            }
        }
        return best;
    }

    /** The graph version this was computed on. */
    public long graphVersion() {
        return graphVersion;
    }
}
