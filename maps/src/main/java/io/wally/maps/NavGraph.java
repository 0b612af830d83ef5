package io.wally.maps;

import java.util.List;
import java.util.Optional;

/**
 * Read access to a navigation graph: places (nodes) joined by directed, weighted, typed edges.
 *
 * <p>A node is an {@code int} id, assigned 0, 1, 2, … in order of addition and never reused, so an id
 * is below {@link #nodeIdLimit()}; planners size their per-node arrays with it. An edge is identified
 * by its ordered pair {@code (from, to)}: there is at most one edge from a node to another.
 * Coordinates are in metres; weights are finite and {@code >= 0}.
 *
 * <p>Threading: an implementation names its single writer. A {@code NavGraph} obtained as a published
 * read view may be read by any number of threads; a mutable graph may be read only by its writer
 * unless the implementation says otherwise. Every read method checks its ids and throws
 * {@link GraphException} (never a raw index error) for an unknown node.
 *
 * <pre>{@code
 * // 0 --1.0--> 1 --2.0--> 2
 * EdgeCursor out = graph.edges();           // one cursor per thread, reused, never nested
 * out.moveTo(start);
 * while (out.next()) {
 *     relax(out.to(), out.weight());
 * }
 * }</pre>
 */
public interface NavGraph {

    /** Sentinel for "no such node" returned by look-ups such as {@link #nodeId(String)}. */
    int NO_NODE = -1;

    /** Increases with every mutation of the graph; equal versions mean equal observable state. */
    long version();

    /** Number of live nodes. */
    int nodeCount();

    /** Number of live directed edges. */
    int edgeCount();

    /** Every live node id is in {@code [0, nodeIdLimit())}. */
    int nodeIdLimit();

    /** Whether {@code node} is a live node id (false for removed, negative or too-large ids). */
    boolean containsNode(int node);

    /** X coordinate of {@code node}, metres. */
    float x(int node);

    /** Y coordinate of {@code node}, metres. */
    float y(int node);

    /** Whether {@code node} is marked blocked (an obstacle occupies the place); planners skip it. */
    boolean isBlocked(int node);

    /** Label bits of {@code node} (application-defined, e.g. "dock", "room"). */
    int labels(int node);

    /** The unique name of {@code node}, if it has one. */
    Optional<String> name(int node);

    /** Id of the node named {@code name}, or {@link #NO_NODE}. */
    int nodeId(String name);

    /** A new cursor over out-edges. Reuse it: one per thread, not nested, no allocation per edge. */
    EdgeCursor edges();

    /** Whether there is an edge {@code from -> to}. */
    boolean hasEdge(int from, int to);

    /** Weight of edge {@code from -> to}, or {@code Float.NaN} when there is none. */
    float weight(int from, int to);

    /** Type of edge {@code from -> to}; throws {@link GraphException} when there is none. */
    int edgeType(int from, int to);

    /** Value of property {@code key} on {@code node} (decompressed when it was stored compressed). */
    Optional<byte[]> property(int node, String key);

    /** Keys of the properties of {@code node}, sorted. */
    List<String> propertyKeys(int node);
}
