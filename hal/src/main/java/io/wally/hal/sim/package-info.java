/**
 * The simulated robot: a {@link WorldGrid} world with obstacles added at run time ({@link SimWorld}), a pure
 * differential-drive model ({@link DifferentialDriveModel}: {@code setInputs}, {@code update(dt)}, getters),
 * and simulated devices behind the same hal interfaces as the Pi4J drivers, assembled by {@link SimRobot}.
 * Time is simulated ({@link SimClock}); noise is seeded. Reads ROS map_server grids itself
 * ({@link WorldGridReader}) rather than importing the maps module.
 */
package io.wally.hal.sim;
