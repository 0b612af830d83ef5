/**
 * What a person at a terminal sees of a running robot: a status line that fits the terminal and names its
 * fields ({@link io.wally.runtime.console.StatusLine}), log lines printed above it and never into it
 * ({@link io.wally.runtime.console.Console}, {@link io.wally.runtime.console.ConsoleLogging}), and the
 * one-line summary at the end ({@link io.wally.runtime.console.RunTally}). Used by {@code wally sim} and
 * {@code wally run}; one of the two places (with the CLI) allowed to write to standard output.
 */
package io.wally.runtime.console;
