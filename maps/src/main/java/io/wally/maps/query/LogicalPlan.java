package io.wally.maps.query;

import io.wally.maps.importer.GridGraph;
import io.wally.maps.importer.PlaceKind;
import io.wally.maps.importer.PlaceMap;
import io.wally.maps.query.Ast.AggRef;
import io.wally.maps.query.Ast.Binary;
import io.wally.maps.query.Ast.Call;
import io.wally.maps.query.Ast.ColumnRef;
import io.wally.maps.query.Ast.Direction;
import io.wally.maps.query.Ast.Expr;
import io.wally.maps.query.Ast.IsNull;
import io.wally.maps.query.Ast.ListLit;
import io.wally.maps.query.Ast.Lit;
import io.wally.maps.query.Ast.NodePattern;
import io.wally.maps.query.Ast.Param;
import io.wally.maps.query.Ast.PatternPath;
import io.wally.maps.query.Ast.Prop;
import io.wally.maps.query.Ast.RelPattern;
import io.wally.maps.query.Ast.Slot;
import io.wally.maps.query.Ast.Unary;
import io.wally.maps.query.Ast.Var;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The logical plan of a query: node scans and expansions in pattern order, each carrying the filters
 * that can run as soon as its node is bound (WHERE conjuncts are pushed down to the earliest step),
 * then the RETURN stage (projection or aggregation, DISTINCT, ORDER BY, SKIP, LIMIT).
 *
 * <p>Immutable; built once per query text and shared by the interpreter and the compiler.
 */
final class LogicalPlan {

    /** Label names: the place kinds, and {@code cell} for a node with no kind bit. */
    static final Map<String, Integer> LABELS;
    /** Relationship type names and their edge type numbers ({@code t<N>} names any type number). */
    static final Map<String, Integer> TYPES = new TreeMap<>(Map.of("move", GridGraph.EDGE_TYPE, "connection",
            PlaceMap.CONNECTION_EDGE_TYPE, "anchor", PlaceMap.ANCHOR_EDGE_TYPE));
    static final int KIND_MASK;

    static {
        Map<String, Integer> labels = new TreeMap<>();
        int mask = 0;
        for (PlaceKind k : PlaceKind.values()) {
            labels.put(k.name().toLowerCase(Locale.ROOT), k.labelBit());
            mask |= k.labelBit();
        }
        labels.put("cell", 0);
        LABELS = labels;
        KIND_MASK = mask;
    }

    /** A label condition: every bit of {@code mask} set, or with {@code cell}, no kind bit at all. */
    record LabelTest(int mask, boolean cell, String text) {
        static final LabelTest ANY = new LabelTest(0, false, "");

        boolean matches(int labels) {
            return cell ? (labels & KIND_MASK) == 0 && mask == 0 : (labels & mask) == mask;
        }

        boolean isAny() {
            return !cell && mask == 0;
        }
    }

    /** One step of the MATCH part. */
    sealed interface Step permits Scan, Expand {
        List<Expr> filters();

        LabelTest label();
    }

    /** Binds {@code slot} to every live node passing {@code label}. */
    record Scan(int slot, LabelTest label, List<Expr> filters) implements Step {
    }

    /**
     * Follows {@code min..max} edges (max -1: unbounded) from the node in {@code from} and binds
     * {@code to} (or, when {@code into}, checks that the path ends on the node already bound there).
     */
    record Expand(int from, int to, boolean into, Direction direction, int typeMask, String typeText, int minHops, int maxHops,
            LabelTest label, List<Expr> filters) implements Step {
        boolean anyType() {
            return typeMask == -1;
        }

        boolean typeMatches(int type) {
            return typeMask == -1 || (type >= 0 && type < 32 && (typeMask >>> type & 1) != 0);
        }

        boolean simple() {
            return minHops == 1 && maxHops == 1;
        }
    }

    /** An ORDER BY key, over {@link Slot}s and {@link ColumnRef}s. */
    record SortKey(Expr expr, boolean descending) {
    }

    final String text;
    final Ast.Mode mode;
    final String[] slotNames;
    final List<Step> steps;
    final boolean distinct;
    final boolean aggregating;
    final List<String> columns;
    /** Per RETURN column: its expression (over slots; over {@link AggRef}s for aggregate columns). */
    final List<Expr> items;
    /** Per RETURN column: whether it is a grouping key (aggregating plans only). */
    final boolean[] groupKey;
    final List<Call> aggregates;
    final List<SortKey> sort;
    final Expr skip;
    final Expr limit;

