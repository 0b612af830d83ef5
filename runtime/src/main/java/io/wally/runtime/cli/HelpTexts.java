package io.wally.runtime.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Finds help texts that read as cut off: a command's summary (the line its parent's command list shows:
 * its header, else the first line of its description), its whole description, or an option's description
 * that does not end a sentence (with {@code .}, {@code ?}, {@code !} or a closing bracket). Indented
 * description lines are usage examples and are not read as prose. Used by the tests of {@code wally} and
 * {@code wally bench}; stateless.
 */
public final class HelpTexts {

    /** How a sentence may end: a full stop, question or exclamation mark, or a closing bracket after one. */
    private static final Pattern ENDS_A_SENTENCE = Pattern.compile(".*[.?!][)\"']?$|.*\\)$");

    private HelpTexts() {
    }

    /** One line per help text under {@code root} (itself and every subcommand, recursively) that ends mid-sentence. */
    public static List<String> cutTexts(CommandLine root) {
        List<String> problems = new ArrayList<>();
        walk(root, problems);
        return problems;
    }

    private static void walk(CommandLine command, List<String> problems) {
        CommandSpec spec = command.getCommandSpec();
        String name = spec.qualifiedName();
        String[] header = spec.usageMessage().header();
        String[] description = spec.usageMessage().description();
        String summary = header.length > 0 ? header[0] : description.length > 0 ? description[0] : "";
        if (!summary.isBlank() && !endsASentence(summary)) {
            problems.add(name + ": summary (shown in its parent's command list) ends mid-sentence: '" + summary + "'");
        }
        String lastProse = "";
        for (String line : description) {
            if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
                lastProse = line;
            }
        }
        if (!lastProse.isBlank() && !endsASentence(lastProse)) {
            problems.add(name + ": description ends mid-sentence: '" + lastProse + "'");
        }
        for (OptionSpec option : spec.options()) {
            check(name + " " + option.longestName(), option, problems);
        }
        for (ArgSpec parameter : spec.positionalParameters()) {
            check(name + " " + parameter.paramLabel(), parameter, problems);
        }
        for (CommandLine sub : command.getSubcommands().values()) {
            if (sub.getParent() == command) { // aliases list a command twice
                walk(sub, problems);
            }
        }
    }

    private static void check(String what, ArgSpec arg, List<String> problems) {
        String[] lines = arg.description();
        String text = String.join(" ", lines).strip();
        if (!text.isEmpty() && !endsASentence(text)) {
            problems.add(what + ": description ends mid-sentence: '" + text + "'");
        }
    }

    private static boolean endsASentence(String text) {
        String plain = text.strip();
        if (plain.endsWith("%n")) { // a format line break (picocli's own help command ends with one)
            plain = plain.substring(0, plain.length() - 2).strip();
        }
        return ENDS_A_SENTENCE.matcher(plain).matches();
    }
}
