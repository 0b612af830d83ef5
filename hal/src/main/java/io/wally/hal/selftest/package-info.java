/**
 * The hardware self-test's model, independent of any device library: a {@link io.wally.hal.selftest.Check}
 * (a device, a name and a probe), its {@link io.wally.hal.selftest.Finding}, the
 * {@link io.wally.hal.selftest.Result} (with what to check on the robot when it failed) and the
 * {@link io.wally.hal.selftest.Report} (results in order, a verdict, a plain-text table). The checks of the
 * Raspberry Pi kit live in {@code io.wally.hal.pi4j.Pi4jSelftest}; {@code wally selftest} prints the report.
 */
package io.wally.hal.selftest;
