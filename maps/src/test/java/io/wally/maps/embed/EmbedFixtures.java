package io.wally.maps.embed;

import io.wally.maps.MutableNavGraph;
import io.wally.maps.ReferenceGraph;
import java.util.Random;

/** Graphs for the embedding tests. */
final class EmbedFixtures {

    private EmbedFixtures() {
    }

    /** A random directed graph with some removed and blocked nodes, random labels and weights in (0.1, 2]. */
    static MutableNavGraph randomGraph(long seed, int nodes, int edges) {
        Random random = new Random(seed);
        MutableNavGraph g = new ReferenceGraph();
        for (int i = 0; i < nodes; i++) {
            g.addNode(random.nextFloat() * 10, random.nextFloat() * 10);
            g.setLabels(i, random.nextInt(8));
        }
        for (int i = 0; i < edges; i++) {
            int a = random.nextInt(nodes);
            int b = random.nextInt(nodes);
            if (a != b && !g.hasEdge(a, b)) {
                g.addEdge(a, b, 0.1f + random.nextFloat() * 1.9f, 1);
            }
        }
        for (int i = 0; i < nodes / 20; i++) {
            int v = random.nextInt(nodes);
            if (g.containsNode(v)) {
                g.removeNode(v);
            }
        }
        for (int i = 0; i < nodes / 10; i++) {
            int v = random.nextInt(nodes);
            if (g.containsNode(v)) {
                g.setBlocked(v, true);
            }
        }
        return g;
    }

    /** A {@code width x height} 8-connected grid without obstacles, unit spacing, row-major ids. */
    static MutableNavGraph grid(int width, int height) {
        MutableNavGraph g = new ReferenceGraph();
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                g.addNode(c, r);
            }
        }
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                int id = r * width + c;
                if (c + 1 < width) {
                    g.addUndirectedEdge(id, id + 1, 1f, 1);
                }
                if (r + 1 < height) {
                    g.addUndirectedEdge(id, id + width, 1f, 1);
                    if (c + 1 < width) {
                        g.addUndirectedEdge(id, id + width + 1, 1.4142135f, 1);
                    }
                    if (c > 0) {
                        g.addUndirectedEdge(id, id + width - 1, 1.4142135f, 1);
                    }
                }
            }
        }
        return g;
    }
}
