package io.wally.maps;

import java.nio.charset.StandardCharsets;

/**
 * A navigation graph that can be changed. Every successful mutation increases {@link #version()} by
 * at least one; a mutation that throws leaves the graph and its version unchanged.
 *
 * <p>Threading: exactly one writer thread. Bad input gets a {@link GraphException} subclass whose
 * message names the offending value (unknown node, duplicate name, NaN/infinite/negative weight,
 * oversize name or property, use after close).
 */
public interface MutableNavGraph extends NavGraph, AutoCloseable {

    /** Adds an unnamed node at {@code (x, y)} metres; returns its id. */
    int addNode(float x, float y);

    /** Adds a node with a unique {@code name}; returns its id. */
    int addNode(String name, float x, float y);

    /** Removes {@code node} with its name, properties and all edges into and out of it. */
    void removeNode(int node);

    /** Marks {@code node} blocked or free. */
    void setBlocked(int node, boolean blocked);

    /** Replaces the label bits of {@code node}. */
    void setLabels(int node, int labels);

    /** Adds the directed edge {@code from -> to}; fails if it already exists. */
    void addEdge(int from, int to, float weight, int type);

    /** Adds {@code a -> b} and {@code b -> a} with the same weight and type. */
    default void addUndirectedEdge(int a, int b, float weight, int type) {
        addEdge(a, b, weight, type);
        addEdge(b, a, weight, type);
    }

    /**
     * A hint before {@code node}'s out-edges are added: it will have {@code degree} of them, of type {@code type}
     * (0 or not matters to the off-heap layout). Changes nothing a reader sees (contents, version, edge order);
     * a graph may use it to size its storage once (the off-heap graph then moves no adjacency record while they
     * are added). Does nothing by default.
     */
    default void reserveOutEdges(int node, int degree, int type) {
    }

    /** Removes edge {@code from -> to}; returns false (and changes nothing) when there is none. */
    boolean removeEdge(int from, int to);

    /** Sets the weight of the existing edge {@code from -> to}. */
    void setWeight(int from, int to, float weight);

    /** Sets property {@code key} of {@code node} to {@code value} (copied). */
    void setProperty(int node, String key, byte[] value);

    /** Sets property {@code key} of {@code node} to the UTF-8 bytes of {@code value}. */
    default void setProperty(int node, String key, String value) {
        setProperty(node, key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Removes property {@code key} of {@code node}; false when it was not set. */
    boolean removeProperty(int node, String key);

    /** Releases the graph's memory; any later call throws {@link GraphException}. */
    @Override
    void close();
}
