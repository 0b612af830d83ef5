package io.wally.runtime.command;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The runtime's {@link RobotCommands}: every adapter's requests pass here. A request is checked once more
 * against {@link RequestRules} (adapters other than MQTT may build requests by hand), then:
 * <ol>
 *   <li>{@code stop} is carried out on the caller's thread ({@link StopAction}): it never queues behind
 *       anything;</li>
 *   <li>{@code status} is answered on the caller's thread from the published state;</li>
 *   <li>{@code drive} is handed to the control loop on the caller's thread ({@link DriveAction}): a hand-held
 *       key must not wait behind planning;</li>
 *   <li>{@code plan}, {@code goto} and {@code explore} are queued for the planner agent, map edits for the map agent (the
 *       graph's single writer), {@code similar}, {@code rooms} and {@code query} for the place analysis agent (its own
 *       thread: a FastRP run must not hold up planning); a full queue answers {@link ErrorCode#BUSY} at once.</li>
 * </ol>
 * Threading: any thread; never blocks.
 */
public final class CommandGateway implements RobotCommands {

    /** Stops the robot now; answers the reply. */
    @FunctionalInterface
    public interface StopAction {
        void stop(String reason, CommandReply reply);
    }

    /** Hands a manual drive to the control loop (cancelling any goal); answers the reply. */
    @FunctionalInterface
    public interface DriveAction {
        void drive(Request.Drive drive, CommandReply reply);
    }

    private final CommandQueue planner;
    private final CommandQueue mapWriter;
    private final CommandQueue analysis;
    private final StopAction stop;
    private final DriveAction drive;
    private final Supplier<Map<String, Object>> status;
    private final AtomicLong busyCount;

    /**
     * @param planner   the planner agent's queue (plan, goto)
     * @param mapWriter the map agent's queue (map edits)
     * @param analysis  the place analysis agent's queue (similar, rooms)
     * @param drive     carries out manual drives
     * @param busyCount counts requests answered busy
     */
    public CommandGateway(CommandQueue planner, CommandQueue mapWriter, CommandQueue analysis, StopAction stop,
            DriveAction drive, Supplier<Map<String, Object>> status, AtomicLong busyCount) {
        this.planner = planner;
        this.mapWriter = mapWriter;
        this.analysis = analysis;
        this.stop = stop;
        this.drive = drive;
        this.status = status;
        this.busyCount = busyCount;
    }

    @Override
    public void submit(Request request, CommandReply reply) {
        try {
            RequestRules.check(request);
        } catch (RequestRefused refused) {
            if (request instanceof Request.Stop) {
                stop.stop("stop requested (its reason was refused: " + refused.getMessage() + ")", CommandReply.DISCARD);
            }
            reply.refuse(refused);
            return;
        }
        switch (request) {
            case Request.Stop s -> stop.stop(s.reason(), reply);
            case Request.Status s -> reply.ok(status.get());
            case Request.Plan p -> queue(planner, request, reply);
            case Request.GoTo g -> queue(planner, request, reply);
            case Request.Explore e -> queue(planner, request, reply);
            case Request.EditMap e when e.edit() instanceof MapEdit.GetMap -> queue(analysis, request, reply); // a read: off the writer
            case Request.EditMap e -> queue(mapWriter, request, reply);
            case Request.Places p -> queue(analysis, request, reply);
            case Request.Similar s -> queue(analysis, request, reply);
            case Request.Rooms r -> queue(analysis, request, reply);
            case Request.Query q -> queue(analysis, request, reply);
            case Request.Drive d -> drive.drive(d, reply);
        }
    }

    private void queue(CommandQueue queue, Request request, CommandReply reply) {
        if (!queue.offer(request, reply)) {
            busyCount.incrementAndGet();
            reply.error(ErrorCode.BUSY, "too many requests in flight; try again");
        }
    }
}
