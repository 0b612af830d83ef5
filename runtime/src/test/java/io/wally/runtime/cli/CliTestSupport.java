package io.wally.runtime.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/** What the command-line tests share: running {@code wally} in-process, and a private copy of the sim config. */
final class CliTestSupport {

    private CliTestSupport() {
    }

    /** Runs {@code wally args} as the launcher would, its output and errors going to {@code out} and {@code err}. */
    static int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cli = WallyMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    /**
     * robot-config/sim.yaml written into {@code dir} with the house map by absolute path and a private store
     * directory, so that a test neither depends on its working directory nor touches ~/.wally.
     */
    static Path privateSimConfig(Path dir) throws IOException {
        return privateSimConfig(dir, Files.readString(Path.of("../robot-config/sim.yaml")));
    }

    /** As {@link #privateSimConfig(Path)}, with the embedded broker on {@code embeddedPort}. */
    static Path privateSimConfig(Path dir, int embeddedPort) throws IOException {
        return privateSimConfig(dir, Files.readString(Path.of("../robot-config/sim.yaml"))
                .replace("embeddedPort: 1883", "embeddedPort: " + embeddedPort));
    }

    /** As {@link #privateSimConfig(Path)}, from {@code yaml} (robot-config/sim.yaml as read, perhaps changed). */
    static Path privateSimConfig(Path dir, String yaml) throws IOException {
        String privateYaml = yaml
                .replace("../maps/samples/house.yaml", Path.of("../maps/samples/house.yaml").toAbsolutePath().toString())
                .replace("~/.wally/sim-store", dir.resolve("store").toString());
        return Files.writeString(dir.resolve("sim.yaml"), privateYaml);
    }
}
