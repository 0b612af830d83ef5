package io.wally.runtime.cli.plan;

import io.wally.maps.EdgeCursor;
import io.wally.maps.NavGraph;
import io.wally.maps.importer.CellState;
import io.wally.maps.importer.GridGraph;
import io.wally.maps.importer.OccupancyGrid;
import io.wally.maps.importer.PlaceMap;
import io.wally.maps.plan.Path;
import io.wally.maps.plan.Planner;
import io.wally.maps.zone.Zone;
import io.wally.maps.zone.ZoneKind;
import io.wally.maps.zone.Zones;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.util.function.DoubleBinaryOperator;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.util.function.IntFunction;
import javax.imageio.ImageIO;

/**
 * Draws a plan as a PNG with java.awt (headless): the map (grid cells, or the place graph), the cells
 * the search expanded, the path, start and goal, and the place names.
 *
 * <p>Colours: free white, occupied black, unknown grey, free cells blocked by the inflation (the robot's
 * clearance from walls) light grey, expanded light blue, path red, start green,
 * goal blue; keep-out zones hatched red, speed zones shaded orange, each outlined and named. Stateless; safe from any thread.
 */
public final class PlanImage {

    private static final Color FREE = Color.WHITE;
    private static final Color OCCUPIED = new Color(30, 30, 30);
    private static final Color UNKNOWN = new Color(160, 160, 160);
    /** Free cells the inflation blocked: the robot's clearance from walls. */
    private static final Color CLEARANCE = new Color(222, 222, 222);
    private static final Color EXPANDED = new Color(170, 210, 255);
    private static final Color PATH = new Color(220, 20, 20);
    private static final Color START = new Color(0, 170, 0);
    private static final Color GOAL = new Color(20, 60, 230);
    private static final Color KEEPOUT = new Color(200, 0, 0);
    private static final Color SPEED = new Color(230, 130, 0);

    private PlanImage() {
    }

    /**
     * Writes the picture of {@code path} on {@code map} to {@code out}; {@code planner} must be the one
     * that computed the path (its expanded-node marks are drawn).
     */
    public static void write(PlaceMap map, Planner planner, Path path, int start, int goal, java.nio.file.Path out) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = map.grid().isPresent()
                ? drawGrid(map, map.grid().get(), planner, path, start, goal)
                : drawPlaces(map, planner, path, start, goal);
        java.nio.file.Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(image, "png", out.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }

    private static BufferedImage drawGrid(PlaceMap map, GridGraph grid, Planner planner, Path path, int start, int goal) {
        OccupancyGrid cells = grid.grid();
        int w = cells.width();
        int h = cells.height();
        int scale = Math.max(1, Math.min(8, 1000 / Math.max(w, h)));
        BufferedImage image = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        NavGraph graph = map.graph();
        for (int row = 0; row < h; row++) {
            for (int col = 0; col < w; col++) {
                int node = grid.node(col, row);
                Color c;
                if (graph.isBlocked(node)) {
                    CellState state = cells.state(col, row);
                    c = state == CellState.UNKNOWN ? UNKNOWN : state == CellState.FREE ? CLEARANCE : OCCUPIED;
                } else {
                    c = planner.wasExpanded(node) ? EXPANDED : FREE;
                }
                g.setColor(c);
                g.fillRect(col * scale, row * scale, scale, scale);
            }
        }
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        drawZones(g, w * scale, Zones.read(graph), (x, y) -> (x - cells.originX()) / cells.resolutionMetres() * scale,
                (x, y) -> (cells.height() - (y - cells.originY()) / cells.resolutionMetres()) * scale);
        g.setColor(PATH);
        g.setStroke(new BasicStroke(Math.max(2f, scale * 0.8f), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (int i = 1; i < path.nodeCount(); i++) {
            int[] a = pixel(grid, graph, path.node(i - 1), scale);
            int[] b = pixel(grid, graph, path.node(i), scale);
            g.drawLine(a[0], a[1], b[0], b[1]);
        }
        int radius = Math.max(4, scale * 3);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(10, Math.min(14, scale * 4))));
        for (var place : map.places()) {
            int[] p = pixel(grid, graph, place.node(), scale);
            g.setColor(new Color(120, 60, 0));
            g.fillOval(p[0] - 2, p[1] - 2, 5, 5);
            g.drawString(place.name(), p[0] + radius + 3, p[1] - 4);
        }
        marker(g, pixel(grid, graph, start, scale), START, radius);
        marker(g, pixel(grid, graph, goal, scale), GOAL, radius);
        g.dispose();
        return image;
    }

    /** Pixel centre of {@code node}: its cell, or (a place) the point of its coordinates. */
    private static int[] pixel(GridGraph grid, NavGraph graph, int node, int scale) {
        if (grid.isCell(node)) {
            return new int[] {grid.col(node) * scale + scale / 2, grid.row(node) * scale + scale / 2};
        }
        OccupancyGrid cells = grid.grid();
        double col = (graph.x(node) - cells.originX()) / cells.resolutionMetres();
        double rowFromBottom = (graph.y(node) - cells.originY()) / cells.resolutionMetres();
        return new int[] {(int) Math.round(col * scale), (int) Math.round((cells.height() - rowFromBottom) * scale)};
    }