    private LogicalPlan(Builder b, Ast.Query q) {
        this.text = b.text;
        this.mode = q.mode();
        this.slotNames = b.slotNames.toArray(String[]::new);
        this.steps = List.copyOf(b.steps);
        this.distinct = q.distinct();
        this.aggregating = !b.aggregates.isEmpty();
        this.columns = List.copyOf(b.columns);
        this.items = List.copyOf(b.items);
        this.groupKey = b.groupKey;
        this.aggregates = List.copyOf(b.aggregates);
        this.sort = List.copyOf(b.sort);
        this.skip = q.skip();
        this.limit = q.limit();
    }

    static LogicalPlan build(String text, Ast.Query query) {
        return new Builder(text).build(query);
    }

    /** Readable form of an expression (EXPLAIN output, default column names, structural equality). */
    static String render(Expr e) {
        return switch (e) {
            case Lit l -> l.value() instanceof String s ? "'" + s.replace("'", "\\'") + "'" : String.valueOf(l.value());
            case Param p -> "$" + p.name();
            case Var v -> v.name();
            case Slot s -> s.name().startsWith("  ") ? "_" + s.index() : s.name();
            case ColumnRef c -> c.name();
            case AggRef a -> "agg" + a.index();
            case Prop p -> render(p.target()) + "." + p.key();
            case Call c -> c.name() + "(" + (c.star() ? "*" : (c.distinct() ? "DISTINCT " : "")
                    + String.join(", ", c.args().stream().map(LogicalPlan::render).toList())) + ")";
            case Unary u -> u.op() == Ast.UnaryOp.NEG ? "-" + render(u.operand()) : "NOT " + render(u.operand());
            case Binary b -> "(" + render(b.left()) + " " + b.op().text + " " + render(b.right()) + ")";
            case IsNull n -> render(n.operand()) + (n.negated() ? " IS NOT NULL" : " IS NULL");
            case ListLit l -> "[" + String.join(", ", l.elements().stream().map(LogicalPlan::render).toList()) + "]";
        };
    }

    /** Rewrites {@code e} bottom-up with {@code f} applied to every node. */
    static Expr map(Expr e, UnaryOperator<Expr> f) {
        Expr rebuilt = switch (e) {
            case Prop p -> new Prop(map(p.target(), f), p.key());
            case Call c -> new Call(c.name(), c.args().stream().map(a -> map(a, f)).toList(), c.distinct(), c.star(), c.pos());
            case Unary u -> new Unary(u.op(), map(u.operand(), f));
            case Binary b -> new Binary(b.op(), map(b.left(), f), map(b.right(), f));
            case IsNull n -> new IsNull(map(n.operand(), f), n.negated());
            case ListLit l -> new ListLit(l.elements().stream().map(a -> map(a, f)).toList());
            default -> e;
        };
        return f.apply(rebuilt);
    }

    /** Calls {@code visit} on every node of {@code e}. */
    static void walk(Expr e, Consumer<Expr> visit) {
        visit.accept(e);
        switch (e) {
            case Prop p -> walk(p.target(), visit);
            case Call c -> c.args().forEach(a -> walk(a, visit));
            case Unary u -> walk(u.operand(), visit);
            case Binary b -> {
                walk(b.left(), visit);
                walk(b.right(), visit);
            }
            case IsNull n -> walk(n.operand(), visit);
            case ListLit l -> l.elements().forEach(a -> walk(a, visit));
            default -> {
            }
        }
    }

    static boolean containsAggregate(Expr e) {
        boolean[] found = {false};
        walk(e, x -> {
            if (x instanceof Call c && Functions.isAggregate(c.name())) {
                found[0] = true;
            }
        });
        return found[0];
    }

    static int maxSlot(Expr e) {
        int[] max = {-1};
        walk(e, x -> {
            if (x instanceof Slot s) {
                max[0] = Math.max(max[0], s.index());
            }
        });
        return max[0];
    }

