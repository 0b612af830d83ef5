package io.wally.maps;

/** Runs the {@link MutableNavGraphContract} on {@link ReferenceGraph}. */
final class ReferenceGraphTest extends MutableNavGraphContract {

    @Override
    protected MutableNavGraph newGraph() {
        return new ReferenceGraph();
    }
}
