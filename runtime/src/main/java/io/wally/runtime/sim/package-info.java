/**
 * The simulator's wiring: maps the configuration onto {@code io.wally.hal.sim} ({@link
 * io.wally.runtime.sim.SimRobotFactory}), and runs scenarios on the simulated robot for {@code wally sim}.
 */
package io.wally.runtime.sim;
