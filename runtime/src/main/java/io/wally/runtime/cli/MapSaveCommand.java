package io.wally.runtime.cli;

import io.wally.maps.store.StoreException;
import io.wally.maps.store.StoreInspection;
import io.wally.runtime.mapping.StoreMapExport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wally map save --store DIR --out FILE.yaml}: writes the map a store holds (walls, sensed obstacles, edits)
 * as a ROS map_server YAML + PGM and its named places as {@code FILE-places.yaml}; see {@link StoreMapExport}.
 * Opens the store read-only (never changes a byte).
 */
@Command(name = "save", mixinStandardHelpOptions = true,
        description = {"Writes the map a store holds as a ROS map_server YAML + PGM and its places as FILE-places.yaml.",
            "The PGM opens in ROS tools, the places file in wally sim --map and wally plan. The store is opened read-only."})
final class MapSaveCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--store", required = true, paramLabel = "DIR", description = "The map store directory (store.dir).")
    Path store;

    @Option(names = "--out", required = true, paramLabel = "FILE.yaml", description = "Where to write the ROS map YAML.")
    Path out;

    @Override
    public Integer call() {
        if (!out.getFileName().toString().endsWith(".yaml")) {
            throw new UserErrorException("--out must name a .yaml file; was " + out);
        }
        StoreCommand.existingStore(store);
        try (StoreInspection inspection = StoreInspection.open(store)) {
            StoreMapExport.Written w = StoreMapExport.write(inspection.graph(), out);
            PrintWriter o = spec.commandLine().getOut();
            o.printf(Locale.ROOT, "wrote %s, %s (%d x %d cells of %.3f m) and %s (%d places)%n", out, w.pgm(), w.width(), w.height(),
                    w.resolutionMeters(), w.places(), w.placeCount());
            return 0;
        } catch (StoreException e) {
            throw new UserErrorException(e.getMessage(), ExitCodes.USAGE);
        } catch (IllegalArgumentException e) {
            throw new UserErrorException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UserErrorException("cannot write " + out + ": " + e.getMessage(), e);
        }
    }
}
