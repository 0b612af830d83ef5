package io.wally.maps.query;

import io.wally.maps.query.Ast.Binary;
import io.wally.maps.query.Ast.BinaryOp;
import io.wally.maps.query.Ast.Call;
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
import io.wally.maps.query.Ast.ReturnItem;
import io.wally.maps.query.Ast.SortItem;
import io.wally.maps.query.Ast.Unary;
import io.wally.maps.query.Ast.UnaryOp;
import io.wally.maps.query.Ast.Var;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Hand-written recursive-descent parser for the query subset (grammar in {@code docs/queries.md}).
 *
 * <p>Errors are {@link QueryException}s with {@link QueryException.Code#SYNTAX}: line and column (from 1),
 * the line itself, a caret under the offending token and what was expected there. One parser per query;
 * not thread-safe.
 */
final class Parser {

    private enum Kind { IDENT, INTEGER, FLOAT, STRING, PARAM, SYMBOL, END }

    private record Token(Kind kind, String text, Object value, int pos) {
    }

    private static final Set<String> KEYWORDS = Set.of("MATCH", "WHERE", "RETURN", "ORDER", "BY", "SKIP", "LIMIT", "ASC",
            "ASCENDING", "DESC", "DESCENDING", "AND", "OR", "XOR", "NOT", "IN", "IS", "NULL", "TRUE", "FALSE", "AS", "DISTINCT",
            "STARTS", "ENDS", "WITH", "CONTAINS", "EXPLAIN", "PROFILE");

    private final String text;
    private final List<Token> tokens = new ArrayList<>();
    private int at;
    private int anonymous;

    private Parser(String text) {
        this.text = text;
        lex();
    }

    /** Parses {@code text} into a query; throws {@link QueryException} (SYNTAX) with position and caret. */
    static Ast.Query parse(String text) {
        return new Parser(text).query();
    }

    /** Formats an error at offset {@code pos} of {@code text}: line, column, the line and a caret. */
    static String located(String text, int pos, String message) {
        int lineStart = text.lastIndexOf('\n', Math.max(0, pos - 1)) + 1;
        if (pos == 0) {
            lineStart = 0;
        }
        int lineEnd = text.indexOf('\n', pos);
        if (lineEnd < 0) {
            lineEnd = text.length();
        }
        int line = 1;
        for (int i = 0; i < lineStart; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        int column = pos - lineStart + 1;
        return "line " + line + ", column " + column + ": " + message + "\n" + text.substring(lineStart, lineEnd) + "\n"
                + " ".repeat(Math.max(0, column - 1)) + "^";
    }

    private QueryException error(Token token, String expected) {
        String found = token.kind == Kind.END ? "the end of the query" : "'" + token.text + "'";
        return new QueryException(QueryException.Code.SYNTAX, located(text, token.pos, "expected " + expected + " but found " + found));
    }

    // ---------------------------------------------------------------- lexer

    private void lex() {
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
                    i++;
                }
                tokens.add(new Token(Kind.IDENT, text.substring(start, i), null, start));
            } else if (c == '`') {
                int end = text.indexOf('`', i + 1);
                if (end < 0) {
                    throw new QueryException(QueryException.Code.SYNTAX, located(text, i, "unterminated `quoted name`"));
                }
                tokens.add(new Token(Kind.IDENT, text.substring(i + 1, end), "quoted", i));
                i = end + 1;
            } else if (Character.isDigit(c)) {
                int start = i;
                while (i < n && Character.isDigit(text.charAt(i))) {
                    i++;
                }
                boolean isFloat = false;
                // "1..3" is a range, not the float "1." followed by ".3"
                if (i + 1 < n && text.charAt(i) == '.' && Character.isDigit(text.charAt(i + 1))) {
                    isFloat = true;
                    i++;
                    while (i < n && Character.isDigit(text.charAt(i))) {
                        i++;
                    }
                }
                if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
                    int save = i;
                    i++;
                    if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                        i++;
                    }
                    if (i < n && Character.isDigit(text.charAt(i))) {
                        isFloat = true;
                        while (i < n && Character.isDigit(text.charAt(i))) {
                            i++;
                        }
                    } else {
                        i = save;
                    }
                }
                String number = text.substring(start, i);
                if (isFloat) {
                    tokens.add(new Token(Kind.FLOAT, number, Double.parseDouble(number), start));
                } else {
                    try {
                        tokens.add(new Token(Kind.INTEGER, number, Long.parseLong(number), start));
                    } catch (NumberFormatException e) {
                        throw new QueryException(QueryException.Code.SYNTAX, located(text, start, "integer out of range: " + number));
                    }
                }
            } else if (c == '\'' || c == '"') {
                int start = i;
                StringBuilder sb = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        throw new QueryException(QueryException.Code.SYNTAX, located(text, start, "unterminated string"));
                    }
                    char d = text.charAt(i);
                    if (d == c) {
                        i++;
                        break;
                    }
                    if (d == '\\' && i + 1 < n) {
                        char e = text.charAt(i + 1);
                        sb.append(switch (e) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            default -> e;
                        });
                        i += 2;
                    } else {
                        sb.append(d);
                        i++;
                    }
                }
                tokens.add(new Token(Kind.STRING, text.substring(start, i), sb.toString(), start));
            } else if (c == '$') {
                int start = i;
                i++;
                while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
                    i++;
                }
                if (i == start + 1) {
                    throw new QueryException(QueryException.Code.SYNTAX, located(text, start, "expected a parameter name after '$'"));
                }
                tokens.add(new Token(Kind.PARAM, text.substring(start, i), text.substring(start + 1, i), start));
            } else {
                String two = i + 1 < n ? text.substring(i, i + 2) : "";
                if (two.equals("<>") || two.equals("<=") || two.equals(">=") || two.equals("..") || two.equals("!=")) {
                    tokens.add(new Token(Kind.SYMBOL, two.equals("!=") ? "<>" : two, null, i));
                    i += 2;
                } else if ("()[]{},:.-<>=+*/%|;".indexOf(c) >= 0) {
                    tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), null, i));
                    i++;
                } else {
                    throw new QueryException(QueryException.Code.SYNTAX, located(text, i, "unexpected character '" + c + "'"));
                }
            }
        }
        tokens.add(new Token(Kind.END, "", null, n));
    }

    // ---------------------------------------------------------------- helpers

    private Token peek() {
        return tokens.get(at);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(at + ahead, tokens.size() - 1));
    }

    private Token next() {
        return tokens.get(at++);
    }

    private boolean isKeyword(Token t, String keyword) {
        return t.kind == Kind.IDENT && t.value == null && t.text.equalsIgnoreCase(keyword);
    }

    private boolean atKeyword(String keyword) {
        return isKeyword(peek(), keyword);
    }

    private boolean acceptKeyword(String keyword) {
        if (atKeyword(keyword)) {
            at++;
            return true;
        }
        return false;
    }

    private void expectKeyword(String keyword) {
        if (!acceptKeyword(keyword)) {
            throw error(peek(), keyword);
        }
    }

    private boolean atSymbol(String symbol) {
        return peek().kind == Kind.SYMBOL && peek().text.equals(symbol);
    }

    private boolean acceptSymbol(String symbol) {
        if (atSymbol(symbol)) {
            at++;
            return true;
        }
        return false;
    }

    private void expectSymbol(String symbol, String expected) {
        if (!acceptSymbol(symbol)) {
            throw error(peek(), expected);
        }
    }

    private String name(String expected) {
        Token t = peek();
        if (t.kind != Kind.IDENT || (t.value == null && KEYWORDS.contains(t.text.toUpperCase(Locale.ROOT)))) {
            throw error(t, expected);
        }
        at++;
        return t.text;
    }

    // ---------------------------------------------------------------- grammar

    private Ast.Query query() {
        Ast.Mode mode = Ast.Mode.RUN;
        if (acceptKeyword("EXPLAIN")) {
            mode = Ast.Mode.EXPLAIN;
        } else if (acceptKeyword("PROFILE")) {
            mode = Ast.Mode.PROFILE;
        }
        expectKeyword("MATCH");
        List<PatternPath> patterns = new ArrayList<>();
        patterns.add(pattern());
        while (true) {
            if (acceptSymbol(",")) {
                patterns.add(pattern());
            } else if (acceptKeyword("MATCH")) {
                patterns.add(pattern());
            } else {
                break;
            }
        }
        Expr where = null;
        if (acceptKeyword("WHERE")) {
            where = expression();
        }
        if (!atKeyword("RETURN")) {
            throw error(peek(), atKeyword("WHERE") || where != null ? "RETURN" : "',', WHERE or RETURN");
        }
        at++;
        boolean distinct = acceptKeyword("DISTINCT");
        List<ReturnItem> items = new ArrayList<>();
        do {
            int start = peek().pos;
            Expr e = expression();
            int end = tokens.get(at - 1).pos + tokens.get(at - 1).text.length();
            String alias;
            if (acceptKeyword("AS")) {
                alias = name("an alias name");
            } else {
                alias = text.substring(start, Math.min(end, text.length())).strip();
                if (e instanceof Var v) {
                    alias = v.name();
                }
            }
            items.add(new ReturnItem(e, alias));
        } while (acceptSymbol(","));
        List<SortItem> order = new ArrayList<>();
        if (acceptKeyword("ORDER")) {
            expectKeyword("BY");
            do {
                Expr e = expression();
                boolean desc = false;
                if (acceptKeyword("DESC") || acceptKeyword("DESCENDING")) {
                    desc = true;
                } else if (!acceptKeyword("ASC")) {
                    acceptKeyword("ASCENDING");
                }
                order.add(new SortItem(e, desc));
            } while (acceptSymbol(","));
        }
        Expr skip = null;
        Expr limit = null;
        if (acceptKeyword("SKIP")) {
            skip = expression();
        }
        if (acceptKeyword("LIMIT")) {
            limit = expression();
        }
        acceptSymbol(";");
        if (peek().kind != Kind.END) {
            throw error(peek(), order.isEmpty() && skip == null && limit == null ? "',', ORDER BY, SKIP, LIMIT or the end of the query"
                    : "the end of the query");
        }
        return new Ast.Query(mode, patterns, where, distinct, items, order, skip, limit);
    }

    private PatternPath pattern() {
        List<NodePattern> nodes = new ArrayList<>();
        List<RelPattern> rels = new ArrayList<>();
        nodes.add(nodePattern());
        while (atSymbol("-") || atSymbol("<")) {
            rels.add(relPattern());
            nodes.add(nodePattern());
        }
        return new PatternPath(nodes, rels);
    }

    private NodePattern nodePattern() {
        Token open = peek();
        expectSymbol("(", "'(' to start a node pattern");
        String var = null;
        if (peek().kind == Kind.IDENT && !atSymbol(":")) {
            var = name("a variable name");
        }
        List<String> labels = new ArrayList<>();
        while (acceptSymbol(":")) {
            labels.add(name("a label name"));
        }
        Map<String, Expr> props = new LinkedHashMap<>();
        if (atSymbol("{")) {
            props = propertyMap();
        }
        expectSymbol(")", var == null && labels.isEmpty() && props.isEmpty() ? "a variable, ':label', '{' or ')'" : "':label', '{' or ')'");
        if (var == null) {
            var = "  anon" + anonymous++;
        }
        return new NodePattern(var, List.copyOf(labels), props, open.pos);
    }

    private Map<String, Expr> propertyMap() {
        expectSymbol("{", "'{'");
        Map<String, Expr> props = new LinkedHashMap<>();
        if (!atSymbol("}")) {
            do {
                String key = name("a property key");
                expectSymbol(":", "':' after the property key");
                props.put(key, expression());
            } while (acceptSymbol(","));
        }
        expectSymbol("}", "',' or '}'");
        return props;
    }

    private RelPattern relPattern() {
        Token start = peek();
        boolean leftArrow = acceptSymbol("<");
        expectSymbol("-", "'-'");
        String var = null;
        List<String> types = new ArrayList<>();
        int min = 1;
        int max = 1;
        if (acceptSymbol("[")) {
            if (peek().kind == Kind.IDENT) {
                var = name("a relationship variable");
            }
            if (acceptSymbol(":")) {
                types.add(name("a relationship type"));
                while (acceptSymbol("|")) {
                    acceptSymbol(":");
                    types.add(name("a relationship type"));
                }
            }
            if (acceptSymbol("*")) {
                min = 1;
                max = -1;
                if (peek().kind == Kind.INTEGER) {
                    min = hopCount();
                    max = min;
                }
                if (acceptSymbol("..")) {
                    max = peek().kind == Kind.INTEGER ? hopCount() : -1;
                }
                if (max >= 0 && max < min) {
                    throw new QueryException(QueryException.Code.SYNTAX, located(text, start.pos,
                            "variable length *" + min + ".." + max + " has its upper bound below its lower bound"));
                }
            }
            if (atSymbol("{")) {
                throw new QueryException(QueryException.Code.UNSUPPORTED, located(text, peek().pos,
                        "relationship property maps are not supported (edges have a type and a weight only)"));
            }
            expectSymbol("]", types.isEmpty() ? "':type', '*' or ']'" : "'|', '*' or ']'");
        }
        expectSymbol("-", "'-'");
        boolean rightArrow = acceptSymbol(">");
        if (leftArrow && rightArrow) {
            throw new QueryException(QueryException.Code.SYNTAX, located(text, start.pos, "a relationship points one way (<-- or -->) or none (--), not both"));
        }
        Direction dir = leftArrow ? Direction.IN : rightArrow ? Direction.OUT : Direction.BOTH;
        return new RelPattern(var, List.copyOf(types), dir, min, max, start.pos);
    }

    private int hopCount() {
        Token t = next();
        long v = (Long) t.value;
        if (v > 1000) {
            throw new QueryException(QueryException.Code.SYNTAX, located(text, t.pos, "hop count must be at most 1000; was " + v));
        }
        return (int) v;
    }

    private Expr expression() {
        return or();
    }

    private Expr or() {
        Expr e = xor();
        while (acceptKeyword("OR")) {
            e = new Binary(BinaryOp.OR, e, xor());
        }
        return e;
    }

    private Expr xor() {
        Expr e = and();
        while (acceptKeyword("XOR")) {
            e = new Binary(BinaryOp.XOR, e, and());
        }
        return e;
    }

    private Expr and() {
        Expr e = not();
        while (acceptKeyword("AND")) {
            e = new Binary(BinaryOp.AND, e, not());
        }
        return e;
    }

    private Expr not() {
        if (acceptKeyword("NOT")) {
            return new Unary(UnaryOp.NOT, not());
        }
        return comparison();
    }

    private Expr comparison() {
        Expr e = additive();
        while (true) {
            Token t = peek();
            BinaryOp op = null;
            if (t.kind == Kind.SYMBOL) {
                op = switch (t.text) {
                    case "=" -> BinaryOp.EQ;
                    case "<>" -> BinaryOp.NE;
                    case "<" -> BinaryOp.LT;
                    case "<=" -> BinaryOp.LE;
                    case ">" -> BinaryOp.GT;
                    case ">=" -> BinaryOp.GE;
                    default -> null;
                };
            }
            if (op != null) {
                at++;
                e = new Binary(op, e, additive());
            } else if (acceptKeyword("IN")) {
                e = new Binary(BinaryOp.IN, e, additive());
            } else if (isKeyword(t, "STARTS")) {
                at++;
                expectKeyword("WITH");
                e = new Binary(BinaryOp.STARTS_WITH, e, additive());
            } else if (isKeyword(t, "ENDS")) {
                at++;
                expectKeyword("WITH");
                e = new Binary(BinaryOp.ENDS_WITH, e, additive());
            } else if (acceptKeyword("CONTAINS")) {
                e = new Binary(BinaryOp.CONTAINS, e, additive());
            } else if (isKeyword(t, "IS")) {
                at++;
                boolean negated = acceptKeyword("NOT");
                expectKeyword("NULL");
                e = new IsNull(e, negated);
            } else {
                return e;
            }
        }
    }

    private Expr additive() {
        Expr e = multiplicative();
        while (true) {
            if (acceptSymbol("+")) {
                e = new Binary(BinaryOp.ADD, e, multiplicative());
            } else if (atSymbol("-")) {
                at++;
                e = new Binary(BinaryOp.SUB, e, multiplicative());
            } else {
                return e;
            }
        }
    }

    private Expr multiplicative() {
        Expr e = unary();
        while (true) {
            if (acceptSymbol("*")) {
                e = new Binary(BinaryOp.MUL, e, unary());
            } else if (acceptSymbol("/")) {
                e = new Binary(BinaryOp.DIV, e, unary());
            } else if (acceptSymbol("%")) {
                e = new Binary(BinaryOp.MOD, e, unary());
            } else {
                return e;
            }
        }
    }

    private Expr unary() {
        if (acceptSymbol("-")) {
            Expr operand = unary();
            if (operand instanceof Lit(Long l)) {
                return new Lit(-l);
            }
            if (operand instanceof Lit(Double d)) {
                return new Lit(-d);
            }
            return new Unary(UnaryOp.NEG, operand);
        }
        if (acceptSymbol("+")) {
            return unary();
        }
        return postfix();
    }

    private Expr postfix() {
        Expr e = primary();
        while (atSymbol(".")) {
            at++;
            e = new Prop(e, name("a property key after '.'"));
        }
        return e;
    }

    private Expr primary() {
        Token t = peek();
        switch (t.kind) {
            case INTEGER, FLOAT, STRING -> {
                at++;
                return new Lit(t.value);
            }
            case PARAM -> {
                at++;
                return new Param((String) t.value, t.pos);
            }
            case SYMBOL -> {
                if (acceptSymbol("(")) {
                    Expr e = expression();
                    expectSymbol(")", "')'");
                    return e;
                }
                if (acceptSymbol("[")) {
                    List<Expr> elements = new ArrayList<>();
                    if (!atSymbol("]")) {
                        do {
                            elements.add(expression());
                        } while (acceptSymbol(","));
                    }
                    expectSymbol("]", "',' or ']'");
                    return new ListLit(List.copyOf(elements));
                }
                throw error(t, "an expression");
            }
            case IDENT -> {
                if (t.value == null) {
                    if (isKeyword(t, "TRUE")) {
                        at++;
                        return new Lit(Boolean.TRUE);
                    }
                    if (isKeyword(t, "FALSE")) {
                        at++;
                        return new Lit(Boolean.FALSE);
                    }
                    if (isKeyword(t, "NULL")) {
                        at++;
                        return new Lit(null);
                    }
                }
                if (peek(1).kind == Kind.SYMBOL && peek(1).text.equals("(")) {
                    at += 2;
                    boolean distinct = acceptKeyword("DISTINCT");
                    if (acceptSymbol("*")) {
                        expectSymbol(")", "')' after '*'");
                        return new Call(t.text.toLowerCase(Locale.ROOT), List.of(), false, true, t.pos);
                    }
                    List<Expr> args = new ArrayList<>();
                    if (!atSymbol(")")) {
                        do {
                            args.add(expression());
                        } while (acceptSymbol(","));
                    }
                    expectSymbol(")", "',' or ')'");
                    return new Call(t.text.toLowerCase(Locale.ROOT), List.copyOf(args), distinct, false, t.pos);
                }
                String n = name("an expression");
                return new Var(n, t.pos);
            }
            default -> throw error(t, "an expression");
        }
    }
}
