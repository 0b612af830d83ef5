package io.wally.runtime.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class ConsoleLoggingTest {

    @Test
    void shouldPrintLogRecordsAndStandardErrorAboveStatusLineUntilClosed() {
        StringWriter screen = new StringWriter();
        Console console = new Console(new PrintWriter(screen), false, 80);
        System.Logger log = System.getLogger("io.wally.test.SomeAgent");

        try (ConsoleLogging logging = ConsoleLogging.install(console)) {
            log.log(System.Logger.Level.WARNING, "broker away");
            System.err.print("[main] WARN moquette - half a ");
            System.err.println("line, then the rest");
        }
        System.err.println("after close: not on the console");

        assertThat(screen.toString().lines().toList()).containsExactly("WARNING SomeAgent: broker away",
                "[main] WARN moquette - half a line, then the rest");
    }

    @Test
    void shouldFormatParametersAndKeepStackTraceOfErrorsOnly() {
        LogRecord warning = new LogRecord(Level.WARNING, "{0} lost");
        warning.setLoggerName("io.wally.runtime.mqtt.MqttBridge");
        warning.setParameters(new Object[] {"connection"});
        warning.setThrown(new IllegalStateException("boom"));
        assertThat(ConsoleLogging.format(warning))
                .containsExactly("WARNING MqttBridge: connection lost (java.lang.IllegalStateException: boom)");

        LogRecord error = new LogRecord(Level.SEVERE, "agent threw");
        error.setThrown(new IllegalStateException("boom"));
        assertThat(ConsoleLogging.format(error)).hasSize(2).first().isEqualTo("SEVERE : agent threw");
        assertThat(ConsoleLogging.format(error).get(1)).startsWith("java.lang.IllegalStateException: boom").contains("\tat ");
    }
}