    /** Plan text for EXPLAIN: one operator per line, innermost last. */
    List<String> describe() {
        List<String> lines = new ArrayList<>();
        for (Step s : steps) {
            String f = s.filters().isEmpty() ? "" : "  filter " + String.join(" AND ", s.filters().stream().map(LogicalPlan::render).toList());
            switch (s) {
                case Scan scan -> lines.add("NodeScan (" + slotText(scan.slot()) + scan.label().text() + ")" + f);
                case Expand x -> {
                    String hops = x.simple() ? "" : "*" + x.minHops() + ".." + (x.maxHops() < 0 ? "" : x.maxHops());
                    String rel = "-[" + x.typeText() + hops + "]-";
                    String arrow = switch (x.direction()) {
                        case OUT -> rel + ">";
                        case IN -> "<" + rel;
                        case BOTH -> rel;
                    };
                    lines.add((x.into() ? "ExpandInto (" : x.simple() ? "Expand (" : "VarExpand (") + slotText(x.from()) + ")" + arrow
                            + "(" + slotText(x.to()) + x.label().text() + ")" + f);
                }
            }
        }
        if (aggregating) {
            List<String> keys = new ArrayList<>();
            List<String> aggs = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                if (groupKey[i]) {
                    keys.add(columns.get(i) + " = " + render(items.get(i)));
                }
            }
            for (Call c : aggregates) {
                aggs.add(render(c));
            }
            lines.add("Aggregate keys [" + String.join(", ", keys) + "] aggregates [" + String.join(", ", aggs) + "]");
        } else {
            List<String> cols = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                cols.add(columns.get(i) + " = " + render(items.get(i)));
            }
            lines.add("Project [" + String.join(", ", cols) + "]");
        }
        if (distinct) {
            lines.add("Distinct");
        }
        if (!sort.isEmpty()) {
            lines.add("Sort [" + String.join(", ", sort.stream().map(k -> render(k.expr()) + (k.descending() ? " DESC" : "")).toList()) + "]");
        }
        if (skip != null) {
            lines.add("Skip " + render(skip));
        }
        if (limit != null) {
            lines.add("Limit " + render(limit));
        }
        return lines;
    }

    private String slotText(int slot) {
        String n = slotNames[slot];
        return n.startsWith("  ") ? "_" + slot : n;
    }

    private static final class Builder {
        final String text;
        final List<String> slotNames = new ArrayList<>();
        final Map<String, Integer> slots = new LinkedHashMap<>();
        final List<Step> steps = new ArrayList<>();
        /** Step at which each slot becomes bound. */
        final List<Integer> boundAt = new ArrayList<>();
        final List<List<Expr>> filters = new ArrayList<>();
        final List<String> columns = new ArrayList<>();
        final List<Expr> items = new ArrayList<>();
        final List<Call> aggregates = new ArrayList<>();
        final List<SortKey> sort = new ArrayList<>();
        boolean[] groupKey;

        Builder(String text) {
            this.text = text;
        }

        private QueryException error(QueryException.Code code, int pos, String message) {
            return new QueryException(code, Parser.located(text, pos, message));
        }

        LogicalPlan build(Ast.Query q) {
            List<Expr> conjuncts = new ArrayList<>();
            List<LabelTest> stepLabels = new ArrayList<>();
            for (PatternPath path : q.patterns()) {
                int previous = node(path.nodes().getFirst(), conjuncts, stepLabels, null, -1);
                for (int i = 0; i < path.rels().size(); i++) {
                    previous = node(path.nodes().get(i + 1), conjuncts, stepLabels, path.rels().get(i), previous);
                }
            }
            if (q.where() != null) {
                splitAnd(resolve(q.where(), false), conjuncts);
            }
            for (Expr c : conjuncts) {
                if (containsAggregate(c)) {
                    throw new QueryException(QueryException.Code.UNSUPPORTED, "aggregates are allowed in RETURN only; found " + render(c) + " in WHERE");
                }
                int slot = maxSlot(c);
                int step = slot < 0 ? 0 : boundAt.get(slot);
                filters.get(step).add(c);
            }
            for (int i = 0; i < steps.size(); i++) {
                Step s = steps.get(i);
                List<Expr> f = List.copyOf(filters.get(i));
                steps.set(i, switch (s) {
                    case Scan scan -> new Scan(scan.slot(), scan.label(), f);
                    case Expand x -> new Expand(x.from(), x.to(), x.into(), x.direction(), x.typeMask(), x.typeText(), x.minHops(),
                            x.maxHops(), x.label(), f);
                });
            }
            returnItems(q);
            return new LogicalPlan(this, q);
        }

        private static void splitAnd(Expr e, List<Expr> out) {
            if (e instanceof Binary b && b.op() == Ast.BinaryOp.AND) {
                splitAnd(b.left(), out);
                splitAnd(b.right(), out);
            } else {
                out.add(e);
            }
        }

        private LabelTest labelTest(NodePattern n) {
            if (n.labels().isEmpty()) {
                return LabelTest.ANY;
            }
            int mask = 0;
            boolean cell = false;
            StringBuilder sb = new StringBuilder();
            for (String label : n.labels()) {
                Integer bit = LABELS.get(label.toLowerCase(Locale.ROOT));
                if (bit == null) {
                    throw error(QueryException.Code.UNKNOWN_LABEL, n.pos(), "unknown label :" + label + " (labels are place kinds: "
                            + String.join(", ", LABELS.keySet()) + ")");
                }
                if (bit == 0) {
                    cell = true;
                }
                mask |= bit;
                sb.append(':').append(label.toLowerCase(Locale.ROOT));
            }
            return new LabelTest(mask, cell, sb.toString());
        }

        /** Adds the steps binding {@code n} (reached through {@code rel} from slot {@code from}, or scanned); returns its slot. */
        private int node(NodePattern n, List<Expr> conjuncts, List<LabelTest> stepLabels, RelPattern rel, int from) {
            LabelTest label = labelTest(n);
            Integer existing = slots.get(n.var());
            int slot;
            if (existing != null) {
                slot = existing;
                if (!label.isAny() || !n.properties().isEmpty()) {
                    // a label or property map on a node named again is one more condition on it
                    conjuncts.add(labelCheck(slot, label));
                }
            } else {
                slot = slotNames.size();
                slotNames.add(n.var());
                slots.put(n.var(), slot);
                boundAt.add(steps.size());
            }
            for (Map.Entry<String, Expr> p : n.properties().entrySet()) {
                conjuncts.add(new Binary(Ast.BinaryOp.EQ, new Prop(new Slot(slot, n.var()), p.getKey()), resolve(p.getValue(), false)));
            }
            if (rel == null) {
                if (existing == null) {
                    steps.add(new Scan(slot, label, List.of()));
                    filters.add(new ArrayList<>());
                }
                return slot;
            }
            if (rel.var() != null) {
                throw error(QueryException.Code.UNSUPPORTED, rel.pos(), "relationship variables are not supported; write -[:type]- without a name");
            }
            int mask = -1;
            String typeText = "";
            if (!rel.types().isEmpty()) {
                mask = 0;
                StringBuilder sb = new StringBuilder();
                for (String t : rel.types()) {
                    int type = edgeType(t, rel.pos());
                    mask |= 1 << type;
                    sb.append(sb.isEmpty() ? ":" : "|").append(t.toLowerCase(Locale.ROOT));
                }
                typeText = sb.toString();
            }
            steps.add(new Expand(from, slot, existing != null, rel.direction(), mask, typeText, rel.minHops(), rel.maxHops(),
                    existing != null ? LabelTest.ANY : label, List.of()));
            filters.add(new ArrayList<>());
            return slot;
        }

        private Expr labelCheck(int slot, LabelTest label) {
            // kind(n) = 'room' style check, expressed with the label bits through a dedicated call
            return new Call("  haslabel", List.of(new Slot(slot, slotNames.get(slot)), new Lit((long) label.mask()),
                    new Lit(label.cell())), false, false, -1);
        }

        private int edgeType(String name, int pos) {
            String n = name.toLowerCase(Locale.ROOT);
            Integer t = TYPES.get(n);
            if (t != null) {
                return t;
            }
            if (n.matches("t\\d{1,2}")) {
                int v = Integer.parseInt(n.substring(1));
                if (v < 32) {
                    return v;
                }
            }
            throw error(QueryException.Code.UNKNOWN_LABEL, pos, "unknown relationship type :" + name + " (types: "
                    + String.join(", ", TYPES.keySet()) + ", or t0..t31 for a type number)");
        }

        /** Resolves variables to slots and checks function names; {@code aggregatesAllowed} for RETURN items. */
        private Expr resolve(Expr e, boolean aggregatesAllowed) {
            return map(e, x -> switch (x) {
                case Var v -> {
                    Integer slot = slots.get(v.name());
                    if (slot == null) {
                        throw error(QueryException.Code.UNBOUND, v.pos(), "variable '" + v.name() + "' is not defined (pattern variables: "
                                + String.join(", ", slots.keySet().stream().filter(s -> !s.startsWith("  ")).toList()) + ")");
                    }
                    yield new Slot(slot, v.name());
                }
                case Call c -> {
                    checkCall(c, aggregatesAllowed);
                    yield c;
                }
                default -> x;
            });
        }

        private void checkCall(Call c, boolean aggregatesAllowed) {
            if (c.pos() < 0) {
                return;
            }
            Integer arity = Functions.AGGREGATES.get(c.name());
            if (arity != null) {
                if (!aggregatesAllowed) {
                    throw error(QueryException.Code.UNSUPPORTED, c.pos(), "aggregate " + c.name() + "() is allowed in RETURN only");
                }
                if (c.star() && !c.name().equals("count")) {
                    throw error(QueryException.Code.SYNTAX, c.pos(), "only count takes '*'");
                }
                if (!c.star() && c.args().size() != 1) {
                    throw error(QueryException.Code.UNKNOWN_FUNCTION, c.pos(), c.name() + "() takes 1 argument; was given " + c.args().size());
                }
                for (Expr a : c.args()) {
                    if (containsAggregate(a)) {
                        throw error(QueryException.Code.UNSUPPORTED, c.pos(), "aggregates cannot be nested: " + render(c));
                    }
                }
                return;
            }
            arity = Functions.SCALARS.get(c.name());
            if (arity == null) {
                throw error(QueryException.Code.UNKNOWN_FUNCTION, c.pos(), "unknown function " + c.name() + "() (functions: "
                        + String.join(", ", new TreeMap<>(Functions.SCALARS).keySet()) + "; aggregates: "
                        + String.join(", ", new TreeMap<>(Functions.AGGREGATES).keySet()) + ")");
            }
            if (c.star() || c.distinct()) {
                throw error(QueryException.Code.SYNTAX, c.pos(), c.name() + "() is not an aggregate: no '*' or DISTINCT");
            }
            if (arity >= 0 ? c.args().size() != arity : c.args().isEmpty()) {
                throw error(QueryException.Code.UNKNOWN_FUNCTION, c.pos(), c.name() + "() takes " + (arity < 0 ? "at least 1" : arity)
                        + " argument" + (arity == 1 ? "" : "s") + "; was given " + c.args().size());
            }
        }

        private void returnItems(Ast.Query q) {
            groupKey = new boolean[q.items().size()];
            List<Expr> resolved = new ArrayList<>();
            for (Ast.ReturnItem item : q.items()) {
                if (columns.contains(item.alias())) {
                    throw new QueryException(QueryException.Code.SYNTAX, "column name '" + item.alias() + "' appears twice in RETURN; give one an alias with AS");
                }
                columns.add(item.alias());
                resolved.add(resolve(item.expr(), true));
            }
            for (int i = 0; i < resolved.size(); i++) {
                Expr e = resolved.get(i);
                if (!containsAggregate(e)) {
                    groupKey[i] = true;
                    items.add(e);
                    continue;
                }
                if (maxSlot(withoutAggregates(e)) >= 0) {
                    throw new QueryException(QueryException.Code.UNSUPPORTED, "RETURN " + columns.get(i)
                            + " mixes an aggregate with a pattern variable outside it; return the variable as its own column");
                }
                items.add(map(e, x -> {
                    if (x instanceof Call c && Functions.isAggregate(c.name())) {
                        aggregates.add(c);
                        return new AggRef(aggregates.size() - 1);
                    }
                    return x;
                }));
            }
            boolean needsColumns = !aggregates.isEmpty() || q.distinct();
            for (Ast.SortItem s : q.order()) {
                Expr e = map(s.expr(), x -> {
                    if (x instanceof Var v && columns.contains(v.name())) {
                        return new ColumnRef(columns.indexOf(v.name()), v.name());
                    }
                    return x;
                });
                e = resolve(e, true);
                e = map(e, x -> {
                    String r = render(x);
                    for (int i = 0; i < resolved.size(); i++) {
                        if (render(resolved.get(i)).equals(r)) {
                            return new ColumnRef(i, columns.get(i));
                        }
                    }
                    return x;
                });
                if (containsAggregate(e)) {
                    throw new QueryException(QueryException.Code.UNSUPPORTED, "ORDER BY " + render(s.expr())
                            + ": an aggregate in ORDER BY must also be a RETURN column");
                }
                if (needsColumns && maxSlot(e) >= 0) {
                    throw new QueryException(QueryException.Code.UNSUPPORTED, "ORDER BY " + render(s.expr())
                            + ": after an aggregation or DISTINCT, sort by RETURN columns only");
                }
                sort.add(new SortKey(e, s.descending()));
            }
            for (Expr e : new Expr[] {q.skip(), q.limit()}) {
                if (e != null && maxSlot(resolveLoose(e)) >= 0) {
                    throw new QueryException(QueryException.Code.SYNTAX, "SKIP and LIMIT take a number or a parameter; was " + render(e));
                }
            }
        }

        private Expr resolveLoose(Expr e) {
            return map(e, x -> x instanceof Var v && slots.containsKey(v.name()) ? new Slot(slots.get(v.name()), v.name()) : x);
        }

        private static Expr withoutAggregates(Expr e) {
            return map(e, x -> x instanceof Call c && Functions.isAggregate(c.name()) ? new Lit(null) : x);
        }
    }
}