    private static BufferedImage drawPlaces(PlaceMap map, Planner planner, Path path, int start, int goal) {
        NavGraph graph = map.graph();
        float minX = Float.MAX_VALUE;
        float minY = Float.MAX_VALUE;
        float maxX = -Float.MAX_VALUE;
        float maxY = -Float.MAX_VALUE;
        for (int n = 0; n < graph.nodeIdLimit(); n++) {
            if (graph.containsNode(n)) {
                minX = Math.min(minX, graph.x(n));
                maxX = Math.max(maxX, graph.x(n));
                minY = Math.min(minY, graph.y(n));
                maxY = Math.max(maxY, graph.y(n));
            }
        }
        double span = Math.max(1e-6, Math.max(maxX - minX, maxY - minY));
        double scale = 700 / span;
        int size = 800;
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(FREE);
        g.fillRect(0, 0, size, size);
        float fx = minX;
        float fy = minY;
        IntFunction<int[]> at = n -> new int[] {
            50 + (int) Math.round((graph.x(n) - fx) * scale), size - 50 - (int) Math.round((graph.y(n) - fy) * scale)};
        drawZones(g, size, Zones.read(graph), (x, y) -> 50 + (x - fx) * scale, (x, y) -> size - 50 - (y - fy) * scale);
        EdgeCursor out = graph.edges();
        g.setColor(UNKNOWN);
        for (int n = 0; n < graph.nodeIdLimit(); n++) {
            if (!graph.containsNode(n)) {
                continue;
            }
            out.moveTo(n);
            while (out.next()) {
                int[] a = at.apply(n);
                int[] b = at.apply(out.to());
                g.drawLine(a[0], a[1], b[0], b[1]);
            }
        }
        g.setStroke(new BasicStroke(4f));
        g.setColor(PATH);
        for (int i = 1; i < path.nodeCount(); i++) {
            int[] a = at.apply(path.node(i - 1));
            int[] b = at.apply(path.node(i));
            g.drawLine(a[0], a[1], b[0], b[1]);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (int n = 0; n < graph.nodeIdLimit(); n++) {
            if (!graph.containsNode(n)) {
                continue;
            }
            int[] p = at.apply(n);
            g.setColor(graph.isBlocked(n) ? OCCUPIED : planner.wasExpanded(n) ? EXPANDED.darker() : UNKNOWN);
            g.fillOval(p[0] - 5, p[1] - 5, 10, 10);
            g.setColor(OCCUPIED);
            graph.name(n).ifPresent(name -> g.drawString(name, p[0] + 7, p[1] - 7));
        }
        marker(g, at.apply(start), START, 8);
        marker(g, at.apply(goal), GOAL, 8);
        g.dispose();
        return image;
    }

    /** Each zone as a filled, outlined polygon with its name; {@code px}, {@code py} map metres to pixels. */
    private static void drawZones(Graphics2D g, int imageWidth, Zones zones, DoubleBinaryOperator px, DoubleBinaryOperator py) {
        java.awt.Stroke stroke = g.getStroke();
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        for (Zone z : zones.list()) {
            Path2D.Double outline = new Path2D.Double();
            for (int i = 0; i < z.cornerCount(); i++) {
                double x = px.applyAsDouble(z.cornerX(i), z.cornerY(i));
                double y = py.applyAsDouble(z.cornerX(i), z.cornerY(i));
                if (i == 0) {
                    outline.moveTo(x, y);
                } else {
                    outline.lineTo(x, y);
                }
            }
            outline.closePath();
            Color c = z.kind() == ZoneKind.KEEPOUT ? KEEPOUT : SPEED;
            g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 70));
            g.fill(outline);
            if (z.kind() == ZoneKind.KEEPOUT) { // hatched, so a keep-out reads as one even in grey print
                java.awt.Shape clip = g.getClip();
                g.clip(outline);
                var box = outline.getBounds();
                g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 150));
                g.setStroke(new BasicStroke(1.5f));
                for (int d = -box.height; d < box.width; d += 10) {
                    g.drawLine(box.x + d, box.y + box.height, box.x + d + box.height, box.y);
                }
                g.setClip(clip);
            }
            g.setColor(c);
            g.setStroke(new BasicStroke(2f));
            g.draw(outline);
            var box = outline.getBounds();
            String label = z.kind() == ZoneKind.KEEPOUT ? z.name() + " (keep-out)"
                    : z.name() + (Double.isNaN(z.maxSpeedMps()) ? "" : " (≤ " + z.maxSpeedMps() + " m/s)");
            // beside the zone's top right when it fits (not over the places' names), else inside its top left
            int textWidth = g.getFontMetrics().stringWidth(label);
            int lx = box.x + box.width + 6 + textWidth < imageWidth ? box.x + box.width + 4 : box.x + 4;
            int ly = box.y + 16;
            g.setColor(new Color(255, 255, 255, 210));
            g.fillRect(lx - 2, ly - 13, textWidth + 4, 17);
            g.setColor(c.darker());
            g.drawString(label, lx, ly);
        }
        g.setStroke(stroke);
    }

    private static void marker(Graphics2D g, int[] p, Color colour, int radius) {
        g.setColor(colour);
        g.fillOval(p[0] - radius, p[1] - radius, 2 * radius, 2 * radius);
        g.setColor(Color.WHITE);
        g.drawOval(p[0] - radius, p[1] - radius, 2 * radius, 2 * radius);
    }
}
