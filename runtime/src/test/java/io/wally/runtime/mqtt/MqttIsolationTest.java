package io.wally.runtime.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Paho and Moquette stay behind our own types: the rest of the runtime never imports them. */
class MqttIsolationTest {

    private static final Path MAIN = Path.of("src", "main", "java");

    private static List<String> filesImporting(String packagePrefix) throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> {
                        try {
                            return Files.readAllLines(f).stream().anyMatch(l -> l.startsWith("import " + packagePrefix)
                                    || l.contains(" " + packagePrefix) && !l.trim().startsWith("*") && !l.trim().startsWith("//"));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .map(f -> MAIN.relativize(f).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void shouldUsePahoOnlyInTheTransportWhenAnyoneImportsIt() throws IOException {
        assertThat(filesImporting("org.eclipse.paho")).containsExactly("io/wally/runtime/mqtt/PahoMqttTransport.java");
    }

    @Test
    void shouldUseMoquetteOnlyInTheEmbeddedBrokerWhenAnyoneImportsIt() throws IOException {
        assertThat(filesImporting("io.moquette")).containsExactly("io/wally/runtime/mqtt/EmbeddedBroker.java");
    }
}
