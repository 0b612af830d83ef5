package io.wally.runtime.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the project's own files (such as {@code robot-config/sim.yaml}) when {@code wally} is started
 * from another directory: a relative path that does not exist under the working directory is looked up
 * under {@code $WALLY_HOME}, which the {@code ./wally} launcher sets to the project root.
 */
final class ProjectFiles {

    private ProjectFiles() {
    }

    /** {@code path} itself when it exists or is absolute, else the same path under {@code $WALLY_HOME} if that exists. */
    static Path locate(Path path) {
        return locate(path, System.getenv("WALLY_HOME"));
    }

    static Path locate(Path path, String wallyHome) {
        if (path.isAbsolute() || Files.exists(path) || wallyHome == null || wallyHome.isBlank()) {
            return path;
        }
        Path underHome = Path.of(wallyHome).resolve(path);
        return Files.exists(underHome) ? underHome : path;
    }
}
