package io.wally.runtime.command;

import io.wally.maps.zone.Zone;
import java.util.List;

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
    record AddZone(Zone zone) implements MapEdit {
    }

    /** Removes the zone called {@code name}. */
    record RemoveZone(String name) implements MapEdit {
    }

    /** Lists the map's zones (changes nothing). */
    record ListZones() implements MapEdit {
    }

    /** The map's grid as a picture (changes nothing): {@code png} (base64) or {@code rle} (run-length cells). */
    record GetMap(String format) implements MapEdit {
        /** The formats there are. */
        public static final List<String> FORMATS = List.of("png", "rle");
    }

    /** Names the robot's position: a new place called {@code name}, joined to the grid cell under the robot. */
    record NameHere(String name) implements MapEdit {
    }

    /**
     * Sets the grid cells whose centres lie in a polygon to occupied (blocked) or free; a rectangle arrives as its
     * four corners.
     *
     * @param polygon corners {@code x0, y0, x1, y1, ...} in metres, 3 to {@value #MAX_CORNERS} corners
     */
    record Paint(double[] polygon, boolean occupied) implements MapEdit {
    }

    /**
     * Forgets what the grid knows: the cells in {@code polygon} (or every cell when null) become free, the floor the
     * robot may drive until its sensors see something there. Named places and zones stay.
     */
    record Erase(double[] polygon) implements MapEdit {
    }

    /** Most corners of a painted or erased polygon. */
    int MAX_CORNERS = 256;
}
