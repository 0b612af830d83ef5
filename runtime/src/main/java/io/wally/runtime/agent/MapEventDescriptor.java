package io.wally.runtime.agent;

/**
 * Layout of the records the {@link MapAgent} (the graph's single writer) sends to the
 * {@link PlannerAgent} after publishing a change, so that the planner repairs an active plan that
 * the change touches.
 *
 * <pre>
 * NODE_CHANGED (msgTypeId 1), 16 bytes: a node was blocked or freed
 * EDGE_CHANGED (msgTypeId 2), 16 bytes: the weight of from -> to changed, or the edge came or went
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                  node / from (int)                            |  0
 *  +---------------------------------------------------------------+
 *  |                  to (int; -1 for NODE_CHANGED)                |  4
 *  +---------------------------------------------------------------+
 *  |                  graph version published with it (long)       |  8
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * Only {@link MapEventRecord} uses these offsets.
 */
final class MapEventDescriptor {

    static final int NODE_CHANGED_MSG_TYPE = 1;
    static final int EDGE_CHANGED_MSG_TYPE = 2;

    static final int FROM_OFFSET = 0;
    static final int TO_OFFSET = 4;
    static final int VERSION_OFFSET = 8;
    static final int LENGTH = 16;

    private MapEventDescriptor() {
    }
}
