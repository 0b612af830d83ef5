package io.wally.runtime.command;

import java.util.List;

/**
 * The rules a decoded {@link Request} must follow whatever edge it came in by: a new node's name does not
 * read as an id or {@code "x,y"} and fits the graph's limit, coordinates are finite and within
 * ±{@value PlaceText#MAX_ABS_COORDINATE_METERS} m, weights are finite and {@code >= 0}, an edge from a place
 * to itself is asked for explicitly, a stop reason fits its limit. The MQTT decoder applies them before a
 * request is queued (its refusal names the JSON field); {@link RobotCommands#submit} implementations apply
 * them to whatever else arrives. Stateless; any thread.
 */
public final class RequestRules {

    /** The place kinds a {@link Request.Similar} may filter by. */
    public static final List<String> KINDS = List.of("room", "waypoint", "dock");

    private RequestRules() {
    }

    /** Refuses {@code request} when it breaks a rule; returns normally otherwise. */
    public static void check(Request request) throws RequestRefused {
        switch (request) {
            case Request.Stop stop -> {
                if (stop.reason() != null) {
                    checkTextLimit("reason", stop.reason(), PlaceText.MAX_REASON_BYTES);
                }
            }
            case Request.EditMap edit -> check(edit.edit());
            case Request.Plan plan -> {
                checkPlace("from", plan.from());
                checkPlace("to", plan.to());
            }
            case Request.GoTo goTo -> checkPlace("target", goTo.target());
            case Request.Status status -> { }
            case Request.Places places -> { }
            case Request.Explore explore -> {
                if (!(explore.budgetSeconds() > 0 && explore.budgetSeconds() <= Request.MAX_EXPLORE_SECONDS)) {
                    throw new RequestRefused(ErrorCode.BAD_REQUEST, "field 'budgetSeconds' must be in (0, " + (long) Request.MAX_EXPLORE_SECONDS
                            + "] seconds; was " + explore.budgetSeconds());
                }
                double meters = explore.maxDistanceMeters();
                if (meters != Double.POSITIVE_INFINITY && !(meters > 0 && meters <= Request.MAX_EXPLORE_METERS)) {
                    throw new RequestRefused(ErrorCode.BAD_REQUEST, "field 'maxDistanceMeters' must be in (0, " + (long) Request.MAX_EXPLORE_METERS
                            + "] metres; was " + meters);
                }
            }
            case Request.Similar similar -> {
                checkPlace("place", similar.place());
                if (similar.k() < 1 || similar.k() > Request.MAX_SIMILAR) {
                    throw new RequestRefused(ErrorCode.BAD_REQUEST, "field 'k' must be in [1, " + Request.MAX_SIMILAR + "]; was " + similar.k());
                }
                if (similar.kind() != null && !KINDS.contains(similar.kind())) {
                    throw new RequestRefused(ErrorCode.BAD_REQUEST, "field 'kind' must be one of " + String.join(", ", KINDS)
                            + "; was " + PlaceText.shown(similar.kind()));
                }
            }
            case Request.Query query -> {
                if (query.text() == null || query.text().isBlank()) {
                    throw new RequestRefused(ErrorCode.BAD_REQUEST, "missing field 'query'");
                }
                checkTextLimit("query", query.text(), Request.MAX_QUERY_BYTES);
                if (query.limit() != null && (query.limit() < 1 || query.limit() > Request.MAX_QUERY_ROWS)) {
                    throw new RequestRefused(ErrorCode.BAD_REQUEST, "field 'limit' must be in [1, " + Request.MAX_QUERY_ROWS
                            + "]; was " + query.limit());
                }
            }
            case Request.Drive drive -> {
                if (!Double.isFinite(drive.linearMps()) || !Double.isFinite(drive.angularRadPerS())) {
                    throw new RequestRefused(ErrorCode.BAD_REQUEST, "fields 'linearMps' and 'angularRadPerS' must be finite; were "
                            + drive.linearMps() + " and " + drive.angularRadPerS());
                }
            }
            case Request.Rooms rooms -> {
                if (rooms.count() != null && (rooms.count() < 2 || rooms.count() > Request.MAX_ROOMS)) {
                    throw new RequestRefused(ErrorCode.BAD_REQUEST, "field 'rooms' must be in [2, " + Request.MAX_ROOMS + "]; was " + rooms.count());
                }
            }
        }
    }

