package io.wally.runtime.vda5050;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An {@code order} as read from master control: its nodes and edges in sequence, checked for what the
 * standard requires of their structure (section 6.6): nodes on even and edges on odd sequence ids in one
 * chain, each edge joining its neighbours, the released base before the horizon. Immutable.
 *
 * @param orderId       the order
 * @param orderUpdateId its update, increasing per order
 * @param nodes         in sequence
 * @param edges         in sequence, one fewer than the nodes
 */
record OrderMessage(String orderId, long orderUpdateId, List<Node> nodes, List<Edge> edges) {

    /** Longest order accepted (the factsheet's {@code maxArrayLens}). */
    static final int MAX_NODES = 1000;

    /**
     * A node of the order.
     *
     * @param hasPosition        whether it carries a {@code nodePosition}
     * @param allowedDeviationMeters within this of the position a graph node matches (0: the standard's "exact")
     */
    record Node(String nodeId, long sequenceId, boolean released, boolean hasPosition, double xMeters,
            double yMeters, String mapId, double allowedDeviationMeters) {

        /** As the state's {@code nodeStates} carries it. */
        Map<String, Object> state() {
            return hasPosition
                    ? Map.of("nodeId", nodeId, "sequenceId", sequenceId, "released", released,
                            "nodePosition", Map.of("x", xMeters, "y", yMeters, "mapId", mapId))
                    : Map.of("nodeId", nodeId, "sequenceId", sequenceId, "released", released);
        }
    }

    /** An edge of the order. */
    record Edge(String edgeId, long sequenceId, boolean released, String startNodeId, String endNodeId) {

        /** As the state's {@code edgeStates} carries it. */
        Map<String, Object> state() {
            return Map.of("edgeId", edgeId, "sequenceId", sequenceId, "released", released);
        }
    }

    /** The released nodes (the base), in sequence. */
    List<Node> base() {
        return nodes.stream().filter(Node::released).toList();
    }

    /**
     * Reads {@code o} as an order for {@code manufacturer}/{@code serialNumber}.
     *
     * @throws Vda5050Error.Refusal {@code validationError} when a field is missing, of the wrong type, for
     *     another robot, or the chain of nodes and edges is broken; {@code orderError} for node or edge actions
     *     (WALLY carries none out)
     */
    static OrderMessage read(JsonNode o, String manufacturer, String serialNumber) throws Vda5050Error.Refusal {
        if (o == null || !o.isObject()) {
            throw invalid("the order is not a JSON object", Map.of());
        }
        text(o, "timestamp");
        text(o, "version");
        integer(o, "headerId");
        String orderId = text(o, "orderId");
        Map<String, String> ref = Map.of("orderId", orderId);
        if (!manufacturer.equals(text(o, "manufacturer")) || !serialNumber.equals(text(o, "serialNumber"))) {
            throw invalid("the order is for " + o.get("manufacturer").asText() + "/" + o.get("serialNumber").asText()
                    + ", this robot is " + manufacturer + "/" + serialNumber, ref);
        }
        long updateId = integer(o, "orderUpdateId");
        JsonNode nodes = o.get("nodes");
        JsonNode edges = o.get("edges");
        if (nodes == null || !nodes.isArray() || nodes.isEmpty() || edges == null || !edges.isArray()) {
            throw invalid("nodes must be a non-empty array and edges an array", ref);
        }
        if (nodes.size() > MAX_NODES || edges.size() != nodes.size() - 1) {
            throw invalid("an order has 1 to " + MAX_NODES + " nodes and one edge fewer; had " + nodes.size()
                    + " nodes and " + edges.size() + " edges", ref);
        }
        List<Node> ns = new ArrayList<>();
        for (JsonNode n : nodes) {
            ns.add(node(n, ref));
        }
        List<Edge> es = new ArrayList<>();
        for (JsonNode e : edges) {
            es.add(edge(e, ref));
        }
        checkChain(ns, es, ref);
        return new OrderMessage(orderId, updateId, List.copyOf(ns), List.copyOf(es));
    }

