package io.wally.runtime.console;

import java.util.ArrayList;
import java.util.List;

/**
 * One status line made of named fields ({@code pos 1.00,1.00}, {@code mqtt connected}) that fits a given
 * width: when the fields do not fit, the least important ones are left out (never cut in the middle),
 * and a single field that is still too wide is cut with {@code ~} at the end.
 *
 * <pre>{@code
 * String line = StatusLine.builder()
 *         .add("t", "12.3s", 9).add("pos", "1.00,1.00", 8).add("mqtt", "connected", 10)
 *         .render(79);   // "t 12.3s  pos 1.00,1.00  mqtt connected"
 * }</pre>
 *
 * <p>Widths count characters (code points), one column each. Immutable once built; not thread-safe while
 * building.
 */
public final class StatusLine {

    /** Between two fields. */
    static final String SEPARATOR = "  ";

    /**
     * One field.
     *
     * @param name     what it is, shown before the value ({@code pos}); empty for a value that names itself
     * @param value    the value as shown
     * @param priority higher stays longer when the line is too wide; equal priorities drop the later first
     */
    public record Field(String name, String value, int priority) {

        String text() {
            return name.isEmpty() ? value : name + " " + value;
        }
    }

    private final List<Field> fields = new ArrayList<>();

    private StatusLine() {
    }

    /** A line with no fields yet. */
    public static StatusLine builder() {
        return new StatusLine();
    }

    /** Appends a field; see {@link Field}. */
    public StatusLine add(String name, String value, int priority) {
        fields.add(new Field(name, value, priority));
        return this;
    }

    /** The fields in order, all of them. */
    public List<Field> fields() {
        return List.copyOf(fields);
    }

    /**
     * The line within {@code width} columns: every field in order when they fit, else without the least
     * important ones.
     *
     * @param width columns available, at least 1
     */
    public String render(int width) {
        if (width < 1) {
            throw new IllegalArgumentException("width must be at least 1; was " + width);
        }
        List<Field> kept = new ArrayList<>(fields);
        while (kept.size() > 1 && columns(join(kept)) > width) {
            kept.remove(leastImportant(kept));
        }
        String line = join(kept);
        if (columns(line) <= width) {
            return line;
        }
        int cut = line.offsetByCodePoints(0, width - 1);
        return line.substring(0, cut) + "~";
    }

    private static int leastImportant(List<Field> kept) {
        int index = kept.size() - 1;
        for (int i = kept.size() - 1; i >= 0; i--) {
            if (kept.get(i).priority() < kept.get(index).priority()) {
                index = i;
            }
        }
        return index;
    }

    private static String join(List<Field> kept) {
        StringBuilder b = new StringBuilder();
        for (Field f : kept) {
            if (!b.isEmpty()) {
                b.append(SEPARATOR);
            }
            b.append(f.text());
        }
        return b.toString();
    }

    /** Columns taken by {@code text}: one per code point. */
    static int columns(String text) {
        return text.codePointCount(0, text.length());
    }
}
