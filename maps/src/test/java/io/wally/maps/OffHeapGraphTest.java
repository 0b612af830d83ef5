package io.wally.maps;

import io.wally.maps.graph.OffHeapGraph;

/** Runs the {@link MutableNavGraphContract} on {@link OffHeapGraph} as built by mutations (pool records). */
final class OffHeapGraphTest extends MutableNavGraphContract {

    @Override
    protected MutableNavGraph newGraph() {
        return new OffHeapGraph();
    }
}
