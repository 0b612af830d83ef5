package io.wally.maps.importer;

/**
 * The one rule for place names shared by map files and map edits: a place is looked up as a node name,
 * then as a node id ({@code "17"}), then as coordinates {@code "x,y"} in metres, so a name that reads
 * as an id or as coordinates is ambiguous (it shadows the node or the point of that name) and is
 * refused. Stateless; any thread.
 */
public final class PlaceNames {

    private PlaceNames() {
    }

    /** True when {@code text} reads as a node id (an integer, surrounding blanks ignored). */
    public static boolean isNodeId(String text) {
        try {
            Integer.parseInt(text.strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The {@code {x, y}} that {@code text} reads as ({@code "x,y"}, any two numbers, even NaN), or null. */
    public static double[] coordinates(String text) {
        String s = text.strip();
        int comma = s.indexOf(',');
        if (comma <= 0) {
            return null;
        }
        try {
            return new double[] {Double.parseDouble(s.substring(0, comma).strip()), Double.parseDouble(s.substring(comma + 1).strip())};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Why {@code name} is ambiguous as a place (reads as an id or as "x,y"), or null when it is not. */
    public static String whyAmbiguous(String name) {
        if (isNodeId(name)) {
            return "reads as a node id; a name must not be a number (places are looked up by name, then id)";
        }
        if (coordinates(name) != null) {
            return "reads as coordinates \"x,y\"; a name must not be two numbers with a comma";
        }
        return null;
    }
}
