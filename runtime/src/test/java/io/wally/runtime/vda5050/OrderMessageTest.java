package io.wally.runtime.vda5050;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wally.runtime.vda5050.MasterControl.N;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Reading orders: what the standard requires of an order's structure, each rule broken once; every order built
 * here is valid by the schema before it is broken, so the refusals come from WALLY's reading.
 */
class OrderMessageTest {

    private static ObjectNode order(List<N> nodes) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("headerId", 1);
        m.put("timestamp", "2026-12-05T10:00:00.00Z");
        m.put("version", "2.1.0");
        m.put("manufacturer", "wally");
        m.put("serialNumber", "r1");
        m.put("orderId", "o");
        m.put("orderUpdateId", 3);
        List<Object> ns = new java.util.ArrayList<>();
        List<Object> es = new java.util.ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            N n = nodes.get(i);
            Map<String, Object> node = new java.util.LinkedHashMap<>(Map.of("nodeId", n.id(), "sequenceId", 2 * i,
                    "released", n.released(), "actions", List.of()));
            if (n.x() != null) {
                node.put("nodePosition", Map.of("x", n.x(), "y", n.y(), "mapId", "house", "allowedDeviationXY", n.deviation()));
            }
            ns.add(node);
            if (i > 0) {
                es.add(Map.of("edgeId", "e" + i, "sequenceId", 2 * i - 1, "released", n.released(),
                        "startNodeId", nodes.get(i - 1).id(), "endNodeId", n.id(), "actions", List.of()));
            }
        }
        m.put("nodes", ns);
        m.put("edges", es);
        ObjectNode tree = MasterControl.JSON.valueToTree(m);
        assertThat(Vda5050Schemas.problems(Vda5050Schemas.Message.ORDER, tree.toString())).isEmpty();
        return tree;
    }

    private static final List<N> THREE = List.of(N.named("a"), new N("b", true, 1.5, 2.0, 0.2), N.named("c").horizon());

    private static Vda5050Error refusal(Consumer<ObjectNode> breakIt) {
        ObjectNode o = order(THREE);
        breakIt.accept(o);
        Vda5050Error.Refusal r = catchThrowableOfType(Vda5050Error.Refusal.class, () -> OrderMessage.read(o, "wally", "r1"));
        assertThat(r).as("refused: %s", o).isNotNull();
        return r.error();
    }

    @Test
    void shouldReadNodesEdgesPositionsAndTheBase() throws Exception {
        OrderMessage m = OrderMessage.read(order(THREE), "wally", "r1");
        assertThat(m.orderId()).isEqualTo("o");
        assertThat(m.orderUpdateId()).isEqualTo(3);
        assertThat(m.nodes()).extracting(OrderMessage.Node::nodeId).containsExactly("a", "b", "c");
        assertThat(m.base()).extracting(OrderMessage.Node::nodeId).containsExactly("a", "b");
        OrderMessage.Node b = m.nodes().get(1);
        assertThat(b.hasPosition()).isTrue();
        assertThat(b.xMeters()).isEqualTo(1.5);
        assertThat(b.allowedDeviationMeters()).isEqualTo(0.2);
        assertThat(b.state()).containsKey("nodePosition");
        assertThat(m.edges()).extracting(OrderMessage.Edge::sequenceId).containsExactly(1L, 3L);
        assertThat(m.edges().get(1).state()).containsEntry("released", false);
    }

    @Test
    void shouldRefuseEveryBrokenRuleWithValidationError() {
        assertThat(refusal(o -> o.put("serialNumber", "r2")).description()).contains("wally/r2");
        assertThat(refusal(o -> o.put("orderUpdateId", -1)).description()).contains("orderUpdateId");
        assertThat(refusal(o -> o.remove("nodes")).description()).contains("nodes");
        assertThat(refusal(o -> ((ObjectNode) o.get("nodes").get(1)).put("sequenceId", 3)).description()).contains("even");
        assertThat(refusal(o -> ((ObjectNode) o.get("edges").get(0)).put("endNodeId", "x")).description()).contains("does not join");
        assertThat(refusal(o -> ((ObjectNode) o.get("nodes").get(2)).put("released", true)).description()).contains("released exactly");
        assertThat(refusal(o -> ((ObjectNode) o.get("nodes").get(0)).put("released", false)).type()).isEqualTo("validationError");
        assertThat(refusal(o -> ((ArrayNode) o.get("edges")).remove(1)).description()).contains("one edge fewer");
        assertThat(refusal(o -> ((ObjectNode) o.get("nodes").get(1).get("nodePosition")).put("allowedDeviationXY", -1))
                .description()).contains("allowedDeviationXY");
        assertThat(refusal(o -> ((ObjectNode) o.get("nodes").get(1)).put("released", "yes")).description()).contains("released");
        Vda5050Error action = refusal(o -> ((ArrayNode) o.get("nodes").get(0).get("actions"))
                .add(MasterControl.JSON.valueToTree(Map.of("actionType", "pick", "actionId", "p", "blockingType", "HARD"))));
        assertThat(action.type()).isEqualTo("orderError");
        assertThat(action.json()).containsEntry("errorLevel", "WARNING");
        assertThat(action.description()).contains("pick");
    }
}
