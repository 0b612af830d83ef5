package io.wally.runtime.homeassistant;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.maps.importer.NamedPlacesLoader;
import io.wally.maps.importer.OccupancyGrid;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The map picture of the sample house: a PNG under 100 KB with the robot, its path and its goal where they are. */
class MapPictureTest {

    static final Path HOUSE = Path.of("../maps/samples/house.yaml");

    @Test
    void shouldDrawRobotPathAndGoalInUnder100KbWhenDrivingInSampleHouse() throws Exception {
        OccupancyGrid grid = NamedPlacesLoader.load(HOUSE).grid();
        MapPicture picture = new MapPicture(grid, List.of(new MapPicture.Label("dock", 1.0, 1.0),
                new MapPicture.Label("kitchen", 7.8, 0.7)));
        double[][] path = {{2.0, 1.0}, {4.0, 1.5}, {6.5, 1.0}, {7.8, 0.7}};

        byte[] png = picture.png(1.0, 1.0, 0.0, path, path[path.length - 1]);

        Path out = Path.of("target", "homeassistant-map.png");
        Files.createDirectories(out.getParent());
        Files.write(out, png); // to look at
        assertThat(png.length).as("PNG bytes").isLessThan(100 * 1024);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(picture.widthPixels());
        assertThat(image.getHeight()).isEqualTo(picture.heightPixels());
        int[] robot = pixel(grid, picture, 1.0, 1.0);
        assertThat(rgb(image, robot)).as("robot disc").isEqualTo(0x00A000);
        int[] onPath = pixel(grid, picture, 3.0, 1.25); // half-way along the second leg
        assertThat(rgb(image, onPath) >> 16 & 0xFF).as("path red").isGreaterThan(150);
        assertThat(rgb(image, onPath) & 0xFF).as("path not white").isLessThan(120);
        int[] wall = pixel(grid, picture, 0.02, 4.0); // the west outer wall
        assertThat(rgb(image, wall)).as("wall").isEqualTo(0x282828);
    }

    private static int[] pixel(OccupancyGrid grid, MapPicture picture, double x, double y) {
        double scale = (double) picture.widthPixels() / grid.width();
        return new int[] {(int) ((x - grid.originX()) / grid.resolutionMetres() * scale),
                (int) ((grid.height() - (y - grid.originY()) / grid.resolutionMetres()) * scale)};
    }

    private static int rgb(BufferedImage image, int[] p) {
        return image.getRGB(p[0], p[1]) & 0xFFFFFF;
    }
}