    private static Node node(JsonNode n, Map<String, String> ref) throws Vda5050Error.Refusal {
        if (!n.isObject()) {
            throw invalid("a node is not a JSON object", ref);
        }
        String id = text(n, "nodeId");
        long seq = integer(n, "sequenceId");
        boolean released = bool(n, "released");
        actions(n, "nodeId", id);
        JsonNode p = n.get("nodePosition");
        if (p == null) {
            return new Node(id, seq, released, false, 0, 0, null, 0);
        }
        if (!p.isObject() || !p.path("x").isNumber() || !p.path("y").isNumber() || !p.path("mapId").isTextual()) {
            throw invalid("node " + id + ": nodePosition needs numbers x, y and a mapId", Map.of("nodeId", id));
        }
        JsonNode dev = p.get("allowedDeviationXY");
        if (dev != null && (!dev.isNumber() || dev.asDouble() < 0)) {
            throw invalid("node " + id + ": allowedDeviationXY must be a number >= 0", Map.of("nodeId", id));
        }
        return new Node(id, seq, released, true, p.get("x").asDouble(), p.get("y").asDouble(), p.get("mapId").asText(),
                dev == null ? 0 : dev.asDouble());
    }

    private static Edge edge(JsonNode e, Map<String, String> ref) throws Vda5050Error.Refusal {
        if (!e.isObject()) {
            throw invalid("an edge is not a JSON object", ref);
        }
        String id = text(e, "edgeId");
        Edge edge = new Edge(id, integer(e, "sequenceId"), bool(e, "released"), text(e, "startNodeId"), text(e, "endNodeId"));
        actions(e, "edgeId", id);
        return edge;
    }

    /** WALLY carries out no node or edge actions: an order asking for one is refused, not half done. */
    private static void actions(JsonNode owner, String key, String id) throws Vda5050Error.Refusal {
        JsonNode actions = owner.get("actions");
        if (actions == null || !actions.isArray()) {
            throw invalid(key + " " + id + ": actions must be an array (empty for none)", Map.of(key, id));
        }
        if (!actions.isEmpty()) {
            throw new Vda5050Error.Refusal(Vda5050Error.warning("orderError", key + " " + id + " asks for action "
                    + actions.get(0).path("actionType").asText("?") + "; WALLY carries out no node or edge actions",
                    Map.of(key, id)));
        }
    }

    private static void checkChain(List<Node> ns, List<Edge> es, Map<String, String> ref) throws Vda5050Error.Refusal {
        boolean horizon = false;
        for (int i = 0; i < ns.size(); i++) {
            Node n = ns.get(i);
            if (n.sequenceId() % 2 != 0 || (i > 0 && n.sequenceId() != ns.get(i - 1).sequenceId() + 2)) {
                throw invalid("node " + n.nodeId() + " has sequenceId " + n.sequenceId()
                        + "; nodes take even, consecutive sequence ids (edges the odd ones between)", Map.of("nodeId", n.nodeId()));
            }
            if (horizon && n.released()) {
                throw invalid("node " + n.nodeId() + " is released after an unreleased node", Map.of("nodeId", n.nodeId()));
            }
            horizon |= !n.released();
            if (i == 0) {
                continue;
            }
            Edge e = es.get(i - 1);
            Node from = ns.get(i - 1);
            if (e.sequenceId() != from.sequenceId() + 1 || !e.startNodeId().equals(from.nodeId())
                    || !e.endNodeId().equals(n.nodeId())) {
                throw invalid("edge " + e.edgeId() + " (sequenceId " + e.sequenceId() + ", " + e.startNodeId() + " -> "
                        + e.endNodeId() + ") does not join node " + from.nodeId() + " to " + n.nodeId(), Map.of("edgeId", e.edgeId()));
            }
            if (e.released() != n.released()) {
                throw invalid("edge " + e.edgeId() + " must be released exactly when its end node is", Map.of("edgeId", e.edgeId()));
            }
        }
        if (!ns.get(0).released()) {
            throw invalid("the first node must be released", ref);
        }
    }

    private static String text(JsonNode o, String field) throws Vda5050Error.Refusal {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual()) {
            throw invalid("field " + field + " must be a string", Map.of());
        }
        return v.asText();
    }

    private static long integer(JsonNode o, String field) throws Vda5050Error.Refusal {
        JsonNode v = o.get(field);
        if (v == null || !v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0) {
            throw invalid("field " + field + " must be an integer >= 0", Map.of());
        }
        return v.asLong();
    }

    private static boolean bool(JsonNode o, String field) throws Vda5050Error.Refusal {
        JsonNode v = o.get(field);
        if (v == null || !v.isBoolean()) {
            throw invalid("field " + field + " must be true or false", Map.of());
        }
        return v.asBoolean();
    }

    private static Vda5050Error.Refusal invalid(String why, Map<String, String> refs) {
        return new Vda5050Error.Refusal(Vda5050Error.warning("validationError", why, refs));
    }
}
