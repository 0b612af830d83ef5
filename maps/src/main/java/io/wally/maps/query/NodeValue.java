package io.wally.maps.query;

/**
 * A node in a query result: its id in the graph the query ran on. Rendered by callers with
 * {@code name(n)} or {@code id(n)} when they need text.
 *
 * @param id the node id, {@code >= 0}
 */
public record NodeValue(int id) {
}
