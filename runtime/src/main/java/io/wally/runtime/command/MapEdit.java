package io.wally.runtime.command;

/**
 * A change to the navigation graph requested from outside, applied by the graph's single writer.
 * A new node's name must not read as a node id or as {@code "x,y"} (places are looked up that way too),
 * and its coordinates must lie within the map's bounds (with a margin): the writer refuses the edit
 * otherwise.
 */
public sealed interface MapEdit {

    /** Adds a node, optionally named (null: unnamed), at {@code (x, y)} metres. */
    record AddNode(String name, float x, float y) implements MapEdit {
    }

    /** Removes a node and its edges. */
    record RemoveNode(Place node) implements MapEdit {
    }

    /**
     * Adds an edge (both directions when {@code undirected}). An edge from a node to itself is refused
     * unless {@code allowSelfLoop}: it is almost always a typo, and it adds nothing to a route.
     */
    record AddEdge(Place from, Place to, float weight, boolean undirected, boolean allowSelfLoop) implements MapEdit {

        /** An edge between two different places. */
        public AddEdge(Place from, Place to, float weight, boolean undirected) {
            this(from, to, weight, undirected, false);
        }
    }

    /** Removes the edge {@code from -> to} (and {@code to -> from} when {@code undirected}). */
    record RemoveEdge(Place from, Place to, boolean undirected) implements MapEdit {
    }

    /** Marks a node blocked or free. */
    record SetBlocked(Place node, boolean blocked) implements MapEdit {
    }

    /** Sets the weight of the edge {@code from -> to}. */
    record SetWeight(Place from, Place to, float weight) implements MapEdit {
    }

    /**
     * Adds a keep-out or speed zone, or replaces the zone of the same name: one write, so a planner sees the whole
     * zone or none of it (docs/zones.md).
     */
    record AddZone(io.wally.maps.zone.Zone zone) implements MapEdit {
    }

    /** Removes the zone called {@code name}. */
    record RemoveZone(String name) implements MapEdit {
    }

    /** Lists the map's zones (changes nothing). */
    record ListZones() implements MapEdit {
    }
}
