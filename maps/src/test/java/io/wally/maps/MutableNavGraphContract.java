package io.wally.maps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The contract of {@link MutableNavGraph}: every implementation runs these tests through a subclass
 * that supplies {@link #newGraph()}. Every bad-input test also checks that the graph is unchanged
 * (same version, counts and full observable state).
 */
abstract class MutableNavGraphContract {

    /** A new, empty, open graph; closed by the test. */
    protected abstract MutableNavGraph newGraph();

    protected MutableNavGraph g;

    @BeforeEach
    void createGraph() {
        g = newGraph();
    }

    @AfterEach
    void closeGraph() {
        g.close();
    }

    /** Asserts that {@code call} throws {@code type} with a message containing {@code fragment} and changes nothing. */
    protected void assertRejected(Class<? extends GraphException> type, String fragment, Executable call) {
        String before = GraphDump.of(g);
        long version = g.version();
        assertThatThrownBy(call::execute).isInstanceOf(type).hasMessageContaining(fragment);
        assertThat(g.version()).as("version after rejected call").isEqualTo(version);
        assertThat(GraphDump.of(g)).as("graph after rejected call").isEqualTo(before);
    }

    protected static Set<Integer> neighbours(NavGraph graph, int node) {
        Set<Integer> out = new HashSet<>();
        EdgeCursor c = graph.edges().moveTo(node);
        while (c.next()) {
            assertThat(out.add(c.to())).as("edge to %d seen twice", c.to()).isTrue();
        }
        return out;
    }

    // ------------------------------------------------------------ nodes

    @Test
    void shouldStartEmptyAtVersionZero() {
        assertThat(g.version()).isZero();
        assertThat(g.nodeCount()).isZero();
        assertThat(g.edgeCount()).isZero();
        assertThat(g.nodeIdLimit()).isZero();
        assertThat(g.containsNode(0)).isFalse();
    }

    @Test
    void shouldAssignIdsInOrderWhenAddingNodes() {
        // when
        int a = g.addNode(1.5f, -2.25f);
        int b = g.addNode("kitchen", 3f, 4f);
        int c = g.addNode(0f, 0f);
        // then
        assertThat(List.of(a, b, c)).containsExactly(0, 1, 2);
        assertThat(g.nodeCount()).isEqualTo(3);
        assertThat(g.nodeIdLimit()).isEqualTo(3);
        assertThat(g.version()).isEqualTo(3);
        assertThat(g.x(a)).isEqualTo(1.5f);
        assertThat(g.y(a)).isEqualTo(-2.25f);
        assertThat(g.x(b)).isEqualTo(3f);
        assertThat(g.y(b)).isEqualTo(4f);
        assertThat(g.isBlocked(a)).isFalse();
        assertThat(g.labels(a)).isZero();
        assertThat(g.name(a)).isEmpty();
        assertThat(g.name(b)).contains("kitchen");
        assertThat(g.nodeId("kitchen")).isEqualTo(b);
        assertThat(g.nodeId("cellar")).isEqualTo(NavGraph.NO_NODE);
        assertThat(g.propertyKeys(a)).isEmpty();
    }

    @Test
    void shouldNeverReuseIdsWhenNodesAreRemoved() {
        // given 0 1 2, remove 1
        g.addNode(0f, 0f);
        g.addNode(1f, 0f);
        g.addNode(2f, 0f);
        g.removeNode(1);
        // when
        int d = g.addNode(3f, 0f);
        // then
        assertThat(d).isEqualTo(3);
        assertThat(g.containsNode(1)).isFalse();
        assertThat(g.nodeCount()).isEqualTo(3);
        assertThat(g.nodeIdLimit()).isEqualTo(4);
    }

    @Test
    void shouldRemoveEdgesNameAndPropertiesWhenRemovingNode() {
        // given
        //   0 --> 1 --> 2      and 2 --> 1, 1 --> 1 (loop)
        //   "hall" is 1, with property "k"
        g.addNode(0f, 0f);
        g.addNode("hall", 1f, 0f);
        g.addNode(2f, 0f);
        g.addEdge(0, 1, 1f, 0);
        g.addEdge(1, 2, 1f, 0);
        g.addEdge(2, 1, 1f, 0);
        g.addEdge(1, 1, 0f, 0);
        g.addEdge(0, 2, 5f, 0);
        g.setProperty(1, "k", "v");
        long version = g.version();
        // when
        g.removeNode(1);
        // then
        assertThat(g.version()).isEqualTo(version + 1);
        assertThat(g.edgeCount()).isEqualTo(1);
        assertThat(neighbours(g, 0)).containsExactly(2);
        assertThat(neighbours(g, 2)).isEmpty();
        assertThat(g.nodeId("hall")).isEqualTo(NavGraph.NO_NODE);
        assertThatThrownBy(() -> g.x(1)).isInstanceOf(UnknownNodeException.class);
        assertThatThrownBy(() -> g.property(1, "k")).isInstanceOf(UnknownNodeException.class);
        // and the name is free again
        int again = g.addNode("hall", 9f, 9f);
        assertThat(again).isEqualTo(3);
        assertThat(g.nodeId("hall")).isEqualTo(3);
        assertThat(g.propertyKeys(3)).isEmpty();
    }

    @Test
    void shouldSetBlockedAndLabelsWhenAsked() {
        int a = g.addNode(0f, 0f);
        g.setBlocked(a, true);
        assertThat(g.isBlocked(a)).isTrue();
        g.setLabels(a, 0xFFFF_FFFF);
        assertThat(g.labels(a)).isEqualTo(-1);
        assertThat(g.isBlocked(a)).as("labels do not touch the blocked flag").isTrue();
        g.setBlocked(a, false);
        assertThat(g.isBlocked(a)).isFalse();
        assertThat(g.labels(a)).isEqualTo(-1);
        g.setLabels(a, 0x8000_0001);
        assertThat(g.labels(a)).isEqualTo(0x8000_0001);
        assertThat(g.version()).isEqualTo(5);
    }

    @Test
    void shouldKeepNamesWhenTheyAreLongestAllowedOrUnicode() {
        String longest = "n".repeat(GraphLimits.MAX_NAME_BYTES);
        String unicode = "küche-\uD83E\uDD16";
        int a = g.addNode(longest, 0f, 0f);
        int b = g.addNode(unicode, 0f, 0f);
        assertThat(g.name(a)).contains(longest);
        assertThat(g.nodeId(longest)).isEqualTo(a);
        assertThat(g.nodeId(unicode)).isEqualTo(b);
        assertThat(g.nodeId("küche-")).isEqualTo(NavGraph.NO_NODE);
    }

    // ------------------------------------------------------------ edges

    @Test
    void shouldAddAndIterateEdgesWhenGraphIsSmall() {
        // given
        //   0 --1.0/t3--> 1
        //   0 --2.5/t0--> 2
        //   2 --0.0/t65535--> 0
        g.addNode(0f, 0f);
        g.addNode(1f, 0f);
        g.addNode(0f, 1f);
        g.addEdge(0, 1, 1f, 3);
        g.addEdge(0, 2, 2.5f, 0);
        g.addEdge(2, 0, -0f, GraphLimits.MAX_EDGE_TYPE);
        // then
        assertThat(g.edgeCount()).isEqualTo(3);
        assertThat(g.version()).isEqualTo(6);
        assertThat(neighbours(g, 0)).containsExactlyInAnyOrder(1, 2);
        assertThat(neighbours(g, 1)).isEmpty();
        assertThat(neighbours(g, 2)).containsExactly(0);
        assertThat(g.hasEdge(0, 1)).isTrue();
        assertThat(g.hasEdge(1, 0)).isFalse();
        assertThat(g.weight(0, 2)).isEqualTo(2.5f);
        assertThat(g.weight(1, 0)).isNaN();
        assertThat(g.edgeType(0, 1)).isEqualTo(3);
        assertThat(g.edgeType(2, 0)).isEqualTo(65535);
        assertThat(Float.floatToRawIntBits(g.weight(2, 0))).as("-0.0 stored as +0.0").isZero();
        EdgeCursor c = g.edges().moveTo(0);
        List<String> seen = new ArrayList<>();
        while (c.next()) {
            seen.add(c.from() + ">" + c.to() + ":" + c.weight() + ":" + c.type());
        }
        assertThat(seen).containsExactlyInAnyOrder("0>1:1.0:3", "0>2:2.5:0");
    }

    @Test
    void shouldReuseCursorAcrossNodesWhenMovedAgain() {
        // 0 --> 1 --> 2
        g.addNode(0f, 0f);
        g.addNode(0f, 0f);
        g.addNode(0f, 0f);
        g.addEdge(0, 1, 1f, 0);
        g.addEdge(1, 2, 1f, 0);
        EdgeCursor c = g.edges();
        assertThat(c.moveTo(0).next()).isTrue();
        assertThat(c.to()).isEqualTo(1);
        assertThat(c.next()).isFalse();
        assertThat(c.moveTo(1)).isSameAs(c);
        assertThat(c.next()).isTrue();
        assertThat(c.to()).isEqualTo(2);
        assertThat(c.moveTo(2).next()).isFalse();
    }

    @Test
    void shouldAddBothArcsWhenEdgeIsUndirected() {
        // 0 <--2.0/t1--> 1, and a loop 1 <--> 1
        g.addNode(0f, 0f);
        g.addNode(2f, 0f);
        long v = g.version();
        g.addUndirectedEdge(0, 1, 2f, 1);
        assertThat(g.version()).isEqualTo(v + 2);
        assertThat(g.weight(0, 1)).isEqualTo(2f);
        assertThat(g.weight(1, 0)).isEqualTo(2f);
        assertThat(g.edgeType(1, 0)).isEqualTo(1);
        g.addUndirectedEdge(1, 1, 0.5f, 0);
        assertThat(g.version()).isEqualTo(v + 3);
        assertThat(g.edgeCount()).isEqualTo(3);
    }

    @Test
    void shouldRemoveEdgeWhenPresentAndReportFalseWhenAbsent() {
        // 0 --> 1
        g.addNode(0f, 0f);
        g.addNode(0f, 0f);
        g.addEdge(0, 1, 1f, 0);
        long v = g.version();
        assertThat(g.removeEdge(0, 1)).isTrue();
        assertThat(g.version()).isEqualTo(v + 1);
        assertThat(g.edgeCount()).isZero();
        assertThat(g.hasEdge(0, 1)).isFalse();
        String before = GraphDump.of(g);
        assertThat(g.removeEdge(0, 1)).isFalse();
        assertThat(g.removeEdge(1, 0)).isFalse();
        assertThat(GraphDump.of(g)).isEqualTo(before);
        // and it can be added again
        g.addEdge(0, 1, 7f, 2);
        assertThat(g.weight(0, 1)).isEqualTo(7f);
    }

    @Test
    void shouldSetWeightWhenEdgeExists() {
        g.addNode(0f, 0f);
        g.addNode(0f, 0f);
        g.addEdge(0, 1, 1f, 4);
        g.setWeight(0, 1, 0f);
        assertThat(g.weight(0, 1)).isZero();
        g.setWeight(0, 1, Float.MAX_VALUE);
        assertThat(g.weight(0, 1)).isEqualTo(Float.MAX_VALUE);
        assertThat(g.edgeType(0, 1)).isEqualTo(4);
        assertThat(g.version()).isEqualTo(5);
    }

    @Test
    void shouldKeepManyEdgesWhenNodeHasHighDegree() {
        // a star: 0 --> 1..300, and 1..300 --> 0
        int hub = g.addNode(0f, 0f);
        for (int i = 1; i <= 300; i++) {
            g.addNode(i, 0f);
            g.addEdge(hub, i, i, i % 7);
            g.addEdge(i, hub, i, 0);
        }
        assertThat(neighbours(g, hub)).hasSize(300);
        for (int i = 1; i <= 300; i += 2) {
            assertThat(g.removeEdge(hub, i)).isTrue();
        }
        assertThat(neighbours(g, hub)).hasSize(150).allMatch(n -> n % 2 == 0);
        assertThat(g.weight(hub, 200)).isEqualTo(200f);
        assertThat(g.edgeType(hub, 200)).isEqualTo(200 % 7);
        g.removeNode(hub);
        assertThat(g.edgeCount()).isZero();
    }

    // ------------------------------------------------------------ properties

    @Test
    void shouldStoreCopyOfPropertyWhenSet() {
        int a = g.addNode(0f, 0f);
        byte[] value = {1, 2, 3};
        g.setProperty(a, "b", value);
        value[0] = 9;
        g.setProperty(a, "a", "text");
        g.setProperty(a, "empty", new byte[0]);
        assertThat(g.property(a, "b")).hasValueSatisfying(v -> assertThat(v).containsExactly(1, 2, 3));
        g.property(a, "b").orElseThrow()[1] = 42;
        assertThat(g.property(a, "b").orElseThrow()).containsExactly(1, 2, 3);
        assertThat(new String(g.property(a, "a").orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("text");
        assertThat(g.property(a, "empty").orElseThrow()).isEmpty();
        assertThat(g.property(a, "none")).isEmpty();
        assertThat(g.propertyKeys(a)).containsExactly("a", "b", "empty");
        g.setProperty(a, "a", "replaced");
        assertThat(new String(g.property(a, "a").orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("replaced");
        assertThat(g.version()).isEqualTo(5);
    }

    @Test
    void shouldStoreLargeCompressibleAndIncompressiblePropertiesWhenSet() {
        int a = g.addNode(0f, 0f);
        byte[] text = "corridor ".repeat(2000).getBytes(StandardCharsets.UTF_8);
        byte[] noise = new byte[5000];
        new Random(7).nextBytes(noise);
        g.setProperty(a, "text", text);
        g.setProperty(a, "noise", noise);
        assertThat(g.property(a, "text").orElseThrow()).isEqualTo(text);
        assertThat(g.property(a, "noise").orElseThrow()).isEqualTo(noise);
    }

    @Test
    void shouldRemovePropertyWhenSetAndReportFalseWhenNot() {
        int a = g.addNode(0f, 0f);
        g.setProperty(a, "k", "v");
        long v = g.version();
        assertThat(g.removeProperty(a, "k")).isTrue();
        assertThat(g.version()).isEqualTo(v + 1);
        assertThat(g.propertyKeys(a)).isEmpty();
        String before = GraphDump.of(g);
        assertThat(g.removeProperty(a, "k")).isFalse();
        assertThat(GraphDump.of(g)).isEqualTo(before);
    }

    // ------------------------------------------------------------ bad input: graph unchanged

    @Test
    void shouldRejectUnknownNodeWhenIdIsNegativeTooLargeOrRemoved() {
        // given 0 --> 1, node 2 removed
        g.addNode("a", 0f, 0f);
        g.addNode(0f, 0f);
        g.addNode(0f, 0f);
        g.addEdge(0, 1, 1f, 0);
        g.removeNode(2);
        for (int bad : new int[] {-1, 2, 3, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            String msg = "unknown node " + bad;
            assertRejected(UnknownNodeException.class, msg, () -> g.x(bad));
            assertRejected(UnknownNodeException.class, msg, () -> g.y(bad));
            assertRejected(UnknownNodeException.class, msg, () -> g.isBlocked(bad));
            assertRejected(UnknownNodeException.class, msg, () -> g.labels(bad));
            assertRejected(UnknownNodeException.class, msg, () -> g.name(bad));
            assertRejected(UnknownNodeException.class, msg, () -> g.edges().moveTo(bad));
            assertRejected(UnknownNodeException.class, msg, () -> g.hasEdge(bad, 0));
            assertRejected(UnknownNodeException.class, msg, () -> g.hasEdge(0, bad));
            assertRejected(UnknownNodeException.class, msg, () -> g.weight(bad, 0));
            assertRejected(UnknownNodeException.class, msg, () -> g.edgeType(0, bad));
            assertRejected(UnknownNodeException.class, msg, () -> g.property(bad, "k"));
            assertRejected(UnknownNodeException.class, msg, () -> g.propertyKeys(bad));
            assertRejected(UnknownNodeException.class, msg, () -> g.removeNode(bad));
            assertRejected(UnknownNodeException.class, msg, () -> g.setBlocked(bad, true));
            assertRejected(UnknownNodeException.class, msg, () -> g.setLabels(bad, 1));
            assertRejected(UnknownNodeException.class, msg, () -> g.addEdge(bad, 0, 1f, 0));
            assertRejected(UnknownNodeException.class, msg, () -> g.addEdge(0, bad, 1f, 0));
            assertRejected(UnknownNodeException.class, msg, () -> g.addUndirectedEdge(0, bad, 1f, 0));
            assertRejected(UnknownNodeException.class, msg, () -> g.removeEdge(0, bad));
            assertRejected(UnknownNodeException.class, msg, () -> g.setWeight(bad, 1, 1f));
            assertRejected(UnknownNodeException.class, msg, () -> g.setProperty(bad, "k", "v"));
            assertRejected(UnknownNodeException.class, msg, () -> g.removeProperty(bad, "k"));
            assertThat(g.containsNode(bad)).isFalse();
        }
        assertRejected(UnknownNodeException.class, "(node id limit 3)", () -> g.x(7));
    }

    @Test
    void shouldRejectDuplicateNameWhenNameIsTaken() {
        g.addNode("dock", 0f, 0f);
        assertRejected(DuplicateNameException.class, "\"dock\" (already node 0)", () -> g.addNode("dock", 1f, 1f));
        assertThat(g.nodeIdLimit()).isEqualTo(1);
    }

    @Test
    void shouldRejectBadNamesWhenEmptyOversizeOrNotUnicode() {
        g.addNode(0f, 0f);
        String tooLong = "é".repeat(128); // 256 UTF-8 bytes
        assertRejected(OversizeException.class, "256 bytes, limit 255", () -> g.addNode(tooLong, 0f, 0f));
        assertRejected(InvalidNameException.class, "empty", () -> g.addNode("", 0f, 0f));
        assertRejected(InvalidNameException.class, "unpaired surrogate at index 1", () -> g.addNode("a\uD800b", 0f, 0f));
        assertThatThrownBy(() -> g.addNode(null, 0f, 0f)).isInstanceOf(NullPointerException.class);
        assertThat(g.version()).isEqualTo(1);
    }

    @Test
    void shouldRejectNonFiniteCoordinatesWhenAddingNode() {
        assertRejected(InvalidCoordinateException.class, "invalid x coordinate NaN", () -> g.addNode(Float.NaN, 0f));
        assertRejected(InvalidCoordinateException.class, "invalid y coordinate Infinity",
                () -> g.addNode(0f, Float.POSITIVE_INFINITY));
        assertRejected(InvalidCoordinateException.class, "-Infinity", () -> g.addNode("n", Float.NEGATIVE_INFINITY, 0f));
        assertThat(g.nodeIdLimit()).isZero();
    }

    @Test
    void shouldRejectBadWeightsWhenAddingOrSettingEdges() {
        // 0 --1.0--> 1
        g.addNode(0f, 0f);
        g.addNode(0f, 0f);
        g.addEdge(0, 1, 1f, 0);
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -1f, -Float.MIN_VALUE}) {
            String msg = "invalid weight " + bad + " for edge ";
            assertRejected(InvalidWeightException.class, msg, () -> g.addEdge(1, 0, bad, 0));
            assertRejected(InvalidWeightException.class, msg, () -> g.addUndirectedEdge(1, 1, bad, 0));
            assertRejected(InvalidWeightException.class, msg, () -> g.setWeight(0, 1, bad));
        }
    }

    @Test
    void shouldRejectBadEdgeTypeWhenOutOfRange() {
        g.addNode(0f, 0f);
        g.addNode(0f, 0f);
        assertRejected(InvalidEdgeTypeException.class, "invalid edge type -1", () -> g.addEdge(0, 1, 1f, -1));
        assertRejected(InvalidEdgeTypeException.class, "invalid edge type 65536", () -> g.addEdge(0, 1, 1f, 65536));
        assertRejected(InvalidEdgeTypeException.class, "65536", () -> g.addUndirectedEdge(0, 1, 1f, 65536));
    }

    @Test
    void shouldRejectDuplicateEdgeWhenItExists() {
        // 0 --> 1
        g.addNode(0f, 0f);
        g.addNode(0f, 0f);
        g.addEdge(0, 1, 1f, 0);
        assertRejected(EdgeExistsException.class, "edge 0 -> 1 already exists", () -> g.addEdge(0, 1, 2f, 1));
        // the undirected convenience adds neither arc when one exists
        assertRejected(EdgeExistsException.class, "edge 0 -> 1 already exists", () -> g.addUndirectedEdge(1, 0, 2f, 1));
        assertThat(g.hasEdge(1, 0)).isFalse();
    }

    @Test
    void shouldRejectMissingEdgeWhenSettingWeightOrReadingType() {
        g.addNode(0f, 0f);
        g.addNode(0f, 0f);
        assertRejected(NoSuchEdgeException.class, "no edge 0 -> 1", () -> g.setWeight(0, 1, 1f));
        assertRejected(NoSuchEdgeException.class, "no edge 1 -> 0", () -> g.edgeType(1, 0));
    }

    @Test
    void shouldRejectBadPropertiesWhenOversizeOrEmptyKey() {
        int a = g.addNode(0f, 0f);
        g.setProperty(a, "k", "v");
        byte[] tooBig = new byte[GraphLimits.MAX_PROPERTY_VALUE_BYTES + 1];
        assertRejected(OversizeException.class, "16777217 bytes, limit 16777216", () -> g.setProperty(a, "k", tooBig));
        String longKey = "k".repeat(GraphLimits.MAX_PROPERTY_KEY_BYTES + 1);
        assertRejected(OversizeException.class, "property key", () -> g.setProperty(a, longKey, "v"));
        assertRejected(InvalidNameException.class, "invalid property key \"\": empty", () -> g.setProperty(a, "", "v"));
        assertRejected(InvalidNameException.class, "empty", () -> g.removeProperty(a, ""));
        assertRejected(InvalidNameException.class, "empty", () -> g.property(a, ""));
        assertThatThrownBy(() -> g.setProperty(a, "k", (byte[]) null)).isInstanceOf(NullPointerException.class);
        assertThat(new String(g.property(a, "k").orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("v");
    }

    @Test
    void shouldAcceptLargestPropertyWhenAtLimit() {
        int a = g.addNode(0f, 0f);
        byte[] largest = new byte[GraphLimits.MAX_PROPERTY_VALUE_BYTES];
        largest[largest.length - 1] = 5;
        g.setProperty(a, "big", largest);
        assertThat(g.property(a, "big").orElseThrow()).isEqualTo(largest);
    }

    @Test
    void shouldRejectEveryCallWhenClosed() {
        g.addNode("a", 0f, 0f);
        EdgeCursor c = g.edges();
        g.close();
        g.close(); // idempotent
        List<Executable> calls = List.of(
                g::version, g::nodeCount, g::edgeCount, g::nodeIdLimit, () -> g.containsNode(0),
                () -> g.x(0), () -> g.y(0), () -> g.isBlocked(0), () -> g.labels(0), () -> g.name(0),
                () -> g.nodeId("a"), g::edges, () -> c.moveTo(0), () -> g.hasEdge(0, 0), () -> g.weight(0, 0),
                () -> g.edgeType(0, 0), () -> g.property(0, "k"), () -> g.propertyKeys(0),
                () -> g.addNode(0f, 0f), () -> g.addNode("b", 0f, 0f), () -> g.removeNode(0),
                () -> g.setBlocked(0, true), () -> g.setLabels(0, 1), () -> g.addEdge(0, 0, 1f, 0),
                () -> g.addUndirectedEdge(0, 0, 1f, 0), () -> g.removeEdge(0, 0), () -> g.setWeight(0, 0, 1f),
                () -> g.setProperty(0, "k", "v"), () -> g.removeProperty(0, "k"));
        for (Executable call : calls) {
            assertThatThrownBy(call::execute).isInstanceOf(GraphClosedException.class).hasMessageContaining("closed");
        }
    }
}
