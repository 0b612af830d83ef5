/** The runtime's side of keep-out and speed zones: the board that tells the control loop the zones in force. */
package io.wally.runtime.zone;
