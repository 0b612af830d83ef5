package io.wally.maps.query;

import java.util.List;
import java.util.Map;

/** The syntax tree of one query, as the parser builds it; immutable records, positions are offsets in the text. */
final class Ast {

    private Ast() {
    }

    /** An expression. */
    sealed interface Expr permits Lit, Param, Var, Prop, Call, Unary, Binary, IsNull, ListLit, AggRef, Slot, ColumnRef {
    }

    /** A literal: Long, Double, String, Boolean or null. */
    record Lit(Object value) implements Expr {
    }

    /** {@code $name}. */
    record Param(String name, int pos) implements Expr {
    }

    /** A variable (a node of the pattern, or a RETURN alias in ORDER BY). */
    record Var(String name, int pos) implements Expr {
    }

    /** {@code target.key}. */
    record Prop(Expr target, String key) implements Expr {
    }

    /** A function call; {@code star} for {@code count(*)}. */
    record Call(String name, List<Expr> args, boolean distinct, boolean star, int pos) implements Expr {
    }

    /** Unary operators. */
    enum UnaryOp { NEG, NOT }

    /** {@code -e} or {@code NOT e}. */
    record Unary(UnaryOp op, Expr operand) implements Expr {
    }

    /** Binary operators. */
    enum BinaryOp {
        ADD("+"), SUB("-"), MUL("*"), DIV("/"), MOD("%"),
        EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">="),
        AND("AND"), OR("OR"), XOR("XOR"), IN("IN"), STARTS_WITH("STARTS WITH"), ENDS_WITH("ENDS WITH"), CONTAINS("CONTAINS");

        final String text;

        BinaryOp(String text) {
            this.text = text;
        }

        boolean comparison() {
            return this == EQ || this == NE || this == LT || this == LE || this == GT || this == GE;
        }

        boolean arithmetic() {
            return this == ADD || this == SUB || this == MUL || this == DIV || this == MOD;
        }
    }

    /** {@code left op right}. */
    record Binary(BinaryOp op, Expr left, Expr right) implements Expr {
    }

    /** {@code e IS NULL} or, negated, {@code e IS NOT NULL}. */
    record IsNull(Expr operand, boolean negated) implements Expr {
    }

    /** {@code [a, b, c]}. */
    record ListLit(List<Expr> elements) implements Expr {
    }

    /** The value of the {@code index}th aggregate of a RETURN (introduced by the planner, never parsed). */
    record AggRef(int index) implements Expr {
    }

    /** A node variable resolved by the planner to its slot in the row. */
    record Slot(int index, String name) implements Expr {
    }

    /** The value of RETURN column {@code index} (ORDER BY on an alias; introduced by the planner). */
    record ColumnRef(int index, String name) implements Expr {
    }

    /** Relationship direction as written: {@code -->}, {@code <--} or {@code --}. */
    enum Direction { OUT, IN, BOTH }

    /** {@code (var:label:label {key: value})}. */
    record NodePattern(String var, List<String> labels, Map<String, Expr> properties, int pos) {
    }

    /** {@code -[var:type|type*min..max]->}; {@code maxHops} is -1 when unbounded. */
    record RelPattern(String var, List<String> types, Direction direction, int minHops, int maxHops, int pos) {
    }

    /** A chain of nodes joined by relationships ({@code rels.size() == nodes.size() - 1}). */
    record PatternPath(List<NodePattern> nodes, List<RelPattern> rels) {
    }

    /** {@code expr AS alias}; the alias is the expression text when not given. */
    record ReturnItem(Expr expr, String alias) {
    }

    /** {@code expr ASC|DESC}. */
    record SortItem(Expr expr, boolean descending) {
    }

    /** Prefix of the query. */
    enum Mode { RUN, EXPLAIN, PROFILE }

    /** A whole query. */
    record Query(Mode mode, List<PatternPath> patterns, Expr where, boolean distinct, List<ReturnItem> items,
            List<SortItem> order, Expr skip, Expr limit) {
    }
}
