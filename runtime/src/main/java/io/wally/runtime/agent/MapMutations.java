package io.wally.runtime.agent;

import io.wally.maps.MutableNavGraph;
import io.wally.maps.concurrent.ReplicatedNavGraph;

/**
 * The one path by which the map agent changes the map: every mutation goes to the store's graph first
 * (logged under the store's durability; absent without a store), then to the replicas' writer, so that both
 * assign the same ids and a failed store write leaves the replicas untouched. The replicas differ from the
 * store only by the start-up inflation (blocked flags).
 *
 * <p>Threading: the map agent's thread (the graph's single writer).
 */
final class MapMutations {

    private final MutableNavGraph stored;
    private final ReplicatedNavGraph.Writer replicas;

    /** @param stored the store's graph, or null (the map lives in memory only) */
    MapMutations(MutableNavGraph stored, ReplicatedNavGraph.Writer replicas) {
        this.stored = stored;
        this.replicas = replicas;
    }

    /** Adds a node (named when {@code name} is not null); its id. */
    int addNode(String name, float xMeters, float yMeters) {
        if (stored == null) {
            return name == null ? replicas.addNode(xMeters, yMeters) : replicas.addNode(name, xMeters, yMeters);
        }
        int id = name == null ? stored.addNode(xMeters, yMeters) : stored.addNode(name, xMeters, yMeters);
        int mirrored = name == null ? replicas.addNode(xMeters, yMeters) : replicas.addNode(name, xMeters, yMeters);
        if (mirrored != id) {
            throw new IllegalStateException("replica assigned node " + mirrored + " where the store assigned " + id);
        }
        return id;
    }

    void removeNode(int node) {
        if (stored != null) {
            stored.removeNode(node);
        }
        replicas.removeNode(node);
    }

    void setBlocked(int node, boolean blocked) {
        if (stored != null) {
            stored.setBlocked(node, blocked);
        }
        replicas.setBlocked(node, blocked);
    }

    void setLabels(int node, int labels) {
        if (stored != null) {
            stored.setLabels(node, labels);
        }
        replicas.setLabels(node, labels);
    }

    void addEdge(int from, int to, float weight, boolean undirected) {
        if (stored != null) {
            if (undirected) {
                stored.addUndirectedEdge(from, to, weight, 0);
            } else {
                stored.addEdge(from, to, weight, 0);
            }
        }
        if (undirected) {
            replicas.addUndirectedEdge(from, to, weight, 0);
        } else {
            replicas.addEdge(from, to, weight, 0);
        }
    }

    /** Removes {@code from -> to}; false when there is no such edge (nothing changed). */
    boolean removeEdge(int from, int to) {
        if (stored != null && !stored.removeEdge(from, to)) {
            return false;
        }
        return replicas.removeEdge(from, to);
    }

    void setWeight(int from, int to, float weight) {
        if (stored != null) {
            stored.setWeight(from, to, weight);
        }
        replicas.setWeight(from, to, weight);
    }

    /** Sets a property: one record in the store's log and one in the replicas' (a whole zone, say). */
    void setProperty(int node, String key, byte[] value) {
        if (stored != null) {
            stored.setProperty(node, key, value);
        }
        replicas.setProperty(node, key, value);
    }

    /** Removes a property; false when there was none (nothing changed). */
    boolean removeProperty(int node, String key) {
        if (stored != null && !stored.removeProperty(node, key)) {
            return false;
        }
        return replicas.removeProperty(node, key);
    }
}
