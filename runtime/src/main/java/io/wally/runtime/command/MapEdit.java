package io.wally.runtime.command;

/**
 * A change to the navigation graph requested from outside, applied by the graph's single writer.
 * Nodes are named by place name or numeric id as text.
 */
public sealed interface MapEdit {

    /** Adds a node, optionally named, at {@code (x, y)} metres. */
    record AddNode(String name, float x, float y) implements MapEdit {
    }

    /** Removes a node and its edges. */
    record RemoveNode(String node) implements MapEdit {
    }

    /** Adds an edge (both directions when {@code undirected}). */
    record AddEdge(String from, String to, float weight, boolean undirected) implements MapEdit {
    }

    /** Removes the edge {@code from -> to} (and {@code to -> from} when {@code undirected}). */
    record RemoveEdge(String from, String to, boolean undirected) implements MapEdit {
    }

    /** Marks a node blocked or free. */
    record SetBlocked(String node, boolean blocked) implements MapEdit {
    }

    /** Sets the weight of the edge {@code from -> to}. */
    record SetWeight(String from, String to, float weight) implements MapEdit {
    }
}
