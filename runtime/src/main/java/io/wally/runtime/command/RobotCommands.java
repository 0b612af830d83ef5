package io.wally.runtime.command;

/**
 * The one way into the running robot: every adapter (MQTT, the command line, tests, later the dashboard,
 * Home Assistant, VDA 5050) decodes its input into a {@link Request} and submits it here; every answer comes
 * back through the {@link CommandReply} with the same {@link ErrorCode}s.
 *
 * <p>Threading: any thread may call; a call never blocks and never runs on the control loop. Plans, goals
 * and map edits are handed to the agent that owns them (a bounded queue) and answered later from that
 * agent's thread; {@code stop} and {@code status} are answered on the caller's thread. A request that cannot
 * be queued (queue full) is answered at once with {@link ErrorCode#BUSY}: only for a request that a later
 * attempt could carry out, never for one refused by what it says.
 */
public interface RobotCommands {

    /** Carries out {@code request}; {@code reply} is completed exactly once, now or later. */
    void submit(Request request, CommandReply reply);

    /**
     * The text form of {@link Request.Plan} (for the command line and tests): {@code from} null for the
     * robot's position, {@code algorithm} null for {@link Algorithm#AUTO}.
     */
    default void plan(String from, String to, String algorithm, CommandReply reply) {
        try {
            submit(new Request.Plan(from == null ? null : Place.parse("from", from), Place.parse("to", to),
                    algorithm == null ? Algorithm.AUTO : Algorithm.parse("algorithm", algorithm)), reply);
        } catch (RequestRefused refused) {
            reply.refuse(refused);
        }
    }

    /** The text form of {@link Request.GoTo}. */
    default void goTo(String target, CommandReply reply) {
        try {
            submit(new Request.GoTo(Place.parse("target", target)), reply);
        } catch (RequestRefused refused) {
            reply.refuse(refused);
        }
    }

    /** {@link Request.Stop}. */
    default void stop(String reason, CommandReply reply) {
        submit(new Request.Stop(reason), reply);
    }

    /** {@link Request.EditMap}. */
    default void editMap(MapEdit edit, CommandReply reply) {
        submit(new Request.EditMap(edit), reply);
    }

    /** {@link Request.Status}. */
    default void status(CommandReply reply) {
        submit(new Request.Status(), reply);
    }
}
