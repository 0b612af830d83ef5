package io.wally.maps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wally.maps.graph.OffHeapGraph;
import org.junit.jupiter.api.Test;

class GraphCopyTest {

    @Test
    void shouldCopyEverythingObservableAndKeepNodeIdsWhenSomeWereRemoved() {
        // given   dock(0) --2.5--> 1 <--1.0--> 3      (node 2 removed, node 3 blocked, labels and a property)
        try (ReferenceGraph src = new ReferenceGraph(); OffHeapGraph dst = new OffHeapGraph(4)) {
            int dock = src.addNode("dock", 1f, 1f);
            int a = src.addNode(2f, 1f);
            int gone = src.addNode("gone", 3f, 1f);
            int b = src.addNode(4f, 1f);
            src.addEdge(dock, a, 2.5f, 7);
            src.addUndirectedEdge(a, b, 1f, 0);
            src.removeNode(gone);
            src.setBlocked(b, true);
            src.setLabels(dock, 0b101);
            src.setProperty(a, "note", "by the door");

            // when
            GraphCopy.copy(src, dst);

            // then
            assertThat(dst.nodeIdLimit()).isEqualTo(src.nodeIdLimit());
            assertThat(dst.nodeCount()).isEqualTo(3);
            assertThat(dst.edgeCount()).isEqualTo(src.edgeCount());
            assertThat(dst.containsNode(gone)).isFalse();
            assertThat(dst.nodeId("dock")).isEqualTo(dock);
            assertThat(dst.nodeId("gone")).isEqualTo(NavGraph.NO_NODE);
            assertThat(dst.weight(dock, a)).isEqualTo(2.5f);
            assertThat(dst.edgeType(dock, a)).isEqualTo(7);
            assertThat(dst.hasEdge(b, a)).isTrue();
            assertThat(dst.isBlocked(b)).isTrue();
            assertThat(dst.labels(dock)).isEqualTo(0b101);
            assertThat(dst.property(a, "note")).hasValueSatisfying(v -> assertThat(new String(v)).isEqualTo("by the door"));
            assertThat(dst.x(b)).isEqualTo(4f);
            assertThat(dst.addNode(0f, 0f)).as("next id").isEqualTo(src.addNode(0f, 0f));
        }
    }

    @Test
    void shouldRefuseATargetThatIsNotEmpty() {
        try (ReferenceGraph src = new ReferenceGraph(); ReferenceGraph dst = new ReferenceGraph()) {
            src.addNode(0f, 0f);
            dst.addNode(1f, 1f);

            assertThatThrownBy(() -> GraphCopy.copy(src, dst))
                    .isInstanceOf(GraphException.class)
                    .hasMessage("copy target must be empty; it has node id limit 1");
            assertThat(dst.nodeCount()).isEqualTo(1);
        }
    }
}
