package io.wally.runtime.cli;

import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code wally.jar}: the {@code wally} command line.
 *
 * <p>Each subcommand is its own class, named in {@link #SUBCOMMANDS}; {@link #run} loads only the one the
 * arguments name (picocli builds a command's model by reflection over its options, mixins and their types, which
 * for all of them took about a second of a Pi's start), so {@code wally --version} and {@code wally --help} load no
 * subcommand's model, no MQTT broker and no YAML parser. The help's command list reads each command's first
 * description line from its {@code @Command} annotation without initialising the class. A subcommand whose
 * feature has not landed yet says so on one line and exits {@link ExitCodes#NOT_AVAILABLE}.
 */
@Command(
        name = "wally",
        mixinStandardHelpOptions = true,
        versionProvider = WallyVersion.class,
        description = "Runs WALLY, a small two-wheeled robot: its sensors, navigation graph, planner, motors and MQTT.",
        footer = {"", "Quick start: ./wally sim    Tests: ./wally test    Docs: docs/README.md"})
public final class WallyMain implements Runnable {

    /** A subcommand: its name on the command line and the class that implements it (loaded on use). */
    record Subcommand(String name, String className) {
    }

    /** Every subcommand, in the order the help lists them; one line each. */
    static final List<Subcommand> SUBCOMMANDS = List.of(
            new Subcommand("sim", "io.wally.runtime.cli.SimCommand"),
            new Subcommand("explore", "io.wally.runtime.cli.ExploreCommand"),
            new Subcommand("run", "io.wally.runtime.cli.RunCommand"),
            new Subcommand("plan", "io.wally.runtime.cli.PlanCommand"),
            new Subcommand("map", "io.wally.runtime.cli.MapCommand"),
            new Subcommand("store", "io.wally.runtime.cli.StoreCommand"),
            new Subcommand("passwd", "io.wally.runtime.cli.PasswdCommand"),
            new Subcommand("bench", "io.wally.runtime.cli.BenchCommand"),
            new Subcommand("embed", "io.wally.runtime.cli.EmbedCommand"),
            new Subcommand("similar", "io.wally.runtime.cli.SimilarCommand"),
            new Subcommand("rooms", "io.wally.runtime.cli.RoomsCommand"),
            new Subcommand("query", "io.wally.runtime.cli.QueryCommand"),
            new Subcommand("selftest", "io.wally.runtime.cli.SelftestCommand"),
            new Subcommand("help", CommandLine.HelpCommand.class.getName()));

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits the JVM with its exit code. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line without exiting, loading only the subcommand {@code args} name: for tests and embedding. */
    public static int run(String... args) {
        return commandLineFor(args).execute(args);
    }

    /** The configured picocli command line with every subcommand registered (exit codes and error handling set up). */
    public static CommandLine commandLine() {
        CommandLine cli = topLevel();
        for (Subcommand sub : SUBCOMMANDS) {
            add(cli, sub);
        }
        return cli;
    }

    /**
     * The command line for {@code args}: the subcommand named by the first argument only (with {@code help NAME},
     * the help command and {@code NAME}); none for options such as {@code --version} or no argument; every one
     * when the first argument names no subcommand, so that picocli can suggest the nearest names.
     */
    static CommandLine commandLineFor(String... args) {
        if (args.length == 0 || args[0].startsWith("-")) {
            return topLevel();
        }
        Optional<Subcommand> named = find(args[0]);
        if (named.isEmpty()) {
            return commandLine();
        }
        CommandLine cli = topLevel();
        add(cli, named.get());
        if (named.get().name().equals("help") && args.length > 1) {
            find(args[1]).ifPresent(sub -> add(cli, sub));
        }
        return cli;
    }

    private static CommandLine topLevel() {
        CommandLine cli = new CommandLine(new WallyMain());
        cli.setExecutionExceptionHandler(new CliErrors());
        // The command list from SUBCOMMANDS, whether or not they are registered in this command line.
        cli.getCommandSpec().usageMessage().customSynopsis("wally [-hV] [COMMAND]");
        cli.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING,
                help -> "Commands:" + System.lineSeparator());
        cli.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, WallyMain::commandList);
        return cli;
    }

    private static Optional<Subcommand> find(String name) {
        return SUBCOMMANDS.stream().filter(sub -> sub.name().equals(name)).findFirst();
    }

    private static void add(CommandLine cli, Subcommand sub) {
        cli.addSubcommand(sub.name(), commandClass(sub, true));
    }

    private static Class<?> commandClass(Subcommand sub, boolean initialise) {
        try {
            return Class.forName(sub.className(), initialise, WallyMain.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("subcommand " + sub.name() + ": no class " + sub.className() + " in wally.jar", e);
        }
    }

    /**
     * What the command list says of {@code sub}, as picocli would: the first line of its {@code @Command} header, else
     * of its description; read from the annotation without initialising the class.
     */
    static String summary(Subcommand sub) {
        Command command = commandClass(sub, false).getAnnotation(Command.class);
        if (command == null) {
            throw new IllegalStateException("subcommand " + sub.name() + ": " + sub.className() + " has no @Command");
        }
        String[] lines = command.header().length > 0 ? command.header() : command.description();
        return lines.length == 0 ? "" : lines[0].replace("%n", " ").replace("%%", "%").strip();
    }

    private static String commandList(CommandLine.Help help) {
        CommandLine.Help.ColorScheme colors = help.colorScheme();
        int width = help.commandSpec().usageMessage().width();
        // picocli's own layout: names indented by 2 in a column 2 wider than the longest, descriptions wrapped
        int nameColumn = SUBCOMMANDS.stream().mapToInt(sub -> sub.name().length()).max().orElse(0) + 2;
        CommandLine.Help.TextTable table = CommandLine.Help.TextTable.forColumns(colors,
                new CommandLine.Help.Column(nameColumn, 2, CommandLine.Help.Column.Overflow.SPAN),
                new CommandLine.Help.Column(width - nameColumn, 2, CommandLine.Help.Column.Overflow.WRAP));
        for (Subcommand sub : SUBCOMMANDS) {
            table.addRowValues(colors.commandText(sub.name()), colors.text(summary(sub)));
        }
        return table.toString();
    }

    @Override
    public void run() {
        // "wally" alone: show what there is rather than doing something surprising.
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
