/**
 * The VDA 5050 robot interface (docs/fleet.md): a fleet manager's orders and instant actions, decoded into the
 * runtime's typed requests ({@link io.wally.runtime.command.Request}) and submitted through {@link
 * io.wally.runtime.command.RobotCommands#submit}; the robot's state, visualization, connection and factsheet
 * read from what the runtime publishes. Its own MQTT connection carries the standard's Last Will.
 */
package io.wally.runtime.vda5050;
