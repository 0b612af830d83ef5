package io.wally.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a benchmark's JSON results go: the file given with {@code --json} (its directory made), else stdout. */
public final class BenchJson {

    private BenchJson() {
    }

    /**
     * Writes {@code result} pretty-printed to {@code json} and says so, or prints it when {@code json} is null.
     *
     * @param echo also print the JSON when it goes to a file
     */
    public static void write(ObjectNode result, Path json, boolean echo) throws IOException {
        String text = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(result);
        if (json == null) {
            System.out.println(text);
            return;
        }
        Path parent = json.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(json, text + System.lineSeparator());
        if (echo) {
            System.out.println(text);
        }
        System.out.println("wrote " + json);
    }
}
