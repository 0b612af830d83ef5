package io.wally.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code wally query} on the sample house (read-only: the map file is not written). */
class QueryCommandTest {

    private static final String HOUSE = "../maps/samples/house.yaml";

    @Test
    void shouldPrintATableOfPlacesWhenQueried() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // when
        int code = CliTestSupport.run(out, err, "query", "--map", HOUSE, "MATCH (w:waypoint) RETURN name(w) AS door ORDER BY door");
        // then
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("""
                door
                ----------------
                front door
                kitchen door
                living room door
                """).contains("3 rows");
    }

    @Test
    void shouldPrintJsonLinesWithParameters() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // when
        int code = CliTestSupport.run(out, err, "query", "--map", HOUSE, "--json", "--param", "who=dock",
                "MATCH (p) WHERE name(p) = $who RETURN p, kind(p) AS kind");
        // then
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString().strip()).matches("\\{\"p\":\\{\"id\":\\d+,\"name\":\"dock\"},\"kind\":\"dock\"}");
    }

    @Test
    void shouldExitWithUsageAndACaretWhenTheQueryIsWrong() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // when
        int syntax = CliTestSupport.run(out, err, "query", "--map", HOUSE, "MATCH (p:room) RETURN p ORDER");
        int label = CliTestSupport.run(out, err, "query", "--map", HOUSE, "MATCH (p:garage) RETURN p");
        // then
        assertThat(syntax).isEqualTo(ExitCodes.USAGE);
        assertThat(label).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("line 1, column 30: expected BY but found the end of the query")
                .contains("MATCH (p:room) RETURN p ORDER\n                             ^")
                .contains("unknown label :garage");
    }

    @Test
    void shouldReadParametersAsTheirTypes() {
        assertThat(QueryCommand.parseParams(java.util.List.of("a=3", "b=2.5", "c=true", "d='kitchen'", "e=hall way")))
                .isEqualTo(Map.of("a", 3L, "b", 2.5, "c", true, "d", "kitchen", "e", "hall way"));
    }
}
