package io.wally.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.maps.store.StoreInspection;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wally store info} reads as a table for people: one labelled line per figure, units, no record dumps. */
class StoreInfoOutputTest {

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void shouldPrintLabelledLinesWithUnitsAndNoRawRecordsWhenAskedForInfo() {
        // given a store with a snapshot and a log tail
        Path dir = tmp.resolve("store");
        CliTestSupport.run(new StringWriter(), err, "store", "torture", "--dir", dir.toString(), "--ops", "300", "--seed", "4",
                "--checkpoint-every", "40");
        int nodes;
        int edges;
        try (StoreInspection store = StoreInspection.open(dir)) {
            nodes = store.graph().nodeCount();
            edges = store.graph().edgeCount();
        }

        // when
        int code = CliTestSupport.run(out, err, "store", "info", "--dir", dir.toString());

        // then every line is "label  value", the figures carry units, and nothing is a toString of a record
        assertThat(code).as(err.toString()).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).extracting(l -> l.substring(0, 12).strip())
                .containsExactly("store", "snapshot", "log", "last LSN", "graph", "state", "memory", "properties", "names");
        assertThat(lines).allSatisfy(l -> assertThat(l).doesNotContain("[", "=", "E-", "e-"));
        assertThat(lines.subList(1, lines.size())).allSatisfy(l -> assertThat(l).hasSizeLessThanOrEqualTo(100));
        assertThat(lines.get(1)).matches("snapshot    \\d+(\\.\\d)? (B|KiB|MiB) at LSN \\d+, opened in \\d+\\.\\d ms");
        assertThat(lines.get(2)).matches("log         \\d+ segments?, \\d+(\\.\\d)? (B|KiB|MiB); \\d+ records? replayed in \\d+\\.\\d ms");
        assertThat(lines.get(4)).isEqualTo("graph       " + nodes + " nodes, " + edges + " edges, node ids below " + lines.get(4).replaceAll(".* ", ""));
        assertThat(lines.get(6)).matches("memory      \\d+\\.\\d KiB off-heap; edge blocks [\\d,]+ in use of [\\d,]+ \\(peak [\\d,]+, \\d+\\.\\d % fragmented\\)");
    }
}
