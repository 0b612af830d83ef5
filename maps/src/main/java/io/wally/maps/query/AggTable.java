package io.wally.maps.query;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups and aggregate states written by compiled code without boxing: an open-addressing hash from a
 * 64-bit key (or the single null key) to a group index in order of first appearance, and per aggregate
 * parallel primitive arrays (count, long, double) indexed by group. Grows by doubling.
 *
 * <p>One per run; written and read by the running thread only.
 */
final class AggTable {

    /** What each aggregate computes. */
    enum Fn { COUNT, SUM_LONG, SUM_DOUBLE, AVG, MIN_LONG, MAX_LONG, MIN_DOUBLE, MAX_DOUBLE }

    private final Fn[] fns;
    private final byte keyType;
    private long[] keys = new long[16];
    private int[] table = new int[64];
    private int groups;
    private int nullGroup = -1;
    /** Aggregate states, group-major ({@code [g * width + a]}): one array read per update, a group's states together. */
    private final int width;
    private long[] counts;
    private long[] longs;
    private double[] doubles;

    AggTable(Fn[] fns, byte keyType) {
        this.fns = fns;
        this.keyType = keyType;
        this.width = Math.max(1, fns.length);
        counts = new long[16 * width];
        longs = new long[16 * width];
        doubles = new double[16 * width];
    }

    private static int mix(long key) {
        long h = key * 0x9E37_79B9_7F4A_7C15L;
        return (int) (h ^ h >>> 32);
    }

    /** The last key looked up and its group: rows often come in runs with one key (grouping by the outer node). */
    private long lastKey;
    private int lastGroup = -1;

    /** Keys below this (and not negative) find their group by direct index, no hashing: small integer keys are common. */
    static final int DIRECT_KEYS = 4096;

    /** Group + 1 of each small key (0: none yet); allocated on the first small key. */
    private int[] direct;

    /** Index of the group of {@code key}, created on first sight. */
    public int group(long key) {
        if (key == lastKey && lastGroup >= 0) {
            return lastGroup;
        }
        int g;
        if (key >= 0 && key < DIRECT_KEYS) {
            if (direct == null) {
                direct = new int[DIRECT_KEYS];
            }
            g = direct[(int) key] - 1;
            if (g < 0) {
                g = find(key);
                direct[(int) key] = g + 1;
            }
        } else {
            g = find(key);
        }
        lastKey = key;
        lastGroup = g;
        return g;
    }

    /**
     * Index of the group of {@code key} if it exists, else -1; creates nothing (compiled code looks a group
     * up when a binding starts and creates it only when a row came).
     */
    public int peek(long key) {
        if (key >= 0 && key < DIRECT_KEYS) {
            return direct == null ? -1 : direct[(int) key] - 1;
        }
        int mask = table.length - 1;
        int i = mix(key) & mask;
        while (true) {
            int g = table[i];
            if (g == 0) {
                return -1;
            }
            if (g != -1 && keys[g - 1] == key && g - 1 != nullGroup) {
                return g - 1;
            }
            i = i + 1 & mask;
        }
    }

    /** Index of the group of the string {@code key} (null: the null group) if it exists, else -1; creates nothing. */
    public int peekString(String key) {
        if (key == null) {
            return nullGroup;
        }
        if (stringGroups == null) {
            return -1;
        }
        Integer g = stringGroups.get(key);
        return g == null ? -1 : g;
    }

    /** Index of the group whose key is null if it exists, else -1. */
    public int peekNull() {
        return nullGroup;
    }

    /**
     * A new group for {@code key}, which the caller knows has no group yet (each binding of a scan that
     * is the first step is a different node): no look-up, and the key stays out of the hash table, so
     * {@link #group} and {@link #peek} must not be used on this table.
     */
    public int groupUnique(long key) {
        return insert(key, -1, true);
    }

    private int find(long key) {
        int mask = table.length - 1;
        int i = mix(key) & mask;
        while (true) {
            int g = table[i];
            if (g == 0) {
                return insert(key, i, false);
            }
            if (g != -1 && keys[g - 1] == key && g - 1 != nullGroup) {
                return g - 1;
            }
            i = i + 1 & mask;
        }
    }

    /** Groups of string keys (String.hashCode is cached, so a look-up allocates nothing); the key of group g is {@code stringKeys[g]}. */
    private Map<String, Integer> stringGroups;
    private String[] stringKeys;

    /** Index of the group of the string {@code key} (null: the null group), created on first sight. */
    public int groupString(String key) {
        if (key == null) {
            return groupNull();
        }
        if (stringGroups == null) {
            stringGroups = new HashMap<>();
            stringKeys = new String[16];
        }
        Integer g = stringGroups.get(key);
        if (g != null) {
            return g;
        }
        int created = insert(0, -1, true);
        if (created >= stringKeys.length) {
            stringKeys = Arrays.copyOf(stringKeys, Math.max(created + 1, stringKeys.length * 2));
        }
        stringKeys[created] = key;
        stringGroups.put(key, created);
        return created;
    }

