package io.wally.maps.importer;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads YAML files written by users (the robot configuration, map files) with limits, so that a
 * hostile or broken file gets a one-line error instead of a crash, a hang or a silent surprise:
 *
 * <ul>
 *   <li>size: the file's size is checked before it is read (and the parser stops at the same limit
 *       should the file grow meanwhile);</li>
 *   <li>nesting: at most {@value #MAX_NESTING_DEPTH} levels of mappings and lists;</li>
 *   <li>duplicate keys in one mapping are an error (YAML says keys are unique; Jackson would keep the
 *       last one silently);</li>
 *   <li>aliases ({@code *name}) and anchors of mappings and lists ({@code &name}) are refused: the
 *       streaming parser would read an alias as the text of its name, and refusing is safer than
 *       expanding them (no "billion laughs"). An anchor on a plain value, never used, is harmless and
 *       not reported (the parser does not see it).</li>
 * </ul>
 *
 * <p>Usage: {@link #read} returns the text once it passed every check; parse it with a mapper built on
 * {@link #factory} (which repeats the size, nesting and duplicate limits). Stateless; any thread.
 */
public final class SafeYaml {

    /** Largest map YAML read, bytes: a named-places file of 16 MiB holds some 300,000 places. */
    public static final long MAX_MAP_FILE_BYTES = 16L * 1024 * 1024;

    /** Deepest nesting of mappings and lists accepted; wally's files need fewer than 8 levels. */
    public static final int MAX_NESTING_DEPTH = 32;

    private SafeYaml() {
    }

    /**
     * A YAML file refused by a limit, or malformed. {@link #getMessage()} is one line without the file name
     * or the position (the caller adds them in its own style): e.g. {@code duplicate key 'robot' (each key
     * may appear once in a mapping)}.
     */
    public static final class YamlException extends IOException {
        private static final long serialVersionUID = 1L;
        private final int line;
        private final int column;
        private final boolean syntax;

        YamlException(int line, int column, boolean syntax, String message) {
            super(message);
            this.line = line;
            this.column = column;
            this.syntax = syntax;
        }

        /** 1-based line of the problem, or -1 when it is about the whole file (its size, its encoding). */
        public int line() {
            return line;
        }

        /** 1-based column of the problem, or -1 when unknown. */
        public int column() {
            return column;
        }

        /** True when the text is not YAML at all (a syntax error), false when a limit refused it. */
        public boolean syntax() {
            return syntax;
        }
    }

    /**
     * A YAML factory with the limits: {@code maxBytes} of input (in code points, which are never more
     * than bytes in UTF-8), {@value #MAX_NESTING_DEPTH} levels, duplicate keys refused.
     */
    public static YAMLFactory factory(long maxBytes) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, Math.max(1, maxBytes)));
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(0);
        options.setNestingDepthLimit(MAX_NESTING_DEPTH);
        return YAMLFactory.builder()
                .loaderOptions(options)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                .build();
    }

    /**
     * Reads {@code file} as UTF-8 text and checks it against every limit; returns the text.
     *
     * @param maxBytes largest file accepted, bytes; a larger file is refused before it is read
     * @throws java.nio.file.NoSuchFileException when there is no such file
     * @throws YamlException a limit is exceeded or the YAML is malformed (one line, with the line number)
     * @throws IOException the file cannot be read
     */
    public static String read(Path file, long maxBytes) throws IOException {
        long size = Files.size(file);
        if (size > maxBytes) {
            throw new YamlException(-1, -1, false, "the file is " + size + " bytes; the limit is " + maxBytes + " bytes ("
                    + describeBytes(maxBytes) + ")");
        }
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length > maxBytes) { // grew since the size check, or a special file
            throw new YamlException(-1, -1, false, "the file is over the limit of " + maxBytes + " bytes (" + describeBytes(maxBytes) + ")");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new YamlException(-1, -1, false, "not UTF-8 text");
        }
        check(text, maxBytes);
        return text;
    }

    /** Walks every token of {@code text} with the limits; throws {@link YamlException} on the first problem. */
    static void check(String text, long maxBytes) throws YamlException {
        JsonParser parser = null;
        try {
            parser = factory(maxBytes).createParser(text);
            while (parser.nextToken() != null) {
                refuseAnchorsAndAliases(parser);
            }
        } catch (StreamConstraintsException e) {
            throw at(e.getLocation(), parser, false, "nested deeper than " + MAX_NESTING_DEPTH
                    + " levels of mappings and lists");
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage() == null ? "unreadable" : firstLine(e.getOriginalMessage());
            if (message.startsWith("Duplicate field '")) {
                throw at(e.getLocation(), parser, false, "duplicate key " + message.substring("Duplicate field ".length())
                        + " (each key may appear once in a mapping)");
            }
            throw at(e.getLocation(), parser, true, message);
        } catch (YamlException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // SnakeYAML reports some of its own limits as unchecked exceptions.
            throw at(null, parser, true, firstLine(String.valueOf(e.getMessage())));
        } finally {
            if (parser != null) {
                try {
                    parser.close();
                } catch (IOException ignored) {
                    // reading a String: nothing to release
                }
            }
        }
    }

    /**
     * Throws when the parser's current token carries an anchor or is an alias; call after each token
     * of a parser from {@link #factory}.
     */
    public static void refuseAnchorsAndAliases(JsonParser parser) throws YamlException {
        if (parser instanceof YAMLParser yaml) {
            if (yaml.isCurrentAlias()) {
                throw at(null, parser, false, "anchors and aliases are not supported in wally files:"
                        + " write the value of *" + currentText(yaml) + " out in full");
            }
            if (yaml.getCurrentAnchor() != null) {
                throw at(null, parser, false, "anchors and aliases are not supported in wally files:"
                        + " remove &" + yaml.getCurrentAnchor() + " and write the value out where it is used");
            }
        }
    }

    private static String currentText(YAMLParser parser) {
        try {
            return parser.getText();
        } catch (IOException e) {
            return "…";
        }
    }

    /** The exception at {@code location}, or at the parser's current token when the location is unknown. */
    private static YamlException at(JsonLocation location, JsonParser parser, boolean syntax, String message) {
        JsonLocation where = location != null && location.getLineNr() > 0 ? location
                : parser == null ? null : parser.currentTokenLocation();
        boolean known = where != null && where.getLineNr() > 0;
        return new YamlException(known ? where.getLineNr() : -1, known ? where.getColumnNr() : -1, syntax, message);
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }

    private static String describeBytes(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB" : bytes / 1024 + " KiB";
    }
}
