package io.wally.runtime.config;

import java.util.List;

/**
 * A configuration file that cannot be used. The message has one line per problem, each naming the
 * file, the key path and what is wrong, e.g.
 * {@code robot-config/sim.yaml: motors.maxDuty must be in (0, 1]; was 1.5}.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    ConfigException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per problem found. */
    public List<String> problems() {
        return problems;
    }
}
