package io.wally.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md: dependencies point one way, runtime -> maps and runtime -> hal. The POMs enforce it for
 * compilation (enforcer bannedDependencies); this test also catches a fully-qualified use or an import
 * in any source file, main or test, of hal and maps.
 */
class ModuleBoundaryTest {

    @Test
    void shouldKeepHalFreeOfMapsAndRuntime() {
        assertThat(offending(Path.of("../hal/src"), Pattern.compile("io\\.wally\\.(maps|runtime)\\b"))).isEmpty();
    }

    @Test
    void shouldKeepMapsFreeOfHalAndRuntime() {
        assertThat(offending(Path.of("../maps/src"), Pattern.compile("io\\.wally\\.(hal|runtime)\\b"))).isEmpty();
    }

    private static List<String> offending(Path sources, Pattern forbidden) {
        assertThat(sources).isDirectory();
        try (Stream<Path> files = Files.walk(sources)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .flatMap(p -> lines(p).stream()
                            .filter(line -> !isComment(line) && forbidden.matcher(line).find())
                            .map(line -> p + ": " + line.strip()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isComment(String line) {
        String code = line.strip();
        return code.startsWith("*") || code.startsWith("/*") || code.startsWith("//");
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
