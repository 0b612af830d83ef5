package io.wally.runtime.console;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The terminal of a running robot: lines printed with {@link #println} go above the status line, never
 * into it; {@link #status} shows the status line.
 *
 * <p>On a terminal ({@code live}) the status line is redrawn in place ({@code \r}, the line, clear to the
 * end of the line) and kept one column short of the width, so that it never wraps; a line printed meanwhile
 * first clears the status line, then the status line is drawn again below it. Elsewhere (a pipe, a file,
 * the systemd journal) each status is a plain line of its own.
 *
 * <p>Thread-safe: every method holds the console's lock while it writes, so that lines from logging threads
 * and the status line never interleave. After {@link #close} status lines are ignored (a Ctrl-C summary
 * is the last thing shown) and lines are still printed.
 */
public final class Console implements AutoCloseable {

    /** Width used when neither {@code $COLUMNS} nor the terminal says. */
    public static final int DEFAULT_WIDTH = 80;
    private static final String CLEAR_TO_END = "\u001b[K";

    private final PrintWriter out;
    private final boolean live;
    private final int width;
    private String shownStatus;
    private boolean closed;

    /**
     * @param out   where everything goes (standard output)
     * @param live  redraw the status line in place (a terminal), else plain lines
     * @param width columns of the terminal, at least 20
     */
    public Console(PrintWriter out, boolean live, int width) {
        if (width < 20) {
            throw new IllegalArgumentException("console width must be at least 20 columns; was " + width);
        }
        this.out = out;
        this.live = live;
        this.width = width;
    }

    /**
     * A console on {@code out}: live when standard input and output are a terminal and {@code plain} is
     * false; as wide as {@code $COLUMNS}, else the terminal ({@code stty size}), else {@value #DEFAULT_WIDTH}.
     */
    public static Console forStandardOutput(PrintWriter out, boolean plain) {
        boolean terminal = System.console() != null && System.console().isTerminal();
        return new Console(out, terminal && !plain, width(System.getenv(), terminal));
    }

    /** Columns from {@code env}'s {@code COLUMNS} (when a number of 20 to 1000), else the terminal's, else 80. */
    static int width(Map<String, String> env, boolean terminal) {
        String columns = env.get("COLUMNS");
        if (columns != null) {
            try {
                int n = Integer.parseInt(columns.strip());
                if (n >= 20 && n <= 1000) {
                    return n;
                }
            } catch (NumberFormatException notANumber) {
                // fall through to the terminal's own idea
            }
        }
        return terminal ? terminalWidth() : DEFAULT_WIDTH;
    }

    /** {@code stty size} on the controlling terminal (shells do not export COLUMNS); 80 when that fails. */
    private static int terminalWidth() {
        try {
            Process stty = new ProcessBuilder("stty", "size").redirectInput(ProcessBuilder.Redirect.from(new File("/dev/tty"))).redirectErrorStream(true).start();
            if (!stty.waitFor(1, TimeUnit.SECONDS)) {
                stty.destroyForcibly();
                return DEFAULT_WIDTH;
            }
            String[] rowsCols = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip().split("\\s+");
            int cols = rowsCols.length == 2 ? Integer.parseInt(rowsCols[1]) : 0;
            return cols >= 20 ? cols : DEFAULT_WIDTH;
        } catch (IOException | NumberFormatException e) {
            return DEFAULT_WIDTH;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DEFAULT_WIDTH;
        }
    }

    /** Columns a line may take. */
    public int width() {
        return width;
    }

    /** Whether the status line is redrawn in place. */
    public boolean live() {
        return live;
    }

    /** Prints {@code line} above the status line (which is drawn again below it). */
    public synchronized void println(String line) {
        if (live && shownStatus != null) {
            out.print("\r" + CLEAR_TO_END);
        }
        out.println(line);
        if (live && shownStatus != null) {
            out.print(shownStatus);
        }
        out.flush();
    }

    /** Shows {@code line} as the status: redrawn in place when live, else printed as a line. Ignored after {@link #close}. */
    public synchronized void status(StatusLine line) {
        if (closed) {
            return;
        }
        if (live) {
            shownStatus = line.render(width - 1); // the last column would make some terminals wrap
            out.print("\r" + shownStatus + CLEAR_TO_END);
        } else {
            out.println(line.render(width));
        }
        out.flush();
    }

    /** Ends the live status line with a newline (it stays on screen); later status lines are ignored. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (live && shownStatus != null) {
            out.println();
        }
        shownStatus = null;
        out.flush();
    }
}
