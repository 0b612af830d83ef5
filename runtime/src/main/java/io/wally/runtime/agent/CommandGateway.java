package io.wally.runtime.agent;

import static io.wally.runtime.agent.CommandRecordDescriptor.*;

import io.wally.runtime.command.CommandReply;
import io.wally.runtime.command.MapEdit;
import io.wally.runtime.command.PlaceText;
import java.util.Objects;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * The proxy other threads use to send commands to the agents: it parks the reply in a
 * {@link PendingReplies} slot and offers a {@link CommandRecordDescriptor} record to the map agent's or
 * the planner's many-to-one ring buffer. When the reply table or the ring is full the request is
 * answered at once with {@code busy} and counted; the caller never waits. A request that could never
 * be queued (a place or name over {@link PlaceText} limits, non-finite coordinates) is answered with
 * {@code too_large} or {@code bad_request} instead: {@code busy} tells a client to try again.
 *
 * <p>Threading: any thread.
 */
public final class CommandGateway {

    private final RingBuffer mapRing;
    private final RingBuffer plannerRing;
    private final PendingReplies replies;
    private final PipelineCounters counters;

    public CommandGateway(RingBuffer mapRing, RingBuffer plannerRing, int pendingCapacity, PipelineCounters counters) {
        this.mapRing = mapRing;
        this.plannerRing = plannerRing;
        this.replies = new PendingReplies(pendingCapacity);
        this.counters = counters;
    }

    PendingReplies replies() {
        return replies;
    }

    /** Queues plan(from, to, algorithm) for the planner. */
    public void plan(String from, String to, String algorithm, CommandReply reply) {
        if (refusedPlace("from", from, reply) || refusedPlace("to", to, reply)
                || refusedText("algorithm", algorithm, PlaceText.MAX_KEYWORD_BYTES, reply)) {
            return;
        }
        offer(plannerRing, PLAN_MSG_TYPE, 0, 0f, 0f, reply, from, to, algorithm);
    }

    /** Queues goTo(target) for the planner. */
    public void goTo(String target, CommandReply reply) {
        if (target == null || target.isBlank()) {
            reply.error("bad_request", "goto needs a target (a place name or \"x,y\" in metres)");
            return;
        }
        if (refusedPlace("target", target, reply)) {
            return;
        }
        offer(plannerRing, GOTO_MSG_TYPE, 0, 0f, 0f, reply, target, null, null);
    }

    /** Queues a status request for the planner. */
    public void status(CommandReply reply) {
        offer(plannerRing, STATUS_MSG_TYPE, 0, 0f, 0f, reply, null, null, null);
    }

    /** Queues a map edit for the map agent (the graph's single writer). */
    public void editMap(MapEdit edit, CommandReply reply) {
        Objects.requireNonNull(reply, "reply");
        if (edit == null) {
            reply.error("bad_request", "no map edit given");
            return;
        }
        boolean refused = switch (edit) {
            case MapEdit.AddNode e -> refusedName(e.name(), reply) || refusedCoordinate("x", e.x(), reply)
                    || refusedCoordinate("y", e.y(), reply);
            case MapEdit.RemoveNode e -> refusedPlace("node", e.node(), reply);
            case MapEdit.AddEdge e -> refusedPlace("from", e.from(), reply) || refusedPlace("to", e.to(), reply);
            case MapEdit.RemoveEdge e -> refusedPlace("from", e.from(), reply) || refusedPlace("to", e.to(), reply);
            case MapEdit.SetBlocked e -> refusedPlace("node", e.node(), reply);
            case MapEdit.SetWeight e -> refusedPlace("from", e.from(), reply) || refusedPlace("to", e.to(), reply);
        };
        if (refused) {
            return;
        }
        switch (edit) {
            case MapEdit.AddNode e -> offer(mapRing, ADD_NODE_MSG_TYPE, 0, e.x(), e.y(), reply, null, e.name(), null);
            case MapEdit.RemoveNode e -> offer(mapRing, REMOVE_NODE_MSG_TYPE, 0, 0f, 0f, reply, e.node(), null, null);
            case MapEdit.AddEdge e -> offer(mapRing, ADD_EDGE_MSG_TYPE,
                    (e.undirected() ? FLAG_UNDIRECTED : 0) | (e.allowSelfLoop() ? FLAG_ALLOW_SELF_LOOP : 0), e.weight(), 0f,
                    reply, e.from(), e.to(), null);
            case MapEdit.RemoveEdge e -> offer(mapRing, REMOVE_EDGE_MSG_TYPE, e.undirected() ? FLAG_UNDIRECTED : 0, 0f, 0f,
                    reply, e.from(), e.to(), null);
            case MapEdit.SetBlocked e -> offer(mapRing, SET_BLOCKED_MSG_TYPE, e.blocked() ? FLAG_BLOCKED : 0, 0f, 0f,
                    reply, e.node(), null, null);
            case MapEdit.SetWeight e -> offer(mapRing, SET_WEIGHT_MSG_TYPE, 0, e.weight(), 0f, reply, e.from(), e.to(), null);
        }
    }