    /** Index of the group whose key is null. */
    public int groupNull() {
        if (nullGroup < 0) {
            nullGroup = insert(0, -1, true);
        }
        return nullGroup;
    }

    /** The one group of an aggregation without keys. */
    int single() {
        return groups == 0 ? insert(0, -1, true) : 0;
    }

    private int insert(long key, int slot, boolean outsideTable) {
        int g = groups++;
        if (g == keys.length) {
            int n = keys.length * 2;
            keys = Arrays.copyOf(keys, n);
            counts = Arrays.copyOf(counts, n * width);
            longs = Arrays.copyOf(longs, n * width);
            doubles = Arrays.copyOf(doubles, n * width);
        }
        keys[g] = key;
        if (!outsideTable) {
            table[slot] = g + 1;
            if (groups * 2 > table.length) {
                rehash();
            }
        }
        return g;
    }

    private void rehash() {
        int[] next = new int[table.length * 2];
        int mask = next.length - 1;
        for (int g = 0; g < groups; g++) {
            if (g == nullGroup) {
                continue;
            }
            int i = mix(keys[g]) & mask;
            while (next[i] != 0) {
                i = i + 1 & mask;
            }
            next[i] = g + 1;
        }
        table = next;
    }

    public void count(int g, int a) {
        counts[g * width + a]++;
    }

    public void sumLong(int g, int a, long v) {
        int i = g * width + a;
        longs[i] = Math.addExact(longs[i], v);
        counts[i]++;
    }

    public void sumDouble(int g, int a, double v) {
        int i = g * width + a;
        doubles[i] += v;
        counts[i]++;
    }

    public void avg(int g, int a, double v) {
        int i = g * width + a;
        doubles[i] += v;
        counts[i]++;
    }

    public void minLong(int g, int a, long v) {
        int i = g * width + a;
        if (counts[i]++ == 0 || v < longs[i]) {
            longs[i] = v;
        }
    }

    public void maxLong(int g, int a, long v) {
        int i = g * width + a;
        if (counts[i]++ == 0 || v > longs[i]) {
            longs[i] = v;
        }
    }

    public void minDouble(int g, int a, double v) {
        int i = g * width + a;
        if (counts[i]++ == 0 || Double.compare(v, doubles[i]) < 0) {
            doubles[i] = v;
        }
    }

    public void maxDouble(int g, int a, double v) {
        int i = g * width + a;
        if (counts[i]++ == 0 || Double.compare(v, doubles[i]) > 0) {
            doubles[i] = v;
        }
    }

    // the states of one group for compiled code that keeps them in locals while rows keep the same group

    public long countOf(int g, int a) {
        return counts[g * width + a];
    }

    public long longOf(int g, int a) {
        return longs[g * width + a];
    }

    public double doubleOf(int g, int a) {
        return doubles[g * width + a];
    }

    public void storeLong(int g, int a, long count, long v) {
        counts[g * width + a] = count;
        longs[g * width + a] = v;
    }

    public void storeCount(int g, int a, long count) {
        counts[g * width + a] = count;
    }

    public void storeDouble(int g, int a, long count, double v) {
        counts[g * width + a] = count;
        doubles[g * width + a] = v;
    }

    /** Rows in group order: {@code columnSource[i]} is -1 for the key column, else the aggregate index. */
    List<Object[]> rows(int[] columnSource) {
        List<Object[]> out = new ArrayList<>(groups);
        for (int g = 0; g < groups; g++) {
            Object[] row = new Object[columnSource.length];
            for (int c = 0; c < row.length; c++) {
                int a = columnSource[c];
                row[c] = a < 0 ? key(g) : result(g, a);
            }
            out.add(row);
        }
        return out;
    }

    private Object key(int g) {
        if (g == nullGroup) {
            return null;
        }
        return switch (keyType) {
            case RowBuffer.NODE -> new NodeValue((int) keys[g]);
            case RowBuffer.STRING -> stringKeys[g];
            default -> keys[g];
        };
    }

    private Object result(int g, int a) {
        int i = g * width + a;
        long n = counts[i];
        return switch (fns[a]) {
            case COUNT -> n;
            case SUM_LONG -> longs[i];
            case SUM_DOUBLE -> n == 0 ? (Object) 0L : (Object) doubles[i]; // sum of nothing is the integer 0, as interpreted
            case AVG -> n == 0 ? null : doubles[i] / n;
            case MIN_LONG, MAX_LONG -> n == 0 ? null : (Object) longs[i];
            case MIN_DOUBLE, MAX_DOUBLE -> n == 0 ? null : (Object) doubles[i];
        };
    }
}
