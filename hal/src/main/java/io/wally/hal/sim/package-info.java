/**
 * The simulated robot: an {@link io.wally.hal.sim.OccupancyGrid} world with obstacles added at run time
 * ({@link io.wally.hal.sim.SimWorld}), a pure differential-drive model ({@link
 * io.wally.hal.sim.DifferentialDriveModel}: {@code setInputs}, {@code update(dt)}, getters), and simulated
 * devices behind the same hal interfaces as the Pi4J drivers, assembled by {@link io.wally.hal.sim.SimRobot}.
 * Time is simulated ({@link io.wally.hal.sim.SimClock}); noise is seeded. Reads ROS map_server grids itself
 * ({@link io.wally.hal.sim.OccupancyGridReader}) rather than importing the maps module.
 */
package io.wally.hal.sim;