    /** Answers {@code too_large} or {@code bad_request} when {@code place} (may be null) cannot be used. */
    private static boolean refusedPlace(String field, String place, CommandReply reply) {
        if (place == null) {
            return false;
        }
        String why = PlaceText.whyNotPlace(place);
        if (why != null) {
            reply.error(PlaceText.utf8Length(place) > PlaceText.MAX_NAME_BYTES ? "too_large" : "bad_request",
                    field + " " + why + "; was " + PlaceText.shown(place));
            return true;
        }
        return false;
    }

    private static boolean refusedName(String name, CommandReply reply) {
        if (name == null) {
            return false;
        }
        String why = PlaceText.whyNotNodeName(name);
        if (why != null) {
            reply.error(PlaceText.utf8Length(name) > PlaceText.MAX_NAME_BYTES ? "too_large" : "bad_request",
                    "name " + why + "; was " + PlaceText.shown(name));
            return true;
        }
        return false;
    }

    private static boolean refusedText(String field, String text, int maxBytes, CommandReply reply) {
        if (text != null && PlaceText.utf8Length(text) > maxBytes) {
            reply.error("too_large", field + " is " + PlaceText.utf8Length(text) + " bytes (UTF-8); the limit is "
                    + maxBytes + "; was " + PlaceText.shown(text));
            return true;
        }
        return false;
    }

    private static boolean refusedCoordinate(String field, float meters, CommandReply reply) {
        String why = PlaceText.whyNotCoordinate(meters);
        if (why != null) {
            reply.error("bad_request", field + " " + why + "; was " + meters);
            return true;
        }
        return false;
    }

    private void offer(RingBuffer ring, int type, int flags, float x, float y, CommandReply reply, String t1, String t2, String t3) {
        Objects.requireNonNull(reply, "reply");
        int size = TEXT_OFFSET + CommandText.sizeOf(t1) + CommandText.sizeOf(t2) + CommandText.sizeOf(t3);
        if (size > ring.maxMsgLength()) {
            // Never busy: the same request would be refused again. The limits above keep every request far below.
            reply.error("too_large", "request of " + size + " bytes exceeds the command record limit of "
                    + ring.maxMsgLength() + " bytes");
            return;
        }
        int slot = replies.reserve(reply);
        if (slot == PendingReplies.NONE) {
            counters.commandsBusy.incrementAndGet();
            reply.error("busy", "too many requests in flight; try again");
            return;
        }
        ExpandableArrayBuffer record = new ExpandableArrayBuffer(64);
        record.putInt(SLOT_OFFSET, slot);
        record.putInt(FLAGS_OFFSET, flags);
        record.putFloat(X_OFFSET, x);
        record.putFloat(Y_OFFSET, y);
        int at = TEXT_OFFSET;
        at += CommandText.write(record, at, t1);
        at += CommandText.write(record, at, t2);
        at += CommandText.write(record, at, t3);
        if (!ring.write(type, record, 0, at)) {
            CommandReply parked = replies.take(slot);
            counters.commandsBusy.incrementAndGet();
            if (parked != null) {
                parked.error("busy", "command queue full; try again");
            }
        }
    }
}
