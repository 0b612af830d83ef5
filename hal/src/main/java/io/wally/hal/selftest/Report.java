package io.wally.hal.selftest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The results of a self-test, in the order the checks ran, with a verdict and a plain-text table.
 *
 * <p>Immutable. The table and the verdict are ASCII only, so that they read the same in any terminal or
 * journal whatever its character set.
 *
 * @param results every check's result, in order
 */
public record Report(List<Result> results) {

    /** Device, check and result columns, then the detail. */
    private static final String ROW_FORMAT = "%-16s %-10s %-7s %s";
    /** A hint starts under the check column. */
    private static final String HINT_INDENT = " ".repeat(17);
    /** Hints wrap before this column, so that they fit an 80-column terminal. */
    public static final int HINT_WIDTH = 80;

    /** Copies the list. */
    public Report {
        results = List.copyOf(Objects.requireNonNull(results, "results"));
    }

    /**
     * Runs {@code checks} in order, one device after another, and hands each result to {@code onResult} as it
     * comes (a person at the robot sees progress while motors spin). A check whose device already failed an
     * earlier check is skipped: the device is absent or the wrong one, and further checks would only repeat
     * that.
     */
    public static Report run(List<Check> checks, Consumer<Result> onResult) {
        List<Result> results = new ArrayList<>(checks.size());
        Set<String> failedDevices = new HashSet<>();
        for (Check check : checks) {
            Result result = failedDevices.contains(check.device())
                    ? new Result(check.device(), check.name(), Result.Status.SKIPPED,
                            "an earlier check of " + check.device() + " failed", "")
                    : check.run();
            if (result.failed()) {
                failedDevices.add(check.device());
            }
            results.add(result);
            onResult.accept(result);
        }
        return new Report(results);
    }

    /** The failed results, in order. */
    public List<Result> failures() {
        return results.stream().filter(Result::failed).toList();
    }

    /** True when no check failed (skipped checks do not fail the test). */
    public boolean passed() {
        return failures().isEmpty();
    }

    /**
     * One line: {@code VERDICT: PASS - all 9 checks passed}, {@code VERDICT: PASS - 6 checks passed, 2 skipped},
     * or {@code VERDICT: FAIL - 2 of 9 checks failed: ranger front echo, motor left spin}.
     */
    public String verdictLine() {
        long skipped = results.stream().filter(r -> r.status() == Result.Status.SKIPPED).count();
        List<Result> failures = failures();
        if (failures.isEmpty()) {
            return "VERDICT: PASS - " + (skipped == 0 ? "all " + results.size() + " checks passed"
                    : (results.size() - skipped) + " checks passed, " + skipped + " skipped");
        }
        return "VERDICT: FAIL - " + failures.size() + " of " + results.size() + " checks failed: "
                + String.join(", ", failures.stream().map(r -> r.device() + " " + r.check()).toList());
    }

    /** The header line of {@link #table()}, for printing rows one by one with {@link #row}. */
    public static String header() {
        return String.format(ROW_FORMAT, "DEVICE", "CHECK", "RESULT", "DETAIL");
    }

    /**
     * One result as a table line (fixed columns: device 16, check 10, result 7, then the detail), and for a
     * failure its hint below, {@code -> what to check}, wrapped to {@value #HINT_WIDTH} columns.
     */
    public static String row(Result r) {
        String line = String.format(ROW_FORMAT, r.device(), r.check(), r.status(), r.detail()).stripTrailing();
        if (r.hint().isEmpty()) {
            return line;
        }
        StringBuilder out = new StringBuilder(line).append(System.lineSeparator()).append(HINT_INDENT).append("->");
        int column = HINT_INDENT.length() + 2;
        for (String word : r.hint().split(" ")) {
            if (column + 1 + word.length() > HINT_WIDTH && column > HINT_INDENT.length() + 2) {
                out.append(System.lineSeparator()).append(HINT_INDENT).append("  ");
                column = HINT_INDENT.length() + 2;
            }
            out.append(' ').append(word);
            column += 1 + word.length();
        }
        return out.toString();
    }

    /** The whole table: header, one row per result (plus its hint), and the verdict line. */
    public String table() {
        StringBuilder out = new StringBuilder(header()).append(System.lineSeparator());
        results.forEach(r -> out.append(row(r)).append(System.lineSeparator()));
        return out.append(verdictLine()).append(System.lineSeparator()).toString();
    }
}
