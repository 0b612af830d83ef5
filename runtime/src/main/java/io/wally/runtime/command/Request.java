package io.wally.runtime.command;

import java.util.Map;

/**
 * What the outside world may ask of the running robot, decoded once at the edge it came in by (MQTT, the
 * command line, a test) and handed to {@link RobotCommands#submit}. Every field is already parsed: places
 * into {@link Place}, algorithms into {@link Algorithm}; text limits are checked when decoding.
 */
public sealed interface Request {

    /** Plans from {@code from} (null: the robot's position) to {@code to}; the robot does not move. */
    record Plan(Place from, Place to, Algorithm algorithm) implements Request {
    }

    /** Plans from the robot to {@code target} and drives there. */
    record GoTo(Place target) implements Request {
    }

    /** Stops the motors now and cancels any goal; always accepted, overtakes queued requests. */
    record Stop(String reason) implements Request {
    }

    /** One change to the map, applied by the graph's single writer. */
    record EditMap(MapEdit edit) implements Request {
    }

    /** The robot's state: pose, goal, plan, health counters; answered without the planner. */
    record Status() implements Request {
    }

    /**
     * The places most like {@code place} by their embeddings (FastRP, cosine similarity), best first.
     *
     * @param k    how many, 1 to {@value #MAX_SIMILAR}
     * @param kind only places of this kind ({@code room}, {@code waypoint}, {@code dock}), or null for any node
     */
    record Similar(Place place, int k, String kind) implements Request {
    }

    /** Rooms found on the map's occupancy grid; {@code count} rooms, or null to let the map decide. */
    record Rooms(Integer count) implements Request {
    }

    /**
     * A graph query (the Cypher subset of docs/queries.md) on a consistent view of the live map.
     *
     * @param text   the query
     * @param params values of its {@code $parameters}: Long, Double, String, Boolean or a List of them
     * @param limit  most rows the reply may carry (more is an error naming the limit), or null for the default
     */
    record Query(String text, Map<String, Object> params, Integer limit) implements Request {
    }

    /**
     * Drive by hand: wheel speeds the control loop holds for {@value #DRIVE_DEAD_MAN_MILLIS} ms, then stops the
     * motors unless a fresh drive arrives (a dead-man: the sender keeps sending while the key is held). Cancels an
     * active goal; refused while a safety fault is raised; the control loop clamps both speeds to
     * {@code drive.maxSpeedMps} and {@code drive.maxTurnRateRadPerS}.
     *
     * @param linearMps      forward speed, m/s (negative: backwards), finite
     * @param angularRadPerS turn rate, rad/s (positive: counter-clockwise), finite
     */
    record Drive(double linearMps, double angularRadPerS) implements Request {
    }

    /** The map's named places: name, kind, node, coordinates (and a room's outline); answered without the planner. */
    record Places() implements Request {
    }

    /**
     * Explores: drives to the nearest reachable frontier of what the sensors mapped (free next to unknown, Yamauchi
     * 1997), again and again, until none is left or a budget ends; {@link Stop} ends it at once. Replaces any goal.
     *
     * @param budgetSeconds     longest the exploration may run, seconds of the robot's clock, in (0, {@value #MAX_EXPLORE_SECONDS}]
     * @param maxDistanceMeters longest distance it may drive, metres, in (0, {@value #MAX_EXPLORE_METERS}], or
     *                          {@link Double#POSITIVE_INFINITY} for no limit
     */
    record Explore(double budgetSeconds, double maxDistanceMeters) implements Request {
    }

    /** Budget of an {@link Explore} that names none, seconds. */
    double DEFAULT_EXPLORE_SECONDS = 900;
    /** Longest budget an {@link Explore} may ask for, seconds (a day). */
    double MAX_EXPLORE_SECONDS = 86_400;
    /** Longest distance an {@link Explore} may ask for, metres. */
    double MAX_EXPLORE_METERS = 100_000;

    /** How long one {@link Drive} keeps the motors going, milliseconds. */
    int DRIVE_DEAD_MAN_MILLIS = 300;

    /** Longest query text, UTF-8 bytes. */
    int MAX_QUERY_BYTES = 8192;
    /** Most rows a query reply may carry. */
    int MAX_QUERY_ROWS = 10_000;

    /** Most neighbours a {@link Similar} request may ask for. */
    int MAX_SIMILAR = 100;
    /** Most rooms a {@link Rooms} request may ask for. */
    int MAX_ROOMS = 64;

    /** The command's name as in {@code wally/<id>/cmd/<command>}. */
    default String command() {
        return switch (this) {
            case Plan p -> "plan";
            case GoTo g -> "goto";
            case Stop s -> "stop";
            case EditMap e -> "map";
            case Status s -> "status";
            case Similar s -> "similar";
            case Rooms r -> "rooms";
            case Query q -> "query";
            case Drive d -> "drive";
            case Places p -> "places";
            case Explore e -> "explore";
        };
    }
}
