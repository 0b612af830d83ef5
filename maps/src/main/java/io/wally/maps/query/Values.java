package io.wally.maps.query;

import java.util.ArrayList;
import java.util.List;

/**
 * Cypher value semantics shared by the interpreter and the compiled code's helpers: three-valued
 * comparisons, arithmetic with integer overflow checks, and the total order used by ORDER BY.
 * Values are Long, Double, String, Boolean, List, {@link NodeValue} or null. Stateless.
 */
final class Values {

    private Values() {
    }

    static boolean isNumber(Object v) {
        return v instanceof Long || v instanceof Double;
    }

    /** Three-valued equality: null when either side is null. */
    static Boolean equal(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        if (a instanceof Long x && b instanceof Long y) {
            return x.longValue() == y.longValue();
        }
        if (isNumber(a) && isNumber(b)) {
            return ((Number) a).doubleValue() == ((Number) b).doubleValue();
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            boolean unknown = false;
            for (int i = 0; i < x.size(); i++) {
                Boolean e = equal(x.get(i), y.get(i));
                if (e == null) {
                    unknown = true;
                } else if (!e) {
                    return false;
                }
            }
            return unknown ? null : true;
        }
        return a.equals(b);
    }

    /** Three-valued ordering comparison for {@code < <= > >=}: null when either is null or the types differ. */
    static Boolean compare(Ast.BinaryOp op, Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        if (a instanceof Long x && b instanceof Long y) {
            long l = x;
            long r = y;
            return switch (op) {
                case LT -> l < r;
                case LE -> l <= r;
                case GT -> l > r;
                default -> l >= r;
            };
        }
        if (isNumber(a) && isNumber(b)) {
            double l = ((Number) a).doubleValue();
            double r = ((Number) b).doubleValue();
            return switch (op) {
                case LT -> l < r;
                case LE -> l <= r;
                case GT -> l > r;
                default -> l >= r;
            };
        }
        int c;
        if (a instanceof String x && b instanceof String y) {
            c = x.compareTo(y);
        } else if (a instanceof Boolean x && b instanceof Boolean y) {
            c = Boolean.compare(x, y);
        } else {
            return null;
        }
        return switch (op) {
            case LT -> c < 0;
            case LE -> c <= 0;
            case GT -> c > 0;
            default -> c >= 0;
        };
    }

    /** Arithmetic; null in, null out; integer overflow and integer division by zero throw ARITHMETIC. */
    static Object arithmetic(Ast.BinaryOp op, Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        if (op == Ast.BinaryOp.ADD && (a instanceof String || b instanceof String)) {
            return render(a) + render(b);
        }
        if (op == Ast.BinaryOp.ADD && a instanceof List<?> l) {
            ArrayList<Object> out = new ArrayList<>(l);
            if (b instanceof List<?> r) {
                out.addAll(r);
            } else {
                out.add(b);
            }
            return List.copyOf(out);
        }
        if (a instanceof Long x && b instanceof Long y) {
            try {
                return switch (op) {
                    case ADD -> Math.addExact(x, y);
                    case SUB -> Math.subtractExact(x, y);
                    case MUL -> Math.multiplyExact(x, y);
                    case DIV -> x / y;
                    default -> x % y;
                };
            } catch (ArithmeticException e) {
                throw arithmeticError(op, a, b, e);
            }
        }
        if (isNumber(a) && isNumber(b)) {
            double x = ((Number) a).doubleValue();
            double y = ((Number) b).doubleValue();
            return switch (op) {
                case ADD -> x + y;
                case SUB -> x - y;
                case MUL -> x * y;
                case DIV -> x / y;
                default -> x % y;
            };
        }
        throw new QueryException(QueryException.Code.TYPE, "cannot apply " + op.text + " to " + describe(a) + " and " + describe(b));
    }

    static QueryException arithmeticError(Ast.BinaryOp op, Object a, Object b, ArithmeticException e) {
        return new QueryException(QueryException.Code.ARITHMETIC, "integer " + (op == Ast.BinaryOp.DIV || op == Ast.BinaryOp.MOD
                ? "division by zero" : "overflow") + " in " + a + " " + op.text + " " + b);
    }

    static String describe(Object v) {
        return switch (v) {
            case null -> "null";
            case Long l -> "integer " + l;
            case Double d -> "float " + d;
            case String s -> "string '" + s + "'";
            case Boolean b -> "boolean " + b;
            case List<?> l -> "list " + l;
            case NodeValue n -> "node " + n.id();
            default -> v.getClass().getSimpleName();
        };
    }

    static String render(Object v) {
        return switch (v) {
            case null -> "null";
            case NodeValue n -> "node " + n.id();
            default -> String.valueOf(v);
        };
    }

    /** Orderability rank, ascending: nodes, lists, strings, booleans, numbers, null (as in openCypher). */
    private static int rank(Object v) {
        return switch (v) {
            case null -> 6;
            case NodeValue n -> 1;
            case List<?> l -> 2;
            case String s -> 3;
            case Boolean b -> 4;
            default -> 5;
        };
    }

    /** Total order for ORDER BY (ascending): null last, numbers compared as numbers, NaN above every number. */
    static int order(Object a, Object b) {
        int ra = rank(a);
        int rb = rank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        return switch (a) {
            case null -> 0;
            case NodeValue n -> Integer.compare(n.id(), ((NodeValue) b).id());
            case String s -> s.compareTo((String) b);
            case Boolean x -> Boolean.compare(x, (Boolean) b);
            case List<?> x -> {
                List<?> y = (List<?>) b;
                for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
                    int c = order(x.get(i), y.get(i));
                    if (c != 0) {
                        yield c;
                    }
                }
                yield Integer.compare(x.size(), y.size());
            }
            default -> {
                if (a instanceof Long x && b instanceof Long y) {
                    yield Long.compare(x, y);
                }
                yield Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
            }
        };
    }
}
