package io.wally.bench.store;

/**
 * Names for the store benchmarks: grid-cell names as a map importer makes them ({@code "cell-R-C"}),
 * and absent names of the same shape that no graph holds.
 */
public final class NameWorkloads {

    private NameWorkloads() {
    }

    /** {@code count} distinct present names, {@code "cell-<row>-<col>"} on a grid {@code columns} wide. */
    public static String[] gridNames(int count, int columns) {
        String[] names = new String[count];
        for (int i = 0; i < count; i++) {
            names[i] = "cell-" + (i / columns) + "-" + (i % columns);
        }
        return names;
    }

    /** {@code count} distinct names of the same shape that {@link #gridNames} never produces. */
    public static String[] absentNames(int count, int columns) {
        String[] names = new String[count];
        for (int i = 0; i < count; i++) {
            names[i] = "cell-" + (i / columns) + "-x" + (i % columns);
        }
        return names;
    }

    /** {@code count} distinct 60-70 char path-like names ending in {@code corner}. */
    public static String[] longNames(int count, String corner) {
        String[] names = new String[count];
        for (int i = 0; i < count; i++) {
            names[i] = "building-7/floor-3/room-" + i + "/waypoint-" + corner + "-corner-of-the-hall";
        }
        return names;
    }
}
