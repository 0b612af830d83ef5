package io.wally.runtime.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleTest {

    private final StringWriter screen = new StringWriter();

    private static StatusLine status(String t) {
        return StatusLine.builder().add("t", t, 9).add("mqtt", "connected", 10);
    }

    @Test
    void shouldRedrawStatusInPlaceAndPrintLinesAboveItOnTerminal() {
        Console console = new Console(new PrintWriter(screen), true, 40);

        console.status(status("1.0s"));
        console.status(status("2.0s"));
        console.println("WARNING MqttBridge: connection lost");
        console.close();

        assertThat(screen.toString()).isEqualTo(
                "\rt 1.0s  mqtt connected\u001b[K"
                        + "\rt 2.0s  mqtt connected\u001b[K"
                        // the log line clears the status line, takes its place, and the status is drawn below it
                        + "\r\u001b[KWARNING MqttBridge: connection lost" + System.lineSeparator()
                        + "t 2.0s  mqtt connected"
                        + System.lineSeparator());
    }

    @Test
    void shouldPrintPlainStatusLinesWhenNotTerminalAndIgnoreStatusAfterClose() {
        Console console = new Console(new PrintWriter(screen), false, 80);

        console.status(status("1.0s"));
        console.println("a log line");
        console.close();
        console.status(status("2.0s"));
        console.println("summary");

        assertThat(screen.toString().lines().toList())
                .containsExactly("t 1.0s  mqtt connected", "a log line", "summary");
        assertThat(console.live()).isFalse();
        assertThat(console.width()).isEqualTo(80);
    }

    @Test
    void shouldKeepLiveStatusOneColumnShortOfWidth() {
        Console console = new Console(new PrintWriter(screen), true, 20);
        console.status(StatusLine.builder().add("t", "1.0s", 9).add("x", "0123456789", 1));
        // "t 1.0s  x 0123456789" is 20 columns: too wide for 19, so "x" goes
        assertThat(screen.toString()).isEqualTo("\rt 1.0s\u001b[K");
    }

    @Test
    void shouldTakeWidthFromColumnsElseDefault() {
        assertThat(Console.width(Map.of("COLUMNS", "132"), false)).isEqualTo(132);
        assertThat(Console.width(Map.of("COLUMNS", "wide"), false)).isEqualTo(Console.DEFAULT_WIDTH);
        assertThat(Console.width(Map.of("COLUMNS", "5"), false)).isEqualTo(Console.DEFAULT_WIDTH);
        assertThat(Console.width(Map.of(), false)).isEqualTo(Console.DEFAULT_WIDTH);
        assertThatThrownBy(() -> new Console(new PrintWriter(screen), true, 10)).hasMessageContaining("was 10");
    }
}
