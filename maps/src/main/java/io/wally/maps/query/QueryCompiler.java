package io.wally.maps.query;

import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_boolean;
import static java.lang.constant.ConstantDescs.CD_byte;
import static java.lang.constant.ConstantDescs.CD_double;
import static java.lang.constant.ConstantDescs.CD_float;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;

import io.wally.maps.query.Ast.AggRef;
import io.wally.maps.query.Ast.Binary;
import io.wally.maps.query.Ast.BinaryOp;
import io.wally.maps.query.Ast.Call;
import io.wally.maps.query.Ast.ColumnRef;
import io.wally.maps.query.Ast.Expr;
import io.wally.maps.query.Ast.IsNull;
import io.wally.maps.query.Ast.Lit;
import io.wally.maps.query.Ast.Param;
import io.wally.maps.query.Ast.Prop;
import io.wally.maps.query.Ast.Slot;
import io.wally.maps.query.Ast.Unary;
import io.wally.maps.query.LogicalPlan.Expand;
import io.wally.maps.query.LogicalPlan.Scan;
import io.wally.maps.query.LogicalPlan.Step;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.TypeKind;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles a {@link LogicalPlan} to one hidden class (JDK {@code java.lang.classfile}, defined with
 * {@link MethodHandles.Lookup#defineHiddenClass}) whose static {@code run(CompiledRun)} is the whole
 * MATCH as nested loops on int node ids and the adjacency arrays of {@link GraphView}, with filters, projection
 * or aggregation inlined; values are unboxed longs, doubles and ints (three-valued booleans: 0 false,
 * 1 true, 2 null), so a row costs no allocation.
 *
 * <p>Supported: node scans; single hops in any direction ({@code -->}, {@code <--}, {@code --}, also into
 * an already bound node) walked on the adjacency arrays; variable-length hops through a {@link VarExpand};
 * numeric and boolean expressions over integer or float property columns; strings (literals,
 * parameters, string-only property columns, {@code name}, {@code kind}) compared with {@code =},
 * {@code <>}, {@code <} ..., {@code STARTS WITH}, {@code ENDS WITH}, {@code CONTAINS} (as references to
 * strings that already exist, so nothing is allocated); numeric parameters and the functions id, x, y,
 * degree, dist, blocked, cost and hops; RETURN of such values and of nodes, with or without DISTINCT;
 * aggregation with at most one integer, string or node key and count, sum, avg, min, max; ORDER BY on
 * RETURN columns; SKIP; LIMIT. Anything else (lists, IN, the other functions, collect, aggregates with
 * DISTINCT) throws {@link Unsupported} naming the construct, and the engine keeps the interpreter.
 *
 * <p>Stateless; thread-safe.
 */
final class QueryCompiler {

    /** The plan uses something the compiler does not handle; the message names it. */
    static final class Unsupported extends RuntimeException {
        Unsupported(String message) {
            super(message, null, false, false);
        }
    }

    enum T { LONG, DOUBLE, BOOL, NODE, STRING }

    private static final ClassDesc CD_RUN = ClassDesc.of(CompiledRun.class.getName());
    private static final ClassDesc CD_GRAPH = ClassDesc.of("io.wally.maps.NavGraph");
    private static final ClassDesc CD_ROWS = ClassDesc.of(RowBuffer.class.getName());
    private static final ClassDesc CD_AGG = ClassDesc.of(AggTable.class.getName());
    private static final ClassDesc CD_QEX = ClassDesc.of(QueryException.class.getName());
    private static final ClassDesc CD_MATH = ClassDesc.of("java.lang.Math");
    private static final ClassDesc CD_DOUBLE = ClassDesc.of("java.lang.Double");
    private static final ClassDesc CD_STRING = ClassDesc.of("java.lang.String");
    private static final ClassDesc CD_VAR = ClassDesc.of(VarExpand.class.getName());

    /** Ids per scan chunk: the time is checked between chunks. */
    static final int CHUNK = 1024;
    /** Functions that cannot throw and cost a few array reads at most. */
    private static final Set<String> PURE_CALLS = Set.of("id", "x", "y", "dist", "blocked", "name", "kind", "  haslabel");

    private QueryCompiler() {
    }

    static CompiledQuery compile(LogicalPlan plan, GraphView view, Map<String, Object> params) {
        long start = System.nanoTime();
        Gen gen = new Gen(plan, view, params);
        gen.check();
        ClassDesc name = ClassDesc.of(QueryCompiler.class.getPackageName() + ".CompiledQuery$Generated");
        ClassFile cf = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
                ClassHierarchyResolver.defaultResolver().orElse(ClassHierarchyResolver.ofClassLoading(QueryCompiler.class.getClassLoader()))));
        byte[] bytes = cf.build(name, cb -> cb.withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SUPER)
                .withMethodBody("run", MethodTypeDesc.of(CD_void, CD_RUN), ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC, gen::emit));
        MethodHandle run;
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup().defineHiddenClass(bytes, true);
            run = lookup.findStatic(lookup.lookupClass(), "run", MethodType.methodType(void.class, CompiledRun.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("generated query class did not load: " + e, e);
        }
        return new CompiledQuery(plan, run, gen, bytes.length, System.nanoTime() - start);
    }

    /** The code generator for one plan: a type check pass, then emission. */
    static final class Gen {
        final LogicalPlan plan;
        final GraphView view;
        final Map<String, Object> params;
        final Map<String, Integer> columns = new LinkedHashMap<>();
        final List<PropertyColumn.Kind> kinds = new ArrayList<>();
        /** Per column: every live node has a value, so reads skip the null test (checked again before every run). */
        final List<Boolean> complete = new ArrayList<>();
        final List<String> longParams = new ArrayList<>();
        final List<String> doubleParams = new ArrayList<>();
        final List<String> stringParams = new ArrayList<>();
        /** Whether the code reads node names (the run then carries the names array). */
        boolean readsNames;
        /** Whether a variable-length step is in the plan: then every expand keeps its edge on the run's path stack. */
        boolean pathMode;
        byte[] rowTypes;
        AggTable.Fn[] aggFns;
        byte keyType = RowBuffer.LONG;
        int keyItem = -1;
        /** The step after which the grouping key's nodes are all bound (its group is then looked up once per binding); -1: per row. */
        int keyStep = -1;
        int[] columnSource;
        int expandCount;
        int scanCount;
        private final int[] expandIndex;
        private final int[] scanIndex;
        private final int[] varIndex;
        /** Locals holding the value of a cost() or hops() call, computed by {@link #guard} just before {@link #num} reads it. */
        private final Map<Expr, Integer> callLocals = new IdentityHashMap<>();

        private CodeBuilder cb;
        private int[] slotL;
        private int[] bitsL;
        private int[] tagsL;
        private int[] othersL;
        private int[] paramL;
        private int namesL;
        private int inStartL;
        private int inFromL;
        private int inTypeL;
        private int outStartL;
        private int outToL;
        private int outTypeL;
        /** Per expand step: the edge it follows, as the source and target node of the stored edge. */
        private int[] edgeFromL;
        private int[] edgeToL;
        private int graphL;
        private int labelsL;
        private int expL;
        private int maxExpL;
        private int sinkL;
        private int groupL;
        /** Whether aggregate states live in locals while the group stays the same (see {@link #bound}); their count and value locals. */
        private boolean aggLocals;
        private int[] aggCountL;
        /**
         * Per aggregate, whether it counts every row (count(*), or an argument that is never null): all of these
         * have the same count, kept in one local ({@link #sharedCountL}), incremented once per row after the updates.
         */
        private boolean[] sharedCount;
        private int sharedCountL = -1;
        private int[] aggValueL;
        /**
         * Whether the group is looked up (not created) when the key's binding starts and created, if a row came,
         * when it ends (see {@link #bound}): needs a key that cannot throw, as it is computed for bindings without rows.
         */
        private boolean eagerGroup;
        /** Whether each binding of the key has a key no binding before it had (the key is the node a first-step scan binds). */
        private boolean uniqueKey;
        /** The key of the current binding (long, or String for string keys), whether it is null, and whether a row came. */
        private int keyL;
        private int keyNullL;
        private int hitL;
        private int tmpL;
        private Label exit;

        Gen(LogicalPlan plan, GraphView view, Map<String, Object> params) {
            this.plan = plan;
            this.view = view;
            this.params = params;
            this.expandIndex = new int[plan.steps.size()];
            this.scanIndex = new int[plan.steps.size()];
            this.varIndex = new int[plan.steps.size()];
        }

        List<String> columnKeys() {
            return List.copyOf(columns.keySet());
        }

        List<PropertyColumn.Kind> columnKinds() {
            return List.copyOf(kinds);
        }

        List<Boolean> columnComplete() {
            return List.copyOf(complete);
        }

        // ------------------------------------------------------------ checks

        void check() {
            int varCount = 0;
            for (int i = 0; i < plan.steps.size(); i++) {
                Step s = plan.steps.get(i);
                if (s instanceof Expand x) {
                    if (!x.simple()) {
                        varIndex[i] = varCount++;
                        pathMode = true;
                    }
                    expandIndex[i] = expandCount++;
                } else {
                    scanIndex[i] = scanCount++;
                }
                for (Expr f : s.filters()) {
                    if (type(f) != T.BOOL) {
                        throw new Unsupported("WHERE condition that is not a boolean: " + LogicalPlan.render(f));
                    }
                }
            }
            for (LogicalPlan.SortKey k : plan.sort) {
                if (!(k.expr() instanceof ColumnRef)) {
                    throw new Unsupported("ORDER BY an expression that is not a RETURN column: " + LogicalPlan.render(k.expr()));
                }
            }
            if (!plan.aggregating) {
                rowTypes = new byte[plan.items.size()];
                for (int i = 0; i < rowTypes.length; i++) {
                    rowTypes[i] = rowType(type(plan.items.get(i)));
                }
                return;
            }
            columnSource = new int[plan.items.size()];
            for (int i = 0; i < plan.items.size(); i++) {
                Expr e = plan.items.get(i);
                if (plan.groupKey[i]) {
                    if (keyItem >= 0) {
                        throw new Unsupported("more than one grouping key");
                    }
                    T t = type(e);
                    if (t != T.LONG && t != T.NODE && t != T.STRING) {
                        throw new Unsupported("grouping key of type " + t + " (integer, string or node keys compile)");
                    }
                    keyItem = i;
                    keyType = rowType(t);
                    keyStep = keyStep(e);
                    columnSource[i] = -1;
                } else if (e instanceof AggRef a) {
                    columnSource[i] = a.index();
                } else {
                    throw new Unsupported("an expression over aggregates: " + LogicalPlan.render(e));
                }
            }
            aggFns = new AggTable.Fn[plan.aggregates.size()];
            for (int a = 0; a < aggFns.length; a++) {
                Call c = plan.aggregates.get(a);
                if (c.distinct()) {
                    throw new Unsupported(c.name() + "(DISTINCT ...)");
                }
                T t = c.star() ? T.LONG : type(c.args().getFirst());
                aggFns[a] = switch (c.name()) {
                    case "count" -> AggTable.Fn.COUNT;
                    case "sum" -> numeric(t, c) == T.LONG ? AggTable.Fn.SUM_LONG : AggTable.Fn.SUM_DOUBLE;
                    case "avg" -> {
                        numeric(t, c);
                        yield AggTable.Fn.AVG;
                    }
                    case "min" -> numeric(t, c) == T.LONG ? AggTable.Fn.MIN_LONG : AggTable.Fn.MIN_DOUBLE;
                    case "max" -> numeric(t, c) == T.LONG ? AggTable.Fn.MAX_LONG : AggTable.Fn.MAX_DOUBLE;
                    default -> throw new Unsupported(c.name() + "()");
                };
            }
        }

        /**
         * The step that binds the last node the grouping key reads, when the key is a function of nodes alone
         * (no cost or hops, which search per row); -1 when it must be computed per row.
         */
        private int keyStep(Expr key) {
            boolean[] perRow = {false};
            List<Integer> slots = new ArrayList<>();
            LogicalPlan.walk(key, x -> {
                if (x instanceof Slot s) {
                    slots.add(s.index());
                } else if (x instanceof Call c && !PURE_CALLS.contains(c.name())) {
                    perRow[0] = true;
                }
            });
            if (perRow[0] || slots.isEmpty()) {
                return -1;
            }
            int last = -1;
            for (int slot : slots) {
                int binds = -1;
                for (int i = 0; i < plan.steps.size() && binds < 0; i++) {
                    Step st = plan.steps.get(i);
                    if (st instanceof Scan sc && sc.slot() == slot || st instanceof Expand x && !x.into() && x.to() == slot) {
                        binds = i;
                    }
                }
                if (binds < 0) {
                    return -1;
                }
                last = Math.max(last, binds);
            }
            return last;
        }

        private static T numeric(T t, Call c) {
            if (t != T.LONG && t != T.DOUBLE) {
                throw new Unsupported(c.name() + "() of a " + t);
            }
            return t;
        }

        private static byte rowType(T t) {
            return switch (t) {
                case LONG -> RowBuffer.LONG;
                case DOUBLE -> RowBuffer.DOUBLE;
                case NODE -> RowBuffer.NODE;
                case BOOL -> RowBuffer.BOOL;
                case STRING -> RowBuffer.STRING;
            };
        }

        private int column(String key) {
            Integer c = columns.get(key);
            if (c == null) {
                c = columns.size();
                columns.put(key, c);
                PropertyColumn pc = view.column(key);
                kinds.add(pc.kind);
                complete.add(pc.complete);
            }
            return c;
        }

        T type(Expr e) {
            return switch (e) {
                case Lit l -> switch (l.value()) {
                    case Long x -> T.LONG;
                    case Double x -> T.DOUBLE;
                    case Boolean x -> T.BOOL;
                    case String x -> T.STRING;
                    case null -> throw new Unsupported("null literal");
                    default -> throw new Unsupported("literal " + LogicalPlan.render(e));
                };
                case Param p -> {
                    Object v = Interpreter.param(params, p.name());
                    if (v instanceof Long) {
                        if (!longParams.contains(p.name())) {
                            longParams.add(p.name());
                        }
                        yield T.LONG;
                    }
                    if (v instanceof Double) {
                        if (!doubleParams.contains(p.name())) {
                            doubleParams.add(p.name());
                        }
                        yield T.DOUBLE;
                    }
                    if (v instanceof String) {
                        if (!stringParams.contains(p.name())) {
                            stringParams.add(p.name());
                        }
                        yield T.STRING;
                    }
                    throw new Unsupported("parameter $" + p.name() + " of type " + Values.describe(v));
                }
                case Slot s -> T.NODE;
                case Prop p -> {
                    if (!(p.target() instanceof Slot)) {
                        throw new Unsupported("property of an expression: " + LogicalPlan.render(e));
                    }
                    PropertyColumn.Kind k = kinds.get(column(p.key()));
                    yield switch (k) {
                        case INTEGER -> T.LONG;
                        case FLOAT -> T.DOUBLE;
                        case STRING -> T.STRING;
                        default -> throw new Unsupported("property ." + p.key() + " holds " + (k == PropertyColumn.Kind.EMPTY ? "no values"
                                : "values of several types, lists or booleans") + " (properties of one type, integer, float or string, compile)");
                    };
                }
                case Call c -> switch (c.name()) {
                    case "id", "degree", "hops" -> nodeArgs(c, T.LONG);
                    case "x", "y", "dist", "cost" -> nodeArgs(c, T.DOUBLE);
                    case "name" -> {
                        readsNames = true;
                        yield nodeArgs(c, T.STRING);
                    }
                    case "kind" -> nodeArgs(c, T.STRING);
                    case "blocked" -> nodeArgs(c, T.BOOL);
                    case "  haslabel" -> T.BOOL;
                    default -> throw new Unsupported("function " + c.name() + "()");
                };
                case Unary u -> {
                    T t = type(u.operand());
                    if (u.op() == Ast.UnaryOp.NOT) {
                        if (t != T.BOOL) {
                            throw new Unsupported("NOT of a " + t);
                        }
                        yield T.BOOL;
                    }
                    if (t != T.LONG && t != T.DOUBLE) {
                        throw new Unsupported("- of a " + t);
                    }
                    yield t;
                }
                case Binary b -> {
                    T l = type(b.left());
                    T r = type(b.right());
                    BinaryOp op = b.op();
                    if (op.arithmetic() && num(l) && num(r)) {
                        yield l == T.LONG && r == T.LONG ? T.LONG : T.DOUBLE;
                    }
                    if (op.comparison() && num(l) && num(r)) {
                        yield T.BOOL;
                    }
                    if ((op == BinaryOp.EQ || op == BinaryOp.NE) && l == T.NODE && r == T.NODE) {
                        yield T.BOOL;
                    }
                    if ((op.comparison() || op == BinaryOp.STARTS_WITH || op == BinaryOp.ENDS_WITH || op == BinaryOp.CONTAINS)
                            && l == T.STRING && r == T.STRING) {
                        yield T.BOOL;
                    }
                    if ((op == BinaryOp.AND || op == BinaryOp.OR || op == BinaryOp.XOR) && l == T.BOOL && r == T.BOOL) {
                        yield T.BOOL;
                    }
                    throw new Unsupported(op.text + " on " + l + " and " + r);
                }
                case IsNull n -> {
                    T t = type(n.operand());
                    if (t == T.BOOL) {
                        throw new Unsupported("IS NULL of a boolean expression");
                    }
                    yield T.BOOL;
                }
                default -> throw new Unsupported(LogicalPlan.render(e));
            };
        }

        private T nodeArgs(Call c, T result) {
            for (Expr a : c.args()) {
                if (!(a instanceof Slot)) {
                    throw new Unsupported(c.name() + "() of something other than a pattern node");
                }
            }
            return result;
        }

        private static boolean num(T t) {
            return t == T.LONG || t == T.DOUBLE;
        }

        // ------------------------------------------------------------ emission

        void emit(CodeBuilder code) {
            this.cb = code;
            graphL = cb.allocateLocal(TypeKind.REFERENCE);
            labelsL = cb.allocateLocal(TypeKind.REFERENCE);
            expL = cb.allocateLocal(TypeKind.LONG);
            maxExpL = cb.allocateLocal(TypeKind.LONG);
            sinkL = cb.allocateLocal(TypeKind.REFERENCE);
            groupL = cb.allocateLocal(TypeKind.INT);
            tmpL = cb.allocateLocal(TypeKind.INT);
            cb.aload(0).getfield(CD_RUN, "graph", CD_GRAPH).astore(graphL);
            cb.aload(0).getfield(CD_RUN, "labels", CD_int.arrayType()).astore(labelsL);
            cb.lconst_0().lstore(expL);
            cb.aload(0).getfield(CD_RUN, "maxExpansions", CD_long).lstore(maxExpL);
            cb.iconst_0().istore(groupL);
            aggLocals = plan.aggregating && (keyItem < 0 || keyStep >= 0);
            if (aggLocals && keyItem >= 0) {
                Expr key = plan.items.get(keyItem);
                eagerGroup = pure(key);
                Expr node = key instanceof Call c && c.name().equals("id") ? c.args().getFirst() : key;
                uniqueKey = eagerGroup && keyStep == 0 && plan.steps.getFirst() instanceof Scan first && node instanceof Slot k
                        && k.index() == first.slot();
                keyL = cb.allocateLocal(type(key) == T.STRING ? TypeKind.REFERENCE : TypeKind.LONG);
                if (type(key) == T.STRING) {
                    cb.aconst_null().astore(keyL);
                } else {
                    cb.lconst_0().lstore(keyL);
                }
                keyNullL = cb.allocateLocal(TypeKind.INT);
                hitL = cb.allocateLocal(TypeKind.INT);
                cb.iconst_0().istore(keyNullL).iconst_0().istore(hitL);
            }
            if (aggLocals) {
                aggCountL = new int[aggFns.length];
                aggValueL = new int[aggFns.length];
                sharedCount = new boolean[aggFns.length];
                for (int a = 0; a < aggFns.length; a++) {
                    Call c = plan.aggregates.get(a);
                    sharedCount[a] = c.star() || num(type(c.args().getFirst())) && !nullable(c.args().getFirst());
                    if (sharedCount[a] && sharedCountL < 0) {
                        sharedCountL = cb.allocateLocal(TypeKind.LONG);
                        cb.lconst_0().lstore(sharedCountL);
                    }
                    aggCountL[a] = sharedCount[a] ? sharedCountL : cb.allocateLocal(TypeKind.LONG);
                    cb.lconst_0().lstore(aggCountL[a]);
                    aggValueL[a] = cb.allocateLocal(longState(aggFns[a]) ? TypeKind.LONG : TypeKind.DOUBLE);
                    if (longState(aggFns[a])) {
                        cb.lconst_0().lstore(aggValueL[a]);
                    } else {
                        cb.dconst_0().dstore(aggValueL[a]);
                    }
                }
            }
            if (plan.aggregating) {
                cb.aload(0).getfield(CD_RUN, "agg", CD_AGG).astore(sinkL);
            } else {
                cb.aload(0).getfield(CD_RUN, "out", CD_ROWS).astore(sinkL);
            }
            slotL = new int[plan.slotNames.length];
            for (int i = 0; i < slotL.length; i++) {
                slotL[i] = cb.allocateLocal(TypeKind.INT);
                cb.iconst_0().istore(slotL[i]);
            }
            edgeFromL = new int[expandCount];
            edgeToL = new int[expandCount];
            for (int i = 0; i < expandCount; i++) {
                edgeFromL[i] = cb.allocateLocal(TypeKind.INT);
                edgeToL[i] = cb.allocateLocal(TypeKind.INT);
                cb.iconst_0().istore(edgeFromL[i]).iconst_0().istore(edgeToL[i]);
            }
            namesL = cb.allocateLocal(TypeKind.REFERENCE);
            cb.aload(0).getfield(CD_RUN, "names", CD_STRING.arrayType()).astore(namesL);
            inStartL = cb.allocateLocal(TypeKind.REFERENCE);
            inFromL = cb.allocateLocal(TypeKind.REFERENCE);
            inTypeL = cb.allocateLocal(TypeKind.REFERENCE);
            cb.aload(0).getfield(CD_RUN, "inStart", CD_int.arrayType()).astore(inStartL);
            cb.aload(0).getfield(CD_RUN, "inFrom", CD_int.arrayType()).astore(inFromL);
            cb.aload(0).getfield(CD_RUN, "inType", CD_int.arrayType()).astore(inTypeL);
            outStartL = cb.allocateLocal(TypeKind.REFERENCE);
            outToL = cb.allocateLocal(TypeKind.REFERENCE);
            outTypeL = cb.allocateLocal(TypeKind.REFERENCE);
            cb.aload(0).getfield(CD_RUN, "outStart", CD_int.arrayType()).astore(outStartL);
            cb.aload(0).getfield(CD_RUN, "outTo", CD_int.arrayType()).astore(outToL);
            cb.aload(0).getfield(CD_RUN, "outType", CD_int.arrayType()).astore(outTypeL);
            bitsL = new int[columns.size()];
            tagsL = new int[columns.size()];
            othersL = new int[columns.size()];
            for (int c = 0; c < bitsL.length; c++) {
                othersL[c] = cb.allocateLocal(TypeKind.REFERENCE);
                cb.aload(0).getfield(CD_RUN, "others", CD_Object.arrayType(2)).loadConstant(c).aaload().astore(othersL[c]);
                bitsL[c] = cb.allocateLocal(TypeKind.REFERENCE);
                tagsL[c] = cb.allocateLocal(TypeKind.REFERENCE);
                cb.aload(0).getfield(CD_RUN, "bits", CD_long.arrayType(2)).loadConstant(c).aaload().astore(bitsL[c]);
                cb.aload(0).getfield(CD_RUN, "tags", CD_byte.arrayType(2)).loadConstant(c).aaload().astore(tagsL[c]);
            }
            paramL = new int[longParams.size() + doubleParams.size() + stringParams.size()];
            for (int i = 0; i < longParams.size(); i++) {
                paramL[i] = cb.allocateLocal(TypeKind.LONG);
                cb.aload(0).getfield(CD_RUN, "longParams", CD_long.arrayType()).loadConstant(i).laload().lstore(paramL[i]);
            }
            for (int i = 0; i < doubleParams.size(); i++) {
                int l = cb.allocateLocal(TypeKind.DOUBLE);
                paramL[longParams.size() + i] = l;
                cb.aload(0).getfield(CD_RUN, "doubleParams", CD_double.arrayType()).loadConstant(i).daload().dstore(l);
            }
            for (int i = 0; i < stringParams.size(); i++) {
                int l = cb.allocateLocal(TypeKind.REFERENCE);
                paramL[longParams.size() + doubleParams.size() + i] = l;
                cb.aload(0).getfield(CD_RUN, "stringParams", CD_STRING.arrayType()).loadConstant(i).aaload().astore(l);
            }
            if (aggLocals && keyItem < 0) {
                loadStates(); // the one group (0) of an aggregation without keys, for the whole run
            } else if (aggLocals) {
                cb.iconst_m1().istore(groupL);
            }
            exit = cb.newLabel();
            steps(0);
            cb.labelBinding(exit);
            if (aggLocals) {
                flushStates();
            }
            cb.aload(0).lload(expL).putfield(CD_RUN, "expansions", CD_long);
            cb.return_();
        }

        private void steps(int index) {
            if (index == plan.steps.size()) {
                row();
                return;
            }
            Step s = plan.steps.get(index);
            Label next = cb.newLabel();
            Label end = cb.newLabel();
            switch (s) {
                case Scan scan when scan.filters().isEmpty() || !scan.filters().stream().allMatch(this::pure) -> scan(index, scan, next, end);
                case Scan scan -> selectiveScan(index, scan, next, end);
                case Expand x when !x.simple() -> varExpand(index, x, next, end);
                case Expand x -> expand(index, x, next, end);
            }
        }

        /**
         * A scan walks the label index (the ascending ids of the live nodes passing its label test) in
         * chunks of {@link #CHUNK} ids, checking the time between chunks so that the loop itself calls nothing.
         */
        private void scan(int index, Scan scan, Label next, Label end) {
            int n = slotL[scan.slot()];
            int ids = cb.allocateLocal(TypeKind.REFERENCE);
            int at = cb.allocateLocal(TypeKind.INT);
            int stop = cb.allocateLocal(TypeKind.INT);
            Label chunk = cb.newLabel();
            Label advance = cb.newLabel();
            scanChunk(index, ids, at, stop, chunk, end);
            cb.labelBinding(next);
            cb.iload(at).iload(stop).if_icmpge(chunk);
            cb.aload(ids).iload(at).iaload().istore(n);
            filters(scan.filters(), advance);
            bound(index);
            steps(index + 1);
            cb.labelBinding(advance);
            cb.iinc(at, 1);
            cb.goto_(next);
            cb.labelBinding(end);
        }

        /**
         * A scan whose filters cannot throw and call nothing costly: per chunk, a first loop runs only the
         * filters and keeps the passing ids in a selection array, then a second loop runs the rest of the
         * match for those. The first loop is small enough for the JIT to keep everything in registers;
         * with every step in one loop, the calls that writing a row may make (growing the result) make it
         * keep its loop variables on the stack. The filters see the nodes in the same order, and being
         * pure, running them up to a chunk ahead of the rows changes nothing but the time.
         */
        private void selectiveScan(int index, Scan scan, Label next, Label end) {
            int n = slotL[scan.slot()];
            int ids = cb.allocateLocal(TypeKind.REFERENCE);
            int at = cb.allocateLocal(TypeKind.INT);
            int stop = cb.allocateLocal(TypeKind.INT);
            int sel = cb.allocateLocal(TypeKind.REFERENCE);
            int count = cb.allocateLocal(TypeKind.INT);
            int i = cb.allocateLocal(TypeKind.INT);
            cb.loadConstant(CHUNK).newarray(TypeKind.INT).astore(sel);
            Label chunk = cb.newLabel();
            Label filter = cb.newLabel();
            Label selected = cb.newLabel();
            scanChunk(index, ids, at, stop, chunk, end);
            cb.iconst_0().istore(count);
            cb.labelBinding(filter);
            cb.iload(at).iload(stop).if_icmpge(selected);
            cb.aload(ids).iload(at).iaload().istore(n);
            cb.iinc(at, 1);
            filters(scan.filters(), filter);
            cb.aload(sel).iload(count).iload(n).iastore();
            cb.iinc(count, 1);
            cb.goto_(filter);
            cb.labelBinding(selected);
            cb.iconst_0().istore(i);
            cb.labelBinding(next);
            cb.iload(i).iload(count).if_icmpge(chunk);
            cb.aload(sel).iload(i).iaload().istore(n);
            cb.iinc(i, 1);
            bound(index);
            steps(index + 1);
            cb.goto_(next);
            cb.labelBinding(end);
        }

        /** Loads the scan's ids, binds {@code chunk} (the next chunk: the time check, then {@code stop}); jumps to {@code end} after the last id. */
        private void scanChunk(int index, int ids, int at, int stop, Label chunk, Label end) {
            cb.aload(0).getfield(CD_RUN, "scanIds", CD_int.arrayType(2)).loadConstant(scanIndex[index]).aaload().astore(ids);
            cb.iconst_0().istore(at);
            cb.labelBinding(chunk);
            cb.iload(at).aload(ids).arraylength().if_icmpge(end);
            cb.aload(0).invokevirtual(CD_RUN, "checkTime", MethodTypeDesc.of(CD_void));
            cb.iload(at).loadConstant(CHUNK).iadd().aload(ids).arraylength()
                    .invokestatic(CD_MATH, "min", MethodTypeDesc.of(CD_int, CD_int, CD_int)).istore(stop);
        }

        /**
         * Whether {@code e} cannot throw, has no effect and calls nothing costly, so that it may run ahead of
         * the rows (exact integer arithmetic throws on overflow, integer division by zero; cost, hops and
         * degree search the graph).
         */
        private boolean pure(Expr e) {
            boolean[] pure = {true};
            LogicalPlan.walk(e, x -> {
                switch (x) {
                    case Call c when !PURE_CALLS.contains(c.name()) -> pure[0] = false;
                    case Unary u when u.op() != Ast.UnaryOp.NOT && type(u) == T.LONG -> pure[0] = false;
                    case Binary b when b.op().arithmetic() && type(b) == T.LONG -> pure[0] = false;
                    default -> {
                    }
                }
            });
            return pure[0];
        }

        /**
         * One hop: out-edges through the forward adjacency arrays, in-edges through the reverse ones, or
         * (undirected) both in that order, as the interpreter walks them. The followed edge is kept as its
         * stored source and target in two locals, for relationship uniqueness.
         */
        private void expand(int index, Expand x, Label next, Label end) {
            int e = expandIndex[index];
            int from = slotL[x.from()];
            int other = cb.allocateLocal(TypeKind.INT);
            int type = cb.allocateLocal(TypeKind.INT);
            boolean out = x.direction() != Ast.Direction.IN;
            boolean in = x.direction() != Ast.Direction.OUT;
            int outAt = -1;
            int outStop = -1;
            int inAt = -1;
            int inStop = -1;
            if (out) {
                outAt = cb.allocateLocal(TypeKind.INT);
                outStop = cb.allocateLocal(TypeKind.INT);
                cb.aload(outStartL).iload(from).iaload().istore(outAt);
                cb.aload(outStartL).iload(from).iconst_1().iadd().iaload().istore(outStop);
            }
            if (in) {
                inAt = cb.allocateLocal(TypeKind.INT);
                inStop = cb.allocateLocal(TypeKind.INT);
                cb.aload(inStartL).iload(from).iaload().istore(inAt);
                cb.aload(inStartL).iload(from).iconst_1().iadd().iaload().istore(inStop);
            }
            // every edge of the lists is followed when no type test skips one; counted up front unless the run may
            // stop early (LIMIT, or a row limit checked as rows come), where the count must stop where the walk stops
            boolean countListsUpFront = x.anyType() && (plan.aggregating || !plan.sort.isEmpty());
            if (countListsUpFront) {
                Label ok = cb.newLabel();
                cb.lload(expL);
                if (out) {
                    cb.iload(outStop).iload(outAt).isub().i2l().ladd();
                }
                if (in) {
                    cb.iload(inStop).iload(inAt).isub().i2l().ladd();
                }
                cb.lstore(expL);
                cb.lload(expL).lload(maxExpL).lcmp().ifle(ok);
                cb.aload(0).invokevirtual(CD_RUN, "tooManyExpansions", MethodTypeDesc.of(CD_QEX)).athrow();
                cb.labelBinding(ok);
            }
            // the last step of a projection without LIMIT walks its lists to the end too: a list that fits in what
            // is left of the limit is counted up front ("fast"), else edge by edge, so the limit fails on the same edge
            int fast = -1;
            if (!countListsUpFront && x.anyType() && !pathMode && plan.limit == null && index == plan.steps.size() - 1) {
                fast = cb.allocateLocal(TypeKind.INT);
                Label slow = cb.newLabel();
                Label counted = cb.newLabel();
                cb.lload(expL);
                if (out) {
                    cb.iload(outStop).iload(outAt).isub().i2l().ladd();
                }
                if (in) {
                    cb.iload(inStop).iload(inAt).isub().i2l().ladd();
                }
                cb.dup2().lload(maxExpL).lcmp().ifgt(slow);
                cb.lstore(expL).iconst_1().istore(fast).goto_(counted);
                cb.labelBinding(slow);
                cb.pop2().iconst_0().istore(fast);
                cb.labelBinding(counted);
            }
            Label have = cb.newLabel();
            Label leave = cb.newLabel();
            cb.labelBinding(next);
            if (out) {
                Label tryIn = cb.newLabel();
                cb.iload(outAt).iload(outStop).if_icmpge(in ? tryIn : end);
                if (!x.anyType()) {
                    cb.aload(outTypeL).iload(outAt).iaload().istore(type);
                }
                cb.aload(outToL).iload(outAt).iaload().istore(other);
                cb.iinc(outAt, 1);
                cb.iload(from).istore(edgeFromL[e]).iload(other).istore(edgeToL[e]);
                if (in) {
                    cb.goto_(have);
                }
                cb.labelBinding(tryIn);
            }
            if (in) {
                cb.iload(inAt).iload(inStop).if_icmpge(end);
                if (!x.anyType()) {
                    cb.aload(inTypeL).iload(inAt).iaload().istore(type);
                }
                cb.aload(inFromL).iload(inAt).iaload().istore(other);
                cb.iinc(inAt, 1);
                cb.iload(other).istore(edgeFromL[e]).iload(from).istore(edgeToL[e]);
            }
            cb.labelBinding(have);
            if (!x.anyType()) {
                cb.loadConstant(x.typeMask()).iload(type).invokestatic(CD_RUN, "typeMatches", MethodTypeDesc.of(CD_boolean, CD_int, CD_int)).ifeq(next);
            }
            if (!countListsUpFront) {
                Label ok = cb.newLabel();
                if (fast >= 0) {
                    cb.iload(fast).ifne(ok);
                }
                cb.lload(expL).lconst_1().ladd().lstore(expL);
                cb.lload(expL).lload(maxExpL).lcmp().ifle(ok);
                cb.aload(0).invokevirtual(CD_RUN, "tooManyExpansions", MethodTypeDesc.of(CD_QEX)).athrow();
                cb.labelBinding(ok);
            }
            if (x.into()) {
                cb.iload(other).iload(slotL[x.to()]).if_icmpne(next);
            } else {
                cb.iload(other).istore(slotL[x.to()]);
            }
            Label fail = next;
            if (pathMode) {
                // a variable-length step elsewhere: every edge of the match is on the run's path stack
                cb.aload(0).iload(edgeFromL[e]).i2l().loadConstant(32).lshl().iload(edgeToL[e]).i2l().loadConstant(0xFFFF_FFFFL).land().lor();
                cb.invokevirtual(CD_RUN, "enter", MethodTypeDesc.of(CD_boolean, CD_long)).ifeq(next);
                fail = leave;
            } else {
                // relationship uniqueness: this edge must differ from every edge bound before it
                for (int j = 0; j < index; j++) {
                    if (plan.steps.get(j) instanceof Expand) {
                        int p = expandIndex[j];
                        Label differs = cb.newLabel();
                        cb.iload(edgeFromL[p]).iload(edgeFromL[e]).if_icmpne(differs);
                        cb.iload(edgeToL[p]).iload(edgeToL[e]).if_icmpeq(next);
                        cb.labelBinding(differs);
                    }
                }
            }
            label(x.to(), x.label(), fail);
            filters(x.filters(), fail);
            bound(index);
            steps(index + 1);
            if (pathMode) {
                cb.labelBinding(leave);
                cb.aload(0).invokevirtual(CD_RUN, "leave", MethodTypeDesc.of(CD_void));
            }
            cb.goto_(next);
            cb.labelBinding(end);
        }

        /** {@code *min..max}: a {@link VarExpand} walks the paths and hands out their end nodes; the expansion count goes through the run. */
        private void varExpand(int index, Expand x, Label next, Label end) {
            int walker = cb.allocateLocal(TypeKind.REFERENCE);
            int other = cb.allocateLocal(TypeKind.INT);
            cb.aload(0).getfield(CD_RUN, "vars", CD_VAR.arrayType()).loadConstant(varIndex[index]).aaload().astore(walker);
            cb.aload(walker).iload(slotL[x.from()]).invokevirtual(CD_VAR, "start", MethodTypeDesc.of(CD_void, CD_int));
            cb.labelBinding(next);
            cb.aload(0).lload(expL).putfield(CD_RUN, "expansions", CD_long);
            cb.aload(walker).invokevirtual(CD_VAR, "next", MethodTypeDesc.of(CD_int)).istore(other);
            cb.aload(0).getfield(CD_RUN, "expansions", CD_long).lstore(expL);
            cb.iload(other).iflt(end);
            if (x.into()) {
                cb.iload(other).iload(slotL[x.to()]).if_icmpne(next);
            } else {
                cb.iload(other).istore(slotL[x.to()]);
            }
            label(x.to(), x.label(), next);
            filters(x.filters(), next);
            bound(index);
            steps(index + 1);
            cb.goto_(next);
            cb.labelBinding(end);
        }

        private void label(int slot, LogicalPlan.LabelTest test, Label fail) {
            if (test.isAny()) {
                return;
            }
            labelBits(slot, test.mask(), test.cell());
            cb.ifeq(fail);
        }

        /** Pushes whether the node in {@code slot} passes the label test, reading the heap copy of the labels. */
        private void labelBits(int slot, int mask, boolean cell) {
            cb.aload(labelsL).iload(slotL[slot]).iaload();
            cb.loadConstant(mask).loadConstant(cell ? 1 : 0);
            cb.invokestatic(CD_RUN, "hasLabel", MethodTypeDesc.of(CD_boolean, CD_int, CD_int, CD_boolean));
        }

        private void filters(List<Expr> filters, Label fail) {
            for (Expr f : filters) {
                bool(f);
                cb.iconst_1().if_icmpne(fail);
            }
        }

        private void row() {
            if (plan.aggregating) {
                aggregateRow();
                return;
            }
            cb.aload(sinkL).invokevirtual(CD_ROWS, "beginRow", MethodTypeDesc.of(CD_void));
            for (int i = 0; i < plan.items.size(); i++) {
                put(i, plan.items.get(i));
            }
            cb.aload(sinkL).invokevirtual(CD_ROWS, "endRow", MethodTypeDesc.of(CD_boolean)).ifeq(exit);
        }

        private void put(int column, Expr e) {
            T t = type(e);
            Label done = cb.newLabel();
            switch (t) {
                case NODE -> {
                    cb.aload(sinkL).loadConstant(column).iload(slotL[((Slot) e).index()]).i2l();
                    cb.invokevirtual(CD_ROWS, "putLong", MethodTypeDesc.of(CD_void, CD_int, CD_long));
                }
                case STRING -> {
                    cb.aload(sinkL).loadConstant(column);
                    str(e);
                    cb.invokevirtual(CD_ROWS, "putString", MethodTypeDesc.of(CD_void, CD_int, CD_STRING));
                }
                case BOOL -> {
                    Label notNull = cb.newLabel();
                    bool(e);
                    cb.istore(tmpL);
                    cb.iload(tmpL).iconst_2().if_icmpne(notNull);
                    cb.aload(sinkL).loadConstant(column).invokevirtual(CD_ROWS, "putNull", MethodTypeDesc.of(CD_void, CD_int));
                    cb.goto_(done);
                    cb.labelBinding(notNull);
                    cb.aload(sinkL).loadConstant(column).iload(tmpL).i2l();
                    cb.invokevirtual(CD_ROWS, "putLong", MethodTypeDesc.of(CD_void, CD_int, CD_long));
                }
                case LONG, DOUBLE -> {
                    Label isNull = cb.newLabel();
                    boolean guarded = guard(e, isNull);
                    cb.aload(sinkL).loadConstant(column);
                    num(e, t);
                    cb.invokevirtual(CD_ROWS, t == T.LONG ? "putLong" : "putDouble",
                            MethodTypeDesc.of(CD_void, CD_int, t == T.LONG ? CD_long : CD_double));
                    if (guarded) {
                        cb.goto_(done);
                        cb.labelBinding(isNull);
                        cb.aload(sinkL).loadConstant(column).invokevirtual(CD_ROWS, "putNull", MethodTypeDesc.of(CD_void, CD_int));
                    }
                }
            }
            cb.labelBinding(done);
        }

        /**
         * Emitted when step {@code index} has bound its node, before the next step: when that node completes the
         * grouping key, the group is forgotten, and the first row found under this binding looks it up (the
         * rows under one binding share their key, so the look-up runs once per binding, not once per row;
         * looking it up lazily keeps a binding with no rows from creating an empty group).
         */
        private void bound(int index) {
            if (plan.aggregating && keyItem >= 0 && index == keyStep) {
                flushStates();
                if (eagerGroup) {
                    startGroup();
                } else {
                    cb.iconst_m1().istore(groupL);
                }
            }
        }

        /**
         * The start of a binding of the key ({@link #eagerGroup}): computes the key, looks its group up without
         * creating it, and loads its states into the locals, or a new group's (zeros) when there is none yet; the
         * rows then only update the locals, with no branch on the group per row (where the first row of a
         * binding comes is as unpredictable as the filters before it). The group is created at the end of the
         * binding if a row came: no other group can be created in between (every row until then is under this
         * binding, with this key), so groups keep the order of their first rows.
         */
        private void startGroup() {
            Expr key = plan.items.get(keyItem);
            T t = type(key);
            if (t == T.STRING) {
                str(key);
                cb.astore(keyL);
            } else if (t == T.NODE) {
                cb.iload(slotL[((Slot) key).index()]).i2l().lstore(keyL);
            } else {
                Label isNull = cb.newLabel();
                Label have = cb.newLabel();
                boolean guarded = guard(key, isNull);
                num(key, T.LONG);
                cb.lstore(keyL).iconst_0().istore(keyNullL);
                if (guarded) {
                    cb.goto_(have);
                    cb.labelBinding(isNull);
                    cb.lconst_0().lstore(keyL).iconst_1().istore(keyNullL);
                }
                cb.labelBinding(have);
            }
            cb.iconst_0().istore(hitL);
            if (uniqueKey) {
                cb.iconst_m1().istore(groupL);
            } else if (t == T.STRING) {
                cb.aload(sinkL).aload(keyL).invokevirtual(CD_AGG, "peekString", MethodTypeDesc.of(CD_int, CD_STRING)).istore(groupL);
            } else {
                Label notNull = cb.newLabel();
                Label peeked = cb.newLabel();
                cb.iload(keyNullL).ifeq(notNull);
                cb.aload(sinkL).invokevirtual(CD_AGG, "peekNull", MethodTypeDesc.of(CD_int)).istore(groupL).goto_(peeked);
                cb.labelBinding(notNull);
                cb.aload(sinkL).lload(keyL).invokevirtual(CD_AGG, "peek", MethodTypeDesc.of(CD_int, CD_long)).istore(groupL);
                cb.labelBinding(peeked);
            }
            Label none = cb.newLabel();
            Label loaded = cb.newLabel();
            cb.iload(groupL).iflt(none);
            loadStates();
            cb.goto_(loaded);
            cb.labelBinding(none);
            for (int a = 0; a < aggFns.length; a++) {
                cb.lconst_0().lstore(aggCountL[a]);
                if (longState(aggFns[a])) {
                    cb.lconst_0().lstore(aggValueL[a]);
                } else {
                    cb.dconst_0().dstore(aggValueL[a]);
                }
            }
            cb.labelBinding(loaded);
        }

        private static boolean longState(AggTable.Fn fn) {
            return fn == AggTable.Fn.SUM_LONG || fn == AggTable.Fn.MIN_LONG || fn == AggTable.Fn.MAX_LONG;
        }

        /** Copies the states of group {@code groupL} into the locals. */
        private void loadStates() {
            boolean sharedLoaded = false;
            for (int a = 0; a < aggFns.length; a++) {
                if (!sharedCount[a] || !sharedLoaded) {
                    cb.aload(sinkL).iload(groupL).loadConstant(a).invokevirtual(CD_AGG, "countOf", MethodTypeDesc.of(CD_long, CD_int, CD_int))
                            .lstore(aggCountL[a]);
                    sharedLoaded |= sharedCount[a];
                }
                if (aggFns[a] == AggTable.Fn.COUNT) {
                    continue; // a count has no value
                }
                if (longState(aggFns[a])) {
                    cb.aload(sinkL).iload(groupL).loadConstant(a).invokevirtual(CD_AGG, "longOf", MethodTypeDesc.of(CD_long, CD_int, CD_int))
                            .lstore(aggValueL[a]);
                } else {
                    cb.aload(sinkL).iload(groupL).loadConstant(a).invokevirtual(CD_AGG, "doubleOf", MethodTypeDesc.of(CD_double, CD_int, CD_int))
                            .dstore(aggValueL[a]);
                }
            }
        }

        /**
         * Writes the locals back to group {@code groupL}, if there is one (negative: no row since the group was last
         * forgotten; with {@link #eagerGroup}, a binding whose group did not exist: created now if a row came).
         */
        private void flushStates() {
            Label none = cb.newLabel();
            if (eagerGroup) {
                Label store = cb.newLabel();
                cb.iload(groupL).ifge(store);
                cb.iload(hitL).ifeq(none);
                T t = type(plan.items.get(keyItem));
                if (uniqueKey) {
                    cb.aload(sinkL).lload(keyL).invokevirtual(CD_AGG, "groupUnique", MethodTypeDesc.of(CD_int, CD_long)).istore(groupL);
                } else if (t == T.STRING) {
                    cb.aload(sinkL).aload(keyL).invokevirtual(CD_AGG, "groupString", MethodTypeDesc.of(CD_int, CD_STRING)).istore(groupL);
                } else {
                    Label notNull = cb.newLabel();
                    cb.iload(keyNullL).ifeq(notNull);
                    cb.aload(sinkL).invokevirtual(CD_AGG, "groupNull", MethodTypeDesc.of(CD_int)).istore(groupL).goto_(store);
                    cb.labelBinding(notNull);
                    cb.aload(sinkL).lload(keyL).invokevirtual(CD_AGG, "group", MethodTypeDesc.of(CD_int, CD_long)).istore(groupL);
                }
                cb.labelBinding(store);
            } else {
                cb.iload(groupL).iflt(none);
            }
            for (int a = 0; a < aggFns.length; a++) {
                cb.aload(sinkL).iload(groupL).loadConstant(a).lload(aggCountL[a]);
                if (aggFns[a] == AggTable.Fn.COUNT) {
                    cb.invokevirtual(CD_AGG, "storeCount", MethodTypeDesc.of(CD_void, CD_int, CD_int, CD_long));
                } else if (longState(aggFns[a])) {
                    cb.lload(aggValueL[a]).invokevirtual(CD_AGG, "storeLong", MethodTypeDesc.of(CD_void, CD_int, CD_int, CD_long, CD_long));
                } else {
                    cb.dload(aggValueL[a]).invokevirtual(CD_AGG, "storeDouble", MethodTypeDesc.of(CD_void, CD_int, CD_int, CD_long, CD_double));
                }
            }
            cb.labelBinding(none);
        }

        /**
         * One row's update of aggregate {@code a} on its locals, the argument pushed by {@code arg}: the same
         * arithmetic in the same order as {@link AggTable}'s methods, so sums round the same way.
         */
        private void updateLocals(int a, AggTable.Fn fn, Runnable arg) {
            int cnt = aggCountL[a];
            int v = aggValueL[a];
            switch (fn) {
                case COUNT -> {
                }
                case SUM_LONG -> {
                    cb.lload(v);
                    arg.run();
                    cb.invokestatic(CD_MATH, "addExact", MethodTypeDesc.of(CD_long, CD_long, CD_long)).lstore(v);
                }
                case SUM_DOUBLE, AVG -> {
                    cb.dload(v);
                    arg.run();
                    cb.dadd().dstore(v);
                }
                default -> {
                    // min and max: the first value, or one beyond the current
                    boolean isLong = longState(fn);
                    boolean min = fn == AggTable.Fn.MIN_LONG || fn == AggTable.Fn.MIN_DOUBLE;
                    int t = cb.allocateLocal(isLong ? TypeKind.LONG : TypeKind.DOUBLE);
                    Label set = cb.newLabel();
                    Label keep = cb.newLabel();
                    arg.run();
                    if (isLong) {
                        cb.lstore(t);
                        cb.lload(cnt).lconst_0().lcmp().ifeq(set);
                        cb.lload(t).lload(v).lcmp();
                    } else {
                        cb.dstore(t);
                        cb.lload(cnt).lconst_0().lcmp().ifeq(set);
                        cb.dload(t).dload(v).invokestatic(CD_DOUBLE, "compare", MethodTypeDesc.of(CD_int, CD_double, CD_double));
                    }
                    if (min) {
                        cb.ifge(keep);
                    } else {
                        cb.ifle(keep);
                    }
                    cb.labelBinding(set);
                    if (isLong) {
                        cb.lload(t).lstore(v);
                    } else {
                        cb.dload(t).dstore(v);
                    }
                    cb.labelBinding(keep);
                }
            }
            if (!sharedCount[a]) {
                cb.lload(cnt).lconst_1().ladd().lstore(cnt); // a shared count goes up once per row, after every update
            }
        }

        private void aggregateRow() {
            if (eagerGroup) {
                cb.iconst_1().istore(hitL); // the group is created when the binding ends (see startGroup)
            } else if (keyItem >= 0) {
                Expr key = plan.items.get(keyItem);
                Label done = cb.newLabel();
                Label found = cb.newLabel();
                if (keyStep >= 0) {
                    cb.iload(groupL).ifge(done);
                }
                if (type(key) == T.NODE) {
                    cb.aload(sinkL).iload(slotL[((Slot) key).index()]).i2l();
                    cb.invokevirtual(CD_AGG, "group", MethodTypeDesc.of(CD_int, CD_long)).istore(groupL);
                } else if (type(key) == T.STRING) {
                    cb.aload(sinkL);
                    str(key);
                    cb.invokevirtual(CD_AGG, "groupString", MethodTypeDesc.of(CD_int, CD_STRING)).istore(groupL);
                } else {
                    Label isNull = cb.newLabel();
                    boolean guarded = guard(key, isNull);
                    cb.aload(sinkL);
                    num(key, T.LONG);
                    cb.invokevirtual(CD_AGG, "group", MethodTypeDesc.of(CD_int, CD_long)).istore(groupL);
                    if (guarded) {
                        cb.goto_(found);
                        cb.labelBinding(isNull);
                        cb.aload(sinkL).invokevirtual(CD_AGG, "groupNull", MethodTypeDesc.of(CD_int)).istore(groupL);
                    }
                }
                cb.labelBinding(found);
                if (aggLocals) {
                    loadStates(); // the first row under this binding: the group's states into locals until the binding changes
                }
                cb.labelBinding(done);
            }
            for (int a = 0; a < aggFns.length; a++) {
                Call c = plan.aggregates.get(a);
                Label skip = cb.newLabel();
                boolean guarded;
                T argType = c.star() ? T.LONG : type(c.args().getFirst());
                if (argType == T.STRING) {
                    str(c.args().getFirst());
                    cb.ifnull(skip);
                    guarded = true;
                } else if (argType == T.BOOL) {
                    bool(c.args().getFirst());
                    cb.iconst_2().if_icmpeq(skip);
                    guarded = true;
                } else {
                    guarded = !c.star() && guard(c.args().getFirst(), skip);
                }
                AggTable.Fn fn = aggFns[a];
                if (aggLocals) {
                    updateLocals(a, fn, () -> num(c.args().getFirst(), longState(fn) ? T.LONG : T.DOUBLE));
                    if (guarded) {
                        cb.labelBinding(skip);
                    }
                    continue;
                }
                cb.aload(sinkL).iload(groupL).loadConstant(a);
                switch (fn) {
                    case COUNT -> cb.invokevirtual(CD_AGG, "count", MethodTypeDesc.of(CD_void, CD_int, CD_int));
                    case SUM_LONG, MIN_LONG, MAX_LONG -> {
                        num(c.args().getFirst(), T.LONG);
                        String m = fn == AggTable.Fn.SUM_LONG ? "sumLong" : fn == AggTable.Fn.MIN_LONG ? "minLong" : "maxLong";
                        cb.invokevirtual(CD_AGG, m, MethodTypeDesc.of(CD_void, CD_int, CD_int, CD_long));
                    }
                    default -> {
                        num(c.args().getFirst(), T.DOUBLE);
                        String m = switch (fn) {
                            case SUM_DOUBLE -> "sumDouble";
                            case AVG -> "avg";
                            case MIN_DOUBLE -> "minDouble";
                            default -> "maxDouble";
                        };
                        cb.invokevirtual(CD_AGG, m, MethodTypeDesc.of(CD_void, CD_int, CD_int, CD_double));
                    }
                }
                if (guarded) {
                    cb.labelBinding(skip);
                }
            }
            if (aggLocals && sharedCountL >= 0) {
                cb.lload(sharedCountL).lconst_1().ladd().lstore(sharedCountL);
            }
        }

        /** Jumps to {@code isNull} when a property read in {@code e} is null on its node; false when nothing can be null. */
        private boolean guard(Expr e, Label isNull) {
            List<String> seen = new ArrayList<>();
            boolean[] calls = {false};
            LogicalPlan.walk(e, x -> {
                if (x instanceof Prop p && p.target() instanceof Slot s && !complete.get(columns.get(p.key()))) {
                    // slots hold live nodes only (scans walk live ids, edges join live nodes): a complete column has no null to test
                    String id = p.key() + "@" + s.index();
                    if (!seen.contains(id)) {
                        seen.add(id);
                        cb.aload(tagsL[columns.get(p.key())]).iload(slotL[s.index()]).baload().ifeq(isNull);
                    }
                } else if (x instanceof Call c && (c.name().equals("cost") || c.name().equals("hops"))) {
                    // the planner's answer, null when there is no path: computed here, read by num()
                    int a = slotL[((Slot) c.args().get(0)).index()];
                    int b = slotL[((Slot) c.args().get(1)).index()];
                    calls[0] = true;
                    if (c.name().equals("cost")) {
                        int l = cb.allocateLocal(TypeKind.DOUBLE);
                        callLocals.put(c, l);
                        cb.aload(0).iload(a).iload(b).invokevirtual(CD_RUN, "cost", MethodTypeDesc.of(CD_double, CD_int, CD_int)).dstore(l);
                        cb.dload(l).dload(l).dcmpl().ifne(isNull); // NaN: no path
                    } else {
                        int l = cb.allocateLocal(TypeKind.LONG);
                        callLocals.put(c, l);
                        cb.aload(0).iload(a).iload(b).invokevirtual(CD_RUN, "hops", MethodTypeDesc.of(CD_long, CD_int, CD_int)).lstore(l);
                        cb.lload(l).lconst_0().lcmp().iflt(isNull);
                    }
                }
            });
            return !seen.isEmpty() || calls[0];
        }

        /** Whether {@link #guard} would test anything for {@code e}: a property not every node has, or cost() or hops(). */
        private boolean nullable(Expr e) {
            boolean[] found = {false};
            LogicalPlan.walk(e, x -> {
                if (x instanceof Prop p && p.target() instanceof Slot && !complete.get(columns.get(p.key()))
                        || x instanceof Call c && (c.name().equals("cost") || c.name().equals("hops"))) {
                    found[0] = true;
                }
            });
            return found[0];
        }

        /** Pushes {@code e} (numeric, nulls already excluded) as a {@code want} (long or double). */
        private void num(Expr e, T want) {
            T t = type(e);
            switch (e) {
                case Lit l -> {
                    if (l.value() instanceof Long v) {
                        cb.loadConstant(v);
                    } else {
                        cb.loadConstant((Double) l.value());
                    }
                }
                case Param p -> {
                    int i = longParams.indexOf(p.name());
                    if (i >= 0) {
                        cb.lload(paramL[i]);
                    } else {
                        cb.dload(paramL[longParams.size() + doubleParams.indexOf(p.name())]);
                    }
                }
                case Prop p -> {
                    int c = columns.get(p.key());
                    cb.aload(bitsL[c]).iload(slotL[((Slot) p.target()).index()]).laload();
                    if (t == T.DOUBLE) {
                        cb.invokestatic(CD_DOUBLE, "longBitsToDouble", MethodTypeDesc.of(CD_double, CD_long));
                    }
                }
                case Call c -> {
                    int n = slotL[((Slot) c.args().getFirst()).index()];
                    switch (c.name()) {
                        case "id" -> cb.iload(n).i2l();
                        case "degree" -> cb.aload(0).iload(n).invokevirtual(CD_RUN, "degree", MethodTypeDesc.of(CD_int, CD_int)).i2l();
                        case "x", "y" -> cb.aload(graphL).iload(n).invokeinterface(CD_GRAPH, c.name(), MethodTypeDesc.of(CD_float, CD_int)).f2d();
                        case "dist" -> cb.aload(graphL).iload(n).iload(slotL[((Slot) c.args().get(1)).index()])
                                .invokestatic(CD_RUN, "dist", MethodTypeDesc.of(CD_double, CD_GRAPH, CD_int, CD_int));
                        case "cost" -> cb.dload(callLocal(c));
                        case "hops" -> cb.lload(callLocal(c));
                        default -> throw new Unsupported("function " + c.name() + "() as a number");
                    }
                }
                case Unary u -> {
                    num(u.operand(), t);
                    if (t == T.LONG) {
                        cb.invokestatic(CD_MATH, "negateExact", MethodTypeDesc.of(CD_long, CD_long));
                    } else {
                        cb.dneg();
                    }
                }
                case Binary b -> {
                    num(b.left(), t);
                    num(b.right(), t);
                    if (t == T.LONG) {
                        switch (b.op()) {
                            case ADD -> cb.invokestatic(CD_MATH, "addExact", MethodTypeDesc.of(CD_long, CD_long, CD_long));
                            case SUB -> cb.invokestatic(CD_MATH, "subtractExact", MethodTypeDesc.of(CD_long, CD_long, CD_long));
                            case MUL -> cb.invokestatic(CD_MATH, "multiplyExact", MethodTypeDesc.of(CD_long, CD_long, CD_long));
                            case DIV -> cb.ldiv();
                            default -> cb.lrem();
                        }
                    } else {
                        switch (b.op()) {
                            case ADD -> cb.dadd();
                            case SUB -> cb.dsub();
                            case MUL -> cb.dmul();
                            case DIV -> cb.ddiv();
                            default -> cb.drem();
                        }
                    }
                }
                default -> throw new Unsupported(LogicalPlan.render(e) + " as a number");
            }
            if (t == T.LONG && want == T.DOUBLE) {
                cb.l2d();
            }
        }

        /** Pushes {@code e} as a three-valued int: 0 false, 1 true, 2 null. */
        private void bool(Expr e) {
            switch (e) {
                case Lit l -> cb.loadConstant((Boolean) l.value() ? 1 : 0);
                case Call c when c.name().equals("blocked") -> cb.aload(graphL).iload(slotL[((Slot) c.args().getFirst()).index()])
                        .invokeinterface(CD_GRAPH, "isBlocked", MethodTypeDesc.of(CD_boolean, CD_int));
                case Call c when c.name().equals("  haslabel") -> labelBits(((Slot) c.args().getFirst()).index(),
                        (int) (long) (Long) ((Lit) c.args().get(1)).value(), (Boolean) ((Lit) c.args().get(2)).value());
                case Unary u -> {
                    bool(u.operand());
                    cb.invokestatic(CD_RUN, "not3", MethodTypeDesc.of(CD_int, CD_int));
                }
                case IsNull n when type(n.operand()) == T.STRING -> {
                    Label isNull = cb.newLabel();
                    Label end = cb.newLabel();
                    str(n.operand());
                    cb.ifnull(isNull);
                    cb.loadConstant(n.negated() ? 1 : 0).goto_(end);
                    cb.labelBinding(isNull);
                    cb.loadConstant(n.negated() ? 0 : 1);
                    cb.labelBinding(end);
                }
                case IsNull n -> {
                    Label isNull = cb.newLabel();
                    Label end = cb.newLabel();
                    if (guard(n.operand(), isNull)) {
                        cb.loadConstant(n.negated() ? 1 : 0).goto_(end);
                        cb.labelBinding(isNull);
                        cb.loadConstant(n.negated() ? 0 : 1);
                        cb.labelBinding(end);
                    } else {
                        cb.loadConstant(n.negated() ? 1 : 0);
                    }
                }
                case Binary b when b.op() == BinaryOp.AND || b.op() == BinaryOp.OR -> {
                    Label right = cb.newLabel();
                    Label end = cb.newLabel();
                    bool(b.left());
                    cb.dup();
                    if (b.op() == BinaryOp.AND) {
                        cb.ifne(right);
                    } else {
                        cb.iconst_1().if_icmpne(right);
                    }
                    cb.goto_(end);
                    cb.labelBinding(right);
                    bool(b.right());
                    cb.invokestatic(CD_RUN, b.op() == BinaryOp.AND ? "and3" : "or3", MethodTypeDesc.of(CD_int, CD_int, CD_int));
                    cb.labelBinding(end);
                }
                case Binary b when b.op() == BinaryOp.XOR -> {
                    bool(b.left());
                    bool(b.right());
                    cb.invokestatic(CD_RUN, "xor3", MethodTypeDesc.of(CD_int, CD_int, CD_int));
                }
                case Binary b -> comparison(b);
                default -> throw new Unsupported(LogicalPlan.render(e) + " as a condition");
            }
        }

        private int callLocal(Call c) {
            Integer l = callLocals.get(c);
            if (l == null) {
                throw new IllegalStateException(c.name() + "() read before its guard computed it");
            }
            return l;
        }

        /** Pushes {@code e} (a string expression) as a String reference, null for null; nothing is allocated. */
        private void str(Expr e) {
            switch (e) {
                case Lit l -> cb.loadConstant((String) l.value());
                case Param p -> cb.aload(paramL[longParams.size() + doubleParams.size() + stringParams.indexOf(p.name())]);
                case Prop p -> {
                    // a string-only column: the decoded value is in the column's side array, null where the node has none
                    int c = columns.get(p.key());
                    cb.aload(othersL[c]).iload(slotL[((Slot) p.target()).index()]).aaload().checkcast(CD_STRING);
                }
                case Call c when c.name().equals("name") -> cb.aload(namesL).iload(slotL[((Slot) c.args().getFirst()).index()]).aaload();
                case Call c when c.name().equals("kind") -> cb.aload(labelsL).iload(slotL[((Slot) c.args().getFirst()).index()]).iaload()
                        .invokestatic(CD_RUN, "kind", MethodTypeDesc.of(CD_STRING, CD_int));
                default -> throw new Unsupported(LogicalPlan.render(e) + " as a string");
            }
        }

        private void comparison(Binary b) {
            T l = type(b.left());
            T r = type(b.right());
            Label isFalse = cb.newLabel();
            Label isNull = cb.newLabel();
            Label end = cb.newLabel();
            if (l == T.STRING) {
                str(b.left());
                str(b.right());
                MethodTypeDesc two = MethodTypeDesc.of(CD_int, CD_STRING, CD_STRING);
                switch (b.op()) {
                    case EQ -> cb.invokestatic(CD_RUN, "strEq", two);
                    case NE -> cb.invokestatic(CD_RUN, "strEq", two).invokestatic(CD_RUN, "not3", MethodTypeDesc.of(CD_int, CD_int));
                    case STARTS_WITH -> cb.invokestatic(CD_RUN, "startsWith", two);
                    case ENDS_WITH -> cb.invokestatic(CD_RUN, "endsWith", two);
                    case CONTAINS -> cb.invokestatic(CD_RUN, "contains", two);
                    default -> cb.loadConstant(b.op().ordinal() - BinaryOp.LT.ordinal())
                            .invokestatic(CD_RUN, "strOrder", MethodTypeDesc.of(CD_int, CD_STRING, CD_STRING, CD_int));
                }
                return;
            }
            if (l == T.NODE) {
                cb.iload(slotL[((Slot) b.left()).index()]).iload(slotL[((Slot) b.right()).index()]);
                if (b.op() == BinaryOp.EQ) {
                    cb.if_icmpne(isFalse);
                } else {
                    cb.if_icmpeq(isFalse);
                }
                cb.iconst_1().goto_(end);
                cb.labelBinding(isFalse);
                cb.iconst_0();
                cb.labelBinding(end);
                return;
            }
            boolean guarded = guard(b.left(), isNull) | guard(b.right(), isNull);
            boolean longs = l == T.LONG && r == T.LONG;
            T as = longs ? T.LONG : T.DOUBLE;
            num(b.left(), as);
            num(b.right(), as);
            BinaryOp op = b.op();
            if (longs) {
                cb.lcmp();
            } else if (op == BinaryOp.LT || op == BinaryOp.LE) {
                cb.dcmpg(); // NaN gives 1: not below
            } else {
                cb.dcmpl(); // NaN gives -1: not above, not equal
            }
            switch (op) {
                case EQ -> cb.ifne(isFalse);
                case NE -> cb.ifeq(isFalse);
                case LT -> cb.ifge(isFalse);
                case LE -> cb.ifgt(isFalse);
                case GT -> cb.ifle(isFalse);
                default -> cb.iflt(isFalse);
            }
            cb.iconst_1().goto_(end);
            cb.labelBinding(isFalse);
            cb.iconst_0();
            if (guarded) {
                cb.goto_(end);
                cb.labelBinding(isNull);
                cb.iconst_2();
            }
            cb.labelBinding(end);
        }
    }
}
