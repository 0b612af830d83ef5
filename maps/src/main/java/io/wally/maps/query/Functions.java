package io.wally.maps.query;

import io.wally.maps.NavGraph;
import io.wally.maps.importer.PlaceKind;
import io.wally.maps.plan.Path;
import io.wally.maps.plan.SearchLimits;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The functions a query may call, their arities, and their values (shared by the interpreter and the
 * compiled code so that both give the same answer). Stateless.
 */
final class Functions {

    /** Aggregates, allowed only in RETURN. */
    static final Map<String, Integer> AGGREGATES = Map.of("count", 1, "sum", 1, "min", 1, "max", 1, "avg", 1, "collect", 1);

    /** Scalar functions and their arity ({@code -1}: one or more). */
    static final Map<String, Integer> SCALARS = Map.ofEntries(
            Map.entry("cost", 2), Map.entry("hops", 2), Map.entry("dist", 2), Map.entry("degree", 1), Map.entry("blocked", 1),
            Map.entry("x", 1), Map.entry("y", 1), Map.entry("id", 1), Map.entry("name", 1), Map.entry("kind", 1),
            Map.entry("abs", 1), Map.entry("sqrt", 1), Map.entry("round", 1), Map.entry("floor", 1), Map.entry("ceil", 1),
            Map.entry("tointeger", 1), Map.entry("tofloat", 1), Map.entry("tostring", 1), Map.entry("size", 1),
            Map.entry("coalesce", -1));

    private Functions() {
    }

    static boolean isAggregate(String name) {
        return AGGREGATES.containsKey(name);
    }

    /** Straight-line distance between two nodes, metres (the compiled code calls this very method). */
    static double dist(NavGraph graph, int a, int b) {
        double dx = (double) graph.x(a) - graph.x(b);
        double dy = (double) graph.y(a) - graph.y(b);
        return Math.sqrt(dx * dx + dy * dy);
    }

    private static final PlaceKind[] KINDS = PlaceKind.values();
    private static final String[] KIND_NAMES = new String[KINDS.length];

    static {
        for (int i = 0; i < KINDS.length; i++) {
            KIND_NAMES[i] = KINDS[i].name().toLowerCase(Locale.ROOT);
        }
    }

    /** The place kind of {@code labels}: room, waypoint, dock, or cell for none (a shared string: compiled code calls this per row). */
    static String kind(int labels) {
        for (int i = 0; i < KINDS.length; i++) {
            if ((labels & KINDS[i].labelBit()) != 0) {
                return KIND_NAMES[i];
            }
        }
        return "cell";
    }

    private static int node(String fn, Object v) {
        if (v instanceof NodeValue n) {
            return n.id();
        }
        throw new QueryException(QueryException.Code.TYPE, fn + "() takes a node; was " + Values.describe(v));
    }

    private static double number(String fn, Object v) {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Double d) {
            return d;
        }
        throw new QueryException(QueryException.Code.TYPE, fn + "() takes a number; was " + Values.describe(v));
    }

    static Object call(GraphView view, String fn, Object[] args) {
        if (fn.equals("coalesce")) {
            for (Object a : args) {
                if (a != null) {
                    return a;
                }
            }
            return null;
        }
        for (Object a : args) {
            if (a == null) {
                return null;
            }
        }
        NavGraph g = view.graph;
        return switch (fn) {
            case "cost" -> {
                Path p = view.planner().dijkstra(node(fn, args[0]), node(fn, args[1]), SearchLimits.NONE);
                yield p.found() ? p.cost() : null;
            }
            case "hops" -> {
                Path p = view.planner().bfs(node(fn, args[0]), node(fn, args[1]), SearchLimits.NONE);
                yield p.found() ? (Object) (long) p.hops() : null;
            }
            case "dist" -> dist(g, node(fn, args[0]), node(fn, args[1]));
            case "degree" -> (long) view.degree(node(fn, args[0]));
            case "blocked" -> g.isBlocked(node(fn, args[0]));
            case "x" -> (double) g.x(node(fn, args[0]));
            case "y" -> (double) g.y(node(fn, args[0]));
            case "id" -> (long) node(fn, args[0]);
            case "name" -> g.name(node(fn, args[0])).orElse(null);
            case "kind" -> kind(g.labels(node(fn, args[0])));
            case "abs" -> args[0] instanceof Long l ? (Object) Math.absExact(l) : (Object) Math.abs(number(fn, args[0]));
            case "sqrt" -> Math.sqrt(number(fn, args[0]));
            case "round" -> args[0] instanceof Long l ? (Object) (double) l : (Object) (double) Math.round(number(fn, args[0]));
            case "floor" -> Math.floor(number(fn, args[0]));
            case "ceil" -> Math.ceil(number(fn, args[0]));
            case "tointeger" -> switch (args[0]) {
                case Long l -> l;
                case Double d -> (long) d.doubleValue();
                case String s -> {
                    try {
                        yield Long.parseLong(s.strip());
                    } catch (NumberFormatException e) {
                        yield null;
                    }
                }
                default -> throw new QueryException(QueryException.Code.TYPE, "toInteger() takes a number or a string; was " + Values.describe(args[0]));
            };
            case "tofloat" -> switch (args[0]) {
                case Long l -> (double) l;
                case Double d -> d;
                case String s -> {
                    try {
                        yield Double.parseDouble(s.strip());
                    } catch (NumberFormatException e) {
                        yield null;
                    }
                }
                default -> throw new QueryException(QueryException.Code.TYPE, "toFloat() takes a number or a string; was " + Values.describe(args[0]));
            };
            case "tostring" -> Values.render(args[0]);
            case "size" -> switch (args[0]) {
                case String s -> (long) s.length();
                case List<?> l -> (long) l.size();
                default -> throw new QueryException(QueryException.Code.TYPE, "size() takes a string or a list; was " + Values.describe(args[0]));
            };
            default -> throw new QueryException(QueryException.Code.UNKNOWN_FUNCTION, "unknown function " + fn + "()");
        };
    }
}
