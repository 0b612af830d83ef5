package io.wally.maps.embed;

import java.util.List;

/**
 * A named room's outline: a simple polygon of corners in world metres, used as ground truth when scoring
 * a {@link RoomSegmentation}.
 *
 * @param name the room's name
 * @param corners {@code [x, y]} corners in order, at least 3
 */
public record RoomOutline(String name, List<double[]> corners) {

    public RoomOutline {
        corners = List.copyOf(corners);
        if (corners.size() < 3) {
            throw new IllegalArgumentException("outline of '" + name + "' needs at least 3 corners; had " + corners.size());
        }
    }

    /** Whether {@code (x, y)} lies inside the outline (even-odd rule). */
    public boolean contains(double x, double y) {
        boolean inside = false;
        for (int i = 0, j = corners.size() - 1; i < corners.size(); j = i++) {
            double xi = corners.get(i)[0];
            double yi = corners.get(i)[1];
            double xj = corners.get(j)[0];
            double yj = corners.get(j)[1];
            if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) {
                inside = !inside;
            }
        }
        return inside;
    }
}
