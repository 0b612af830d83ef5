package io.wally.runtime.command;

/**
 * What the outside world (MQTT, the command line) may ask of the running robot. Implemented by the
 * runtime's pipeline; called by the MQTT bridge.
 *
 * <p>Threading: any thread may call; a call never blocks and never runs on the control loop. It hands
 * the request to the pipeline (a bounded queue) and returns at once; {@code reply} is completed exactly
 * once, later, from another thread. A request that cannot be queued (queue full) is answered at once
 * with {@code reply.error("busy", …)}. {@link #stop} is always accepted and overtakes queued requests.
 *
 * <p>Places are node names, node ids or {@code "x,y"} in metres ({@link PlaceText}). Error codes are short
 * lowercase words ({@code unknown_node}, {@code no_path}, {@code bad_request}, {@code too_large},
 * {@code busy}, {@code not_ready}); {@code busy} only for a request that a later attempt could carry out,
 * never for one that is refused by what it says (too long, not finite: {@code too_large}, {@code bad_request}).
 */
public interface RobotCommands {

    /** Plans from {@code from} (null: the robot's pose) to {@code to} with {@code algorithm} (astar, dijkstra, bfs). */
    void plan(String from, String to, String algorithm, CommandReply reply);

    /** Plans from the robot's pose to {@code target} and drives there. */
    void goTo(String target, CommandReply reply);

    /** Stops the motors now, cancelling any goal; always accepted. */
    void stop(String reason, CommandReply reply);

    /** Applies one map edit through the graph's single writer. */
    void editMap(MapEdit edit, CommandReply reply);

    /** The robot's state: pose, goal, plan, health counters. */
    void status(CommandReply reply);
}
