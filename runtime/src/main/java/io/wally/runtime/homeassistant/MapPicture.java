package io.wally.runtime.homeassistant;

import io.wally.maps.importer.CellState;
import io.wally.maps.importer.OccupancyGrid;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws the map as Home Assistant's map picture: the occupancy grid (free white, walls dark, unknown grey),
 * the place names, the active path (red), the goal (blue ring) and the robot (green disc with a heading
 * tick), as PNG bytes. The grid is drawn once; each {@link #png} copies it and draws the moving parts.
 *
 * <p>Threading: one owner thread (the adapter's); not thread-safe (it keeps the drawn grid).
 */
public final class MapPicture {

    private static final Color FREE = Color.WHITE;
    private static final Color WALL = new Color(40, 40, 40);
    private static final Color UNKNOWN = new Color(170, 170, 170);
    private static final Color LABEL = new Color(90, 90, 90);
    private static final Color PATH = new Color(220, 30, 30);
    private static final Color GOAL = new Color(20, 60, 230);
    private static final Color ROBOT = new Color(0, 160, 0);
    /** Largest side of the picture, pixels: enough to read on a dashboard card, small as a PNG. */
    private static final int MAX_SIDE_PIXELS = 800;

    /** A label drawn at a point, metres. */
    public record Label(String text, double xMeters, double yMeters) {
    }

    private final OccupancyGrid grid;
    private final int scale;
    private final BufferedImage base;

    /** @param labels place names drawn on the map (fixed for this picture) */
    public MapPicture(OccupancyGrid grid, List<Label> labels) {
        System.setProperty("java.awt.headless", "true");
        this.grid = grid;
        this.scale = Math.max(1, Math.min(6, MAX_SIDE_PIXELS / Math.max(grid.width(), grid.height())));
        this.base = new BufferedImage(grid.width() * scale, grid.height() * scale, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = base.createGraphics();
        try {
            for (int row = 0; row < grid.height(); row++) {
                for (int col = 0; col < grid.width(); col++) {
                    CellState s = grid.state(col, row);
                    g.setColor(s == CellState.FREE ? FREE : s == CellState.UNKNOWN ? UNKNOWN : WALL);
                    g.fillRect(col * scale, row * scale, scale, scale);
                }
            }
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(9, 4 * scale)));
            g.setColor(LABEL);
            java.awt.FontMetrics metrics = g.getFontMetrics();
            for (Label l : labels) { // centred just above the place
                float x = (float) px(l.xMeters(), l.yMeters()) - metrics.stringWidth(l.text()) / 2f;
                x = Math.max(2, Math.min(x, base.getWidth() - metrics.stringWidth(l.text()) - 2f)); // inside the picture
                g.drawString(l.text(), x,
                        (float) py(l.xMeters(), l.yMeters()) - 3 * scale);
            }
        } finally {
            g.dispose();
        }
    }

    /** Picture width, pixels. */
    public int widthPixels() {
        return base.getWidth();
    }

    /** Picture height, pixels. */
    public int heightPixels() {
        return base.getHeight();
    }

    /**
     * The picture now, as PNG bytes.
     *
     * @param path    waypoints {@code {x, y}} in metres of the active path (may be empty)
     * @param goal    the goal {@code {x, y}} in metres, or null
     */
    public byte[] png(double robotX, double robotY, double headingRadians, double[][] path, double[] goal) {
        BufferedImage image = new BufferedImage(base.getWidth(), base.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.drawImage(base, 0, 0, null);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            if (path.length > 0) {
                Path2D.Double line = new Path2D.Double();
                line.moveTo(px(robotX, robotY), py(robotX, robotY));
                for (double[] p : path) {
                    line.lineTo(px(p[0], p[1]), py(p[0], p[1]));
                }
                g.setColor(PATH);
                g.setStroke(new BasicStroke(Math.max(2f, scale * 0.8f), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.draw(line);
            }
            if (goal != null) {
                double r = 3.0 * scale;
                g.setColor(GOAL);
                g.setStroke(new BasicStroke(Math.max(2f, scale * 0.8f)));
                g.drawOval((int) Math.round(px(goal[0], goal[1]) - r), (int) Math.round(py(goal[0], goal[1]) - r),
                        (int) (2 * r), (int) (2 * r));
            }
            double r = 2.5 * scale;
            double x = px(robotX, robotY);
            double y = py(robotX, robotY);
            g.setColor(ROBOT);
            g.fillOval((int) Math.round(x - r), (int) Math.round(y - r), (int) (2 * r), (int) (2 * r));
            double yaw = headingRadians + grid.originYawRadians();
            g.setStroke(new BasicStroke(Math.max(2f, scale * 0.6f)));
            g.drawLine((int) x, (int) y, (int) Math.round(x + Math.cos(yaw) * 2 * r), (int) Math.round(y - Math.sin(yaw) * 2 * r));
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer available in this JDK");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("PNG to memory failed", e);
        }
        return out.toByteArray();
    }

    /** Pixel x of world point (x, y): fractional cell column times the scale. */
    private double px(double x, double y) {
        double dx = x - grid.originX();
        double dy = y - grid.originY();
        double lx = Math.cos(grid.originYawRadians()) * dx + Math.sin(grid.originYawRadians()) * dy;
        return lx / grid.resolutionMetres() * scale;
    }

    /** Pixel y of world point (x, y): row 0 is the top (the grid's far side). */
    private double py(double x, double y) {
        double dx = x - grid.originX();
        double dy = y - grid.originY();
        double ly = -Math.sin(grid.originYawRadians()) * dx + Math.cos(grid.originYawRadians()) * dy;
        return (grid.height() - ly / grid.resolutionMetres()) * scale;
    }
}
