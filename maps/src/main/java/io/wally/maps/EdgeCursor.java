package io.wally.maps;

/**
 * A reusable flyweight over the out-edges of one node at a time.
 *
 * <pre>{@code
 * cursor.moveTo(node);
 * while (cursor.next()) { use(cursor.to(), cursor.weight()); }
 * }</pre>
 *
 * <p>One cursor per thread, not nested; it allocates nothing per call or per edge. The accessors are
 * valid only after {@link #next()} returned {@code true}. Iteration order is unspecified but stable for
 * an unchanged graph.
 */
public interface EdgeCursor {

    /** Positions the cursor before the first out-edge of {@code node}; returns this cursor. */
    EdgeCursor moveTo(int node);

    /** Advances to the next out-edge; false when there is none left. */
    boolean next();

    /** Source node of the current edge. */
    int from();

    /** Target node of the current edge. */
    int to();

    /** Weight of the current edge ({@code >= 0}, finite). */
    float weight();

    /** Type of the current edge. */
    int type();
}
