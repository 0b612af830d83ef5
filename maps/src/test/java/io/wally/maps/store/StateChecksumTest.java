package io.wally.maps.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.maps.MutableNavGraph;
import io.wally.maps.ReferenceGraph;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

final class StateChecksumTest {

    /** 0("a") --1--> 1 --2--> 2,  2 --3--> 0, property on 1. */
    private static ReferenceGraph triangle(boolean reverseEdgeOrder) {
        ReferenceGraph g = new ReferenceGraph();
        g.addNode("a", 0f, 0f);
        g.addNode(1f, 0f);
        g.addNode(1f, 1f);
        if (reverseEdgeOrder) {
            g.addEdge(2, 0, 3f, 0);
            g.addEdge(1, 2, 2f, 0);
            g.addEdge(0, 1, 1f, 0);
        } else {
            g.addEdge(0, 1, 1f, 0);
            g.addEdge(1, 2, 2f, 0);
            g.addEdge(2, 0, 3f, 0);
        }
        g.setProperty(1, "k", "v");
        return g;
    }

    @Test
    void shouldBeEqualWhenSameStateWasBuiltInDifferentOrder() {
        // given two graphs with the same state, edges added in opposite order, one with an extra
        // edge added and removed again (different version)
        ReferenceGraph a = triangle(false);
        ReferenceGraph b = triangle(true);
        b.addEdge(0, 2, 9f, 0);
        b.removeEdge(0, 2);
        // then
        assertThat(b.version()).isNotEqualTo(a.version());
        assertThat(StateChecksum.of(b)).isEqualTo(StateChecksum.of(a));
    }

    @Test
    void shouldDifferWhenAnyObservableAspectDiffers() {
        // given one change of each observable aspect, applied to a fresh triangle each
        List<Consumer<MutableNavGraph>> changes = List.of(
                g -> g.addNode(5f, 5f),
                g -> g.removeNode(2),
                g -> g.setBlocked(1, true),
                g -> g.setLabels(1, 4),
                g -> g.setWeight(0, 1, 1.25f),
                g -> g.removeEdge(0, 1),
                g -> {
                    g.removeEdge(0, 1);
                    g.addEdge(0, 1, 1f, 3);
                },
                g -> g.addEdge(0, 2, 1f, 0),
                g -> g.setProperty(1, "k", "w"),
                g -> g.setProperty(1, "k2", "v"),
                g -> g.removeProperty(1, "k"),
                g -> g.setProperty(0, "k", "v"),
                g -> {
                    g.removeNode(0);
                    g.addNode("b", 0f, 0f);
                });
        Set<Long> seen = new HashSet<>();
        seen.add(StateChecksum.of(triangle(false)));
        for (int i = 0; i < changes.size(); i++) {
            ReferenceGraph g = triangle(false);
            // when
            changes.get(i).accept(g);
            // then
            assertThat(seen.add(StateChecksum.of(g))).as("change %d gives a new checksum", i).isTrue();
        }
    }

    @Test
    void shouldPrintSixteenHexDigitsWhenFormatted() {
        assertThat(StateChecksum.hexOf(new ReferenceGraph())).matches("[0-9a-f]{16}");
        assertThat(StateChecksum.toHex(1L)).isEqualTo("0000000000000001");
    }
}
