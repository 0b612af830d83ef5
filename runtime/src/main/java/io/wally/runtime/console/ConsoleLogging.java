package io.wally.runtime.console;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Sends every log line of the process through a {@link Console} while it is installed, so that log lines
 * land above the status line and never into it: {@code System.Logger} output (which goes to
 * {@code java.util.logging}'s root logger) as one line per record ({@code WARNING MqttBridge: message}),
 * and whatever libraries write to standard error (slf4j-simple: Moquette, Netty, Jetty) line by line.
 *
 * <pre>{@code
 * try (ConsoleLogging logging = ConsoleLogging.install(console)) {
 *     ... run ...
 * }   // the root handlers and System.err are as before
 * }</pre>
 *
 * <p>Threading: any thread may log; lines are handed to the console, which serialises them.
 */
public final class ConsoleLogging implements AutoCloseable {

    private final Logger root;
    private final Handler[] previousHandlers;
    private final Handler handler;
    private final PrintStream previousErr;
    private boolean closed;

    private ConsoleLogging(Logger root, Handler[] previousHandlers, Handler handler, PrintStream previousErr) {
        this.root = root;
        this.previousHandlers = previousHandlers;
        this.handler = handler;
        this.previousErr = previousErr;
    }

    /** Routes the root logger's records and {@code System.err} through {@code console} until {@link #close}. */
    public static ConsoleLogging install(Console console) {
        Logger root = LogManager.getLogManager().getLogger("");
        Handler[] previous = root.getHandlers();
        Level threshold = previous.length > 0 ? previous[0].getLevel() : Level.INFO;
        Handler handler = new ConsoleHandler(console);
        handler.setLevel(threshold);
        for (Handler h : previous) {
            root.removeHandler(h);
        }
        root.addHandler(handler);
        PrintStream previousErr = System.err;
        System.setErr(new PrintStream(new LineSplitter(console), true, StandardCharsets.UTF_8));
        return new ConsoleLogging(root, previous, handler, previousErr);
    }

    /** One line for a log record: level, the logger's simple name, the message; an error's stack trace follows. */
    static List<String> format(LogRecord record) {
        String name = record.getLoggerName() == null ? "" : record.getLoggerName();
        String simple = name.substring(name.lastIndexOf('.') + 1);
        String message = record.getMessage();
        if (record.getParameters() != null && record.getParameters().length > 0 && message != null) {
            message = new MessageFormat(message, Locale.ROOT).format(record.getParameters());
        }
        String line = record.getLevel().getName() + " " + simple + ": " + message;
        Throwable thrown = record.getThrown();
        if (thrown == null) {
            return List.of(line);
        }
        if (record.getLevel().intValue() < Level.SEVERE.intValue()) {
            return List.of(line + " (" + thrown + ")");
        }
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        return List.of(line, trace.toString().stripTrailing());
    }

    /** Puts back the handlers and standard error as they were. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        root.removeHandler(handler);
        for (Handler h : previousHandlers) {
            root.addHandler(h);
        }
        System.setErr(previousErr);
    }

    private static final class ConsoleHandler extends Handler {
        private final Console console;

        ConsoleHandler(Console console) {
            this.console = console;
        }

        @Override
        public void publish(LogRecord record) {
            if (!isLoggable(record)) {
                return;
            }
            for (String line : format(record)) {
                console.println(line);
            }
        }

        @Override
        public void flush() {
            // the console flushes every line
        }

        @Override
        public void close() {
            // the console belongs to its owner
        }
    }

    /** Bytes written to standard error, handed to the console a whole line at a time (UTF-8). */
    private static final class LineSplitter extends OutputStream {
        private final Console console;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        LineSplitter(Console console) {
            this.console = console;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                String line = pending.toString(StandardCharsets.UTF_8);
                pending.reset();
                console.println(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            } else {
                pending.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                write(bytes[i]);
            }
        }

        @Override
        public synchronized void flush() {
            // a partial line waits for its end: printing it would break the status line
        }
    }
}
