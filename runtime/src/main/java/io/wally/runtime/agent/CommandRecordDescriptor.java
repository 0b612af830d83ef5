package io.wally.runtime.agent;

/**
 * Layout of command records written by any thread through {@link PipelineCommands} into the planner's
 * and the map agent's many-to-one ring buffers. The {@link CommandReply} a record answers waits in a
 * {@link PendingReplies} slot named by the record.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                  reply slot (int)                             |  0
 *  +---------------------------------------------------------------+
 *  |  flags (int): bit 0 undirected, 1 blocked, 2 allow self-loop   |  4
 *  +---------------------------------------------------------------+
 *  |                  x or weight (float)                          |  8
 *  +---------------------------------------------------------------+
 *  |                  y (float)                                    | 12
 *  +---------------------------------------------------------------+
 *  |  text 1 (int length + UTF-8 bytes): from / node / target      | 16
 *  |  text 2 (int length + UTF-8 bytes): to / name / algorithm     | ...
 *  +---------------------------------------------------------------+
 * </pre>
 * Text of length -1 is absent (null). Commands are rare and may allocate when decoded; they never
 * travel on the control loop.
 *
 * @see io.wally.runtime.command.CommandReply
 */
public final class CommandRecordDescriptor {

    /** Planner: plan(from, to, algorithm). */
    public static final int PLAN_MSG_TYPE = 1;
    /** Planner: goTo(target). */
    public static final int GOTO_MSG_TYPE = 2;
    /** Planner: status. */
    public static final int STATUS_MSG_TYPE = 3;
    /** Planner: cancel the active goal (after a stop). */
    public static final int CANCEL_MSG_TYPE = 4;
    /** Map agent: add node (text 2 = name or absent, x, y). */
    public static final int ADD_NODE_MSG_TYPE = 10;
    /** Map agent: remove node (text 1). */
    public static final int REMOVE_NODE_MSG_TYPE = 11;
    /** Map agent: add edge (text 1 from, text 2 to, weight, flag undirected). */
    public static final int ADD_EDGE_MSG_TYPE = 12;
    /** Map agent: remove edge (text 1 from, text 2 to, flag undirected). */
    public static final int REMOVE_EDGE_MSG_TYPE = 13;
    /** Map agent: block or free (text 1 node, flag blocked). */
    public static final int SET_BLOCKED_MSG_TYPE = 14;
    /** Map agent: set weight (text 1 from, text 2 to, weight). */
    public static final int SET_WEIGHT_MSG_TYPE = 15;

    public static final int SLOT_OFFSET = 0;
    public static final int FLAGS_OFFSET = 4;
    public static final int X_OFFSET = 8;
    public static final int Y_OFFSET = 12;
    public static final int TEXT_OFFSET = 16;

    public static final int FLAG_UNDIRECTED = 1;
    public static final int FLAG_BLOCKED = 2;
    /** Add edge: an edge from a node to itself is wanted (refused without it). */
    public static final int FLAG_ALLOW_SELF_LOOP = 4;

    private CommandRecordDescriptor() {
    }
}
