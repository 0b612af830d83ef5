package io.wally.runtime.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class PlaceTest {

    @Test
    void shouldParseIdsCoordinatesAndNamesOnceIntoTheirOwnKind() throws Exception {
        assertThat(Place.parse("to", "17")).isEqualTo(new Place.Node(17));
        assertThat(Place.parse("to", " 8 ")).isEqualTo(new Place.Node(8));
        assertThat(Place.parse("to", "1.5, -2")).isEqualTo(new Place.Point(1.5, -2));
        assertThat(Place.parse("to", "kitchen")).isEqualTo(new Place.Named("kitchen"));
        assertThat(Place.parse("to", "charger 2")).isEqualTo(new Place.Named("charger 2"));
    }

    @Test
    void shouldRefuseWithACodeNamingTheFieldWhenTextCannotBeAPlace() {
        RequestRefused blank = catchThrowableOfType(RequestRefused.class, () -> Place.parse("target", " "));
        RequestRefused nan = catchThrowableOfType(RequestRefused.class, () -> Place.parse("target", "NaN,1"));
        RequestRefused far = catchThrowableOfType(RequestRefused.class, () -> Place.parse("from", "2e6,0"));
        RequestRefused longName = catchThrowableOfType(RequestRefused.class, () -> Place.parse("to", "x".repeat(256)));

        assertThat(blank.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(blank.getMessage()).startsWith("field 'target'");
        assertThat(nan.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(nan.getMessage()).contains("reads as coordinates").contains("\"NaN,1\"");
        assertThat(far.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(far.getMessage()).startsWith("field 'from'");
        assertThat(longName.code()).isEqualTo(ErrorCode.TOO_LARGE);
        assertThat(longName.getMessage()).contains("256 bytes").contains("limit is 255");
    }

    @Test
    void shouldParseAlgorithmsCaseInsensitivelyAndListTheChoicesWhenUnknown() throws Exception {
        assertThat(Algorithm.parse("algorithm", " Dijkstra ")).isEqualTo(Algorithm.DIJKSTRA);
        RequestRefused teleport = catchThrowableOfType(RequestRefused.class, () -> Algorithm.parse("algorithm", "teleport"));
        assertThat(teleport.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(teleport.getMessage()).contains("'teleport'").contains("astar, dijkstra, bfs");
    }

    @Test
    void shouldGiveEveryErrorCodeALowercaseWireName() {
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(code.wireName()).matches("[a-z_]+").isEqualTo(code.name().toLowerCase(Locale.ROOT));
        }
        assertThat(ErrorCode.UNKNOWN_NODE.wireName()).isEqualTo("unknown_node");
    }
}