    private static void check(MapEdit edit) throws RequestRefused {
        if (edit == null) {
            throw new RequestRefused(ErrorCode.BAD_REQUEST, "no map edit given");
        }
        switch (edit) {
            case MapEdit.AddNode add -> {
                if (add.name() != null) {
                    checkNodeName("name", add.name());
                }
                checkCoordinate("x", add.x());
                checkCoordinate("y", add.y());
            }
            case MapEdit.AddEdge add -> {
                checkPlace("from", add.from());
                checkPlace("to", add.to());
                checkWeight("weight", add.weight());
                if (add.from().equals(add.to()) && !add.allowSelfLoop()) {
                    throw new RequestRefused(ErrorCode.BAD_REQUEST, "fields 'from' and 'to' name the same node "
                            + PlaceText.shown(add.from().text()) + ": a self-loop; send \"allowSelfLoop\": true to add one");
                }
            }
            case MapEdit.SetWeight set -> {
                checkPlace("from", set.from());
                checkPlace("to", set.to());
                checkWeight("weight", set.weight());
            }
            case MapEdit.RemoveNode remove -> checkPlace("node", remove.node());
            case MapEdit.RemoveEdge remove -> {
                checkPlace("from", remove.from());
                checkPlace("to", remove.to());
            }
            case MapEdit.SetBlocked blocked -> checkPlace("node", blocked.node());
            case MapEdit.AddZone add -> {
                if (add.zone() == null) {
                    throw new RequestRefused(ErrorCode.BAD_REQUEST, "no zone given");
                }
                checkTextLimit("name", add.zone().name(), PlaceText.MAX_NAME_BYTES);
            }
            case MapEdit.RemoveZone remove -> {
                if (remove.name() == null || remove.name().isBlank()) {
                    throw new RequestRefused(ErrorCode.BAD_REQUEST, "field 'name' must name a zone");
                }
                checkTextLimit("name", remove.name(), PlaceText.MAX_NAME_BYTES);
            }
            case MapEdit.ListZones list -> {
            }
            case MapEdit.GetMap get -> {
                if (!MapEdit.GetMap.FORMATS.contains(get.format())) {
                    throw new RequestRefused(ErrorCode.BAD_REQUEST, "field 'format' must be one of " + String.join(", ", MapEdit.GetMap.FORMATS)
                            + "; was " + PlaceText.shown(get.format()));
                }
            }
            case MapEdit.NameHere name -> checkNodeName("name", name.name());
            case MapEdit.Paint paint -> checkPolygon(paint.polygon());
            case MapEdit.Erase erase -> {
                if (erase.polygon() != null) {
                    checkPolygon(erase.polygon());
                }
            }
        }
    }

    /** A place given as a value (not parsed from text) must still be sane: a name in limits, a finite point. */
    private static void checkPlace(String field, Place place) throws RequestRefused {
        switch (place) {
            case null -> {
                if (!field.equals("from")) {
                    throw new RequestRefused(ErrorCode.BAD_REQUEST, "missing field '" + field + "'");
                }
            }
            case Place.Named named -> {
                if (named.name().isBlank()) {
                    throw new RequestRefused(ErrorCode.BAD_REQUEST, "field '" + field + "' must not be blank");
                }
                checkTextLimit(field, named.name(), PlaceText.MAX_NAME_BYTES);
            }
            case Place.Node node -> { }
            case Place.Point point -> {
                checkCoordinate(field, point.xMeters());
                checkCoordinate(field, point.yMeters());
            }
        }
    }

    /** A painted or erased area: 3 to {@value MapEdit#MAX_CORNERS} corners, each coordinate finite and within the limit. */
    private static void checkPolygon(double[] xy) throws RequestRefused {
        if (xy == null || xy.length % 2 != 0 || xy.length < 6) {
            throw new RequestRefused(ErrorCode.BAD_REQUEST, "the area needs 3 or more [x, y] corners (or a rect [x0, y0, x1, y1]); had "
                    + (xy == null ? 0 : xy.length / 2));
        }
        if (xy.length / 2 > MapEdit.MAX_CORNERS) {
            throw new RequestRefused(ErrorCode.TOO_LARGE, "the area has " + xy.length / 2 + " corners; the limit is " + MapEdit.MAX_CORNERS);
        }
        for (double v : xy) {
            checkCoordinate("points", v);
        }
    }

    /** A new node's name: within the limit, and not readable as an id or as "x,y". */
    public static void checkNodeName(String field, String name) throws RequestRefused {
        checkTextLimit(field, name, PlaceText.MAX_NAME_BYTES);
        String why = PlaceText.whyNotNodeName(name);
        if (why != null) {
            throw new RequestRefused(ErrorCode.BAD_REQUEST, "field '" + field + "' " + why + "; was " + PlaceText.shown(name));
        }
    }

    /** Text over {@code maxBytes} of UTF-8 is {@link ErrorCode#TOO_LARGE}. */
    public static void checkTextLimit(String field, String text, int maxBytes) throws RequestRefused {
        int bytes = PlaceText.utf8Length(text);
        if (bytes > maxBytes) {
            throw new RequestRefused(ErrorCode.TOO_LARGE, "field '" + field + "' is " + bytes
                    + " bytes (UTF-8); the limit is " + maxBytes + "; was " + PlaceText.shown(text));
        }
    }

    /** A coordinate: finite and within the absolute limit. */
    public static void checkCoordinate(String field, double meters) throws RequestRefused {
        String why = PlaceText.whyNotCoordinate(meters);
        if (why != null) {
            throw new RequestRefused(ErrorCode.BAD_REQUEST, "field '" + field + "' " + why + "; was " + shownNumber(meters));
        }
    }

    private static void checkWeight(String field, float weight) throws RequestRefused {
        if (!Float.isFinite(weight) || weight < 0) {
            throw new RequestRefused(ErrorCode.BAD_REQUEST, "field '" + field + "' must be >= 0 (and finite); was " + weight);
        }
    }

    private static String shownNumber(double meters) {
        return meters == (float) meters ? Float.toString((float) meters) : Double.toString(meters);
    }
}
