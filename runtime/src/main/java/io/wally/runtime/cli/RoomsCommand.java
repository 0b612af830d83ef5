package io.wally.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.wally.maps.embed.RoomOutline;
import io.wally.maps.embed.RoomSegmentation;
import io.wally.maps.embed.RoomSegmenter;
import io.wally.maps.importer.CellState;
import io.wally.maps.importer.GridGraph;
import io.wally.maps.importer.NamedPlacesLoader;
import io.wally.maps.importer.OccupancyGrid;
import io.wally.maps.importer.PlaceKind;
import io.wally.maps.importer.PlaceMap;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code wally rooms}: finds the rooms of a grid map ({@link RoomSegmenter}), lists them as places
 * {@code room-1, room-2, …}, optionally draws them and writes them as a named-places file to rename and use.
 *
 * <p>When the map is a named-places file whose rooms have outlines, the agreement with them is printed too.
 * Exit codes: 0 done, 2 bad input (no grid, bad option).
 */
@Command(
        name = "rooms",
        mixinStandardHelpOptions = true,
        description = {
            "Finds the rooms of a grid map from place embeddings and offers them as places room-1, room-2, ...",
            "  wally rooms --map FILE [--rooms N] [--png OUT.png] [--places OUT.yaml]"
        })
final class RoomsCommand implements Callable<Integer> {

    private static final Color[] PALETTE = {
        new Color(230, 25, 75), new Color(60, 180, 75), new Color(255, 200, 25), new Color(0, 130, 200), new Color(245, 130, 48),
        new Color(145, 30, 180), new Color(70, 220, 220), new Color(240, 50, 230), new Color(150, 200, 60), new Color(250, 170, 170),
        new Color(0, 128, 128), new Color(170, 110, 40)
    };

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--map", paramLabel = "FILE", required = true, description = "A grid map: ROS map_server YAML, named-places YAML with a grid, or .map.")
    Path map;

    @Option(names = "--rooms", paramLabel = "N", description = "How many rooms (default: the number of outlined rooms in the map, else 6).")
    Integer rooms;

    @Option(names = "--png", paramLabel = "OUT.png", description = "Draw the rooms in colour on the map.")
    Path png;

    @Option(names = "--places", paramLabel = "OUT.yaml", description = "Write the rooms as a named-places file (rename them there).")
    Path places;

    @Override
    public Integer call() throws IOException {
        PlaceMap placeMap = EmbedCommand.EmbeddingOptions.load(map);
        try (var graph = placeMap.graph()) {
            GridGraph grid = placeMap.grid().orElseThrow(() -> new UserErrorException(map + " has no occupancy grid: rooms are found on grids"));
            List<RoomOutline> truth = placeMap.source() == PlaceMap.Source.NAMED_PLACES ? outlines() : List.of();
            int count = rooms != null ? rooms : truth.isEmpty() ? 6 : truth.size();
            RoomSegmenter.Settings settings;
            try {
                settings = RoomSegmenter.Settings.defaults(count);
            } catch (IllegalArgumentException e) {
                throw new UserErrorException("--rooms: " + e.getMessage());
            }
            long start = System.nanoTime();
            RoomSegmentation segmentation = RoomSegmenter.segment(grid, settings);
            double ms = (System.nanoTime() - start) / 1e6;
            PrintWriter w = spec.commandLine().getOut();
            w.printf(Locale.ROOT, "%d rooms on %s (%.0f ms):%n", segmentation.rooms().size(), map, ms);
            boolean metres = placeMap.source() != PlaceMap.Source.MOVING_AI;
            for (RoomSegmentation.Room room : segmentation.rooms()) {
                String area = metres ? String.format(Locale.ROOT, "  %6.2f m2", room.cells() * Math.pow(grid.grid().resolutionMetres(), 2)) : "";
                w.printf(Locale.ROOT, "  %-8s %6d cells%s  place at (%.2f, %.2f)%n", room.name(), room.cells(), area, room.x(), room.y());
            }
            if (!truth.isEmpty()) {
                w.printf(Locale.ROOT, "agreement with the map's %d outlined rooms: %.4f%n", truth.size(), RoomSegmenter.agreement(segmentation, grid, truth));
            }
            if (png != null) {
                ImageIO.write(draw(grid, segmentation), "png", prepare(png).toFile());
                w.println("png:    " + png);
            }
            if (places != null) {
                Files.writeString(prepare(places), placesYaml(segmentation));
                w.println("places: " + places + " (rename the rooms there)");
            }
            w.flush();
        }
        return ExitCodes.OK;
    }

    private List<RoomOutline> outlines() {
        return NamedPlacesLoader.load(map).places().stream().filter(p -> p.kind() == PlaceKind.ROOM && !p.outline().isEmpty())
                .map(p -> new RoomOutline(p.name(), p.outline())).toList();
    }

    /** A named-places file on the same grid with one room place per segment. */
    private String placesYaml(RoomSegmentation segmentation) throws IOException {
        Path gridFile = map;
        if (!map.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".map")) {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(map.toFile());
            if (root.has("grid")) {
                gridFile = map.toAbsolutePath().getParent().resolve(root.get("grid").asText());
            }
        }
        Path outDir = places.toAbsolutePath().getParent();
        StringBuilder b = new StringBuilder("# Rooms found by wally rooms on ").append(map).append(": rename them as you like.\n");
        b.append("grid: ").append(outDir.relativize(gridFile.toAbsolutePath())).append('\n');
        b.append("places:\n");
        for (RoomSegmentation.Room room : segmentation.rooms()) {
            b.append(String.format(Locale.ROOT, "  - {name: %s, kind: room, x: %.3f, y: %.3f}%n", room.name(), room.x(), room.y()));
        }
        return b.toString();
    }

    private static Path prepare(Path out) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return out;
    }

    private static BufferedImage draw(GridGraph grid, RoomSegmentation segmentation) {
        System.setProperty("java.awt.headless", "true");
        OccupancyGrid cells = grid.grid();
        int w = cells.width();
        int h = cells.height();
        int scale = Math.max(1, Math.min(8, 1000 / Math.max(w, h)));
        BufferedImage image = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        for (int row = 0; row < h; row++) {
            for (int col = 0; col < w; col++) {
                int room = segmentation.roomAt(col, row);
                Color c = room == RoomSegmentation.NO_ROOM
                        ? (cells.state(col, row) == CellState.UNKNOWN ? new Color(160, 160, 160) : new Color(30, 30, 30))
                        : PALETTE[room % PALETTE.length];
                g.setColor(c);
                g.fillRect(col * scale, row * scale, scale, scale);
            }
        }
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(11, Math.min(16, scale * 5))));
        for (RoomSegmentation.Room room : segmentation.rooms()) {
            int node = grid.nodeAt(room.x(), room.y());
            int px = grid.col(node) * scale + scale / 2;
            int py = grid.row(node) * scale + scale / 2;
            g.setColor(Color.BLACK);
            g.fillOval(px - 4, py - 4, 9, 9);
            g.drawString(room.name(), px + 7, py - 5);
        }
        g.dispose();
        return image;
    }
}
